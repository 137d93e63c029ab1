"""Keeping log lines honest: values that come from requests are escaped, secrets are
redacted, and a few known-harmless library messages are dropped.

A value with a newline or another control character could otherwise forge a
log line ("... granted owner"), so ``printable`` escapes them and shortens the
value. ``Redactor`` hides the values of the secret settings and anything shaped
like a token or a password wherever it appears in a line (the log formatters of
``adapters.log_format`` apply it to every line, traceback included).
``drop_messages`` installs a filter on one named logger only, never on the root
logger.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterable, Mapping
from urllib.parse import unquote, urlsplit

MAX_LOGGED = 80


def printable(value: object, limit: int = MAX_LOGGED) -> str:
    """``value`` as text with every control character escaped, at most ``limit`` long."""
    text = str(value)
    escaped = "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text
    )
    return escaped if len(escaped) <= limit else escaped[: limit - 1] + "…"


REDACTED = "[redacted]"
# Settings whose values are secrets, by name: the platforms' tokens and signing secret,
# and whatever else an operator's environment names so (a database password).
SECRET_SETTING = re.compile(r"(?:TOKEN|SECRET|PASSWORD|PASSWD|API_KEY)$", re.IGNORECASE)
# Shorter values are not hidden: replacing a two-letter value everywhere would garble
# every line and protect nothing. Real tokens are far longer.
SHORTEST_SECRET = 8
# Secrets that reach a line without having been a setting of this process (a library
# echoing a request, an exception quoting a URL), recognised by their shape.
TOKEN_SHAPES = re.compile(
    r"\bxox[a-z]-[A-Za-z0-9-]{6,}"  # Slack bot, user and refresh tokens
    r"|\bxapp-[A-Za-z0-9-]{6,}"  # Slack app-level tokens
    # Discord bot tokens: the bot's id, a timestamp and a signature, in base64
    r"|\b[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}"
)
# Credentials named by what precedes them: "Authorization: Bot …" or "Bearer …" (long
# enough to be a credential, not "the bot started"), "password=…", and the password
# in scheme://user:password@host.
LABELLED = (
    re.compile(r"(?i)(\b(?:bot|bearer)\s+)[A-Za-z0-9._~+/=-]{20,}"),
    re.compile(r"(?i)(\bpassword\s*[=:]\s*)[^\s'\",;&]+"),
    re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://[^/\s:@]*:)[^\s@/]+(?=@)"),
)


class Redactor:
    """Hides secrets in text bound for a log: the values of ``secrets`` exactly, and
    anything shaped like a platform token or labelled as a credential."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        # Longest first, so that a secret containing another is hidden whole.
        found = {value for value in secrets if len(value) >= SHORTEST_SECRET}
        self._secrets = sorted(found, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        text = TOKEN_SHAPES.sub(REDACTED, text)
        for pattern in LABELLED:
            text = pattern.sub(rf"\g<1>{REDACTED}", text)
        return text


def secret_values(env: Mapping[str, str]) -> list[str]:
    """The values of the settings in ``env`` that hold secrets (see ``SECRET_SETTING``),
    and the password of any address among them (``DATELINE_DB=postgresql://…``), which
    a driver's error may quote on its own."""
    found = [value.strip() for name, value in env.items() if SECRET_SETTING.search(name)]
    for value in env.values():
        if "://" in value:
            with contextlib.suppress(ValueError):
                password = urlsplit(value.strip()).password
                if password:
                    found += [password, unquote(password)]
    return found


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
