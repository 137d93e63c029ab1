"""Dateline's commands: what each is called, who may run it, how its arguments
parse and which handler answers. This is the table help and adapters read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from bot.commands import Command, CommandTable, Param, ParamKind
from bot.context import Context
from bot.handler_refs import LazyParser, LazyRunner
from bot.messages import Reply, ReplyKind, Role
from bot.moderation_commands import command, event_param, moderation_commands
from bot.queries import CommandCall, HelpQuery, Query
from bot.transfer_report import EXPORT_FORMATS, EXPORT_USAGE, IMPORT_FORMATS, IMPORT_USAGE
from bot.usage import MAX_SCHEDULE_DAYS, OPTIONS_USAGE
from bot.zones import MAX_ZONE_NAME

# Handlers are named, not imported: each loads when its command first runs (see
# bot.handler_refs), so a cold ``dateline ask help`` never imports the date tagger.
QUESTIONS = "bot.question_commands"
REMINDERS = "bot.reminders.handlers"
ANSWER = LazyRunner(f"{QUESTIONS}:answer")


async def _nothing_more(ctx: Context, query: Query) -> Reply:
    # Bot.handle runs the remembered next page itself; this answers when there is none.
    return Reply(
        ReplyKind.EMPTY,
        "Nothing more to show",
        "There is no longer list to continue here. Ask a question first, then say “more”.",
    )


def _help(args: str, ctx: Context) -> Query:
    return HelpQuery(args.strip().lower() or None)


async def run_help(ctx: Context, query: Query) -> Reply:
    """Help for what the asker may run (``query`` is a ``HelpQuery``)."""
    from bot.helping import help_reply  # noqa: PLC0415 - see the note on handlers above

    name = query.command if isinstance(query, HelpQuery) else None
    return help_reply(build_commands(), ctx.actor.role, name)


def _call(name: str) -> Callable[[str, Context], Query]:
    def parse_call(args: str, ctx: Context) -> Query:
        return CommandCall(name, args)

    return parse_call


def build_commands() -> CommandTable:
    member = Role.MEMBER
    window = Param(
        "window",
        "How far ahead: 14, 2 weeks, milestones or in January (default 30 days)",
    )
    commands = [
        Command(
            "ask",
            "Ask any date question in plain words",
            "ask QUESTION",
            ("ask what happened between 3 and 8 January 2020?",),
            member,
            LazyParser(f"{QUESTIONS}:parse_ask"),
            ANSWER,
            (Param("question", "Your question, e.g. what happened on 7 January?", True),),
        ),
        Command(
            "onthisday",
            "What happened on a day (today if no date is given), every year",
            "onthisday [DATE]",
            ("onthisday", "onthisday 7 January"),
            member,
            LazyParser(f"{QUESTIONS}:parse_on_this_day"),
            ANSWER,
            (Param("date", "A date such as 7 January or 2020-01-07"),),
        ),
        Command(
            "when",
            "When something happened, found by keywords",
            "when KEYWORDS",
            ("when was Soleimani killed",),
            member,
            LazyParser(f"{QUESTIONS}:parse_when"),
            ANSWER,
            (Param("query", "Keywords, e.g. Soleimani killed", True),),
        ),
        Command(
            "timeline",
            "Events about a topic in date order",
            "timeline TOPIC",
            ("timeline Iran",),
            member,
            LazyParser(f"{QUESTIONS}:parse_timeline"),
            ANSWER,
            (Param("topic", "A topic, tag, person or place", True, complete="topics"),),
        ),
        Command(
            "upcoming",
            "Anniversaries coming up; milestones only, or a month, if asked",
            "upcoming [DAYS | N weeks | milestones | in MONTH]",
            ("upcoming", "upcoming 7", "upcoming 2 weeks", "upcoming milestones",
             "upcoming in January"),
            member,
            LazyParser(f"{QUESTIONS}:parse_upcoming_window"),
            ANSWER,
            (window,),
        ),
        Command(
            "event",
            "Show one event with all its sources (an event merged away shows the one kept)",
            "event ID",
            ("event 1",),
            member,
            _call("event"),
            LazyRunner("bot.admin:show_event"),
            (event_param(),),
        ),
        Command(
            "more",
            "The next page of the last list you were shown here",
            "more",
            ("more",),
            member,
            _call("more"),
            _nothing_more,
        ),
        Command(
            "help",
            "What you can ask and which commands you may run",
            "help [COMMAND]",
            ("help", "help timeline"),
            member,
            _help,
            run_help,
            (Param("command", "A command to explain"),),
            private=True,
        ),
        Command(
            "timezone",
            "The time zone “today” is read in here; moderators may set or clear it",
            "timezone [AREA/CITY | default]",
            ("timezone", "timezone Europe/London", "timezone default"),
            member,  # anyone may look; the handler lets only moderators change it
            _call("timezone"),
            LazyRunner("bot.zone_commands:timezone"),
            (Param("zone", "Moderators: a zone such as Europe/London, or default",
                   complete="zones", max_length=MAX_ZONE_NAME),),
        ),
        *moderation_commands(),
        *_transfer_commands(),
        *_review_commands(),
        *_feed_commands(),
        *_reminder_commands(),
    ]
    return CommandTable([_in_group(c) for c in commands], default="ask")


# The headings help lists the commands under, in order; a command not named here is
# listed under the last.
HELP_GROUPS: tuple[tuple[str, frozenset[str]], ...] = (
    ("Questions", frozenset({"ask", "onthisday", "when", "timeline", "upcoming", "event",
                             "more", "help", "timezone", "subscriptions"})),
    ("Events (moderators)", frozenset({"add", "edit", "cite", "delete", "merge", "publish",
                                       "unpublish", "tags", "sources", "show",
                                       "export", "import", "review", "approve",
                                       "reject", "feeds", "feed"})),
    ("Audit (moderators)", frozenset({"history", "audit", "undo"})),
    ("Scheduled posts (moderators)", frozenset()),
)


def _in_group(command: Command) -> Command:
    group = next((name for name, members in HELP_GROUPS if command.name in members),
                 HELP_GROUPS[-1][0])
    return replace(command, group=group)


def _subscription_param(what: str) -> Param:
    return Param("subscription", what, kind=ParamKind.INTEGER, min_value=1, flag="id")


def _transfer_commands() -> list[Command]:
    """The store to a file attached to the reply, and an attached file into the store."""
    transfers = "bot.transfer_commands"
    return [
        command(
            "export", "The store's events as a file attached to the reply (default json)",
            EXPORT_USAGE, ("export csv", "export ics"), f"{transfers}:export",
            (Param("format", f"{', '.join(EXPORT_FORMATS)} (default json)", max_length=20),),
            private=True,
        ),
        command(
            "import", "Add the events of an attached file; nothing if a row is bad, "
            "unless skip-bad", IMPORT_USAGE, ("import csv", "import json dry-run"),
            f"{transfers}:import_events",
            (Param("file", "The file to import", True, kind=ParamKind.FILE),
             Param("format", f"{', '.join(IMPORT_FORMATS)} (default: told from the file)",
                   max_length=20),
             Param("options", "skip-bad (import the good rows anyway), dry-run (check only)",
                   max_length=20)),
            private=True,
        ),
    ]


def _review_commands() -> list[Command]:
    """Candidate events found in articles (``dateline ingest``), waiting for a moderator."""
    review = "bot.review_commands"
    candidate = Param("id", "Candidate number (see review)", True, kind=ParamKind.INTEGER,
                      min_value=1)
    return [
        command(
            "review", "Candidates from articles awaiting review; edit one, or add it to an "
            "event", "review [edit ID | field=value… | merge ID EVENT]",
            ("review", "review edit 3 | title=Missiles strike Ain al-Asad", "review merge 3 1"),
            f"{review}:review",
            (Param("action", "edit or merge (empty: list the pending candidates)",
                   max_length=10),
             Param("candidate", "For edit or merge: the candidate number",
                   kind=ParamKind.INTEGER, min_value=1),
             Param("details", "For edit: date=… | title=… | summary=… | place=…; "
                   "for merge: the event number", flag="|")),
            private=True,
        ),
        command("approve", "Publish a candidate, or add it as a source to the event it "
                "matches", "approve ID", ("approve 3",), f"{review}:approve", (candidate,)),
        command("reject", "Reject a candidate (kept, with who decided)", "reject ID",
                ("reject 3",), f"{review}:reject", (candidate,)),
    ]


def _feed_commands() -> list[Command]:
    """RSS and Atom feeds polled for articles, whose candidates join the review queue."""
    feeds = "bot.feed_commands"
    return [
        command("feeds", "Subscribed feeds: state, next poll and failures", "feeds",
                ("feeds",), f"{feeds}:feeds", private=True),
        command(
            "feed", "Subscribe a feed (optionally auto-publishing above a confidence), "
            "remove, pause or resume one, or poll one now",
            "feed add URL [auto-publish THRESHOLD] | feed remove ID | feed pause ID | "
            "feed resume ID | feed poll ID",
            ("feed add https://example.com/rss", "feed add https://example.com/rss "
             "auto-publish 0.9", "feed remove 2", "feed pause 2", "feed resume 2",
             "feed poll 2"),
            f"{feeds}:feed",
            (Param("action", "add, remove, pause, resume or poll", True, max_length=10),
             Param("target", "For add: the URL (then auto-publish 0.9 if wanted); "
                   "otherwise the feed number", True, max_length=500)),
            private=True,
        ),
    ]


def _reminder_commands() -> list[Command]:
    member, moderator = Role.MEMBER, Role.MODERATOR
    options = (
        Param("kinds", "digest, alerts or both (a new subscription gets both)"),
        Param("at", "Local posting time, 24-hour HH:MM (default 09:00)", flag="at",
              max_length=20),
        Param("tz", "Time zone such as Europe/London", flag="tz", max_length=MAX_ZONE_NAME),
        Param("milestones", "Anniversary years to alert on, e.g. 1,2,5,10", flag="milestones"),
        Param("lead", "Days ahead to alert, e.g. 30,7,0 (0: on the day)", flag="lead"),
        Param("tags", "Only events with these tags, e.g. iran,iraq (none: all)", flag="tags"),
        Param("weekends", "friday: weekend alerts go out the Friday before; keep", flag="weekends"),
        Param("empty", "on: post a digest even on days with nothing", flag="empty"),
        _subscription_param("Change this subscription instead of this channel's"),
    )
    which = _subscription_param("A subscription number (default: this channel's)")
    return [
        Command(
            "subscribe",
            "Send this channel the daily digest and/or milestone alerts, or change what it gets",
            f"subscribe {OPTIONS_USAGE} [#ID]",
            ("subscribe digest alerts at 08:30 tz Europe/London", "subscribe alerts lead 14,1"),
            moderator,
            _call("subscribe"),
            LazyRunner(f"{REMINDERS}:subscribe"),
            options,
        ),
        Command(
            "unsubscribe",
            "Stop this channel's scheduled posts, or only its digest or alerts",
            "unsubscribe [digest|alerts] [#ID]",
            ("unsubscribe", "unsubscribe digest"),
            moderator,
            _call("unsubscribe"),
            LazyRunner(f"{REMINDERS}:unsubscribe"),
            (Param("kind", "digest or alerts (default: both, removing the subscription)"), which),
        ),
        Command(
            "pause",
            "Pause a subscription (nothing is posted or caught up until it is resumed)",
            "pause [#ID]",
            ("pause",),
            moderator,
            _call("pause"),
            LazyRunner(f"{REMINDERS}:pause"),
            (which,),
        ),
        Command(
            "resume",
            "Resume a paused subscription",
            "resume [#ID]",
            ("resume",),
            moderator,
            _call("resume"),
            LazyRunner(f"{REMINDERS}:resume"),
            (which,),
        ),
        Command(
            "subscriptions",
            "What this channel receives: digest, alerts, when and in which time zone",
            "subscriptions",
            ("subscriptions",),
            member,
            _call("subscriptions"),
            LazyRunner(f"{REMINDERS}:subscriptions"),
        ),
        Command(
            "schedule",
            "Every post a channel will receive in the next days",
            "schedule [DAYS] [#ID]",
            ("schedule", "schedule 30"),
            moderator,
            _call("schedule"),
            LazyRunner(f"{REMINDERS}:schedule"),
            (
                Param(
                    "days",
                    f"How many days ahead (1-{MAX_SCHEDULE_DAYS}, default 7)",
                    kind=ParamKind.INTEGER,
                    min_value=1,
                    max_value=MAX_SCHEDULE_DAYS,
                ),
                which,
            ),
            private=True,
        ),
        Command(
            "status",
            "Scheduled posts: every subscription, its next post, counters and failures",
            "status",
            ("status",),
            moderator,
            _call("status"),
            LazyRunner(f"{REMINDERS}:status"),
            private=True,
        ),
    ]
