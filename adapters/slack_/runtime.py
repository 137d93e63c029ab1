"""Running the Slack app: Socket Mode (default) or an HTTP endpoint, until cancelled.

Socket Mode uses slack_sdk's aiohttp ``SocketModeClient`` through Bolt's
``AsyncSocketModeHandler``. HTTP mode serves Bolt's aiohttp app, which verifies
every request's signature (forged or stale requests get 401).
"""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.app.async_server import AsyncSlackAppServer
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack_.app import Now, build_app, make_client, utc_now
from adapters.slack_.settings import EVENTS_PATH, SlackMode, SlackSettings
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
    ) -> None:
        self.settings = settings
        self.client = client or make_client(settings)
        self.app = build_app(settings, bot, self.client, now)
        self._runner: web.AppRunner | None = None
        self._socket: AsyncSocketModeHandler | None = None
        self.port: int | None = None

    async def start(self) -> None:
        if self.settings.mode is SlackMode.HTTP:
            await self._start_http()
        else:
            await self._start_socket()

    async def _start_http(self) -> None:
        server = AsyncSlackAppServer(
            port=self.settings.port, path=EVENTS_PATH, app=self.app, host=self.settings.host
        )
        self._runner = web.AppRunner(server.web_app, access_log=None)
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
        self._socket = AsyncSocketModeHandler(
            self.app, app_token=self.settings.app_token.reveal(), web_client=self.client
        )
        await self._socket.connect_async()  # type: ignore[no-untyped-call]
        log.info("Slack Socket Mode connected")

    async def close(self) -> None:
        if self._socket is not None:
            socket, self._socket = self._socket, None
            await socket.close_async()  # type: ignore[no-untyped-call]
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()
        log.info("Slack adapter stopped")


async def serve(settings: SlackSettings, bot: Bot) -> None:
    """Run the Slack adapter until cancelled, then disconnect cleanly."""
    runtime = SlackRuntime(settings, bot)
    await runtime.start()
    try:
        await asyncio.Event().wait()
    finally:
        await asyncio.shield(runtime.close())
