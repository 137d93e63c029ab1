"""Log lines as ``dateline run`` writes them: JSON lines that parse, one object a line,
with UTC times, and secrets (the values of secret settings, and anything shaped like a
token or a password) redacted in the message and the traceback, in JSON and in text."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest

from adapters.log_format import JsonFormatter, TextFormatter, configure_logging, utc_time
from adapters.logsafe import REDACTED, Redactor, secret_values

BOT_TOKEN = "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"
DISCORD_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB"
ENV = {
    "SLACK_BOT_TOKEN": BOT_TOKEN,
    "DISCORD_TOKEN": DISCORD_TOKEN,
    "SLACK_SIGNING_SECRET": "8f742231b10e8888abcd99yyyzzz85a5",
    "DATELINE_DB": "postgresql://dateline:pa55word-on-file@db.internal/dateline",
    "DATELINE_TZ": "Europe/London",
}


@pytest.fixture
def logged() -> Iterator[tuple[logging.Logger, io.StringIO, logging.Handler]]:
    """A logger of its own writing JSON lines to a buffer, with ``ENV``'s secrets."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(JsonFormatter(Redactor(secret_values(ENV))))
    logger = logging.getLogger("tests.log_format")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        yield logger, out, handler
    finally:
        logger.removeHandler(handler)


def lines(out: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.getvalue().split("\n") if line]


def test_each_record_is_one_json_object_on_one_line(
    logged: tuple[logging.Logger, io.StringIO, logging.Handler],
) -> None:
    logger, out, _ = logged
    logger.info("posted %s to %s", "digest:2026-01-03", "slack channel C1")
    logger.warning("a title with\nnewlines\u2028and a line separator")
    first, second = lines(out)
    assert set(first) == {"time", "level", "logger", "message"}
    assert first["level"] == "INFO"
    assert first["logger"] == "tests.log_format"
    assert first["message"] == "posted digest:2026-01-03 to slack channel C1"
    assert second["message"] == "a title with\nnewlines\u2028and a line separator"
    assert len(out.getvalue().splitlines()) == 2  # even for readers that split on U+2028


def test_the_time_is_utc_iso_8601() -> None:
    stamp = utc_time(1767430800.125)  # 2026-01-03 09:00:00.125 UTC
    assert stamp == "2026-01-03T09:00:00.125Z"
    parsed = datetime.fromisoformat(stamp)
    assert parsed.utcoffset() == timedelta(0)


def test_secrets_are_redacted_in_the_message_and_the_exception(
    logged: tuple[logging.Logger, io.StringIO, logging.Handler],
) -> None:
    logger, out, _ = logged
    logger.info("connecting with %s and %s", BOT_TOKEN, DISCORD_TOKEN)
    try:
        raise ConnectionError(f"auth failed for Authorization: Bot {DISCORD_TOKEN}")
    except ConnectionError:
        logger.exception("opening %s failed", ENV["DATELINE_DB"])
    first, second = lines(out)
    assert first["message"] == f"connecting with {REDACTED} and {REDACTED}"
    address = f"postgresql://dateline:{REDACTED}@db.internal/dateline"
    assert second["message"] == f"opening {address} failed"
    assert second["level"] == "ERROR"
    assert "Traceback (most recent call last)" in second["exception"]
    assert f"ConnectionError: auth failed for Authorization: Bot {REDACTED}" in second["exception"]
    for secret in (BOT_TOKEN, DISCORD_TOKEN, "pa55word-on-file"):
        assert secret not in out.getvalue()


def test_token_shapes_are_redacted_even_when_no_setting_named_them() -> None:
    redact = Redactor()
    other_bot = "xoxb-999999999999-9999999999999-ZyXwVuTsRqPoNmLkJiHgFeDc"
    assert redact(f"token={other_bot}") == f"token={REDACTED}"
    assert redact("xapp-1-A0123456789-1234567890123-abcdef") == REDACTED
    assert redact(f"Bearer {DISCORD_TOKEN}") == f"Bearer {REDACTED}"
    # Ordinary text and addresses are left alone.
    for text in ("the bot started", "http://127.0.0.1:9108/metrics", "posted digest:2026-01-03"):
        assert redact(text) == text


def test_secret_settings_are_found_by_name() -> None:
    found = secret_values(ENV)
    assert BOT_TOKEN in found and DISCORD_TOKEN in found
    assert ENV["SLACK_SIGNING_SECRET"] in found
    assert "pa55word-on-file" in found  # the password of an address
    assert "Europe/London" not in found


def test_text_lines_are_redacted_too() -> None:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(TextFormatter(Redactor(secret_values(ENV))))
    record = logging.LogRecord(
        "adapters.x", logging.WARNING, __file__, 1, "token %s", (BOT_TOKEN,), None
    )
    handler.handle(record)
    assert out.getvalue().rstrip().endswith(f"WARNING adapters.x: token {REDACTED}")
    assert BOT_TOKEN not in out.getvalue()


@pytest.mark.parametrize(("setting", "json_lines"), [("json", True), ("text", False), ("", False)])
def test_configure_logging_follows_the_setting(setting: str, json_lines: bool) -> None:
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    root.handlers = []  # as at the start of ``dateline run``
    out = io.StringIO()
    try:
        configure_logging({**ENV, "DATELINE_LOG_FORMAT": setting}, out)
        logging.getLogger("adapters.composition").info("starting with %s", BOT_TOKEN)
    finally:
        root.handlers, root.level = saved_handlers, saved_level
    line = out.getvalue()
    assert BOT_TOKEN not in line
    if json_lines:
        assert json.loads(line)["message"] == f"starting with {REDACTED}"
    else:
        assert line.rstrip().endswith(f"INFO adapters.composition: starting with {REDACTED}")
