"""Dateline's commands: what each is called, who may run it, how its arguments
parse and which handler answers. This is the table help and adapters read."""

from __future__ import annotations

from collections.abc import Callable

from bot import admin
from bot.anniversaries import answer_upcoming
from bot.answering import (
    answer_day,
    answer_month,
    answer_open_range,
    answer_range,
    answer_timeline,
    answer_when,
    answer_year,
)
from bot.commands import Command, CommandTable, Param, ParamKind
from bot.context import Context
from bot.helping import help_reply, not_understood
from bot.messages import Reply, ReplyKind, Role
from bot.notes import with_ignored
from bot.parsing import keywords, normalise, parse, parse_period
from bot.queries import (
    CommandCall,
    DayQuery,
    HelpQuery,
    InvalidQuery,
    MonthQuery,
    NotUnderstood,
    OpenRangeQuery,
    Query,
    RangeQuery,
    TimelineQuery,
    UpcomingQuery,
    WhenQuery,
    YearQuery,
)
from bot.reminders import handlers as reminders
from bot.reminders.handlers import MAX_SCHEDULE_DAYS
from bot.reminders.options import OPTIONS_USAGE
from bot.upcoming_phrases import parse_upcoming, unknown_words


async def answer(ctx: Context, query: Query) -> Reply:
    """Answer any question-shaped query, saying which of its words were left out."""
    reply = await _answer(ctx, query)
    return with_ignored(reply, getattr(query, "ignored", ()))


async def _answer(ctx: Context, query: Query) -> Reply:
    match query:
        case DayQuery():
            return await answer_day(ctx, query)
        case MonthQuery():
            return await answer_month(ctx, query)
        case YearQuery():
            return await answer_year(ctx, query)
        case RangeQuery():
            return await answer_range(ctx, query)
        case OpenRangeQuery():
            return await answer_open_range(ctx, query)
        case WhenQuery():
            return await answer_when(ctx, query)
        case TimelineQuery():
            return await answer_timeline(ctx, query)
        case UpcomingQuery():
            return await answer_upcoming(ctx, query)
        case HelpQuery():
            return help_reply(build_commands(), ctx.actor.role, query.command)
        case InvalidQuery():
            return Reply(
                ReplyKind.ERROR,
                query.title,
                query.problem[:1].upper() + query.problem[1:] + ".",
            )
        case NotUnderstood():
            return not_understood(query.text)
        case CommandCall():
            return not_understood(query.args)


def _ask(args: str, ctx: Context) -> Query:
    return parse(args, ctx.today, ctx.settings.parse_settings)


def _on_this_day(args: str, ctx: Context) -> Query:
    if not args.strip():
        return DayQuery(ctx.today.month, ctx.today.day, None, anniversary=True)
    query = parse_period(normalise(args), ctx.today, ctx.settings.parse_settings)
    if query is None:
        return InvalidQuery(f"I could not read a date in “{args.strip()[:80]}”; try “7 January”")
    return query


def _when(args: str, ctx: Context) -> Query:
    words = keywords(args)
    if not words:
        return InvalidQuery("tell me what to look for, for example “when Soleimani killed”",
                            title="What should I look for?")
    return WhenQuery(" ".join(words))


def _timeline(args: str, ctx: Context) -> Query:
    topic = normalise(args)
    if not topic:
        return InvalidQuery("name a topic, for example “timeline Iran”",
                            title="Which topic?")
    return TimelineQuery(topic)


def _upcoming(args: str, ctx: Context) -> Query:
    text = normalise(args)
    query = parse_upcoming(f"upcoming {text}".strip(), ctx.today)
    if query is None or unknown_words(text):
        return InvalidQuery(
            "say how far ahead, for example “upcoming 14”, “upcoming 2 weeks”, "
            "“upcoming milestones” or “upcoming in January”",
            title="How far ahead?",
        )
    return query


async def _nothing_more(ctx: Context, query: Query) -> Reply:
    # Bot.handle runs the remembered next page itself; this answers when there is none.
    return Reply(
        ReplyKind.EMPTY,
        "Nothing more to show",
        "There is no longer list to continue here. Ask a question first, then say “more”.",
    )


def _help(args: str, ctx: Context) -> Query:
    return HelpQuery(args.strip().lower() or None)


def _call(name: str) -> Callable[[str, Context], Query]:
    def parse_call(args: str, ctx: Context) -> Query:
        return CommandCall(name, args)

    return parse_call


def build_commands() -> CommandTable:
    member, moderator = Role.MEMBER, Role.MODERATOR
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
            _ask,
            answer,
            (Param("question", "Your question, e.g. what happened on 7 January?", True),),
        ),
        Command(
            "onthisday",
            "What happened on a day (today if no date is given), every year",
            "onthisday [DATE]",
            ("onthisday", "onthisday 7 January"),
            member,
            _on_this_day,
            answer,
            (Param("date", "A date such as 7 January or 2020-01-07"),),
        ),
        Command(
            "when",
            "When something happened, found by keywords",
            "when KEYWORDS",
            ("when was Soleimani killed",),
            member,
            _when,
            answer,
            (Param("query", "Keywords, e.g. Soleimani killed", True),),
        ),
        Command(
            "timeline",
            "Events about a topic in date order",
            "timeline TOPIC",
            ("timeline Iran",),
            member,
            _timeline,
            answer,
            (Param("topic", "A topic, tag, person or place", True, complete="topics"),),
        ),
        Command(
            "upcoming",
            "Anniversaries coming up; milestones only, or a month, if asked",
            "upcoming [DAYS | N weeks | milestones | in MONTH]",
            ("upcoming", "upcoming 7", "upcoming 2 weeks", "upcoming milestones",
             "upcoming in January"),
            member,
            _upcoming,
            answer,
            (window,),
        ),
        Command(
            "event",
            "Show one event with all its sources",
            "event ID",
            ("event 1",),
            member,
            _call("event"),
            admin.show_event,
            (Param("id", "Event number", True),),
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
            answer,
            (Param("command", "A command to explain"),),
            private=True,
        ),
        Command(
            "add",
            "Add a published event",
            admin.ADD_USAGE,
            ("add 2020-01-08 | Trump addresses the nation on Iran | | Washington | iran, usa",),
            moderator,
            _call("add"),
            admin.add_event,
            (Param("event", "DATE | TITLE | SUMMARY | PLACE | TAGS", True),),
        ),
        Command(
            "cite",
            "Add a source to an event",
            admin.CITE_USAGE,
            ("cite 1 | Example News | Missiles hit bases | https://example.com/a | 2020-01-08",),
            moderator,
            _call("cite"),
            admin.cite_source,
            (Param("source", "ID | PUBLISHER | TITLE | URL | PUBLISHED", True),),
        ),
        Command(
            "history",
            "Who created and changed an event, and when (only you see it, unless shared)",
            admin.HISTORY_USAGE,
            ("history 1", "history 1 share"),
            moderator,
            _call("history"),
            admin.history,
            (Param("id", "Event number", True), _share_param()),
            private=True,
        ),
        Command(
            "audit",
            "The newest entries of the audit log (only you see it, unless shared)",
            admin.AUDIT_USAGE,
            ("audit 20", "audit 20 share"),
            moderator,
            _call("audit"),
            admin.audit,
            (
                Param(
                    "count",
                    "How many entries (1-200)",
                    kind=ParamKind.INTEGER,
                    min_value=1,
                    max_value=200,
                ),
                _share_param(),
            ),
            private=True,
        ),
        *_reminder_commands(),
    ]
    return CommandTable(commands, default="ask")


def _share_param() -> Param:
    return Param("share", "Type “share” to post this to the channel (default: only you see it)")


def _subscription_param(what: str) -> Param:
    return Param("subscription", what, kind=ParamKind.INTEGER, min_value=1, flag="id")


def _reminder_commands() -> list[Command]:
    member, moderator = Role.MEMBER, Role.MODERATOR
    options = (
        Param("kinds", "digest, alerts or both (a new subscription gets both)"),
        Param("at", "Local posting time, 24-hour HH:MM (default 09:00)", flag="at"),
        Param("tz", "Time zone such as Europe/London", flag="tz"),
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
            reminders.subscribe,
            options,
        ),
        Command(
            "unsubscribe",
            "Stop this channel's scheduled posts, or only its digest or alerts",
            "unsubscribe [digest|alerts] [#ID]",
            ("unsubscribe", "unsubscribe digest"),
            moderator,
            _call("unsubscribe"),
            reminders.unsubscribe,
            (Param("kind", "digest or alerts (default: both, removing the subscription)"), which),
        ),
        Command(
            "pause",
            "Pause a subscription (nothing is posted or caught up until it is resumed)",
            "pause [#ID]",
            ("pause",),
            moderator,
            _call("pause"),
            reminders.pause,
            (which,),
        ),
        Command(
            "resume",
            "Resume a paused subscription",
            "resume [#ID]",
            ("resume",),
            moderator,
            _call("resume"),
            reminders.resume,
            (which,),
        ),
        Command(
            "subscriptions",
            "What this channel receives: digest, alerts, when and in which time zone",
            "subscriptions",
            ("subscriptions",),
            member,
            _call("subscriptions"),
            reminders.subscriptions,
        ),
        Command(
            "schedule",
            "Every post a channel will receive in the next days",
            "schedule [DAYS] [#ID]",
            ("schedule", "schedule 30"),
            moderator,
            _call("schedule"),
            reminders.schedule,
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
            reminders.status,
            private=True,
        ),
    ]
