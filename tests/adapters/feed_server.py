"""A local HTTP server on 127.0.0.1, on the test's own event loop, serving the feeds the
feed tests poll (an RSS feed, an Atom feed, a failing one, garbage) and the article pages
their items link to. ``Site.pages`` may be changed between polls."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from aiohttp import web

LONG = ("A US drone strike near Baghdad airport killed the Iranian general Qassem Soleimani "
        "on 3 January 2020. Officials in Washington confirmed the strike later that night, "
        "and leaders across the region called for calm in the days that followed it. "
        "Iraq's parliament debated the presence of foreign troops in the country, and "
        "crowds gathered in Baghdad and Tehran for the funeral processions of the general "
        "and of the militia leaders killed beside him in the convoy near the airport.")
PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Missiles | Wire</title>
<meta property="article:published_time" content="2020-01-09T08:30:00Z"></head><body>
<article><h1>Missiles strike base</h1>
<p>Five days after the strike, on 8 January 2020, Iran fired ballistic missiles at the
Ain al-Asad base in western Iraq, officials said.</p>
<p>Nobody was killed in the attack, according to statements from both governments.</p>
</article></body></html>"""


def rss(base: str, long_text: str = LONG) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Wire World</title><link>{base}/</link><description>News</description>
<item><title>Soleimani killed</title><link>{base}/soleimani</link>
<guid>{base}/soleimani</guid><pubDate>Fri, 03 Jan 2020 22:00:00 GMT</pubDate>
<description>Short teaser.</description>
<content:encoded><![CDATA[<p>{long_text}</p>]]></content:encoded></item>
<item><title>Missiles strike base</title><link>{base}/missiles</link>
<pubDate>Thu, 09 Jan 2020 08:30:00 GMT</pubDate><description>A teaser.</description></item>
</channel></rss>"""


def atom(base: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire Atom</title>
<id>{base}/atom</id><updated>2020-01-09T08:30:00Z</updated>
<entry><title>Missiles strike base</title><id>urn:wire:missiles</id>
<link href="{base}/missiles"/><updated>2020-01-09T08:30:00Z</updated>
<summary>A teaser.</summary></entry></feed>"""


@dataclass
class Site:
    base: str = ""
    feed_text: str = ""
    requests: list[str] = field(default_factory=list)


def _app(site: Site) -> web.Application:
    async def rss_feed(_: web.Request) -> web.Response:
        return web.Response(text=site.feed_text or rss(site.base),
                            content_type="application/rss+xml")

    async def atom_feed(_: web.Request) -> web.Response:
        return web.Response(text=atom(site.base), content_type="application/atom+xml")

    async def page(_: web.Request) -> web.Response:
        return web.Response(text=PAGE, content_type="text/html")

    async def broken(_: web.Request) -> web.Response:
        return web.Response(status=500, text="oops")

    async def garbage(_: web.Request) -> web.Response:
        return web.Response(text="this is { not a feed", content_type="text/xml")

    @web.middleware
    async def record(request: web.Request, handler: web.RequestHandler) -> web.StreamResponse:
        site.requests.append(request.path)
        return await handler(request)

    app = web.Application(middlewares=[record])
    for path, handler in (("/rss", rss_feed), ("/atom", atom_feed), ("/missiles", page),
                          ("/broken", broken), ("/garbage", garbage)):
        app.router.add_get(path, handler)
    return app


@asynccontextmanager
async def feed_site() -> AsyncIterator[Site]:
    site = Site()
    runner = web.AppRunner(_app(site), access_log=None)
    await runner.setup()
    tcp = web.TCPSite(runner, "127.0.0.1", 0)
    await tcp.start()
    host, port = runner.addresses[0][:2]
    site.base = f"http://{host}:{port}"
    try:
        yield site
    finally:
        await runner.cleanup()
