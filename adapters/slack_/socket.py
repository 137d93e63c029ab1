"""Socket Mode with one line per failed connection attempt and exponential backoff.

slack_sdk's aiohttp ``SocketModeClient`` retries a failed connection every few
seconds for ever, logging a full traceback each time (and its Web API client
retries and logs inside each attempt). ``BackoffSocketModeClient`` keeps the
SDK's session handling but owns the retrying:

- the first connection is one attempt: if Slack cannot be reached or refuses
  the app token, ``connect`` raises ``PlatformUnreachable`` or ``TokenRejected``
  and the adapter does not start;
- once connected, a lost connection is retried after 1, 2, 4 … seconds, at most
  ``BACKOFF_CAP`` apart, each failure logged as one line without a traceback.

Each attempt asks ``apps.connections.open`` for a fresh URL (Slack's URLs are
short-lived), through a Web API client without retry handlers of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import aiohttp
from slack_bolt.adapter.socket_mode.async_internals import (
    run_async_bolt_app,
    send_async_response,
)
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.async_client import AsyncBaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.web.async_client import AsyncWebClient

from adapters.logsafe import describe, printable
from adapters.platform_errors import PlatformError, PlatformUnreachable, TokenRejected

log = logging.getLogger(__name__)

BACKOFF_START = 1.0
BACKOFF_CAP = 60.0
PING_INTERVAL = 10.0  # Bolt's default for Socket Mode
REJECTED = frozenset(
    {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"}
)
CONNECTION_ERRORS = (SlackClientError, aiohttp.ClientError, OSError, TimeoutError)

Sleep = Callable[[float], Awaitable[None]]


@dataclass
class Backoff:
    """Delays that double from ``start`` up to ``cap``; ``reset`` after a success."""

    start: float = BACKOFF_START
    cap: float = BACKOFF_CAP
    _next: float = 0.0

    def delay(self) -> float:
        current = self._next or self.start
        self._next = min(current * 2, self.cap)
        return current

    def reset(self) -> None:
        self._next = 0.0


def startup_error(setting: str, error: Exception) -> PlatformError:
    """A failed first call to Slack as one line naming the setting to check."""
    if isinstance(error, SlackApiError):
        code = printable(error.response.get("error", "") or "error", 40)
        if code in REJECTED:
            return TokenRejected(f"Slack rejected {setting} ({code}); check the token")
        return PlatformUnreachable(f"Slack refused to connect ({code}); check {setting}")
    return PlatformUnreachable(f"cannot reach Slack: {describe(error)}")


class BackoffSocketModeClient(SocketModeClient):
    """The SDK's aiohttp Socket Mode client with our connection attempts and backoff."""

    def __init__(
        self,
        app_token: str,
        web_client: AsyncWebClient,
        *,
        sleep: Sleep = asyncio.sleep,
        backoff: Backoff | None = None,
    ) -> None:
        super().__init__(
            app_token=app_token,
            web_client=web_client,
            logger=logging.getLogger("slack_sdk.socket_mode"),
            ping_interval=PING_INTERVAL,
        )
        self._sleep = sleep
        self._backoff = backoff or Backoff()
        self._connected_once = False

    async def connect(self) -> None:
        while not self.closed:
            try:
                await self._attempt()
            except CONNECTION_ERRORS as error:
                if self.closed:
                    return
                if not self._connected_once:
                    raise startup_error("SLACK_APP_TOKEN", error) from None
                delay = self._backoff.delay()
                log.warning(
                    "Slack Socket Mode connection failed (%s); retrying in %.0f s",
                    describe(error),
                    delay,
                )
                await self._sleep(delay)
                continue
            if self._connected_once:
                log.info("Slack Socket Mode reconnected")
            self._connected_once = True
            self._backoff.reset()
            return

    async def connect_to_new_endpoint(self, force: bool = False) -> None:
        # The SDK fetches a new URL here, outside any backoff, and retries that every
        # few seconds; ``connect`` fetches it inside each attempt instead.
        acquired = False
        with contextlib.suppress(TimeoutError):  # another task is connecting already
            acquired = await asyncio.wait_for(self.connect_operation_lock.acquire(), timeout=5)
        try:
            if force or (acquired and not await self.is_connected()):
                await self.connect()
        finally:
            if acquired:
                self.connect_operation_lock.release()

    async def _attempt(self) -> None:
        """One connection attempt: a fresh URL, the websocket, the SDK's two loops."""
        # While this is False the SDK's monitor does not start reconnections of its own.
        self.auto_reconnect_enabled = False
        old = self.current_session
        if old is not None:
            with contextlib.suppress(Exception):  # a broken session may fail to close
                await old.close()
        if self.aiohttp_client_session.closed:
            self.aiohttp_client_session = aiohttp.ClientSession()
        response = await self.web_client.apps_connections_open(app_token=self.app_token)
        self.wss_uri = str(response["url"])
        self.current_session = await self.aiohttp_client_session.ws_connect(
            self.wss_uri,
            autoping=False,
            heartbeat=self.ping_interval,
            proxy=self.proxy,
            ssl=self.web_client.ssl if self.web_client.ssl is not None else True,
        )
        self.auto_reconnect_enabled = self.default_auto_reconnect_enabled
        self.stale = False
        await self.current_session.ping(f"sdk-ping-pong:{time.time()}".encode())
        for task in (self.current_session_monitor, self.message_receiver):
            if task is not None:
                task.cancel()
        self.current_session_monitor = asyncio.ensure_future(self.monitor_current_session())
        self.message_receiver = asyncio.ensure_future(self.receive_messages())


def socket_client(
    app: AsyncApp, app_token: str, web_client: AsyncWebClient, sleep: Sleep = asyncio.sleep
) -> BackoffSocketModeClient:
    """A Socket Mode client that hands every envelope to ``app``, as Bolt's handler does."""
    client = BackoffSocketModeClient(app_token, web_client, sleep=sleep)

    async def handle(socket: AsyncBaseSocketModeClient, request: SocketModeRequest) -> None:
        started = time.time()
        response = await run_async_bolt_app(app, request)
        await send_async_response(socket, request, response, started)

    client.socket_mode_request_listeners.append(handle)
    return client
