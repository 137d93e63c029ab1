"""The core's exception tree.

    DatelineError                 base of everything the core raises on purpose
    ├── UserError                 the request is wrong; the message is shown to the user
    │   ├── BadDate               an impossible or malformed date ("31 February")
    │   ├── NotFound              an event id or subscription that does not exist
    │   └── PermissionDenied      the actor's role is too low for the command
    └── StoreError                the store failed; shown with a reference id only
        └── ConflictError         a write lost a race or broke a uniqueness rule

Anything else that escapes a handler is a bug: ``Bot.handle`` logs it with a
reference id and replies with that id, never with the traceback.
"""

from __future__ import annotations


class DatelineError(Exception):
    """Base class for errors the core raises on purpose."""


class UserError(DatelineError):
    """A problem with the user's request. ``str(err)`` is safe to show them."""


class BadDate(UserError):
    """An impossible or malformed date."""


class NotFound(UserError):
    """A referenced record does not exist."""


class PermissionDenied(UserError):
    """The actor's role does not allow the command."""


class StoreError(DatelineError):
    """The event store failed."""


class ConflictError(StoreError):
    """A write conflicted with existing data."""
