"""The ``dateline`` command line: ``ask``, ``chat``, ``run`` and ``timex``.

Exit codes: 0 for any answer (including "nothing known" and bad dates in a
question), 1 when the store cannot be opened, 2 for command-line usage errors
and for missing or malformed settings.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sqlite3
import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from adapters.composition import CoreSettings, load_core_settings, run_platforms, running_bot
from adapters.console import ConsoleSession, ask_once, chat
from adapters.settings import Problems, SettingsError
from bot.errors import StoreError
from bot.messages import Role
from bot.question_dates import NumericOrder

ROLES = {"member": Role.MEMBER, "moderator": Role.MODERATOR, "owner": Role.OWNER}


def _today(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None


def _tz(text: str) -> str:
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an IANA timezone such as Europe/London"
        ) from None
    return text


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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["timex"]:
        from adapters.timex_cli import main as timex_main  # noqa: PLC0415

        return timex_main(args_list[1:], sys.stdin, sys.stdout, sys.stderr)
    if args_list[:1] == ["reminders"]:
        from adapters.reminders_cli import main as reminders_main  # noqa: PLC0415

        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
        return reminders_main(args_list[1:], os.environ, sys.stdout, sys.stderr)
    parser = build_parser()
    args = parser.parse_args(args_list)
    if args.command == "run":
        return _run(parser, args, os.environ)
    return _converse(args, os.environ, sys.stdin, sys.stdout, sys.stderr)


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
    session = ConsoleSession(core.bot.default_tz, ROLES[args.role], args.today, args.json)

    async def go() -> None:
        async with running_bot(core) as bot:
            if args.command == "ask":
                await ask_once(bot, session, " ".join(args.question), out)
            else:
                await chat(bot, session, stdin, out)

    try:
        asyncio.run(go())
    except (StoreError, OSError, sqlite3.Error) as error:
        err.write(f"dateline: cannot open the database {core.db_path}: {error}\n")
        return 1
    except KeyboardInterrupt:
        return 0
    return 0


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace, env: Mapping[str, str]) -> int:
    platforms = [name for name in ("discord", "slack") if getattr(args, name)]
    if not platforms and not args.console:
        parser.error("say which platform to run: --discord, --slack, --console, or several")
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
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
