"""Replies for when nothing is known: they say so and point at the nearest dates
that do have events, or the close spellings that do find some, so the asker always
has somewhere to go next."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot import wording
from bot.context import Context
from bot.matching import Resolved
from bot.messages import Action, Reply, ReplyKind


async def nothing_for_month_days(ctx: Context, month: int, day: int, label: str) -> Reply:
    nearest = await ctx.store.nearest_month_days(month, day, limit=3)
    names = [wording.day_month(m, d) for m, d in nearest]
    return _empty(f"Nothing recorded for {label}.", names)


async def nothing_for_date(
    ctx: Context, start: date, end: date, label: str, *, sentence: str = ""
) -> Reply:
    nearest = await ctx.store.nearest_dates(start, limit=3)
    names = [wording.full_date(d) for d in nearest]
    return _empty(sentence or f"Nothing recorded for {label}.", names)


async def nothing_for_month(ctx: Context, year: int, month: int, label: str) -> Reply:
    """Nothing in a month: the same month in the nearest years that have events, month-
    precision ones included ("in October" points at "October 2019")."""
    years = await ctx.store.years_with_month(month, year, limit=3)
    names = [wording.month_year(y, month) for y in years]
    return _empty(f"Nothing recorded for {label}.", names, "Nearest months with events")


async def nothing_for_year(ctx: Context, year: int, label: str) -> Reply:
    """Nothing in a year: the nearest years that have events of any precision."""
    years = await ctx.store.nearest_years(year, limit=3)
    names = [str(y) for y in years]
    return _empty(f"Nothing recorded for {label}.", names, "Nearest years with events",
                  ask="in ")


async def nothing_for_words(
    ctx: Context, words: str, outcome: Resolved, command: str
) -> Reply:
    """Nothing matches a "when" question or a timeline topic: say so, name the words that
    nothing recorded contains, and offer close spellings that do find events, each as an
    action that asks the corrected question again (``command`` is "when" or "timeline")."""
    text = f"No events match “{words}”."
    if outcome.query is None and not (outcome.unknown or outcome.suggestions):
        text += (" Name a person, place or thing to look for: words such as “when”,"
                 " “killed” or “attack” alone match nothing.")
        return Reply(ReplyKind.EMPTY, "Nothing found", text)
    if outcome.unknown:
        text += " Nothing recorded mentions " + _either(outcome.unknown) + "."
    if outcome.suggestions:
        offered = [" ".join(s.shown) for s in outcome.suggestions]
        text += " Did you mean " + _either(offered, quoted=False) + "?"
    else:
        text += " Try fewer or different words, or a date such as “7 January”."
    actions = tuple(
        Action(" ".join(s.shown), f"{command} {' '.join(s.words)}") for s in outcome.suggestions
    )
    return Reply(ReplyKind.EMPTY, "Nothing found", text, actions=actions)


def _either(names: Sequence[str], *, quoted: bool = True) -> str:
    shown = [f"“{n}”" if quoted else n for n in names]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


def _empty(
    text: str, names: list[str], lead: str = "Nearest dates with events", *, ask: str = ""
) -> Reply:
    if names:
        text += f" {lead}: " + ", ".join(names) + "."
    actions = tuple(Action(name, f"ask {ask}{name}") for name in names)
    return Reply(ReplyKind.EMPTY, "Nothing recorded", text, actions=actions)
