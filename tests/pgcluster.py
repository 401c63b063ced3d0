"""A throwaway PostgreSQL server for the tests: initdb into a temporary folder, pg_ctl start on a
Unix socket only (no TCP port), one fresh database per test, everything removed at the end.

Needs Debian's `postgresql` package (`make install` installs it when run as root); where the
server programs are missing the PostgreSQL tests skip and say so. As root, the server runs as the
`postgres` user (initdb refuses root).
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

_numbers = itertools.count(1)


def server_programs() -> Path | None:
    """The folder with initdb and pg_ctl (the newest Debian version, or on PATH)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


@dataclass
class Server:
    socket_dir: Path

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@/{database}?host={self.socket_dir}"

    def create_database(self) -> str:
        import psycopg

        name = f"newsline_test_{os.getpid()}_{next(_numbers)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Unavailable(Exception):
    """Why no PostgreSQL server can be started here."""


@contextmanager
def throwaway_server():
    """Start a PostgreSQL server in a temporary folder (Unix socket only); stop and remove it after."""
    programs = server_programs()
    if programs is None:
        raise Unavailable("PostgreSQL server programs (initdb, pg_ctl) are not installed: on Debian, "
                          "apt-get install postgresql (make install does it when run as root)")
    as_user: list[str] = []
    base = Path(tempfile.mkdtemp(prefix="nlpg-"))  # short: a Unix socket path has ~100 characters
    try:
        if os.geteuid() == 0:
            if shutil.which("runuser") is None:
                raise Unavailable("running as root without runuser: cannot start PostgreSQL as another user")
            try:
                shutil.chown(base, user="postgres")
            except (LookupError, PermissionError) as err:
                raise Unavailable(f"running as root and there is no usable postgres user ({err})") from None
            as_user = ["runuser", "-u", "postgres", "--"]
        data = base / "data"
        run = dict(capture_output=True, text=True, timeout=120)
        init = subprocess.run(as_user + [str(programs / "initdb"), "-D", str(data), "--auth=trust", "-U",
                                         "postgres", "-E", "UTF8", "--locale=C", "-N"], **run)
        if init.returncode != 0:
            raise RuntimeError(f"initdb failed: {init.stderr}")
        options = f"-c listen_addresses='' -k {base} -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        start = subprocess.run(as_user + [str(programs / "pg_ctl"), "-D", str(data), "-o", options, "-l",
                                          str(base / "server.log"), "-w", "start"], **run)
        if start.returncode != 0:
            raise RuntimeError(f"pg_ctl start failed: {start.stderr}\n{(base / 'server.log').read_text()}")
        try:
            yield Server(base)
        finally:
            subprocess.run(as_user + [str(programs / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], **run)
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server():
    try:
        with throwaway_server() as server:
            yield server
    except Unavailable as why:
        pytest.skip(str(why))


@pytest.fixture()
def pg_url(pg_server):
    """A new, empty database on the throwaway server, dropped after the test."""
    name = pg_server.create_database()
    yield pg_server.url(name)
    pg_server.drop_database(name)
