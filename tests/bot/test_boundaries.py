"""The core stays platform-neutral and never reads the clock."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[2] / "bot"
FORBIDDEN = ("discord", "slack_bolt", "slack_sdk", "aiosqlite", "adapters", "storage")
# What reads the clock (or waits on it), by qualified name: a module's own aliases
# (``import datetime as dt``, ``from datetime import datetime as D``) are resolved
# first, and a reference counts as much as a call (``now=datetime.now`` as a default).
CLOCK_READS = frozenset(
    {
        "datetime.datetime.now",
        "datetime.datetime.utcnow",
        "datetime.datetime.today",
        "datetime.date.today",
        "time.time",
        "time.time_ns",
        "time.monotonic",
        "time.monotonic_ns",
        "time.perf_counter",
        "time.perf_counter_ns",
        "asyncio.sleep",
    }
)


def modules() -> list[Path]:
    found = sorted(BOT.rglob("*.py"))
    assert len(found) > 10
    return found


def imported_names(tree: ast.AST) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(BOT)))
def test_bot_imports_no_platform_or_storage_code(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = [n for n in imported_names(tree) if n.split(".")[0] in FORBIDDEN]
    assert bad == []


def aliases(tree: ast.AST) -> dict[str, str]:
    """What each name a module imports stands for: ``dt`` -> ``datetime``,
    ``D`` -> ``datetime.datetime`` (for ``from datetime import datetime as D``)."""
    found: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    found[alias.asname] = alias.name
                else:
                    head = alias.name.split(".")[0]
                    found[head] = head
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                found[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return found


def dotted(node: ast.expr) -> list[str] | None:
    """``a.b.c`` as ``["a", "b", "c"]``; ``None`` for anything but names and attributes."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.insert(0, node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return [node.id, *parts]


def clock_reads(source: str) -> set[str]:
    """The qualified clock reads (see ``CLOCK_READS``) that ``source`` calls or refers to."""
    tree = ast.parse(source)
    names = aliases(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Name | ast.Attribute):
            continue
        parts = dotted(node)
        if parts is None:
            continue
        qualified = ".".join([names.get(parts[0], parts[0]), *parts[1:]])
        if qualified in CLOCK_READS:
            found.add(qualified)
    return found


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(BOT)))
def test_bot_never_reads_the_clock(path: Path) -> None:
    assert clock_reads(path.read_text(encoding="utf-8")) == set()


def test_the_checks_can_fail() -> None:
    tree = ast.parse("import discord\nfrom slack_sdk import WebClient\nx = datetime.now()")
    assert imported_names(tree) == ["discord", "slack_sdk"]


@pytest.mark.parametrize(
    ("planted", "read"),
    [
        ("from datetime import datetime\nx = datetime.now()", "datetime.datetime.now"),
        ("import datetime as dt\nx = dt.datetime.now()", "datetime.datetime.now"),
        ("import datetime\nx = datetime.date.today()", "datetime.date.today"),
        ("from datetime import datetime as D\nx = D.utcnow()", "datetime.datetime.utcnow"),
        ("from datetime import date as Day\nx = Day.today()", "datetime.date.today"),
        ("import time as t\nx = t.monotonic()", "time.monotonic"),
        ("from time import time as clock\nx = clock()", "time.time"),
        ("from asyncio import sleep\nasync def f():\n    await sleep(1)", "asyncio.sleep"),
        ("from datetime import datetime\ndef f(now=datetime.now): ...", "datetime.datetime.now"),
    ],
)
def test_the_clock_check_sees_through_aliases(planted: str, read: str) -> None:
    assert clock_reads(planted) == {read}


def test_the_clock_check_passes_what_does_not_read_the_clock() -> None:
    harmless = (
        "import datetime as dt\nfrom datetime import time\n"
        "x = dt.date(2020, 1, 7)\ny = dt.datetime.fromisoformat('2020-01-07')\n"
        "z = time(9, 0)\ndef f(now): return now()\n"
    )
    assert clock_reads(harmless) == set()
