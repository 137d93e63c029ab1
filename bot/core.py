"""``Bot``: the single entry point adapters call. It resolves the command, checks
the actor's role in one place (failing closed), runs the handler, and turns
every failure into a reply: user errors say what was wrong, a busy store says
that nothing was saved and to try again, bugs carry a reference id while the
traceback goes to the log. Text from the platforms is made valid Unicode here,
once, so no handler or store ever sees a lone surrogate. It also chooses the zone
"today" is read in (``bot.zone_settings``) and, when that is not the asker's own
zone, notes it on every answer that depended on the day."""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Mapping
from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.command_set import build_commands
from bot.commands import Command, CommandTable
from bot.context import BotSettings, Context
from bot.errors import FieldError, NotFound, StoreError, StoreUnavailable, UserError
from bot.feed_port import FeedService
from bot.forms import FORM_COMMANDS, Form, add_form, edit_form
from bot.messages import Incoming, Reply, ReplyKind, Role
from bot.numbers import whole_number
from bot.paging import Continuations, split_page
from bot.ports import EventStore, Transfers
from bot.queries import Query
from bot.review_port import ReviewQueue
from bot.text_input import valid_text
from bot.usage import MAX_INPUT
from bot.zone_settings import (
    SpaceZone,
    SpaceZones,
    ZoneChoice,
    ZoneSource,
    choose_zone,
    today_note,
    zone_names,
)

if TYPE_CHECKING:
    from bot.reminders.store import ReminderStore

log = logging.getLogger(__name__)

# Replies whose "more" replaces what an asker's last "more" would have shown.
LISTS = frozenset({ReplyKind.ANSWER, ReplyKind.LIST, ReplyKind.EMPTY})
# The commands that change the store. Each makes one write, in one transaction, so
# when that write fails nothing of it was saved.
WRITES = frozenset({
    "add", "cite", "edit", "delete", "merge", "publish", "unpublish", "sources", "undo", "import",
    "subscribe", "unsubscribe", "pause", "resume", "approve", "reject",
})
# Commands that write only when given arguments ("timezone" shows, "timezone UTC" sets).
WRITES_WITH_ARGUMENTS = frozenset({"timezone", "tags", "review", "feed"})
# How far from the asker's day a question is parsed again to learn whether its answer
# depends on "today": over a year, so the year, month, day and weekday all differ.
OTHER_DAY = timedelta(days=400)
# How SQLite names "another connection holds the lock" (sqlite3's ``sqlite_errorname``,
# read by duck typing so the core needs no driver), and the words of its message.
BUSY_CODES = ("SQLITE_BUSY", "SQLITE_LOCKED")
BUSY_WORDS = ("database is locked", "database is busy", "database table is locked")


def valid_incoming(incoming: Incoming) -> Incoming:
    """Every text field of ``incoming`` made valid (see ``valid_text``)."""
    actor = incoming.actor
    return replace(
        incoming,
        text=valid_text(incoming.text),
        channel=valid_text(incoming.channel),
        tz=None if incoming.tz is None else valid_text(incoming.tz),
        space=valid_text(incoming.space),
        options=tuple(
            (valid_text(name), valid_text(value) if isinstance(value, str) else value)
            for name, value in incoming.options
        ),
        actor=replace(
            actor,
            platform=valid_text(actor.platform),
            user_id=valid_text(actor.user_id),
            display_name=valid_text(actor.display_name),
        ),
    )


def is_busy(error: BaseException) -> bool:
    """Whether ``error`` (or what caused it) is the store being locked by another writer."""
    seen: BaseException | None = error
    while seen is not None:
        if getattr(seen, "sqlite_errorname", "") in BUSY_CODES:
            return True
        if any(words in str(seen).lower() for words in BUSY_WORDS):
            return True
        seen = seen.__cause__
    return False


class Bot:
    def __init__(
        self,
        store: EventStore,
        settings: BotSettings | None = None,
        reminders: ReminderStore | None = None,
        zones: SpaceZones | None = None,
        transfers: Transfers | None = None,
        *,
        review: ReviewQueue | None = None,
        feeds: FeedService | None = None,
    ) -> None:
        self.store = store
        self.settings = settings or BotSettings()
        self.reminders = reminders
        self.zones = zones
        self.transfers = transfers
        self.review = review
        self.feeds = feeds
        self.commands: CommandTable = build_commands()
        self.continuations = Continuations()
        # Set when a subscription changes, so a scheduler in this process wakes at once.
        self.reminders_changed = asyncio.Event()

    async def handle(self, incoming: Incoming) -> Reply:
        """Answer one message. Never raises, except to propagate cancellation."""
        incoming = valid_incoming(incoming)
        try:
            return await self._handle(incoming)
        except asyncio.CancelledError:
            raise
        except UserError as err:
            field = err.field if isinstance(err, FieldError) else None
            return Reply(ReplyKind.ERROR, "That did not work", str(err), field=field)
        except StoreError as err:
            return self._store_failed(err, writes=self.changes_store(incoming.text))
        except Exception:
            return _internal_error("handling a message failed")

    def changes_store(self, text: str) -> bool:
        """Whether the message ``text`` names a command that writes to the store."""
        command, args = self.commands.resolve(text[:MAX_INPUT])
        return command.name in WRITES or (command.name in WRITES_WITH_ARGUMENTS and bool(args))

    def refuses(self, role: Role, text: str) -> bool:
        """Whether the central check refuses the command ``text`` names to ``role``."""
        command, _ = self.commands.resolve(text[:MAX_INPUT])
        return not self.may_run(role, command)

    @staticmethod
    def _store_failed(err: StoreError, *, writes: bool) -> Reply:
        if is_busy(err):
            # Not a bug: another process (a second Dateline, an import, a backup) held
            # the write lock for longer than the store waits. Retrying is the remedy.
            log.warning("the store is busy: %s", err)
            busy = (
                "The store is busy: another process is holding its lock (a second "
                "Dateline, an import or a backup). Please try again in a moment."
            )
            if writes:
                return Reply(ReplyKind.ERROR, "Nothing was saved", f"Nothing was saved. {busy}")
            return Reply(ReplyKind.ERROR, "The store is busy", busy)
        if isinstance(err, StoreUnavailable):
            return _unavailable(err, writes=writes)
        if writes:
            return _internal_error(
                "a write failed", "Nothing was saved: the store failed.", "Nothing was saved"
            )
        return _internal_error("handling a message failed")

    async def _handle(self, incoming: Incoming) -> Reply:
        choice = await self._zone_for(incoming)
        try:
            zone = ZoneInfo(choice.tz)
        except (ZoneInfoNotFoundError, ValueError):
            return _refused(
                "Unknown timezone",
                f"“{choice.tz[:60]}” is not a timezone name such as Europe/London.",
            )
        command, args, remembered = self._command_for(incoming)
        # A remembered next page is another command: the form's typed values are not its.
        options = {} if remembered else dict(incoming.options)
        args, page = split_page(args)
        if not self.may_run(incoming.actor.role, command):
            return _not_allowed(command.name)
        ctx = Context(
            self.store,
            incoming.actor,
            incoming.channel,
            incoming.received_at.astimezone(zone),
            choice.tz,
            self.settings,
            self.reminders,
            self.reminders_changed.set,
            command=f"{command.name} {args}".strip(),
            page_number=page,
            space=incoming.space,
            zone_source=choice.source,
            zones=self.zones,
            options=options,
            transfers=self.transfers,
            files=incoming.files,
            review=self.review,
            feeds=self.feeds,
        )
        query = command.parse(args, ctx)
        reply = await command.run(ctx, query)
        if reply.kind in LISTS:
            self.continuations.remember(incoming.actor.ref, incoming.channel, reply.next)
            if choice.source is not ZoneSource.OWN and depends_on_today(command, args, ctx, query):
                reply = with_note(reply, today_note(choice, ctx.today))
        return reply

    def _command_for(self, incoming: Incoming) -> tuple[Command, str, bool]:
        """The command the message names, its arguments, and whether it is the asker's
        remembered next page (what "more" runs)."""
        command, args = self.commands.resolve(incoming.text[:MAX_INPUT])
        if command.name == "more":
            remembered = self.continuations.get(incoming.actor.ref, incoming.channel)
            if remembered is not None:
                return (*self.commands.resolve(remembered), True)
        return command, args, False

    async def _zone_for(self, incoming: Incoming) -> ZoneChoice:
        """The asker's own zone, else their space's, else the default (see
        ``bot.zone_settings``). The space's is read only when it can matter."""
        space: SpaceZone | None = None
        if not (incoming.tz and incoming.own_tz) and self.zones is not None:
            try:
                space = await self.zones.zone_of(incoming.actor.platform, incoming.space)
            except StoreError as err:
                # An answer in the default zone (and saying so) beats no answer at all.
                log.warning("reading the space's time zone failed: %s", err)
        return choose_zone(incoming.tz, incoming.own_tz, space, self.settings.default_tz)

    async def form_for(self, incoming: Incoming) -> Form | Reply:
        """The form "add" or "edit ID" opens (``bot.forms``), or the reply saying why
        not: the same role check as running the command, an unknown event's NotFound."""
        incoming = valid_incoming(incoming)
        command, args = self.commands.resolve(incoming.text[:MAX_INPUT])
        if not self.may_run(incoming.actor.role, command):
            return _not_allowed(command.name)
        try:
            if command.name not in FORM_COMMANDS:
                raise UserError(f"“{command.name}” has no form; say “help {command.name}”.")
            if command.name == "add":
                return add_form()
            number = whole_number(args.strip().lstrip("#"))
            if number is None:
                raise UserError("Say which event to edit: edit ID, e.g. edit 12.")
            event = await self.store.get(number)
            if event is None:
                raise NotFound(f"There is no event #{number}.")
            return edit_form(event)
        except UserError as err:
            return Reply(ReplyKind.ERROR, "That did not work", str(err))
        except StoreError as err:
            return self._store_failed(err, writes=False)

    async def submit_form(
        self, incoming: Incoming, values: Mapping[str, str], version: int | None = None
    ) -> Reply:
        """Run what the form ``incoming`` opens ("add", "edit 12") says with the submitted
        ``values``, answered as that command is. The form is read again (the same role
        check); an edit is based on ``version``, the one the form showed, so a change
        made since is refused. A value no command can carry names its field."""
        form = await self.form_for(incoming)
        if isinstance(form, Reply):
            return form
        if form.command == "edit" and version is not None:
            form = replace(form, version=version)
        try:
            text = form.command_text({k: valid_text(v) for k, v in values.items()})
        except FieldError as err:
            return Reply(ReplyKind.ERROR, "That did not work", str(err), field=err.field)
        return await self.handle(replace(incoming, text=text, options=()))

    @staticmethod
    def may_run(role: Role, command: Command) -> bool:
        """The one permission gate. An unknown role value is treated as a member's."""
        effective = role if isinstance(role, Role) else Role.MEMBER
        return effective >= command.role

    async def complete(self, source: str, prefix: str, limit: int = 25) -> list[str]:
        """Autocomplete values for a parameter's completion source ("topics", "zones")."""
        if source == "zones":
            return zone_names(valid_text(prefix)[:64], limit)
        if source != "topics":
            return []
        try:
            return await self.store.topics(valid_text(prefix).strip().lower()[:100], limit)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("autocomplete failed")
            return []


def depends_on_today(command: Command, args: str, ctx: Context, query: Query) -> bool:
    """Whether the answer to ``query`` depended on the asker's day: parsed on another
    day, the same words ask something else ("yesterday", "last month", "upcoming",
    "onthisday" alone), while "7 January 2020", "7 January" or "timeline Iran" do not.
    Asking the parser itself keeps this true to every phrase it reads."""
    try:
        other_day = replace(ctx, now=ctx.now - OTHER_DAY)
    except OverflowError:  # an asker at the very start of the calendar
        return False
    return command.parse(args, other_day) != query


def _refused(title: str, text: str) -> Reply:
    return Reply(ReplyKind.ERROR, title, text)


def _not_allowed(name: str) -> Reply:
    return _refused(
        "Not allowed", f"Only moderators can use “{name}”. Say “help” for what you can run."
    )


def with_note(reply: Reply, note: str) -> Reply:
    """``reply`` with ``note`` as the last line of its footer."""
    if not note:
        return reply
    return replace(reply, footer=f"{reply.footer}\n{note}" if reply.footer else note)


def _unavailable(err: StoreUnavailable, *, writes: bool) -> Reply:
    """The database cannot be reached: no bug, so a warning with a reference rather than
    a traceback, and a reply that says to try again."""
    reference = secrets.token_hex(4)
    log.warning("the store cannot be reached (reference %s): %s", reference, err)
    lead = "Nothing was saved. " if writes else ""
    return Reply(
        ReplyKind.ERROR,
        "Nothing was saved" if writes else "The store cannot be reached",
        f"{lead}Dateline cannot reach its database right now. Please try again in a "
        f"moment; if it goes on, tell an operator the reference {reference}.",
        reference=reference,
    )


def _internal_error(
    what: str,
    lead: str = "Dateline hit an internal error.",
    title: str = "Something went wrong",
) -> Reply:
    """Log the exception being handled with a fresh reference id, and reply with that id."""
    reference = secrets.token_hex(4)
    log.exception("%s (reference %s)", what, reference)
    return Reply(
        ReplyKind.ERROR,
        title,
        f"{lead} Please tell an operator the reference {reference}.",
        reference=reference,
    )
