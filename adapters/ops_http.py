"""The operations endpoint that ``DATELINE_HTTP=HOST:PORT`` turns on in ``dateline run``:
aiohttp's web server, on the process's own event loop, answering

- ``GET /healthz``: the ``HealthReport`` as JSON, status 200 when healthy, else 503;
- ``GET /metrics``: the ``Metrics`` registry in the Prometheus text format (or
  OpenMetrics, when the scraper asks for it), queue depths read from the store first.

Requests are not logged: a scraper calls every few seconds, and the log is for events.
The endpoint has no authentication, so it belongs on loopback or a private network.
"""

from __future__ import annotations

import asyncio
import logging
import os

from aiohttp import web
from prometheus_client.aiohttp import make_aiohttp_handler

from adapters.health import Health
from adapters.metrics import Metrics

log = logging.getLogger(__name__)

NO_STORE = {"Cache-Control": "no-store"}


def ops_app(health: Health, metrics: Metrics) -> web.Application:
    """The web application of the operations endpoint."""
    exposition = make_aiohttp_handler(metrics.registry)

    async def healthz(_: web.Request) -> web.Response:
        report = await health.check()
        status = 200 if report.healthy else 503
        return web.json_response(report.as_json(), status=status, headers=NO_STORE)

    async def scrape(request: web.Request) -> web.StreamResponse:
        await metrics.read_queues()
        return await exposition(request)

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", scrape)
    return app


class OpsServer:
    """The endpoint listening on ``host:port`` from ``start()`` until ``close()``."""

    def __init__(self, host: str, port: int, health: Health, metrics: Metrics) -> None:
        self.host = host
        self.port = port  # the port bound, once started (port 0 takes a free one)
        self._runner = web.AppRunner(ops_app(health, metrics), access_log=None)

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    async def start(self) -> None:
        await self._runner.setup()
        try:
            await web.TCPSite(self._runner, self.host, self.port).start()
        except OSError as error:
            await self._runner.cleanup()
            # One line for the operator, naming the setting, as a refused token is.
            reason = os.strerror(error.errno) if error.errno else str(error)
            raise OSError(
                f"cannot listen on {self.host}:{self.port} (DATELINE_HTTP): {reason}"
            ) from None
        self.port = int(self._runner.addresses[0][1])
        log.info("operations endpoint listening on %s (/healthz, /metrics)", self.url)

    async def close(self) -> None:
        await self._runner.cleanup()

    async def __aenter__(self) -> OpsServer:
        await self.start()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()


async def serve_ops(address: tuple[str, int], health: Health, metrics: Metrics) -> None:
    """Serve the operations endpoint until cancelled, then stop listening."""
    server = OpsServer(*address, health, metrics)
    await server.start()
    try:
        await asyncio.Event().wait()
    finally:
        # Shielded: the cleanup must finish even though this task is being cancelled.
        await asyncio.shield(server.close())
