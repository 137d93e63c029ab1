"""Where the store lives: ``DATELINE_DB`` is a SQLite file path (the embedded default)
or a ``postgresql://`` address, with the PostgreSQL pool's bounds.

Read without importing either engine, so a settings error costs no driver import.
Addresses are shown redacted: a password in ``DATELINE_DB`` never reaches a message
or a log line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from adapters.settings import Problems, bounded_int, default_db_path, is_postgres_url


@dataclass(frozen=True, slots=True)
class StoreLocation:
    """A SQLite file (``url`` None) or a PostgreSQL server (``url`` set)."""

    path: Path
    url: str | None = None
    pool_max: int = 10
    timeout: float = 10.0

    @property
    def is_postgres(self) -> bool:
        return self.url is not None

    def describe(self) -> str:
        """The location as a message may show it."""
        return redact(self.url) if self.url is not None else str(self.path)


def redact(url: str) -> str:
    """``url`` without its password (and without any query string, which may hold one)."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    rest = rest.split("?", 1)[0]
    if "@" in rest:
        credentials, _, host = rest.rpartition("@")
        rest = f"{credentials.split(':', 1)[0]}@{host}"
    return f"{scheme}://{rest}"


def load_store_location(env: Mapping[str, str], problems: Problems) -> StoreLocation:
    """``DATELINE_DB``, ``DATELINE_PG_POOL_MAX`` and ``DATELINE_PG_TIMEOUT``."""
    raw = env.get("DATELINE_DB", "").strip()
    pool_max = bounded_int(env, "DATELINE_PG_POOL_MAX", 10, (1, 1000), problems)
    timeout = float(bounded_int(env, "DATELINE_PG_TIMEOUT", 10, (1, 3600), problems))
    # With a server, the path is still where a platform keeps its local files.
    path = default_db_path(env)
    if raw and is_postgres_url(raw):
        return StoreLocation(path, raw, pool_max, timeout)
    if raw.lower().startswith(("postgresql:", "postgres:", "mysql:", "sqlite:")):
        problems.add(
            "DATELINE_DB must be a file path or postgresql://USER@HOST/DATABASE, "
            f"not “{redact(raw)[:60]}”"
        )
    return StoreLocation(path, None, pool_max, timeout)
