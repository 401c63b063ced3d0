"""Simple mistakes at the command line get one line on stderr and exit 2, never a traceback or a
silent wrong answer; --help speaks plainly; what ingest refused stays findable (`rejections`)."""

from __future__ import annotations

import json
import os
import re

import pytest

from helpers import REPORTS, ingest_summary, run_cli, write_reports


def one_line_error(result, code: int = 2) -> str:
    """The command failed with `code`, saying why in exactly one line and printing nothing on stdout."""
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    return lines[0]


@pytest.mark.parametrize("args, says", [
    (["-f", "csv", "--table", "nope"], "unknown table 'nope': use articles, timexes, entities, mentions"),
    (["--table", "mentions"], "--table picks the one CSV table to print; it goes with --format csv and no -o"),
    (["-f", "xml"], "unknown format 'xml'"),
    (["-f", "timeml"], "give a folder with -o"),
])
def test_export_argument_mistakes(sample_run, args, says):
    assert says in one_line_error(run_cli("export", "--db", sample_run.db, *args))


def test_export_output_path_mistakes(sample_run, tmp_path):
    missing = tmp_path / "no-such-folder" / "out.json"
    assert f"{missing.parent}: no such folder" in one_line_error(
        run_cli("export", "--db", sample_run.db, "-o", missing))
    assert not missing.parent.exists()
    a_file = tmp_path / "taken.csv"
    a_file.write_text("keep me", "utf-8")
    for fmt in ("csv", "timeml"):
        line = one_line_error(run_cli("export", "--db", sample_run.db, "-f", fmt, "-o", a_file))
        assert f"{a_file} is a file: --format {fmt} writes a folder" in line
    assert a_file.read_text("utf-8") == "keep me"
    line = one_line_error(run_cli("export", "--db", sample_run.db, "-f", "md", "-o", tmp_path))
    assert f"{tmp_path} is a folder: --format md writes one file" in line


def test_export_that_cannot_be_written_is_an_error_not_a_traceback(sample_run, tmp_path):
    too_long = tmp_path / ("x" * 300 + ".json")  # the folder exists; the system refuses the name
    line = one_line_error(run_cli("export", "--db", sample_run.db, "-o", too_long), code=1)
    assert line.startswith("error: cannot write") and "xxx.json" in line


@pytest.mark.parametrize("given, says", [
    ("13/01/2010", "got '13/01/2010' (day first? then write 2010-01-13)"),
    ("01/13/2010", "(month first? then write 2010-01-13)"),
    ("03/04/2010", "the order is ambiguous"),
    ("2010-13", "there is no month 13"),
    ("2010-02-30", "day is out of range for month"),
    ("yesterday", "relative dates are not read here"),
    ("2010/01", "got '2010/01'"),
])
def test_timeline_dates_in_other_forms_are_usage_errors(sample_run, given, says):
    for option in ("--from", "--to"):
        line = one_line_error(run_cli("timeline", "--db", sample_run.db, option, given))
        assert f"Invalid value for '{option}': expected YYYY, YYYY-MM or YYYY-MM-DD" in line and says in line


def test_timeline_reversed_range_is_a_usage_error(sample_run):
    line = one_line_error(run_cli("timeline", "--db", sample_run.db, "--from", "2025-03-20", "--to", "2025-03-10"))
    assert "--from 2025-03-20 is after --to 2025-03-10" in line
    # a day inside the month it ends with is not reversed: March 20 to the end of March
    result = run_cli("timeline", "--db", sample_run.db, "--from", "2025-03-20", "--to", "2025-03", "--json")
    assert result.exit_code == 0
    dates = [e["date"] for e in json.loads(result.stdout)]
    assert dates and all("2025-03-20" <= d <= "2025-03-31" for d in dates)


def test_search_limits_and_counts(sample_run):
    for bad in ("0", "-5"):
        line = one_line_error(run_cli("search", "flood", "--db", sample_run.db, "-n", bad))
        assert "'--limit' / '-n'" in line
    everything = json.loads(run_cli("search", "flood", "--db", sample_run.db, "-n", "1000", "--json").stdout)
    assert len(everything) > 3
    result = run_cli("search", "flood", "--db", sample_run.db, "-n", "3")
    assert result.exit_code == 0
    assert f"showing 3 of {len(everything)} matching sentences; use -n to see more" in result.stderr
    assert "showing" not in run_cli("search", "flood", "--db", sample_run.db, "-n", "1000").stderr


def test_search_that_is_not_fts_syntax_says_it_ran_as_a_phrase(sample_run):
    result = run_cli("search", "director-general", "--db", sample_run.db, "--json")
    assert result.exit_code == 0
    assert "note: 'director-general' is not FTS5 query syntax" in result.stderr
    assert 'searched for it as a phrase: "director-general"' in result.stderr
    hits = json.loads(result.stdout)
    assert hits and all("director-general" in h["text"].lower() for h in hits)
    plain = run_cli("search", "spillway", "--db", sample_run.db, "--json")
    assert plain.exit_code == 0 and "note:" not in plain.stderr


def test_unknown_encoding_is_one_usage_error_not_a_rejection_per_file(tmp_path):
    line = one_line_error(run_cli("ingest", "--sample", "--db", tmp_path / "e.db", "--encoding", "nope"))
    assert "--encoding 'nope' is not an encoding Python knows" in line
    assert not (tmp_path / "e.db").exists()


def test_mistyped_option_is_one_line(sample_run):
    line = one_line_error(run_cli("timeline", "--db", sample_run.db, "--frm", "2025"))
    assert "No such option: --frm" in line and "--from" in line


def test_show_id_mistakes(sample_run):
    assert "'zz' is not an article id: give 8 to 16 hex digits" in one_line_error(
        run_cli("show", "zz", "--db", sample_run.db))
    assert "not an article id" in one_line_error(run_cli("show", "1ab04b", "--db", sample_run.db))
    assert "no article with id 00000000" in one_line_error(run_cli("show", "00000000", "--db", sample_run.db), code=1)


COMMANDS = ["ingest", "export", "status", "articles", "search", "timeline", "show", "rejections", "timeml"]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_has_plain_metavars_and_a_line_for_every_option(command):
    result = run_cli(command, "--help", env={"COLUMNS": "160"})
    assert result.exit_code == 0
    text = result.stdout
    assert not re.search(r"<(bool|str|int|int range|path|list\[\w+\])>", text), text
    for row in re.findall(r"^│ (.*)│$", text, re.M):
        cells = row.split()
        if cells and cells[0] in ("*",):
            cells = cells[1:]
        if cells and (cells[0].startswith("-") or cells[0].isupper()):
            # option or argument rows carry words of help after the names and metavar
            assert len([c for c in cells if re.match(r"^[a-z(]", c)]) >= 2, f"{command}: no help in {row!r}"


@pytest.fixture(scope="module")
def problem_store(tmp_path_factory):
    """A store with two ingest runs that had problems: rejections first, then a warning."""
    tmp = tmp_path_factory.mktemp("problems")
    folder = write_reports(tmp / "in", REPORTS)
    (folder / "broken.jsonl").write_text('{"text": "Crews reopened the port road on Friday.", "date": "2024-03-08"}\n'
                                         "{oops\n", "utf-8")
    (folder / "empty.txt").write_bytes(b"")
    db = tmp / "p.db"
    first = run_cli("ingest", folder, "--db", db)
    assert first.exit_code == 3, first.stderr
    late = write_reports(tmp / "late", {"feb30.txt": " date 2024-02-30 Ferries ran again on Friday, March 8."})
    second = run_cli("ingest", late / "feb30.txt", "--db", db)
    assert second.exit_code == 3, second.stderr
    return tmp, folder, db


def test_rejections_lists_what_was_refused_or_warned_newest_first(problem_store):
    _tmp, _folder, db = problem_store
    items = json.loads(run_cli("rejections", "--db", db, "--json").stdout)
    assert [(i["kind"], i["source"].rsplit("/", 1)[-1]) for i in items] == [
        ("warning", "feb30.txt"), ("rejected", "broken.jsonl:2"), ("rejected", "empty.txt")]
    assert "does not parse" in items[0]["reason"] and "not valid JSON" in items[1]["reason"]
    table = run_cli("rejections", "--db", db)
    assert table.exit_code == 0
    assert "rejections and warnings" in table.stdout
    assert table.stdout.index("warning") < table.stdout.index("rejected") < table.stdout.index("not valid JSON")
    limited = run_cli("rejections", "--db", db, "-n", "1", "--json")
    assert len(json.loads(limited.stdout)) == 1
    assert "showing 1 of 3 recorded problems" in limited.stderr


def test_rejections_on_a_clean_store_says_so(sample_run):
    result = run_cli("rejections", "--db", sample_run.db)
    assert result.exit_code == 0 and "no rejections or warnings recorded" in result.stderr


def test_workers_above_the_cpu_count_warn_and_are_capped(problem_store):
    _tmp, folder, db = problem_store
    cpus = os.cpu_count()
    result = run_cli("ingest", folder / "r1.txt", "--db", db, "--workers", cpus + 3)
    assert result.exit_code == 0, result.stderr
    assert (f"warning: --workers {cpus + 3} is more than the {cpus} CPUs here; using {cpus}"
            in result.stderr.splitlines()[0])
    assert ingest_summary(result.stderr)["unchanged"] == 1
    quiet = run_cli("ingest", folder / "r1.txt", "--db", db, "--workers", 1)
    assert "warning:" not in quiet.stderr


def test_a_log_gets_progress_lines(sample_run):
    """stderr is not a terminal here: the run printed a line as articles finished (every 0 s in this fixture)."""
    lines = [line for line in sample_run.stderr.splitlines() if line.startswith("analysed ")]
    summary = ingest_summary(sample_run.stderr)
    total = summary["stored"]
    assert lines, sample_run.stderr
    done = []
    for line in lines:
        match = re.fullmatch(r"analysed (\d+)/(\d+) articles \((\d+\.\d)/s, about (\d+s|\d+m\d\ds) left\)", line)
        assert match, line
        assert int(match.group(2)) == total
        done.append(int(match.group(1)))
    assert done == list(range(1, total))  # one worker: a line per article; the summary line reports the end
    assert sample_run.stderr.strip().splitlines()[-1].startswith(f"{total} stored")


def test_the_python_api_refuses_the_same_mistakes(sample_run, tmp_path):
    import newsline
    from newsline.errors import BadRequest, NotFound

    with newsline.open(sample_run.db) as record:
        for bounds in ({"date_from": "13/01/2010"}, {"date_to": "2010-13"},
                       {"date_from": "2025-04", "date_to": "2025-03"}):
            with pytest.raises(BadRequest):
                record.timeline(**bounds)
        assert len(record.timeline(date_from="2025-03-13", date_to="2025-03-19", limit=2)) == 2  # the 2 most important dates
        with pytest.raises(BadRequest):
            record.search("flood", 0)
        found = record.search("flood", 2)
        assert len(found.hits) == 2 and found.total > 2 and found.fallback is None
        with pytest.raises(BadRequest, match="unknown table"):
            record.export_to("csv", table="nope")
        with pytest.raises(BadRequest, match="no such folder"):
            record.export_to("json", tmp_path / "missing" / "x.json")
        with pytest.raises(BadRequest, match="not an article id"):
            record.article("xyz")
        with pytest.raises(NotFound):
            record.article("0000000000")
