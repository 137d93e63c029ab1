"""The README tells the truth about the commands, the quick start and the settings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.command_set import build_commands

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", [c.name for c in build_commands()])
def test_every_command_is_documented_in_the_readme(command: str) -> None:
    assert re.search(rf"^\| `{command}\b", README, re.MULTILINE), command


def test_readme_lists_no_command_that_does_not_exist() -> None:
    table = README.split("## Commands", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| `(\w+)", table, re.MULTILINE))
    assert listed == {c.name for c in build_commands()}


def test_quick_start_is_two_make_targets_that_exist() -> None:
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^(make \w+)", quick, re.MULTILINE)
    assert commands == ["make run", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for command in commands:
        assert re.search(rf"^{command.split()[1]}:", makefile, re.MULTILINE)


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci


@pytest.mark.parametrize(
    "name", ["DATELINE_DB", "DATELINE_SAMPLE", "DATELINE_TZ", "DATELINE_DATE_ORDER"]
)
def test_core_settings_are_documented(name: str) -> None:
    assert f"`{name}`" in README
