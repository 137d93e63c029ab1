"""Fetching a news article from an http(s) URL for ``dateline ingest``: the network
policy (which URLs, addresses, content types and sizes are refused), the download with
aiohttp (``fetch_bytes``, which feeds use too), decoding by the declared or detected
charset, and the extraction of the main text, title, publication date and site name with
trafilatura.

Address policy: the host is resolved by a resolver of our own that checks every address
it returns, and aiohttp connects only to the addresses that resolver returned, so a name
that re-resolves to a private address between a check and the connection (DNS rebinding)
cannot reach one. IP literals skip resolvers in aiohttp, so they are checked before each
request. Redirects are followed here, one hop at a time, each hop checked again.
"""

from __future__ import annotations

import asyncio
import codecs
import ipaddress
import re
import socket
from dataclasses import dataclass
from datetime import date
from typing import Any

import aiohttp
import trafilatura
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import ThreadedResolver
from yarl import URL

MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
DEFAULT_TIMEOUT = 30.0
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
USER_AGENT = "Dateline/0.1 (newsroom date bot; article ingest)"
# A charset declared in the page itself must sit near the start (HTML's own rule: the
# first 1024 bytes); looking further would let body text pose as a declaration.
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_SNIFF_BYTES = 1024
_HEAD = re.compile(r"<head\b.*?</head\s*>", re.I | re.S)
_READ_CHUNK = 64 * 1024


class FetchRefused(Exception):
    """The URL, its address or what it serves is refused by policy; the message says why."""


class FetchFailed(Exception):
    """The page could not be fetched: network error, timeout or an HTTP error status."""


@dataclass(frozen=True)
class FetchedArticle:
    """What the page says about itself; ``url`` is where it was found after redirects."""

    text: str
    title: str | None
    published: date | None
    publisher: str | None
    url: str


def address_refusal(address: str, allow_private: bool) -> tuple[str, bool] | None:
    """Why ``address`` may not be fetched from ("a loopback address"…) and whether
    ``DATELINE_FETCH_PRIVATE`` would allow it; None when it may be."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone ("%eth0")
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 reaches 127.0.0.1
    # Never allowed, setting or not: link-local holds the cloud metadata service
    # (169.254.169.254), the classic target of a fetched URL; the rest serve no pages.
    for kind, flag in (("a link-local", ip.is_link_local), ("a multicast", ip.is_multicast),
                       ("an unspecified", ip.is_unspecified)):
        if flag:
            return f"{kind} address", False
    if ip.is_loopback:  # checked first: IPv6 ::1 also counts as reserved
        return None if allow_private else ("a loopback address", True)
    if ip.is_reserved:
        return "a reserved address", False
    if allow_private:
        return None
    if ip.is_private:
        return "a private-network address", True
    # is_global also excludes shared (carrier-grade NAT, 100.64/10) and other special ranges
    return None if ip.is_global else ("a non-public address", True)


def _refuse_address(host: str, address: str, allow_private: bool) -> None:
    refusal = address_refusal(address, allow_private)
    if refusal is not None:
        reason, settable = refusal
        shown = host if host == address else f"{host} ({address})"
        hint = "; set DATELINE_FETCH_PRIVATE=1 to allow it" if settable else ""
        raise FetchRefused(f"{shown} is {reason}: refused{hint}")


class _CheckingResolver(AbstractResolver):
    """Resolves as usual, then refuses the host if any of its addresses is refused.

    aiohttp connects to exactly the addresses returned here, so what is checked is what
    is connected to."""

    def __init__(self, allow_private: bool) -> None:
        self._allow_private = allow_private
        self._inner = ThreadedResolver()

    async def resolve(self, host: str, port: int = 0,
                      family: socket.AddressFamily = socket.AF_INET) -> list[ResolveResult]:
        try:
            found = await self._inner.resolve(host, port, family)
        except OSError:
            raise FetchFailed(f"{host}: no such host (the name does not resolve)") from None
        for result in found:
            _refuse_address(host, result["host"], self._allow_private)
        return found

    async def close(self) -> None:
        await self._inner.close()


def checked_url(raw: str, allow_private: bool) -> URL:
    """``raw`` as a URL if its scheme, host and form are acceptable; else ``FetchRefused``."""
    try:
        url = URL(raw.strip())
    except ValueError:
        raise FetchRefused(f"{raw[:80]!r} is not a valid URL") from None
    if url.scheme not in ("http", "https"):
        scheme = url.scheme or "no scheme"
        raise FetchRefused(f"only http and https URLs are fetched, not {scheme}")
    if not url.host:
        raise FetchRefused(f"{raw[:80]!r} has no host name")
    if url.user is not None or url.password is not None:
        # Credentials in a URL would be sent on and could end up in messages: refuse.
        raise FetchRefused(f"{url.host}: the URL holds a user name or password; remove it")
    if _is_ip(url.host):
        _refuse_address(url.host, url.host, allow_private)
    return url


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


async def fetch_article(url: str, *, allow_private: bool, max_bytes: int = MAX_BYTES,
                        # One limit for the whole redirect chain, named in the message.
                        timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109
                        latest: date | None = None) -> FetchedArticle:
    """Download ``url`` and extract its article. ``latest`` is the last plausible
    publication date (today): a page date after it is dropped rather than used.

    Raises ``FetchRefused`` for refused URLs, addresses, types and sizes, and
    ``FetchFailed`` when the network or the server fails."""
    fetched = await fetch_bytes(url, allow_private=allow_private, max_bytes=max_bytes,
                                timeout=timeout)
    html = decode_html(fetched.body, fetched.charset)
    # Extraction parses and scores the whole page: keep it off the event loop.
    return await asyncio.to_thread(extract_article, html, fetched.url, latest)


@dataclass(frozen=True)
class Fetched:
    """A successful download: where it ended after redirects, its body and charset."""

    url: str
    body: bytes
    charset: str | None


async def fetch_bytes(url: str, *, allow_private: bool, max_bytes: int = MAX_BYTES,
                      timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109 - see fetch_article
                      accept: str = "text/html,application/xhtml+xml",
                      types: frozenset[str] = HTML_TYPES,
                      kind: str = "HTML") -> Fetched:
    """Download ``url`` under the address, redirect and size policy; only answers of a
    content type in ``types`` (``kind`` names them in the refusal) are read."""
    start = checked_url(url, allow_private)
    connector = aiohttp.TCPConnector(resolver=_CheckingResolver(allow_private),
                                     use_dns_cache=False)
    headers = {"User-Agent": USER_AGENT, "Accept": accept}
    wanted = _Wanted(types, kind, max_bytes)
    try:
        async with (asyncio.timeout(timeout),
                    aiohttp.ClientSession(connector=connector, headers=headers) as session):
            final, body, charset = await _follow(session, start, allow_private, wanted)
    except TimeoutError:
        raise FetchFailed(f"{start.host}: no complete answer within {timeout:g} s") from None
    except aiohttp.ClientConnectorError as err:
        raise FetchFailed(f"{start.host}: cannot connect ({err.os_error.strerror or err})"
                          ) from None
    except aiohttp.ClientError as err:
        raise FetchFailed(f"{start.host}: the download failed ({type(err).__name__})"
                          ) from None
    return Fetched(str(final), body, charset)


@dataclass(frozen=True)
class _Wanted:
    types: frozenset[str]
    kind: str
    max_bytes: int


async def _follow(session: aiohttp.ClientSession, url: URL, allow_private: bool,
                  wanted: _Wanted) -> tuple[URL, bytes, str | None]:
    """Follow redirects one hop at a time, checking each; return the final page."""
    for _ in range(MAX_REDIRECTS + 1):
        async with session.get(url, allow_redirects=False) as response:
            location = response.headers.get("Location")
            if response.status in REDIRECT_STATUSES and location:
                url = checked_url(str(url.join(URL(location))), allow_private)
                continue
            return url, await _body(response, wanted), response.charset
    raise FetchRefused(f"{url.host}: more than {MAX_REDIRECTS} redirects; refused")


async def _body(response: aiohttp.ClientResponse, wanted: _Wanted) -> bytes:
    """The body of a successful answer of a wanted type, at most ``max_bytes``
    (decompressed)."""
    host, max_bytes = response.url.host, wanted.max_bytes
    if not 200 <= response.status < 300:
        raise FetchFailed(f"{host}: the server answered {response.status} "
                          f"{response.reason or ''}".rstrip())
    if response.content_type not in wanted.types:
        if wanted.types == HTML_TYPES:
            raise FetchRefused(f"{host}: the page is {response.content_type}, not HTML; only "
                               "web pages are read (save other documents as text and pass "
                               "the file)")
        raise FetchRefused(f"{host}: the answer is {response.content_type}, not {wanted.kind}")
    size = (f"{max_bytes / (1024 * 1024):g} MB" if max_bytes >= 1024 * 1024
            else f"{max_bytes} bytes")
    limit = f"more than {size}; an article page is far smaller"
    if response.content_length is not None and response.content_length > max_bytes:
        raise FetchRefused(f"{host}: {limit}")
    body = bytearray()
    # Content-Length may be absent or wrong, and compression hides the real size: count.
    async for chunk in response.content.iter_chunked(_READ_CHUNK):
        body += chunk
        if len(body) > max_bytes:
            raise FetchRefused(f"{host}: {limit}")
    return bytes(body)


def decode_html(body: bytes, declared: str | None) -> str:
    """``body`` as text: a byte-order mark, else the HTTP charset, else a ``<meta>``
    charset, else UTF-8 if it decodes, else windows-1252 (HTML's own fallback)."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if body.startswith(bom):
            return body.decode(codec, errors="replace")
    meta = _META_CHARSET.search(body[:_SNIFF_BYTES])
    for name in (declared, meta.group(1).decode("ascii") if meta else None):
        found = _codec(name)
        if found is not None:
            return body.decode(found, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("windows-1252", errors="replace")


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        found = codecs.lookup(name).name
    except LookupError:
        return None
    # Pages labelled latin-1 are windows-1252 in practice (browsers read them so).
    return "windows-1252" if found in ("latin-1", "iso8859-1", "ascii") else found


def extract_article(html: str, url: str, latest: date | None = None) -> FetchedArticle:
    """Main text, title, date and site name of ``html`` via trafilatura; ``FetchRefused``
    when the page holds no article text."""
    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False,
        output_format="python", date_extraction_params=_date_params(latest))
    text = getattr(document, "text", None)
    if not isinstance(text, str) or not text.strip():
        raise FetchRefused(f"{URL(url).host}: no article text found on the page")
    return FetchedArticle(text=text, title=_field(document, "title"),
                          published=published_on(html, url, latest),
                          publisher=_field(document, "sitename"), url=url)


def published_on(html: str, url: str, latest: date | None = None) -> date | None:
    """The publication date the page declares: in its ``<head>`` (``article:published_time``,
    JSON-LD ``datePublished``…) or its URL (``/2020/01/09/``), else None.

    Only the head is searched: for a page that declares no date, trafilatura's date
    search (htmldate) falls back to dates written in the body, which are the article's
    events rather than its publication, and a guess would misplace every relative date."""
    head = _HEAD.search(html)
    markup = f"<html>{head.group(0)}<body></body></html>" if head else "<html></html>"
    document = trafilatura.extract_metadata(markup, default_url=url,
                                            date_config=_date_params(latest))
    return _iso_date(_field(document, "date"))


def _date_params(latest: date | None) -> dict[str, Any]:
    params: dict[str, Any] = {"original_date": True, "extensive_search": False}
    if latest is not None:
        params["max_date"] = latest.isoformat()
    return params


def _field(document: object, name: str) -> str | None:
    value = getattr(document, name, None)
    return value.strip() or None if isinstance(value, str) else None


def _iso_date(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(raw[:10]) if raw else None
    except ValueError:
        return None
