"""``dateline reminders``: setting up and checking scheduled posts from a terminal.

    dateline reminders subscribe --platform slack --channel C0123ABCD --digest --at 08:30
    dateline reminders list [--json]
    dateline reminders pause|resume|remove ID
    dateline reminders preview --from 2021-12-01 --to 2022-01-10 [--json]
    dateline reminders tick [--now 2026-01-03T09:00+00:00] [--dry-run]

The operations are the chat commands' (``bot.reminders.manage``), audited as
the console operator. Exit codes: 0 done, 1 the database cannot be opened,
2 a usage error or bad value, 3 ``tick`` found posts that failed (they are
retried by the next pass).
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TextIO

from adapters.composition import CoreSettings, load_core_settings, running_bot
from adapters.reminders_commands import COMMANDS, Io
from adapters.settings import Problems, SettingsError
from bot.errors import StoreError, UserError
from bot.zones import zone_name


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dateline reminders", description="Scheduled posts: subscriptions, preview, tick."
    )
    parser.add_argument("--db", metavar="PATH", help="database file (default: $DATELINE_DB)")
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="COMMAND")
    sub = verbs.add_parser("subscribe", help="subscribe a channel, or change its subscription")
    sub.add_argument("--platform", required=True, choices=["console", "discord", "slack"])
    sub.add_argument("--channel", required=True, metavar="ID", help="the channel's id or name")
    _policy_options(sub)
    listing = verbs.add_parser("list", help="every subscription")
    listing.add_argument("--json", action="store_true")
    for verb, what in (("pause", "pause"), ("resume", "resume"), ("remove", "remove")):
        one = verbs.add_parser(verb, help=f"{what} a subscription")
        one.add_argument("id", type=int, metavar="ID", help="the subscription's number")
    view = verbs.add_parser("preview", help="every post due in a period, without posting")
    view.add_argument("--from", dest="first", required=True, metavar="YYYY-MM-DD")
    view.add_argument("--to", dest="last", required=True, metavar="YYYY-MM-DD")
    view.add_argument("--json", action="store_true")
    _policy_options(view)
    tick = verbs.add_parser("tick", help="run one scheduler pass now (or as of --now)")
    tick.add_argument("--now", metavar="ISO", help="the instant to run the pass as of")
    tick.add_argument("--dry-run", action="store_true", help="show what would be posted")
    return parser


def _policy_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--digest", action="store_true", help="the daily on-this-day digest")
    parser.add_argument("--alerts", action="store_true", help="milestone anniversary alerts")
    parser.add_argument("--tz", metavar="AREA/CITY", help="the channel's time zone")
    parser.add_argument("--at", metavar="HH:MM", help="local posting time (default 09:00)")
    parser.add_argument("--milestones", metavar="1,2,5", help="anniversary years to alert on")
    parser.add_argument("--lead-days", metavar="30,7,0", help="days ahead to alert")
    parser.add_argument("--tags", metavar="a,b", help="only events with these tags")
    parser.add_argument("--weekends", choices=["friday", "keep"], help="move weekend alerts")
    parser.add_argument("--empty", choices=["on", "off"], help="post digests on empty days")


def main(
    argv: Sequence[str], env: Mapping[str, str], out: TextIO, err: TextIO
) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as exit_:
        return int(exit_.code or 0)
    problems = Problems()
    overrides = dict(env)
    if args.db:
        overrides["DATELINE_DB"] = args.db
    core = load_core_settings(overrides, problems)
    if problems.found:
        err.write(SettingsError(problems.found).message() + "\n")
        return 2
    return _run(core, args, overrides, Io(out, err))


def _run(
    core: CoreSettings, args: argparse.Namespace, env: Mapping[str, str], io: Io
) -> int:
    tz = getattr(args, "tz", None)
    if tz and zone_name(tz) is None:
        io.err.write(f"dateline reminders: “{tz}” is not a time zone such as Europe/London\n")
        return 2
    if tz:
        core = replace(core, bot=replace(core.bot, default_tz=zone_name(tz) or tz))

    async def go() -> int:
        async with running_bot(core) as bot:
            return await COMMANDS[args.verb](bot, args, env, io, core)

    try:
        return asyncio.run(go())
    except UserError as error:
        io.err.write(f"dateline reminders: {error}\n")
        return 2
    except SettingsError as error:
        io.err.write(error.message() + "\n")
        return 2
    except (StoreError, OSError, sqlite3.Error) as error:
        where = core.location.describe()
        io.err.write(f"dateline reminders: cannot use the database {where}: {error}\n")
        return 1
    except KeyboardInterrupt:
        return 130
