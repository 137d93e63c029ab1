"""Reading a subscription's options from text, the same on every platform.

``digest alerts at 08:30 tz Europe/London milestones 1,5,10 lead 30,7,0
tags iran,iraq weekends friday empty off`` - every part optional, in any order.
A Discord or console form that fills named fields composes the same text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from datetime import time

from bot.errors import UserError
from bot.numbers import whole_number
from bot.reminders.model import DEFAULT_LEAD_DAYS, DEFAULT_MILESTONES, Policy
from bot.usage import OPTIONS_USAGE
from bot.zones import zone_name

MAX_MILESTONE = 1000
MAX_LEAD_DAYS = 366
MAX_TAGS = 20

_TIME = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm)?$")
_KINDS = {"digest": "digest", "digests": "digest", "daily": "digest",
          "alerts": "alerts", "alert": "alerts", "milestones-only": "alerts", "both": "both"}
_KEYS = {
    "at": "at", "time": "at",
    "tz": "tz", "timezone": "tz", "zone": "tz",
    "milestones": "milestones", "years": "milestones",
    "lead": "lead", "leads": "lead", "lead-days": "lead", "lead_days": "lead",
    "tags": "tags", "tag": "tags",
    "weekends": "weekends", "weekend": "weekends",
    "empty": "empty", "empty-days": "empty",
    "id": "id", "subscription": "id",
}
_ON = {"on", "yes", "true", "post", "1"}
_OFF = {"off", "no", "false", "skip", "0"}


@dataclass(frozen=True, slots=True)
class PolicyChange:
    """The options someone gave; ``None`` leaves a setting as it is."""

    digest: bool | None = None
    alerts: bool | None = None
    tz: str | None = None
    post_at: time | None = None
    milestones: tuple[int, ...] | None = None
    lead_days: tuple[int, ...] | None = None
    tags: tuple[str, ...] | None = None
    weekend_friday: bool | None = None
    post_empty: bool | None = None
    subscription_id: int | None = None

    @property
    def empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self))

    def apply(self, policy: Policy) -> Policy:
        changed = {
            f.name: getattr(self, f.name)
            for f in fields(Policy)
            if getattr(self, f.name) is not None
        }
        return replace(policy, **changed)


def parse_time(text: str) -> time:
    """``08:30``, ``8.30``, ``8h30``, ``9``, ``9am``, ``5:30 pm``."""
    match = _TIME.match(text.strip().lower())
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if match.group(3):
            if not 1 <= hour <= 12:
                raise UserError(f"“{text}” is not a time: with am or pm the hour is 1 to 12.")
            hour = hour % 12 + (12 if match.group(3) == "pm" else 0)
        if hour <= 23 and minute <= 59:
            return time(hour, minute)
    raise UserError(f"“{text[:20]}” is not a time of day; use 24-hour HH:MM, such as 08:30.")


def parse_zone(text: str) -> str:
    name = zone_name(text)
    if name is None:
        raise UserError(f"“{text[:60]}” is not a time zone; use a name such as Europe/London.")
    return name


def parse_numbers(text: str, what: str, low: int, high: int) -> tuple[int, ...]:
    """A comma-separated list of whole numbers within ``low..high``, without repeats."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    numbers: list[int] = []
    for part in parts:
        number = whole_number(part)
        if number is None or not low <= number <= high:
            raise UserError(
                f"{what} must be whole numbers from {low} to {high}, separated by commas; "
                f"“{part[:20]}” is not one."
            )
        numbers.append(number)
    if not numbers:
        raise UserError(f"Give at least one number for {what}, for example 1,2,5.")
    return tuple(sorted(set(numbers)))


def parse_milestones(text: str) -> tuple[int, ...]:
    if text.strip().lower() == "default":
        return DEFAULT_MILESTONES
    return parse_numbers(text, "Milestones", 1, MAX_MILESTONE)


def parse_lead_days(text: str) -> tuple[int, ...]:
    if text.strip().lower() == "default":
        return DEFAULT_LEAD_DAYS
    return tuple(reversed(parse_numbers(text, "Lead days", 0, MAX_LEAD_DAYS)))


def parse_tags(text: str) -> tuple[str, ...]:
    if text.strip().lower() in ("none", "all", "any", "-"):
        return ()
    tags = tuple(dict.fromkeys(t.strip().lower() for t in text.split(",") if t.strip()))
    if len(tags) > MAX_TAGS or any(len(t) > 100 for t in tags):
        raise UserError(f"Give at most {MAX_TAGS} tags of up to 100 characters each.")
    return tags


def parse_switch(text: str, what: str, on: set[str], off: set[str]) -> bool:
    word = text.strip().lower()
    if word in on:
        return True
    if word in off:
        return False
    choices = f"{sorted(on)[0]} or {sorted(off)[0]}"
    raise UserError(f"{what} must be {choices}, not “{text[:20]}”.")


def _tokens(text: str) -> list[str]:
    # "1, 2, 5" is one list: glue commas to their neighbours before splitting.
    return re.sub(r"\s*,\s*", ",", text.strip()).split()


def parse_options(text: str) -> PolicyChange:
    """Read subscription options; ``UserError`` names anything not understood."""
    tokens = _tokens(text)
    values: dict[str, object] = {}
    index = 0
    while index < len(tokens):
        word = tokens[index].lower()
        if word.startswith("#") and word[1:].isascii() and word[1:].isdigit():
            values["subscription_id"] = int(word[1:])
        elif word in _KINDS:
            kind = _KINDS[word]
            values["digest"] = kind in ("digest", "both") or bool(values.get("digest"))
            values["alerts"] = kind in ("alerts", "both") or bool(values.get("alerts"))
        elif word in _KEYS and index + 1 < len(tokens):
            index += 1
            _keyword(_KEYS[word], tokens[index], values)
            if _KEYS[word] == "at" and index + 1 < len(tokens) and tokens[index + 1].lower() in (
                "am",
                "pm",
            ):
                index += 1
                values["post_at"] = parse_time(tokens[index - 1] + tokens[index])
        elif _TIME.match(word):
            values["post_at"] = parse_time(word)
        elif "/" in word or word == "utc":
            values["tz"] = parse_zone(tokens[index])
        else:
            raise UserError(
                f"I did not understand “{tokens[index][:40]}”. Options: {OPTIONS_USAGE}"
            )
        index += 1
    return _change(values)


def _keyword(key: str, value: str, values: dict[str, object]) -> None:
    if key == "at":
        values["post_at"] = parse_time(value)
    elif key == "tz":
        values["tz"] = parse_zone(value)
    elif key == "milestones":
        values["milestones"] = parse_milestones(value)
    elif key == "lead":
        values["lead_days"] = parse_lead_days(value)
    elif key == "tags":
        values["tags"] = parse_tags(value)
    elif key == "weekends":
        values["weekend_friday"] = parse_switch(
            value, "weekends", {"friday", "on", "move"}, {"keep", "off", "as-is"}
        )
    elif key == "empty":
        values["post_empty"] = parse_switch(value, "empty", _ON, _OFF)
    elif key == "id":
        number = whole_number(value.lstrip("#"))
        if number is None:
            raise UserError(f"“{value[:20]}” is not a subscription number such as 3.")
        values["subscription_id"] = number


def _change(values: dict[str, object]) -> PolicyChange:
    change = PolicyChange(**values)  # type: ignore[arg-type]
    if change.digest is not None or change.alerts is not None:
        # Naming one kind means exactly that kind ("alerts" alone turns the digest off).
        change = replace(change, digest=bool(change.digest), alerts=bool(change.alerts))
    return change


def describe(policy: Policy) -> list[str]:
    """The policy in words, one setting per line."""
    lines = [f"Receives: {policy.kinds}, posted at {policy.post_at:%H:%M} {policy.tz}"]
    if policy.alerts:
        lines.append("Milestones: " + ", ".join(f"{n}" for n in policy.milestones) + " years")
        lead = ", ".join("on the day" if d == 0 else f"{d} days before" for d in policy.lead_days)
        lines.append(f"Alerts: {lead}")
        if policy.weekend_friday:
            lines.append("Alerts that fall on a weekend go out the Friday before")
    lines.append("Tags: " + (", ".join(policy.tags) if policy.tags else "all events"))
    if policy.digest:
        lines.append(
            "Days with nothing to report: "
            + ("a short digest says so" if policy.post_empty else "no post")
        )
    return lines
