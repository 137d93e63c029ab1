"""How ``dateline run`` writes its log: text lines (the default) or, with
``DATELINE_LOG_FORMAT=json``, one JSON object a line for a log collector.

A JSON line holds ``time`` (UTC, ISO 8601), ``level``, ``logger``, ``message`` and,
when there is one, ``exception`` (the traceback) and ``stack``. Both formats pass
every line through ``logsafe.Redactor``, so a token or password never reaches the
log whichever format is chosen, however it got into a message or a traceback.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TextIO

from adapters.logsafe import Redactor, secret_values
from adapters.settings import Problems, log_format

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# JSON leaves these unescaped, but they end a line for many readers (Python's
# ``splitlines`` among them), so one could split an object in two.
_LINE_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


class TextFormatter(logging.Formatter):
    """``TIME LEVEL LOGGER: MESSAGE``, traceback after, with secrets redacted."""

    def __init__(self, redact: Redactor) -> None:
        super().__init__(TEXT_FORMAT)
        self.redact = redact

    def format(self, record: logging.LogRecord) -> str:
        return self.redact(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object a line, with secrets redacted in every field."""

    def __init__(self, redact: Redactor) -> None:
        super().__init__()
        self.redact = redact

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": utc_time(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": self.redact(record.getMessage()),
        }
        if record.exc_info:
            entry["exception"] = self.redact(self.formatException(record.exc_info))
        elif record.exc_text:
            entry["exception"] = self.redact(record.exc_text)
        if record.stack_info:
            entry["stack"] = self.redact(self.formatStack(record.stack_info))
        line = json.dumps(entry, ensure_ascii=False)
        for raw, escaped in _LINE_BREAKS.items():
            line = line.replace(raw, escaped)
        return line


def utc_time(created: float) -> str:
    """A record's time as ISO 8601 in UTC, to the millisecond: ``2026-01-03T09:00:00.125Z``."""
    moment = datetime.fromtimestamp(created, UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def formatter(kind: str, redact: Redactor) -> logging.Formatter:
    """The formatter ``DATELINE_LOG_FORMAT`` names: ``json``, else text."""
    return JsonFormatter(redact) if kind == "json" else TextFormatter(redact)


def configure_logging(
    env: Mapping[str, str], stream: TextIO | None = None, level: int = logging.INFO
) -> None:
    """Log to ``stream`` (standard error) at ``level``, in the format
    ``DATELINE_LOG_FORMAT`` names, hiding the values of every secret setting in ``env``.

    A malformed ``DATELINE_LOG_FORMAT`` logs text here: ``dateline run`` reads its
    settings next and stops with one message that names it among any other problems.
    Like ``logging.basicConfig``, this does nothing if the root logger has handlers.
    """
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter(log_format(env, Problems()), Redactor(secret_values(env))))
    logging.basicConfig(level=level, handlers=[handler])
