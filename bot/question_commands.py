"""The question commands (ask, onthisday, when, timeline, upcoming): how each reads
its text into a query, and which answer a query gets.

The command table reaches this module through lazy references, and each answer
module is imported by the query that needs it, so a day question never loads the
anniversary planner and ``help`` loads none of this.
"""

from __future__ import annotations

from bot.context import Context
from bot.messages import Reply, ReplyKind
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

# The imports below sit in the branches that need them: each answer module brings its
# own dependencies (the anniversary planner, the word matcher), and a cold
# ``dateline ask`` should pay only for the one it uses.
# ruff: noqa: PLC0415


async def answer(ctx: Context, query: Query) -> Reply:
    """Answer any question-shaped query, saying which of its words were left out."""
    reply = await _answer(ctx, query)
    return with_ignored(reply, getattr(query, "ignored", ()))


async def _answer(ctx: Context, query: Query) -> Reply:
    match query:
        case DayQuery() | MonthQuery() | YearQuery() | RangeQuery() | OpenRangeQuery():
            return await _answer_period(ctx, query)
        case WhenQuery():
            from bot.answering import answer_when

            return await answer_when(ctx, query)
        case TimelineQuery():
            from bot.answering import answer_timeline

            return await answer_timeline(ctx, query)
        case UpcomingQuery():
            from bot.anniversaries import answer_upcoming

            return await answer_upcoming(ctx, query)
        case HelpQuery():
            from bot.command_set import run_help

            return await run_help(ctx, query)
        case InvalidQuery():
            return Reply(
                ReplyKind.ERROR,
                query.title,
                query.problem[:1].upper() + query.problem[1:] + ".",
            )
        case NotUnderstood():
            from bot.helping import not_understood

            return not_understood(query.text)
        case CommandCall():
            from bot.helping import not_understood

            return not_understood(query.args)


async def _answer_period(
    ctx: Context, query: DayQuery | MonthQuery | YearQuery | RangeQuery | OpenRangeQuery
) -> Reply:
    from bot import answering

    match query:
        case DayQuery():
            return await answering.answer_day(ctx, query)
        case MonthQuery():
            return await answering.answer_month(ctx, query)
        case YearQuery():
            return await answering.answer_year(ctx, query)
        case RangeQuery():
            return await answering.answer_range(ctx, query)
        case OpenRangeQuery():
            return await answering.answer_open_range(ctx, query)


def parse_ask(args: str, ctx: Context) -> Query:
    return parse(args, ctx.today, ctx.settings.parse_settings)


def parse_on_this_day(args: str, ctx: Context) -> Query:
    if not args.strip():
        return DayQuery(ctx.today.month, ctx.today.day, None, anniversary=True)
    query = parse_period(normalise(args), ctx.today, ctx.settings.parse_settings)
    if query is None:
        return InvalidQuery(f"I could not read a date in “{args.strip()[:80]}”; try “7 January”")
    return query


def parse_when(args: str, ctx: Context) -> Query:
    words = keywords(args)
    if not words:
        return InvalidQuery("tell me what to look for, for example “when Soleimani killed”",
                            title="What should I look for?")
    return WhenQuery(" ".join(words))


def parse_timeline(args: str, ctx: Context) -> Query:
    topic = normalise(args)
    if not topic:
        return InvalidQuery("name a topic, for example “timeline Iran”",
                            title="Which topic?")
    return TimelineQuery(topic)


def parse_upcoming_window(args: str, ctx: Context) -> Query:
    from bot.upcoming_phrases import parse_upcoming, unknown_words

    text = normalise(args)
    query = parse_upcoming(f"upcoming {text}".strip(), ctx.today)
    if query is None or unknown_words(text):
        return InvalidQuery(
            "say how far ahead, for example “upcoming 14”, “upcoming 2 weeks”, "
            "“upcoming milestones” or “upcoming in January”",
            title="How far ahead?",
        )
    return query
