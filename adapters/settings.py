"""Reading settings from an injected mapping (``os.environ`` in production, a dict
in tests): secrets that never show in ``repr`` or logs, and one error that lists
every problem at once."""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from bot.date_order import NumericOrder
from bot.feed_port import POLL_EVERY, POLL_EVERY_MAX, POLL_EVERY_MIN
from bot.numbers import whole_number
from bot.reminders.scheduler_settings import SchedulerSettings
from bot.zones import zone_name


class Secret:
    """A token whose text is only available through ``reveal()``."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


class SettingsError(Exception):
    """Start-up settings are missing or malformed; ``problems`` names each one."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__(self.message())

    def message(self) -> str:
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        return f"Dateline cannot start; fix these settings:\n{lines}"


@dataclass
class Problems:
    """Collects problems while settings are read, so all are reported together."""

    found: list[str] = field(default_factory=list)

    def add(self, problem: str) -> None:
        self.found.append(problem)

    def raise_if_any(self) -> None:
        if self.found:
            raise SettingsError(self.found)


def required(env: Mapping[str, str], name: str, problems: Problems) -> str:
    value = env.get(name, "").strip()
    if not value:
        problems.add(f"{name} is not set")
    return value


def token(env: Mapping[str, str], name: str, prefix: str, problems: Problems) -> str:
    """A token: set, printable ASCII without spaces, and starting with ``prefix``.

    Problems name the setting and never quote the value: it is a secret.
    """
    value = required(env, name, problems)
    if not value:
        return value
    if not all(ch.isascii() and ch.isprintable() and not ch.isspace() for ch in value):
        problems.add(f"{name} must not contain spaces or special characters (paste the token only)")
    elif not value.startswith(prefix):
        problems.add(f"{name} must start with {prefix} (check you copied the right token)")
    return value


def id_list(env: Mapping[str, str], name: str, problems: Problems) -> tuple[int, ...]:
    """A comma-separated list of numeric ids such as Discord snowflakes."""
    raw = env.get(name, "").strip()
    if not raw:
        return ()
    ids: list[int] = []
    for part in (piece.strip() for piece in raw.split(",")):
        number = whole_number(part, most_digits=20)
        if number is not None:
            ids.append(number)
        else:
            problems.add(f"{name} must be comma-separated numeric ids; “{part[:40]}” is not one")
    return tuple(ids)


def word_list(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in env.get(name, "").split(",") if part.strip())


def on_off(env: Mapping[str, str], name: str, default: bool, problems: Problems) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "on", "true", "yes"):
        return True
    if raw in ("0", "off", "false", "no"):
        return False
    problems.add(f"{name} must be on or off, not “{raw[:20]}”")
    return default


def is_postgres_url(value: str) -> bool:
    """Whether a ``DATELINE_DB`` value names a PostgreSQL server rather than a file."""
    return value.strip().lower().startswith(("postgresql://", "postgres://"))


def default_db_path(env: Mapping[str, str]) -> Path:
    """``DATELINE_DB``, else the user's data directory (XDG on Linux). When
    ``DATELINE_DB`` names a PostgreSQL server, the file a SQLite store would use in
    the data directory, beside which a platform keeps its own local files."""
    raw = env.get("DATELINE_DB", "").strip()
    if raw and not is_postgres_url(raw):
        return Path(raw).expanduser()
    base = env.get("XDG_DATA_HOME", "").strip() or os.path.join(
        env.get("HOME", str(Path.home())), ".local", "share"
    )
    return Path(base) / "dateline" / "dateline.sqlite3"


def timezone_name(env: Mapping[str, str], name: str, problems: Problems) -> str:
    value = env.get(name, "").strip() or "UTC"
    found = zone_name(value)  # "utc", "europe/london": any case, stored as spelt by IANA
    if found is None:
        problems.add(f"{name} must be an IANA timezone such as Europe/London, not “{value[:40]}”")
        return "UTC"
    return found


def date_order(env: Mapping[str, str], name: str, problems: Problems) -> NumericOrder | None:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return None
    try:
        return NumericOrder(raw)
    except ValueError:
        problems.add(f"{name} must be day-first or month-first, not “{raw[:20]}”")
        return None


MAX_CATCH_UP_HOURS = 168.0


def load_scheduler_settings(env: Mapping[str, str], problems: Problems) -> SchedulerSettings:
    """``DATELINE_CATCHUP_HOURS``: how late a missed post may still go out (default 6)."""
    raw = env.get("DATELINE_CATCHUP_HOURS", "").strip()
    if not raw:
        return SchedulerSettings()
    try:
        hours = float(raw)
    except ValueError:
        hours = -1.0
    if not 0 <= hours <= MAX_CATCH_UP_HOURS:
        problems.add(
            f"DATELINE_CATCHUP_HOURS must be a number of hours from 0 to "
            f"{MAX_CATCH_UP_HOURS:.0f}, not “{raw[:20]}”"
        )
        return SchedulerSettings()
    return SchedulerSettings(catch_up=timedelta(hours=hours))


def fetch_private(env: Mapping[str, str], problems: Problems) -> bool:
    """``DATELINE_FETCH_PRIVATE``: may ``dateline ingest URL`` fetch from loopback and
    private-network addresses (default off: a URL must not reach the newsroom's own
    network; tests turn it on to serve pages from 127.0.0.1)."""
    return on_off(env, "DATELINE_FETCH_PRIVATE", False, problems)


FEED_POLL_SETTING = "DATELINE_FEED_POLL_MINUTES"


def bounded_int(
    env: Mapping[str, str], name: str, default: int, bounds: tuple[int, int],
    problems: Problems, *, unit: str = "",
) -> int:
    """The whole number setting ``name`` from ``bounds[0]`` to ``bounds[1]``; ``default``
    when unset, and when malformed too, after noting the problem."""
    low, high = bounds
    raw = env.get(name, "").strip()
    if not raw:
        return default
    value = whole_number(raw, most_digits=len(str(high)) + 1)
    if value is None or not low <= value <= high:
        of_unit = f" of {unit}" if unit else ""
        problems.add(f"{name} must be a whole number{of_unit} from {low} to {high}, "
                     f"not “{raw[:20]}”")
        return default
    return value


def feed_poll_every(env: Mapping[str, str], problems: Problems) -> timedelta:
    """``DATELINE_FEED_POLL_MINUTES``: how often each feed is polled, in whole minutes
    (default 30, from 1 to a day). A failing feed keeps its own back-off."""
    low, high = (int(limit.total_seconds()) // 60 for limit in (POLL_EVERY_MIN, POLL_EVERY_MAX))
    default = int(POLL_EVERY.total_seconds()) // 60
    minutes = bounded_int(env, FEED_POLL_SETTING, default, (low, high), problems, unit="minutes")
    return timedelta(minutes=minutes)


# A host name as DNS spells it (letters, digits, hyphens and dots); an address is
# checked by ``ipaddress`` instead.
_HOST_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")


def listen_address(env: Mapping[str, str], name: str, problems: Problems) -> tuple[str, int] | None:
    """``HOST:PORT`` to listen on (``[::1]:9108`` for IPv6; port 0 takes any free port),
    or None when the setting is unset or ``off``."""
    raw = env.get(name, "").strip()
    if not raw or raw.lower() == "off":
        return None
    host, _, port_text = raw.rpartition(":")
    # An IPv6 address is bracketed, as in a URL: "::1:9108" could be either reading.
    bracketed = host.startswith("[") and host.endswith("]")
    host = host[1:-1] if bracketed else host
    port = whole_number(port_text, most_digits=5)
    if port is None or port > 65535 or not _is_host(host) or (":" in host) != bracketed:
        problems.add(
            f"{name} must be HOST:PORT to listen on, such as 127.0.0.1:9108, "
            f"or off; not “{raw[:40]}”"
        )
        return None
    return host, port


def _is_host(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return bool(_HOST_NAME.fullmatch(text)) and not text.replace(".", "").isdigit()
    return True


LOG_FORMATS = ("text", "json")


def log_format(env: Mapping[str, str], problems: Problems) -> str:
    """``DATELINE_LOG_FORMAT``: ``text`` (the default) or ``json``, one object a line."""
    raw = env.get("DATELINE_LOG_FORMAT", "").strip().lower()
    if not raw:
        return "text"
    if raw not in LOG_FORMATS:
        problems.add(f"DATELINE_LOG_FORMAT must be text or json, not “{raw[:20]}”")
        return "text"
    return raw
