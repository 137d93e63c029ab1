"""Commands load what they need when they first run: every handler the table names
exists, and a cold start of the command line imports neither the date tagger nor
the handlers of commands it does not run."""

from __future__ import annotations

import inspect
import subprocess
import sys
import textwrap

import pytest

from bot.command_set import build_commands
from bot.handler_refs import LazyParser, LazyRunner

COMMANDS = list(build_commands())


@pytest.mark.parametrize("command", COMMANDS, ids=[c.name for c in COMMANDS])
def test_every_handler_the_table_names_exists(command: object) -> None:
    parse, run = command.parse, command.run  # type: ignore[attr-defined]
    if isinstance(parse, LazyParser):
        assert callable(parse.resolve())
    if isinstance(run, LazyRunner):
        assert inspect.iscoroutinefunction(run.resolve())


def test_a_reference_must_name_a_module_and_a_function() -> None:
    with pytest.raises(ValueError, match="module:name"):
        LazyRunner("bot.admin.add_event")


def _modules_after(code: str) -> set[str]:
    script = textwrap.dedent(code) + "\nimport sys\nprint('\\n'.join(sys.modules))\n"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    return set(done.stdout.split())


HEAVY = {"bot.temporal.tagger", "bot.temporal.patterns", "bot.parsing", "bot.admin",
         "bot.answering", "bot.anniversaries", "bot.reminders.handlers",
         "bot.reminders.scheduler", "adapters.scheduling", "discord", "slack_bolt",
         # libraries only imports, exports, ingestion and feeds need
         "feedparser", "icalendar", "trafilatura", "adapters.formats", "bot.extraction"}


def test_starting_the_command_line_imports_no_command_handler() -> None:
    loaded = _modules_after("import adapters.cli, bot.core")
    assert not loaded & HEAVY


def test_help_runs_without_the_date_tagger_or_other_handlers(tmp_path: object) -> None:
    loaded = _modules_after(f"""
        import asyncio
        from datetime import UTC, datetime
        from bot.core import Bot
        from bot.messages import Actor, Incoming
        from pathlib import Path
        from storage import open_store

        async def main():
            store = await open_store(Path({str(tmp_path)!r}) / "d.sqlite3", sample=False,
                                     now=datetime(2026, 1, 1, tzinfo=UTC))
            reply = await Bot(store).handle(
                Incoming("help", Actor("t", "1"), "c", datetime(2026, 1, 1, tzinfo=UTC)))
            assert reply.title == "Dateline help", reply
            await store.close()

        asyncio.run(main())
    """)
    assert not loaded & HEAVY


def test_a_day_question_compiles_only_the_date_shapes_it_could_hold() -> None:
    from bot.temporal import patterns, tag  # noqa: PLC0415 - the state under test is global

    patterns._COMPILED.clear()
    tag("what happened on 7 January?", None)
    assert "mdy" in patterns._COMPILED
    assert not {"quarter", "holiday", "season", "duration", "set"} & set(patterns._COMPILED)
