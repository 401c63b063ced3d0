# newsline: `make run` sets everything up and runs the demo; `make test` runs the test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT := out

VENDOR := src/newsline/web/static/vendor
VIS := node_modules/vis-timeline

.PHONY: install run test bench bench-deps clean browser postgres

install: $(STAMP) $(VENDOR)/.installed browser postgres

# The PostgreSQL tests start a throwaway server (initdb, pg_ctl): install Debian's postgresql where it is
# missing and this runs as root with apt-get; elsewhere those tests skip and say why.
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
	      || echo "PostgreSQL could not be installed: its tests will skip"; \
	  else echo "PostgreSQL is not installed (as root: apt-get install postgresql): its tests will skip"; fi; }

# A virtualenv with exactly the pinned set (requirements.lock); the build tools are pinned too.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check "pip==26.3" "setuptools==80.9.0" "wheel==0.45.1"
	$(BIN)/pip install --quiet --disable-pip-version-check --no-build-isolation -c requirements.lock -e '.[test,bench]'
	touch $(STAMP)

# The web app's timeline library (vis-timeline, exact version in package-lock.json), copied with its
# licence into the package so the page works offline. Without npm the page still works (a list, no axis).
$(VENDOR)/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1 && npm ci --silent; then \
		mkdir -p $(VENDOR) && \
		cp $(VIS)/standalone/umd/vis-timeline-graph2d.min.js $(VIS)/styles/vis-timeline-graph2d.min.css $(VENDOR)/ && \
		cp $(VIS)/LICENSE.md $(VENDOR)/vis-timeline-LICENSE.md && \
		cp $(VIS)/LICENSE.MIT.txt $(VENDOR)/vis-timeline-LICENSE.MIT.txt && \
		cp $(VIS)/LICENSE.Apache-2.0.txt $(VENDOR)/vis-timeline-LICENSE.Apache-2.0.txt && \
		touch $@; \
	else echo "warning: npm ci failed or npm is missing: the timeline page will have no zoomable axis"; fi

# Debian's chromium for the browser tests (Playwright drives it; it never downloads a browser).
# Installed only where missing and only when we may (root with apt-get); else those tests skip.
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing chromium (Debian) for the browser tests"; \
		(DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 || \
		 (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1)) || \
		echo "warning: could not install chromium: the browser tests will skip"; \
	else echo "note: no /usr/bin/chromium and no root apt-get: the browser tests will skip"; fi

# Ingest the bundled (fictional) sample corpus, print the timeline, write the exports to out/.
run: install
	mkdir -p $(OUT)
	rm -f $(OUT)/sample.db $(OUT)/sample.db-wal $(OUT)/sample.db-shm
	$(BIN)/newsline ingest --sample --db $(OUT)/sample.db || [ $$? -eq 3 ]
	$(BIN)/newsline status --db $(OUT)/sample.db
	$(BIN)/newsline timeline --db $(OUT)/sample.db
	$(BIN)/newsline export --db $(OUT)/sample.db --format json -o $(OUT)/sample.json
	$(BIN)/newsline export --db $(OUT)/sample.db --format md -o $(OUT)/sample.md
	$(BIN)/newsline export --db $(OUT)/sample.db --format csv -o $(OUT)/csv
	@echo "exports written to $(OUT)/ (sample.json, sample.md, csv/)"

test: install
	$(BIN)/python -m pytest -q

# tilse's ROUGE is the Perl ROUGE-1.5.5: it needs XML::Parser (Debian's libxml-parser-perl) for bench/tls.
bench-deps:
	@perl -MXML::Parser -e1 2>/dev/null || { apt-get update -qq && apt-get install -y -qq libxml-parser-perl; }

bench: install bench-deps
	$(BIN)/python bench/throughput
	$(BIN)/python bench/tempeval
	$(BIN)/python bench/sample
	$(BIN)/python bench/tls
	$(BIN)/python bench/web
	$(BIN)/python bench/claims
	$(BIN)/python bench/real

clean:
	rm -rf $(VENV) $(OUT) build *.egg-info src/*.egg-info node_modules $(VENDOR)
