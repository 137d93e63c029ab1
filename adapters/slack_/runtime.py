"""Running the Slack app: Socket Mode (default) or an HTTP endpoint, until cancelled.

Start-up checks the bot token with ``auth.test``; Slack unreachable or a rejected
token stops the adapter with one line (``PlatformUnreachable``, ``TokenRejected``).
Socket Mode then connects through ``socket.BackoffSocketModeClient`` (lost
connections are retried with backoff); HTTP mode serves ``http_endpoint``, which
verifies every request before Bolt sees it. ``close`` releases everything
whether or not ``start`` finished, so a stop during start-up is clean too.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiohttp import web
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack_.app import Now, build_app, make_client, utc_now
from adapters.slack_.http_endpoint import web_app
from adapters.slack_.settings import EVENTS_PATH, SlackMode, SlackSettings
from adapters.slack_.socket import (
    CONNECTION_ERRORS,
    BackoffSocketModeClient,
    Sleep,
    socket_client,
    startup_error,
)
from bot.core import Bot

log = logging.getLogger(__name__)


class SlackRuntime:
    """One running Slack connection; ``start()`` then ``close()``."""

    def __init__(
        self,
        settings: SlackSettings,
        bot: Bot,
        *,
        client: AsyncWebClient | None = None,
        now: Now = utc_now,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.settings = settings
        self.client = client or make_client(settings)
        self.app = build_app(settings, bot, self.client, now)
        self._sleep = sleep
        self._runner: web.AppRunner | None = None
        self._socket: BackoffSocketModeClient | None = None
        self.port: int | None = None

    async def start(self) -> None:
        await self._check_bot_token()
        if self.settings.mode is SlackMode.HTTP:
            await self._start_http()
        else:
            await self._start_socket()

    async def _check_bot_token(self) -> None:
        # One attempt, without the client's retry handlers: at start-up an operator
        # wants the answer now, and the retry handlers log every attempt.
        checker = AsyncWebClient(
            token=self.settings.bot_token.reveal(), retry_handlers=[], **self._base_url()
        )
        try:
            await checker.auth_test()
        except CONNECTION_ERRORS as error:
            raise startup_error("SLACK_BOT_TOKEN", error) from None

    def _base_url(self) -> dict[str, Any]:
        base = self.settings.api_base_url
        return {"base_url": base} if base else {}

    async def _start_http(self) -> None:
        secret = self.settings.signing_secret
        if secret is None:
            raise ValueError("HTTP mode needs SLACK_SIGNING_SECRET")
        self._runner = web.AppRunner(
            web_app(self.app, secret.reveal(), EVENTS_PATH), access_log=None
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.settings.host, self.settings.port)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        log.info(
            "Slack HTTP endpoint listening on %s:%s%s", self.settings.host, self.port, EVENTS_PATH
        )

    async def _start_socket(self) -> None:
        if self.settings.app_token is None:
            raise ValueError("Socket Mode needs SLACK_APP_TOKEN")
        opener = AsyncWebClient(retry_handlers=[], **self._base_url())
        self._socket = socket_client(
            self.app, self.settings.app_token.reveal(), opener, self._sleep
        )
        await self._socket.connect()
        log.info("Slack Socket Mode connected")

    async def is_connected(self) -> bool:
        """Whether Slack can reach the app now: its socket is open (Socket Mode), or its
        endpoint is listening (HTTP mode, where nothing more is known between events)."""
        if self._socket is not None:
            return bool(await self._socket.is_connected())
        return self._runner is not None and self.port is not None

    async def close(self) -> None:
        if self._socket is not None:
            socket, self._socket = self._socket, None
            await socket.close()  # type: ignore[no-untyped-call]
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()
        log.info("Slack adapter stopped")


async def serve(settings: SlackSettings, bot: Bot, runtime: SlackRuntime | None = None) -> None:
    """Run the Slack adapter (``runtime``, made from ``settings`` and ``bot`` if not
    given) until cancelled, then disconnect cleanly."""
    runtime = runtime or SlackRuntime(settings, bot)
    try:
        await runtime.start()
        await asyncio.Event().wait()
    finally:
        await asyncio.shield(runtime.close())
