"""``adapters.fetching``: what a URL fetch refuses and what it extracts, against pages
served on 127.0.0.1 (loopback allowed through ``allow_private``); nothing here reaches
the internet."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from adapters.fetching import (
    FetchedArticle,
    FetchFailed,
    FetchRefused,
    address_refusal,
    checked_url,
    decode_html,
    fetch_article,
)
from tests.adapters.article_server import Served, article_server


@pytest.fixture(scope="module")
def server() -> Iterator[Served]:
    with article_server() as served:
        yield served


async def fetch(server: Served, path: str, **options: object) -> FetchedArticle:
    allow = bool(options.pop("allow_private", True))
    return await fetch_article(server.base + path, allow_private=allow,
                               timeout=5, **options)  # type: ignore[arg-type]


async def test_an_article_gives_its_text_title_date_and_site(server: Served) -> None:
    page = await fetch(server, "/article")
    assert "A rocket hit the embassy compound on Tuesday, officials said." in page.text
    assert "Home" not in page.text and "© Wire" not in page.text  # boilerplate left out
    assert page.title == "Rocket hits embassy compound"
    assert page.published == date(2020, 1, 9)
    assert page.publisher == "Wire"
    assert page.url == server.base + "/article"


async def test_a_page_date_after_latest_is_dropped(server: Served) -> None:
    page = await fetch(server, "/article", latest=date(2019, 12, 1))
    assert page.published is None


async def test_a_page_that_declares_no_date_has_none_even_with_dates_in_its_text(
    server: Served,
) -> None:
    page = await fetch(server, "/undated", latest=date(2020, 1, 20))
    assert "on 3 January 2020" in page.text
    assert page.published is None


async def test_redirects_are_followed_and_the_final_url_kept(server: Served) -> None:
    page = await fetch(server, "/hop")
    assert page.url == server.base + "/article"
    assert page.published == date(2020, 1, 9)


async def test_the_declared_charset_decodes_the_page(server: Served) -> None:
    page = await fetch(server, "/cp1252")
    assert "hurt at the café" in page.text


async def test_non_html_is_refused(server: Served) -> None:
    with pytest.raises(FetchRefused, match=r"the page is application/pdf, not HTML"):
        await fetch(server, "/report.pdf")


@pytest.mark.parametrize("path", ["/declared-big", "/streamed-big"])
async def test_a_body_over_the_limit_is_refused(server: Served, path: str) -> None:
    with pytest.raises(FetchRefused, match=r"more than 5 MB"):
        await fetch(server, path)


async def test_a_declared_length_over_a_smaller_limit_is_refused(server: Served) -> None:
    with pytest.raises(FetchRefused, match=r"more than 512 bytes"):
        await fetch(server, "/article", max_bytes=512)


async def test_a_redirect_to_the_metadata_address_is_refused_even_when_private_is_allowed(
    server: Served,
) -> None:
    with pytest.raises(FetchRefused, match=r"169\.254\.169\.254 is a link-local address"):
        await fetch(server, "/to-private")


async def test_a_redirect_to_another_scheme_is_refused(server: Served) -> None:
    with pytest.raises(FetchRefused, match=r"only http and https URLs are fetched, not ftp"):
        await fetch(server, "/to-ftp")


async def test_a_redirect_loop_stops_after_five_hops(server: Served) -> None:
    before = len(server.requests)
    with pytest.raises(FetchRefused, match=r"more than 5 redirects"):
        await fetch(server, "/loop")
    assert len(server.requests) - before == 6


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
async def test_loopback_is_refused_without_the_setting_before_any_request(
    server: Served, host: str,
) -> None:
    before = len(server.requests)
    url = server.base.replace("127.0.0.1", host) + "/article"
    with pytest.raises(FetchRefused, match=r"is a loopback address: refused; set "
                                           r"DATELINE_FETCH_PRIVATE=1 to allow it"):
        await fetch_article(url, allow_private=False, timeout=5)
    assert len(server.requests) == before


async def test_an_http_error_status_is_a_failure(server: Served) -> None:
    with pytest.raises(FetchFailed, match=r"the server answered 404 Not Found"):
        await fetch(server, "/missing")


async def test_a_page_without_article_text_is_refused(server: Served) -> None:
    with pytest.raises(FetchRefused, match=r"no article text found"):
        await fetch(server, "/empty")


async def test_a_closed_port_is_a_failure() -> None:
    with article_server() as gone:
        base = gone.base
    with pytest.raises(FetchFailed, match=r"cannot connect"):
        await fetch_article(base + "/article", allow_private=True, timeout=5)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.com/a", "only http and https URLs are fetched, not ftp"),
        ("file:///etc/passwd", "only http and https URLs are fetched, not file"),
        ("example.com/story", "only http and https URLs are fetched, not no scheme"),
        ("http://user:pw@example.com/", "holds a user name or password"),
        ("http://10.1.2.3/", "10.1.2.3 is a private-network address"),
        ("http://192.168.0.1/", "is a private-network address"),
        ("http://[::1]:8080/", "::1 is a loopback address"),
        ("http://[::ffff:127.0.0.1]/", "is a loopback address"),
        ("http://100.64.0.1/", "is a non-public address"),
    ],
)
def test_urls_refused_before_any_connection(url: str, message: str) -> None:
    with pytest.raises(FetchRefused, match=message.replace(".", r"\.")):
        checked_url(url, allow_private=False)


def test_the_setting_allows_private_but_never_link_local_or_multicast() -> None:
    assert address_refusal("10.1.2.3", allow_private=True) is None
    assert address_refusal("127.0.0.1", allow_private=True) is None
    assert address_refusal("169.254.169.254", allow_private=True) == (
        "a link-local address", False)
    assert address_refusal("fe80::1%eth0", allow_private=True) == ("a link-local address", False)
    assert address_refusal("224.0.0.1", allow_private=True) == ("a multicast address", False)
    assert address_refusal("93.184.215.14", allow_private=False) is None


def test_decoding_follows_bom_then_header_then_meta_then_utf8() -> None:
    cafe = "<p>café</p>"
    assert decode_html(cafe.encode("cp1252"), "windows-1252") == cafe
    assert decode_html(cafe.encode("utf-8"), "latin-1") == "<p>cafÃ©</p>"  # header wins
    meta = '<meta charset="iso-8859-15"><p>€</p>'
    assert decode_html(meta.encode("iso-8859-15"), None) == meta
    assert decode_html(cafe.encode("utf-8"), None) == cafe
    assert decode_html(cafe.encode("cp1252"), None) == cafe  # not UTF-8: windows-1252
    assert decode_html(b"\xef\xbb\xbf" + cafe.encode("utf-8"), "latin-1") == cafe
