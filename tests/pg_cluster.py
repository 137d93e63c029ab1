"""A throwaway PostgreSQL server for the tests and benchmarks, started on loopback.

``PgCluster.start()`` runs ``initdb`` into a temporary directory and starts
``postgres`` on a free 127.0.0.1 port, tuned for tests (no fsync); ``stop()``
shuts it down and removes the directory. Each test gets its own database,
copied from a template, so tests never see each other's rows.

The server binaries come from the machine (Debian's ``postgresql`` package, which
``tools/postgres.sh`` installs for ``make test``). PostgreSQL refuses to run as
root, so under root the server runs as the ``postgres`` system user the package
creates. ``DATELINE_TEST_PG_DSN`` points the tests at an existing server instead.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HOW_TO = (
    "PostgreSQL tests need the server binaries (initdb, postgres): run `make test`, which "
    "installs Debian's postgresql package when it is missing, or install it yourself "
    "(apt-get install postgresql), or set DATELINE_TEST_PG_DSN=postgresql://… to a "
    "server whose user may create databases."
)


class PgUnavailable(RuntimeError):
    """No PostgreSQL server can be started or reached here."""


def find_bindir() -> Path | None:
    """The directory holding ``initdb`` and ``postgres``, newest version first."""
    explicit = os.environ.get("DATELINE_PG_BINDIR")
    candidates = [explicit] if explicit else []
    config = shutil.which("pg_config")
    if config:
        with contextlib.suppress(OSError, subprocess.CalledProcessError):
            out = subprocess.run([config, "--bindir"], capture_output=True, check=True, text=True)
            candidates.append(out.stdout.strip())
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for found in (shutil.which("initdb"), shutil.which("postgres")):
        if found:
            candidates.append(str(Path(found).resolve().parent))
    for candidate in candidates:
        path = Path(candidate)
        if (path / "initdb").exists() and (path / "postgres").exists():
            return path
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PgCluster:
    """One running server; ``dsn(database)`` addresses a database on it."""

    bindir: Path
    root: Path
    port: int
    user: str
    _process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @classmethod
    def start(cls) -> PgCluster:
        bindir = find_bindir()
        if bindir is None:
            raise PgUnavailable(HOW_TO)
        root = Path(tempfile.mkdtemp(prefix="dateline-pg-"))
        cluster = cls(bindir, root, _free_port(), "dateline")
        try:
            cluster._init()
            cluster._launch()
        except BaseException:
            cluster.stop()
            raise
        return cluster

    def dsn(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def _as_server_user(self, args: list[str]) -> list[str]:
        # initdb and postgres refuse root; the Debian package's own user runs them.
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--", *args]
        return args

    def _init(self) -> None:
        data = self.root / "data"
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            self.root.chmod(0o700)
        result = subprocess.run(
            self._as_server_user([
                str(self.bindir / "initdb"), "-D", str(data), "-U", self.user,
                "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync",
            ]),
            capture_output=True, text=True, check=False,
        )
        if result.returncode != 0:
            raise PgUnavailable(f"initdb failed: {result.stderr.strip()[-500:]}")

    def _launch(self) -> None:
        data = self.root / "data"
        settings = {
            "listen_addresses": "127.0.0.1", "port": str(self.port),
            "unix_socket_directories": str(self.root),
            # A test server: durability is not what is being tested.
            "fsync": "off", "synchronous_commit": "off", "full_page_writes": "off",
            "max_connections": "200", "shared_buffers": "128MB",
        }
        args = [str(self.bindir / "postgres"), "-D", str(data)]
        for key, value in settings.items():
            args += ["-c", f"{key}={value}"]
        log = (self.root / "server.log").open("wb")
        self._process = subprocess.Popen(
            self._as_server_user(args), stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._wait_ready()

    def _wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise PgUnavailable(f"postgres exited: {self.log_tail()}")
            with contextlib.suppress(OSError), socket.create_connection(
                ("127.0.0.1", self.port), timeout=0.5
            ):
                ready = subprocess.run(
                    [str(self.bindir / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
                    capture_output=True, check=False,
                )
                if ready.returncode == 0:
                    return
            time.sleep(0.1)
        raise PgUnavailable(f"postgres did not start in {timeout:.0f} s: {self.log_tail()}")

    def log_tail(self) -> str:
        path = self.root / "server.log"
        return path.read_text(errors="replace")[-800:] if path.exists() else ""

    def stop_server(self) -> None:
        """Shut the server down, keeping its data (``start_server`` brings it back)."""
        self._shut_down()

    def start_server(self) -> None:
        self._launch()

    def stop(self) -> None:
        self._shut_down()
        shutil.rmtree(self.root, ignore_errors=True)

    def _shut_down(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            # SIGINT is PostgreSQL's fast shutdown (SIGTERM would wait for every client);
            # sent to the group, so it reaches the server under runuser too.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()


class TestDatabases:
    __test__ = False  # a helper, not a test class
    """Hands each test a fresh database on one server, copied from a migrated template
    (``CREATE DATABASE … TEMPLATE`` takes milliseconds; migrating each would not)."""

    TEMPLATE = "dateline_template"

    def __init__(self, admin_dsn: str, dsn_for: Callable[[str], str]) -> None:
        self.admin_dsn = admin_dsn
        self.dsn_for = dsn_for
        self._made = 0
        self._template_ready = False

    async def fresh(self, *, migrated: bool = True) -> str:
        import asyncpg  # noqa: PLC0415 - the SQLite-only tests never need the driver

        from storage.postgres.migrations import migrate  # noqa: PLC0415

        conn = await asyncpg.connect(self.admin_dsn)
        try:
            if migrated and not self._template_ready:
                await conn.execute(f'DROP DATABASE IF EXISTS "{self.TEMPLATE}"')
                await conn.execute(f'CREATE DATABASE "{self.TEMPLATE}"')
                template = await asyncpg.connect(self.dsn_for(self.TEMPLATE))
                try:
                    await migrate(template)
                finally:
                    await template.close()
                self._template_ready = True
            self._made += 1
            name = f"test_{os.getpid()}_{self._made}"
            source = self.TEMPLATE if migrated else "template0"
            await conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
        finally:
            await conn.close()
        return self.dsn_for(name)


def external_dsn() -> str | None:
    return os.environ.get("DATELINE_TEST_PG_DSN") or None


def required() -> bool:
    """Whether a missing server fails the run (``make test`` sets this) or skips."""
    return os.environ.get("DATELINE_REQUIRE_PG", "") not in ("", "0")


def start_for_test() -> PgCluster:
    """A started server, for a test or fixture. Without one the test skips, saying how
    to run it, unless ``required()``, which makes that a failure."""
    import pytest  # noqa: PLC0415 - the benchmarks use this module without pytest

    try:
        return PgCluster.start()
    except PgUnavailable as exc:
        if required():
            pytest.fail(f"DATELINE_REQUIRE_PG is set but PostgreSQL is unavailable: {exc}")
        pytest.skip(str(exc))
