"""What a channel receives and what the scheduler records about it.

``Policy`` is a subscription's options; ``Subscription`` binds a policy to a
platform channel; ``Occasion`` is one post that a policy calls for on a day;
``Delivery`` is a ledger record claimed for sending.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum

DEFAULT_MILESTONES: tuple[int, ...] = (1, 2, 3, 4, 5, 10, 15, 20, 25, 30, 40, 50, 75, 100)
DEFAULT_LEAD_DAYS: tuple[int, ...] = (30, 7, 0)
DEFAULT_POST_AT = time(9, 0)
FAILING_AFTER = 3  # failed attempts in a row after which ``status`` flags a channel


class Kind(StrEnum):
    DIGEST = "digest"
    ALERT = "alert"


@dataclass(frozen=True, slots=True)
class Policy:
    """A subscription's options. ``post_at`` is a local wall-clock time in ``tz``.

    ``weekend_friday`` moves alerts that would go out on a Saturday or Sunday to
    the Friday before; ``post_empty`` posts a digest even on a day with nothing.
    """

    digest: bool = True
    alerts: bool = True
    tz: str = "UTC"
    post_at: time = DEFAULT_POST_AT
    milestones: tuple[int, ...] = DEFAULT_MILESTONES
    lead_days: tuple[int, ...] = DEFAULT_LEAD_DAYS
    tags: tuple[str, ...] = ()
    weekend_friday: bool = False
    post_empty: bool = False

    @property
    def kinds(self) -> str:
        if self.digest and self.alerts:
            return "digest and alerts"
        return "digest" if self.digest else "alerts"


@dataclass(frozen=True, slots=True)
class Subscription:
    """A channel's subscription. ``paused`` holds the reason while it is paused.

    ``checked_until`` is the scheduler's watermark: every occasion due at or
    before it has been recorded in the ledger. ``version`` grows with each change,
    so a change based on an old reading is refused.
    """

    platform: str
    channel: str
    policy: Policy
    id: int | None = None
    paused: str = ""
    checked_until: datetime | None = None
    version: int = 0
    created_by: str = ""
    created_at: datetime | None = None
    updated_by: str = ""
    updated_at: datetime | None = None

    @property
    def active(self) -> bool:
        return not self.paused

    @property
    def where(self) -> str:
        return f"{self.platform} channel {self.channel}"


@dataclass(frozen=True, slots=True)
class Occasion:
    """One post a subscription calls for on its local ``day``, due at ``due_at`` (UTC).

    Alerts name their event, the anniversary date (``occurs_on``), how many
    years it marks and the lead in days it was asked for.
    """

    key: str
    kind: Kind
    day: date
    due_at: datetime
    event_id: int | None = None
    occurs_on: date | None = None
    years: int | None = None
    lead_days: int | None = None


class State(StrEnum):
    """Where a ledger record stands."""

    PENDING = "pending"  # claimed, waiting for its (next) attempt
    SENDING = "sending"  # an attempt is under way (or died mid-way)
    POSTED = "posted"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class Claim:
    """A ledger record to create: pending, or already skipped with a reason."""

    subscription_id: int
    key: str
    due_at: datetime
    skipped: str = ""


@dataclass(frozen=True, slots=True)
class Delivery:
    """A ledger record taken for sending. ``attempts`` counts the attempts begun
    before this one; ``retry`` means one of them may have reached the platform, so
    the publisher must check before posting again."""

    subscription_id: int
    key: str
    due_at: datetime
    attempts: int
    retry: bool


@dataclass(frozen=True, slots=True)
class Counters:
    """One subscription's delivery counts, from the ledger."""

    posted: int = 0
    late: int = 0
    skipped: int = 0
    failed: int = 0
    deduplicated: int = 0
    pending: int = 0
    failing: int = 0  # consecutive failed attempts, reset by a successful post


@dataclass(frozen=True, slots=True)
class Failure:
    """One failed delivery attempt, for ``status``."""

    subscription_id: int
    key: str
    at: datetime
    error: str
