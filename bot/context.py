"""What a command handler gets: the stores, the asker, and the asker's local time."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from bot.date_order import NumericOrder
from bot.feed_port import FeedService
from bot.messages import Actor, FileIn, Role
from bot.paging import Page
from bot.ports import EventStore, Transfers
from bot.review_port import ReviewQueue
from bot.zone_settings import SpaceZones, ZoneSource

if TYPE_CHECKING:  # the reminders package sits above the kernel; only its port is named here
    from bot.parsing import ParseSettings
    from bot.reminders.store import ReminderStore


@dataclass(frozen=True, slots=True)
class BotSettings:
    """The core's settings, loaded once by the composition root."""

    default_tz: str = "UTC"
    numeric_order: NumericOrder | None = None
    max_events: int = 25

    @property
    def parse_settings(self) -> ParseSettings:
        # Imported here: the parser brings the date tagger, which commands such as
        # help and event never need.
        from bot.parsing import ParseSettings  # noqa: PLC0415

        return ParseSettings(numeric_order=self.numeric_order)


@dataclass(frozen=True, slots=True)
class Context:
    """One request's view of the world. ``now`` is in the zone ``tz``, chosen for the
    asker (``bot.zone_settings``); ``zone_source`` says where that zone came from."""

    store: EventStore
    actor: Actor
    channel: str
    now: datetime
    tz: str
    settings: BotSettings = field(default_factory=BotSettings)
    reminders: ReminderStore | None = None
    on_change: Callable[[], None] = field(default=lambda: None)
    command: str = ""  # the request as a command, without its page ("onthisday 7 January")
    page_number: int = 1
    options: Mapping[str, str | int] = field(default_factory=dict)
    space: str = ""  # the asker's server (see ``Incoming.space``)
    zone_source: ZoneSource = ZoneSource.DEFAULT
    zones: SpaceZones | None = None
    transfers: Transfers | None = None  # files to and from the store (export, import)
    files: tuple[FileIn, ...] = ()  # the files that came with the message
    review: ReviewQueue | None = None  # candidate events waiting for a moderator
    feeds: FeedService | None = None  # subscribed RSS and Atom feeds, and polling them

    @property
    def page(self) -> Page:
        return Page(self.page_number, self.settings.max_events, self.command)

    @property
    def shows_ids(self) -> bool:
        """Moderators see event numbers in every answer (they need them for commands)."""
        return self.actor.role >= Role.MODERATOR

    @property
    def today(self) -> date:
        return self.now.date()

    def typed_int(self, name: str) -> int | None:
        """The whole number a platform's form gave for parameter ``name``, if it did."""
        value = self.options.get(name)
        return value if isinstance(value, int) and not isinstance(value, bool) else None
