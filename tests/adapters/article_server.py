"""A local HTTP server on 127.0.0.1 that serves the pages the URL-ingest tests fetch:
an article, a PDF, oversized bodies, redirects. It runs its own event loop in a thread,
so it serves both async tests and ``dateline ingest``, which starts its own loop."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from aiohttp import web

ARTICLE_HTML = """<!doctype html>
<html><head>
<meta charset="utf-8">
<title>Rocket hits embassy | Wire</title>
<meta property="og:title" content="Rocket hits embassy compound">
<meta property="og:site_name" content="Wire">
<meta property="article:published_time" content="2020-01-09T08:30:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Rocket hits embassy compound</h1>
<p>BAGHDAD (Wire) — A rocket hit the embassy compound on Tuesday, officials said.
Nobody was hurt in the attack, according to a statement from the embassy staff.</p>
<p>The ministers will meet next week to discuss the security of the compound and the
protection of diplomatic staff working in the city.</p>
</article>
<footer>© Wire 2020</footer>
</body></html>"""
PRIVATE_TARGET = "http://169.254.169.254/latest/meta-data/"
BIG = 6 * 1024 * 1024
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class Served:
    """Where the server listens and the paths it was asked for, in order."""

    base: str
    requests: list[str] = field(default_factory=list)


def _routes(served: Served) -> web.Application:
    async def article(_: web.Request) -> web.Response:
        return web.Response(text=ARTICLE_HTML, content_type="text/html")

    async def cp1252(_: web.Request) -> web.Response:
        page = ARTICLE_HTML.replace("hurt", "hurt at the café").replace(
            '<meta charset="utf-8">', "")
        return web.Response(body=page.encode("cp1252"),
                            headers={"Content-Type": "text/html; charset=windows-1252"})

    async def undated(_: web.Request) -> web.Response:
        page = ARTICLE_HTML.replace(
            '<meta property="article:published_time" content="2020-01-09T08:30:00Z">', ""
        ).replace("embassy staff.", "embassy staff on 3 January 2020.")
        return web.Response(text=page, content_type="text/html")

    async def pdf(_: web.Request) -> web.Response:
        return web.Response(body=b"%PDF-1.4\n%\xe2\xe3\n", content_type="application/pdf")

    async def declared_big(_: web.Request) -> web.Response:
        return web.Response(body=b"<p>" + b"x" * BIG, content_type="text/html")

    async def streamed_big(request: web.Request) -> web.StreamResponse:
        # No Content-Length: only counting while reading can stop this one.
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        try:
            for _ in range(BIG // 65536 + 1):
                await response.write(b"<p>" + b"x" * 65533)
        except (ConnectionError, RuntimeError):
            pass  # the client stopped reading, as it should
        return response

    async def empty(_: web.Request) -> web.Response:
        return web.Response(text="<html><head><title>Home</title></head><body></body></html>",
                            content_type="text/html")

    async def missing(_: web.Request) -> web.Response:
        return web.Response(status=404, text="no such story")

    def redirect(target: str) -> Handler:
        async def handler(_: web.Request) -> web.Response:
            raise web.HTTPFound(target)
        return handler

    @web.middleware
    async def record(request: web.Request, handler: Handler) -> web.StreamResponse:
        served.requests.append(request.path)
        return await handler(request)

    app = web.Application(middlewares=[record])
    app.router.add_get("/article", article)
    app.router.add_get("/cp1252", cp1252)
    app.router.add_get("/undated", undated)
    app.router.add_get("/report.pdf", pdf)
    app.router.add_get("/declared-big", declared_big)
    app.router.add_get("/streamed-big", streamed_big)
    app.router.add_get("/empty", empty)
    app.router.add_get("/missing", missing)
    app.router.add_get("/to-private", redirect(PRIVATE_TARGET))
    app.router.add_get("/to-ftp", redirect("ftp://example.com/story"))
    app.router.add_get("/loop", redirect("/loop"))
    app.router.add_get("/hop", redirect("/article"))
    return app


@contextmanager
def article_server() -> Iterator[Served]:
    """Serve the test pages on 127.0.0.1 (a free port) for the duration of the block."""
    loop = asyncio.new_event_loop()
    served = Served(base="")
    runner = web.AppRunner(_routes(served), access_log=None)

    async def start() -> str:
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        host, port = runner.addresses[0][:2]
        return f"http://{host}:{port}"

    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    served.base = asyncio.run_coroutine_threadsafe(start(), loop).result(timeout=10)
    try:
        yield served
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()
