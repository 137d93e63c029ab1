"""Replies for when nothing is known: they say so and point at the nearest dates
that do have events, so the asker always has somewhere to go next."""

from __future__ import annotations

from datetime import date

from bot import wording
from bot.context import Context
from bot.messages import Action, Reply, ReplyKind


async def nothing_for_month_days(ctx: Context, month: int, day: int, label: str) -> Reply:
    nearest = await ctx.store.nearest_month_days(month, day, limit=3)
    names = [wording.day_month(m, d) for m, d in nearest]
    return _empty(f"Nothing recorded for {label}.", names)


async def nothing_for_date(ctx: Context, start: date, end: date, label: str) -> Reply:
    nearest = await ctx.store.nearest_dates(start, limit=3)
    names = [wording.full_date(d) for d in nearest]
    return _empty(f"Nothing recorded for {label}.", names)


async def nothing_for_words(ctx: Context, words: str) -> Reply:
    return Reply(
        ReplyKind.EMPTY,
        "Nothing found",
        f"No events match “{words}”. Try fewer or different words, or a date such as “7 January”.",
    )


def _empty(text: str, names: list[str]) -> Reply:
    if names:
        text += " Nearest dates with events: " + ", ".join(names) + "."
    actions = tuple(Action(name, f"ask {name}") for name in names)
    return Reply(ReplyKind.EMPTY, "Nothing recorded", text, actions=actions)
