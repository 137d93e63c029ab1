"""Keeping log lines honest: values that come from requests are escaped, and a few
known-harmless library messages are dropped.

A value with a newline or another control character could otherwise forge a
log line ("... granted owner"), so ``printable`` escapes them and shortens the
value. ``drop_messages`` installs a filter on one named logger only, never on
the root logger.
"""

from __future__ import annotations

import logging

MAX_LOGGED = 80


def printable(value: object, limit: int = MAX_LOGGED) -> str:
    """``value`` as text with every control character escaped, at most ``limit`` long."""
    text = str(value)
    escaped = "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text
    )
    return escaped if len(escaped) <= limit else escaped[: limit - 1] + "…"


def describe(error: BaseException) -> str:
    """An exception as one printable line: its type and message."""
    detail = printable(error, 160)
    return f"{type(error).__name__}: {detail}" if detail else type(error).__name__


class _DropMessages(logging.Filter):
    def __init__(self, starts: tuple[str, ...]) -> None:
        super().__init__()
        self.starts = starts

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(self.starts)


def drop_messages(logger_name: str, *starts: str) -> None:
    """Drop the records of ``logger_name`` whose message starts with one of ``starts``.
    Installing the same filter twice is harmless."""
    logger = logging.getLogger(logger_name)
    for existing in logger.filters:
        if isinstance(existing, _DropMessages) and existing.starts == starts:
            return
    logger.addFilter(_DropMessages(starts))


class _OneLine(logging.Filter):
    def __init__(self, starts: tuple[str, ...]) -> None:
        super().__init__()
        self.starts = starts

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and str(record.msg).startswith(self.starts):
            error = record.exc_info[1]
            if error is not None:
                record.msg = f"{record.msg} (%s)"
                record.args = (*(record.args or ()), describe(error))
            record.exc_info = None
            record.exc_text = None
        return True


def one_line(logger_name: str, *starts: str) -> None:
    """Log the records of ``logger_name`` whose message starts with one of ``starts``
    without their traceback, naming the exception on the same line instead."""
    logger = logging.getLogger(logger_name)
    if not any(isinstance(f, _OneLine) and f.starts == starts for f in logger.filters):
        logger.addFilter(_OneLine(starts))
