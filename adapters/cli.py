"""The ``dateline`` command line: ``ask``, ``chat``, ``run`` and ``timex``; ``reminders``,
``db``, ``export``, ``import``, ``ingest`` and ``feeds`` are their own modules, loaded only
when used.

Exit codes of ``ask`` and ``chat`` (the README lists them too):

0  every message was answered (including "nothing known" and bad dates in a
   question) and every change was saved;
1  the store cannot be opened, or an explicit ``--db``/``DATELINE_DB`` names a
   folder that does not exist;
2  command-line usage errors, and missing or malformed settings;
3  something asked for was not done: a command the ``--role`` may not run (``audit``
   as a member), a command that changes the store (``add``, ``cite``, ``subscribe``
   ...) refused or failed, so nothing of it was saved (the reply says why, e.g. that
   the store is busy), or an internal error.

Input and output never fail on encoding: undecodable input bytes (an argument or a
piped line of invalid UTF-8) become U+FFFD, and output the terminal cannot encode
is replaced, whatever ``PYTHONIOENCODING`` says.
"""

from __future__ import annotations

import argparse
import asyncio
import calendar
import contextlib
import io
import logging
import os
import re
import signal
import sqlite3
import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TextIO

from adapters.composition import CoreSettings, load_core_settings, run_platforms, running_bot
from adapters.console import ConsoleSession, ask_once, chat
from adapters.settings import Problems, SettingsError, is_postgres_url
from bot.date_order import NumericOrder
from bot.errors import StoreError
from bot.messages import Role
from bot.zones import zone_name

ROLES = {"member": Role.MEMBER, "moderator": Role.MODERATOR, "owner": Role.OWNER}
NOT_DONE = 3  # see the module docstring
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _today(text: str) -> date:
    match = ISO_DATE.fullmatch(text.strip())
    if match is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD")
    year, month, day = (int(part) for part in match.groups())
    problem = _date_problem(year, month, day)
    if problem:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: {problem}")
    return date(year, month, day)


def _date_problem(year: int, month: int, day: int) -> str | None:
    """What is wrong with a well-formed YYYY-MM-DD, named as a person would say it."""
    if year < 1:
        return "there is no year 0"
    if not 1 <= month <= 12:
        return f"there is no month {month} (months run from 01 to 12)"
    last = calendar.monthrange(year, month)[1]
    if day < 1:
        return "there is no day 0 (days start at 01)"
    if day > last:
        # The question parser words this as a chat answer would; it loads the date
        # tagger, so only a date that is wrong pays for it.
        from bot.question_dates import missing_day  # noqa: PLC0415

        return missing_day(month, day, year)
    return None


def _tz(text: str) -> str:
    # Any case is accepted ("utc", "europe/london"), as in the chat's "tz" option; the
    # canonical spelling is what the rest of the program sees.
    name = zone_name(text)
    if name is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not an IANA timezone such as Europe/London")
    return name


def _conversation_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="database file (default: $DATELINE_DB, "
        "else dateline/dateline.sqlite3 in the user's data directory)",
    )
    parser.add_argument(
        "--today", type=_today, metavar="YYYY-MM-DD", help="answer as if today were this date"
    )
    parser.add_argument(
        "--tz",
        type=_tz,
        metavar="AREA/CITY",
        help="the asker's timezone (default: $DATELINE_TZ, else UTC)",
    )
    parser.add_argument("--json", action="store_true", help="print each reply as JSON")
    parser.add_argument(
        "--role",
        choices=sorted(ROLES),
        default="owner",
        help="ask as this role (default: owner, the local operator)",
    )
    parser.add_argument(
        "--date-order",
        choices=[o.value for o in NumericOrder],
        help="how to read numeric dates such as 7/1",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dateline", description="Dateline, the newsroom date bot."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    ask = commands.add_parser("ask", help="answer one question and exit")
    ask.add_argument("question", nargs="+", help="the question, e.g. 'what happened on 7 January?'")
    _conversation_options(ask)
    talk = commands.add_parser("chat", help="answer questions typed or piped line by line")
    _conversation_options(talk)
    run = commands.add_parser(
        "run", help="connect to Discord and/or Slack, and post scheduled digests and alerts"
    )
    run.add_argument("--discord", action="store_true", help="run the Discord adapter")
    run.add_argument("--slack", action="store_true", help="run the Slack adapter")
    run.add_argument(
        "--console", action="store_true", help="print console channels' scheduled posts here"
    )
    commands.add_parser(
        "timex", help="find and normalise dates in text (see dateline timex -h)", add_help=False
    )
    commands.add_parser(
        "reminders",
        help="scheduled posts: subscribe, list, preview, tick (see dateline reminders -h)",
        add_help=False,
    )
    commands.add_parser(
        "db",
        help="back up the database while Dateline runs, or check it (see dateline db -h)",
        add_help=False,
    )
    commands.add_parser(
        "export",
        help="write every event as csv, json, timelinejs, timelinejs-csv or ics "
        "(see dateline export -h)",
        add_help=False,
    )
    commands.add_parser(
        "import", help="add the events of a file (see dateline import -h)", add_help=False
    )
    commands.add_parser(
        "ingest",
        help="print the candidate events of an article (see dateline ingest -h)",
        add_help=False,
    )
    commands.add_parser(
        "feeds",
        help="poll the due RSS and Atom feeds once now (see dateline feeds -h)",
        add_help=False,
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    _forgiving_stdio()
    if args_list[:1] == ["timex"]:
        from adapters.timex_cli import main as timex_main  # noqa: PLC0415

        return timex_main(args_list[1:], sys.stdin, sys.stdout, sys.stderr)
    if args_list[:1] == ["reminders"]:
        from adapters.reminders_cli import main as reminders_main  # noqa: PLC0415

        if _refuse_missing_folder(_db_option(args_list[1:]), os.environ, sys.stderr):
            return 1
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
        return reminders_main(args_list[1:], os.environ, sys.stdout, sys.stderr)
    if args_list[:1] == ["db"]:
        from adapters.db_cli import main as db_main  # noqa: PLC0415

        return db_main(args_list[1:], os.environ, sys.stdout, sys.stderr)
    if args_list[:1] in (["export"], ["import"]):
        from adapters.transfer_cli import main as transfer_main  # noqa: PLC0415

        if _refuse_missing_folder(_db_option(args_list[1:]), os.environ, sys.stderr):
            return 1
        return transfer_main(args_list, os.environ, sys.stdout, sys.stderr)
    if args_list[:1] == ["ingest"]:
        from adapters.ingest_cli import main as ingest_main  # noqa: PLC0415

        # The clock is read here, at the edge: extraction itself never reads it.
        today = datetime.now(UTC).date()
        return ingest_main(args_list[1:], sys.stdin.buffer, sys.stdout, sys.stderr, today)
    if args_list[:1] == ["feeds"]:
        from adapters.feeds_cli import main as feeds_main  # noqa: PLC0415

        if _refuse_missing_folder(_db_option(args_list[1:]), os.environ, sys.stderr):
            return 1
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
        return feeds_main(args_list[1:], os.environ, sys.stdout, sys.stderr, datetime.now(UTC))
    parser = build_parser()
    args = parser.parse_args(args_list)
    if _refuse_missing_folder(getattr(args, "db", None), os.environ, sys.stderr):
        return 1
    if args.command == "run":
        return _run(parser, args, os.environ)
    return _converse(args, os.environ, sys.stdin, sys.stdout, sys.stderr)


def _forgiving_stdio() -> None:
    """Decode undecodable input as U+FFFD and replace unencodable output, so invalid
    UTF-8 on stdin (or a terminal that cannot show a character) never ends a session
    with a traceback, nor loses the lines read before it."""
    for stream in (sys.stdin, sys.stdout):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")


def _db_option(args: Sequence[str]) -> str | None:
    """The ``--db`` value of any subcommand, found without knowing its other options."""
    finder = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    finder.add_argument("--db")
    known, _ = finder.parse_known_args(args)
    value: str | None = known.db
    return value


def _refuse_missing_folder(option: str | None, env: Mapping[str, str], err: TextIO) -> bool:
    """Refuse a database path given explicitly (``--db``, else ``DATELINE_DB``) whose
    folder does not exist: creating it would quietly start a second, freshly seeded
    newsroom store because of a typo. The default location's folder is created."""
    explicit = option or env.get("DATELINE_DB", "").strip()
    if not explicit or is_postgres_url(explicit):
        return False  # a server address has no folder (its errors come when connecting)
    path = Path(explicit).expanduser()
    if path.parent.is_dir():
        return False
    err.write(
        f"dateline: cannot open the database {path}: there is no folder {path.parent} "
        "(create it first, or correct the path)\n"
    )
    return True


def _core(args: argparse.Namespace, env: Mapping[str, str], err: TextIO) -> CoreSettings | None:
    overrides = dict(env)
    if args.db:
        overrides["DATELINE_DB"] = args.db
    problems = Problems()
    core = load_core_settings(overrides, problems)
    if problems.found:
        err.write(SettingsError(problems.found).message() + "\n")
        return None
    bot_settings = core.bot
    if args.tz:
        bot_settings = replace(bot_settings, default_tz=args.tz)
    if args.date_order:
        bot_settings = replace(bot_settings, numeric_order=NumericOrder(args.date_order))
    return replace(core, bot=bot_settings)


def _converse(
    args: argparse.Namespace, env: Mapping[str, str], stdin: TextIO, out: TextIO, err: TextIO
) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    core = _core(args, env, err)
    if core is None:
        return 2
    session = ConsoleSession(core.bot.default_tz, ROLES[args.role], args.today, args.json,
                             own_tz=bool(args.tz))

    async def go() -> int:
        """How many messages were not done."""
        async with running_bot(core) as bot:
            if args.command == "ask":
                return 0 if await ask_once(bot, session, " ".join(args.question), out) else 1
            return await chat(bot, session, stdin, out)

    try:
        failures = asyncio.run(go())
    except (StoreError, OSError, sqlite3.Error) as error:
        err.write(f"dateline: cannot open the database {core.location.describe()}: {error}\n")
        return 1
    except KeyboardInterrupt:
        return 0
    return NOT_DONE if failures else 0


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace, env: Mapping[str, str]) -> int:
    platforms = [name for name in ("discord", "slack") if getattr(args, name)]
    if not platforms and not args.console:
        parser.error("say which platform to run: --discord, --slack, --console, or several")
    from adapters.log_format import configure_logging  # noqa: PLC0415

    configure_logging(env)  # DATELINE_LOG_FORMAT: text or JSON lines, secrets redacted
    try:
        asyncio.run(_serve_until_stopped(platforms, env, console=args.console))
    except SettingsError as error:
        sys.stderr.write(error.message() + "\n")
        return 2
    except KeyboardInterrupt:
        return 0
    except (StoreError, OSError, sqlite3.Error) as error:
        sys.stderr.write(f"dateline: {error}\n")
        return 1
    return 0


async def _serve_until_stopped(
    platforms: list[str], env: Mapping[str, str], *, console: bool
) -> None:
    """Run until Ctrl-C or SIGTERM; both stop the adapters and the scheduler cleanly."""
    task = asyncio.current_task()
    assert task is not None
    stopping = asyncio.Event()

    def stop() -> None:
        stopping.set()
        task.cancel()

    with contextlib.suppress(NotImplementedError):  # no signal handlers on Windows
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop)
    try:
        await run_platforms(platforms, env, console=console)
    except asyncio.CancelledError:
        if not stopping.is_set():
            raise
        logging.getLogger(__name__).info("stopped by SIGTERM")


if __name__ == "__main__":
    raise SystemExit(main())
