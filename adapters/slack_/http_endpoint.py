"""The HTTP mode endpoint: checks every request before Bolt sees it.

Slack signs each request with ``v0=HMAC-SHA256(secret, "v0:{timestamp}:{raw body}")``.
The signature is checked here over the raw bytes, so that nothing from an
unauthenticated request is parsed or logged: a wrong or missing signature, a
timestamp that is not a number or is more than five minutes off, all get 401
with one log line that names only the reason. An authentic request whose body
is not UTF-8 or cannot be parsed gets 400. Only then is the request handed to
Bolt, whose own verification is turned off (it would log the raw body of a
request that fails it).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from collections.abc import Callable

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

log = logging.getLogger(__name__)

MAX_SKEW_SECONDS = 5 * 60  # Slack's advice: refuse requests older than five minutes
MAX_TIMESTAMP_DIGITS = 12
SIGNATURE_PREFIX = "v0="

Clock = Callable[[], float]


def signature_problem(
    secret: bytes, body: bytes, timestamp: str | None, signature: str | None, now: float
) -> str | None:
    """Why a request is not authentic, or ``None`` when it is. Reasons are fixed texts."""
    if not timestamp or not signature:
        return "no signature"
    if not (timestamp.isascii() and timestamp.isdigit()) or len(timestamp) > MAX_TIMESTAMP_DIGITS:
        return "malformed timestamp"
    if abs(now - int(timestamp)) > MAX_SKEW_SECONDS:
        return "stale timestamp"
    base = b"v0:" + timestamp.encode("ascii") + b":" + body
    expected = SIGNATURE_PREFIX + hmac.new(secret, base, hashlib.sha256).hexdigest()
    # compare_digest on str needs ASCII; a non-ASCII signature is simply wrong.
    if not signature.isascii() or not hmac.compare_digest(expected, signature):
        return "bad signature"
    return None


def _refuse(status: int, reason: str) -> web.Response:
    log.info("refused a Slack request: %s (%d)", reason, status)
    return web.json_response({"error": "invalid request"}, status=status)


class VerifiedEndpoint:
    """An aiohttp handler that passes only authentic, well-formed requests to ``app``."""

    def __init__(self, app: AsyncApp, signing_secret: str, now: Clock = time.time) -> None:
        self._app = app
        self._secret = signing_secret.encode()
        self._now = now

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        problem = signature_problem(
            self._secret,
            body,
            request.headers.get("X-Slack-Request-Timestamp"),
            request.headers.get("X-Slack-Signature"),
            self._now(),
        )
        if problem is not None:
            return _refuse(401, problem)
        try:
            bolt_request = AsyncBoltRequest(
                body=body.decode("utf-8"),
                query=request.query_string,
                headers=dict(request.headers),
            )
        except (ValueError, TypeError, AttributeError, KeyError):
            # Not UTF-8 (UnicodeDecodeError is a ValueError), not JSON, or JSON that
            # is not an object: Bolt's parsing fails on each of these.
            return _refuse(400, "signed body that is not UTF-8 JSON or form data")
        response = await self._app.async_dispatch(bolt_request)
        return await to_aiohttp_response(response)


def web_app(
    app: AsyncApp, signing_secret: str, path: str, now: Clock = time.time
) -> web.Application:
    """An aiohttp application serving ``app`` at ``path`` (POST only)."""
    endpoint = VerifiedEndpoint(app, signing_secret, now)
    application = web.Application()
    application.router.add_post(path, endpoint.handle)
    return application
