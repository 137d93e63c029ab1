"""Why a chat platform cannot be served, as one line an operator can act on.

Adapters translate their client libraries' failures at start-up (the platform
cannot be reached, or it refuses the token) into these errors, so that
``dateline run`` reports one line instead of a library traceback. The message
never contains a token.
"""

from __future__ import annotations


class PlatformError(OSError):
    """A platform cannot be used. It is an ``OSError`` so that the command line
    reports it as it reports an unopenable database: one line, exit code 1."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class PlatformUnreachable(PlatformError):
    """The platform did not answer (DNS, refused or dropped connections, timeouts)."""


class TokenRejected(PlatformError):
    """The platform answered and refused the token."""
