"""``dateline ingest URL``: a page served on 127.0.0.1 gives candidates dated from the
page's own publication date, with the URL as source; refusals and failures exit 2 and
3 with one line. Loopback is allowed through ``DATELINE_FETCH_PRIVATE``; nothing here
reaches the internet."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from adapters.ingest_cli import EXIT_REFUSED, EXIT_UNREACHABLE, main
from tests.adapters.article_server import Served, article_server

TODAY = date(2020, 1, 20)
ALLOW = {"DATELINE_FETCH_PRIVATE": "1"}


@pytest.fixture(scope="module")
def server() -> Iterator[Served]:
    with article_server() as served:
        yield served


@pytest.fixture(autouse=True)
def own_store(tmp_path: Path) -> Iterator[None]:
    """Every run below gets ``DATELINE_DB`` in a temporary folder: an ingest that queues
    must never write to the user's own store."""
    ALLOW["DATELINE_DB"] = str(tmp_path / "dateline.sqlite3")
    yield
    del ALLOW["DATELINE_DB"]


def run(argv: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, io.BytesIO(b""), out, err, TODAY, env=env)
    return code, out.getvalue(), err.getvalue()


def test_a_served_article_is_dated_from_the_page_and_cites_its_url(server: Served) -> None:
    url = server.base + "/article"
    code, out, err = run([url, "--json", "--dry-run"], ALLOW)
    assert code == 0, err
    payload = json.loads(out)
    first = payload["candidates"][0]
    # "on Tuesday" resolved against the page's own date, Thursday 9 January 2020.
    assert first["date"] == "2020-01-07" and first["precision"] == "day"
    assert first["source"]["url"] == url
    assert first["source"]["published"] == "2020-01-09"
    assert first["source"]["publisher"] == "Wire"
    assert first["source"]["title"] == "Rocket hits embassy compound"
    assert {"date_text": "next week", "reason": "a future plan, not a past event"} in (
        payload["set_aside"])


def test_a_served_article_is_queued_once_by_its_url(server: Served) -> None:
    url = server.base + "/article"
    code, out, err = run([url], ALLOW)
    assert code == 0, err
    assert out.rstrip().endswith("queued 1 for review (0 match existing events, "
                                 "0 already queued)")
    _, again, _ = run([url], ALLOW)
    assert again.rstrip().endswith("queued 0 for review (0 match existing events, "
                                   "1 already queued)")


def test_options_override_what_the_page_says(server: Served) -> None:
    code, out, err = run([server.base + "/hop", "--json", "--published", "2020-01-16",
                          "--publisher", "Agency", "--title", "Embassy attack", "--dry-run"],
                         ALLOW)
    assert code == 0, err
    source = json.loads(out)["candidates"][0]["source"]
    assert json.loads(out)["candidates"][0]["date"] == "2020-01-14"
    assert source["published"] == "2020-01-16"
    assert (source["publisher"], source["title"]) == ("Agency", "Embassy attack")
    assert source["url"] == server.base + "/article"  # where the redirect led


def test_loopback_is_refused_without_the_setting(server: Served) -> None:
    before = len(server.requests)
    code, out, err = run([server.base + "/article"], {"DATELINE_DB": ALLOW["DATELINE_DB"]})
    assert code == EXIT_REFUSED and out == ""
    assert err == ("dateline ingest: 127.0.0.1 is a loopback address: refused; "
                   "set DATELINE_FETCH_PRIVATE=1 to allow it\n")
    assert len(server.requests) == before


def test_a_malformed_setting_is_refused(server: Served) -> None:
    code, _, err = run([server.base + "/article"], {**ALLOW, "DATELINE_FETCH_PRIVATE": "maybe"})
    assert code == EXIT_REFUSED
    assert "DATELINE_FETCH_PRIVATE must be on or off" in err


@pytest.mark.parametrize(
    ("path", "code", "message"),
    [
        ("/report.pdf", EXIT_REFUSED, "the page is application/pdf, not HTML"),
        ("/streamed-big", EXIT_REFUSED, "more than 5 MB"),
        ("/to-private", EXIT_REFUSED, "169.254.169.254 is a link-local address: refused"),
        ("/empty", EXIT_REFUSED, "no article text found on the page"),
        ("/missing", EXIT_UNREACHABLE, "the server answered 404 Not Found"),
    ],
)
def test_refusals_and_failures_are_one_line(server: Served, path: str, code: int,
                                            message: str) -> None:
    got, out, err = run([server.base + path], ALLOW)
    assert got == code and out == ""
    assert err.startswith("dateline ingest: ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_a_non_http_scheme_is_refused_as_a_url_not_looked_for_as_a_file() -> None:
    code, _, err = run(["file:///etc/hostname"], ALLOW)
    assert code == EXIT_REFUSED
    assert err == "dateline ingest: only http and https URLs are fetched, not file\n"
