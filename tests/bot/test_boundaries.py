"""The core stays platform-neutral and never reads the clock."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[2] / "bot"
FORBIDDEN = ("discord", "slack_bolt", "slack_sdk", "aiosqlite", "adapters", "storage")
CLOCK_CALLS = {
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("date", "today"),
    ("datetime", "today"),
    ("asyncio", "sleep"),
    ("time", "time"),
}


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


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(BOT)))
def test_bot_never_reads_the_clock(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = {
        (node.func.value.id, node.func.attr)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
    }
    assert calls & CLOCK_CALLS == set()


def test_the_checks_can_fail() -> None:
    tree = ast.parse("import discord\nfrom slack_sdk import WebClient\nx = datetime.now()")
    assert imported_names(tree) == ["discord", "slack_sdk"]
