"""The core's exception tree.

    DatelineError                 base of everything the core raises on purpose
    ├── UserError                 the request is wrong; the message is shown to the user
    │   ├── BadDate               an impossible or malformed date ("31 February")
    │   ├── NotFound              an event id or subscription that does not exist
    │   └── PermissionDenied      the actor's role is too low for the command
    ├── StoreError                the store failed; shown with a reference id only
    │   └── ConflictError         a write lost a race or broke a uniqueness rule
    └── DeliveryError             a scheduled post did not reach its channel
        ├── DeliveryFailed        worth retrying later (rate limits, outages, timeouts)
        └── ChannelUnavailable    the bot cannot post there (removed, archived): pause

Anything else that escapes a handler is a bug: ``Bot.handle`` logs it with a
reference id and replies with that id, never with the traceback.
"""

from __future__ import annotations


class DatelineError(Exception):
    """Base class for errors the core raises on purpose."""


class UserError(DatelineError):
    """A problem with the user's request. ``str(err)`` is safe to show them."""


class FieldError(UserError):
    """A problem with one named field of a command's form (``field``: "date", "title")."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class BadDate(UserError):
    """An impossible or malformed date."""


class NotFound(UserError):
    """A referenced record does not exist."""


class PermissionDenied(UserError):
    """The actor's role does not allow the command."""


class StoreError(DatelineError):
    """The event store failed."""


class StoreUnavailable(StoreError):
    """The store cannot be reached or did not answer in time (a database server down or
    overloaded): nothing is wrong with the request, and trying again later may work."""


class ConflictError(StoreError):
    """A write conflicted with existing data."""


class DeliveryError(DatelineError):
    """A publisher could not post into a channel. ``str(err)`` is safe to log and show
    moderators: publishers put the platform's error code in it, never a token."""


class DeliveryFailed(DeliveryError):
    """A transient failure. ``retry_after`` is the platform's requested wait in seconds
    (a 429's ``Retry-After``), or ``None`` when it gave none."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class ChannelUnavailable(DeliveryError):
    """A permanent failure: the channel is gone, archived, or the bot was removed from it.
    Retrying cannot help, so the subscription is paused with this reason."""
