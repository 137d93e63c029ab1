"""``dateline ingest``: read an article and print the candidate events found in it.

    dateline ingest FILE --published 2020-01-12 [--publisher P] [--title T] [--url U]
    dateline ingest - --published 2020-01-12 < article.txt     (pasted text on stdin)
    dateline ingest https://example.com/story                   (a web page)
    ... [--json] [--dry-run]

The article must be UTF-8 text of at most 5 MB. Without ``--published`` only
self-contained dates ("3 January 2020") are used: relative ones ("on Tuesday", "last
month") are listed as set aside, with the reason. A publication date after today is
refused, since every relative date would resolve into the future. An http(s) URL is
fetched (``adapters.fetching``): the page's text, title, date and site name are used
unless ``--title``, ``--published`` or ``--publisher`` say otherwise, and the URL it
was found at is the source (``--url`` overrides). Feeds are polled by ``dateline run``
(``adapters.feeds``).
Without ``--dry-run`` the candidates are queued for review in the store
(``adapters.ingest_queue``); ``--auto-publish THRESHOLD`` publishes those at or above it.

Exit codes:

0  candidates were printed;
1  the article was read but holds no candidate event (no dates, or only relative dates
   and no ``--published``, or only future plans);
2  usage errors and refused input: a missing or unreadable file, text that is
   not UTF-8, binary data, an empty article, more than 5 MB, a malformed or future
   ``--published``; a URL that is not http(s), on a private or loopback address
   (unless ``DATELINE_FETCH_PRIVATE=1``), not HTML, over 5 MB or with no article text;
3  a URL could not be fetched: no such host, no connection, a timeout, an HTTP error;
4  the candidates could not be queued: the store cannot be opened or written.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import sys
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from adapters.fetching import FetchFailed, FetchRefused, fetch_article
from adapters.ingest_queue import QueueFailed, auto_publish_threshold, queue_candidates
from adapters.settings import Problems, fetch_private
from bot.extraction import Article, Candidate, Extraction, extract_text

EXIT_OK = 0
EXIT_NOTHING_FOUND = 1
EXIT_REFUSED = 2
EXIT_UNREACHABLE = 3
EXIT_STORE = 4
# Any scheme, so that "ftp://…" is refused as a URL rather than looked for as a file.
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
MAX_BYTES = 5 * 1024 * 1024


class Refused(Exception):
    """Input that ``ingest`` will not read; the message says why and what to do."""


class _UsageError(Exception):
    """argparse wants to exit; we want a return code and our own streams."""


class _Parser(argparse.ArgumentParser):
    def __init__(self, stdout: TextIO, stderr: TextIO) -> None:
        super().__init__(prog="dateline ingest",
                         description="Print the candidate events of an article.")
        self._stdout, self._stderr = stdout, stderr

    def _print_message(self, message: str, file: Any = None) -> None:
        if message:
            (self._stderr if file is sys.stderr else self._stdout).write(message)

    def error(self, message: str) -> Any:  # argparse's signature is NoReturn-typed
        self.print_usage(self._stderr)
        self._stderr.write(f"dateline ingest: error: {message}\n")
        raise _UsageError("2")

    def exit(self, status: int = 0, message: str | None = None) -> Any:
        if message:
            self._stderr.write(message)
        raise _UsageError(str(status))


def _parser(stdout: TextIO, stderr: TextIO) -> _Parser:
    parser = _Parser(stdout, stderr)
    parser.add_argument("source", metavar="FILE",
                        help="UTF-8 text file, - for stdin, or an http(s) URL")
    parser.add_argument("--published", metavar="YYYY-MM-DD",
                        help="the article's publication date (anchors 'on Tuesday')")
    parser.add_argument("--publisher", default="", help="who published the article")
    parser.add_argument("--title", default="", help="the article's headline")
    parser.add_argument("--url", help="where the article was published (recorded only)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--dry-run", action="store_true", help="print only; queue nothing")
    parser.add_argument("--db", metavar="PATH", help="database file (default: $DATELINE_DB)")
    parser.add_argument("--auto-publish", metavar="THRESHOLD", type=auto_publish_threshold,
                        help="publish at once candidates of at least this confidence (0-1)")
    return parser


def published_date(raw: str | None, today: date) -> date | None:
    """``--published`` as a date; ``Refused`` when malformed or after ``today``."""
    if raw is None:
        return None
    try:
        day = date.fromisoformat(raw.strip())
    except ValueError:
        raise Refused(f"--published {raw!r} is not a date in the form YYYY-MM-DD") from None
    if day > today:
        raise Refused(f"--published {day} is after today ({today}): every relative date "
                      "would resolve into the future; check the publication date")
    return day


def load_article(args: argparse.Namespace, stdin: BinaryIO, env: Mapping[str, str],
                 today: date) -> Article:
    """The article named on the command line: a URL, a file or stdin, with the options
    applied. ``Refused`` for refused input; ``FetchFailed`` when a URL cannot be fetched."""
    published = published_date(args.published, today)
    if not _URL.match(args.source):
        text = read_article(args.source, stdin)
        return Article(text, published, args.publisher, args.title, args.url)
    problems = Problems()
    allow_private = fetch_private(env, problems)
    if problems.found:
        raise Refused(problems.found[0])
    try:
        page = asyncio.run(fetch_article(args.source, allow_private=allow_private,
                                         latest=today))
    except FetchRefused as err:
        raise Refused(str(err)) from None
    # A page date after today would push every relative date into the future: unused.
    page_date = page.published if page.published and page.published <= today else None
    return Article(page.text, published or page_date, args.publisher or page.publisher or "",
                   args.title or page.title or "", args.url or page.url)


def read_article(source: str, stdin: BinaryIO) -> str:
    """The article's text from a file or stdin (``-``); ``Refused`` says what is wrong."""
    data = stdin.read(MAX_BYTES + 1) if source == "-" else _read_file(source)
    name = "stdin" if source == "-" else source
    if len(data) > MAX_BYTES:
        raise Refused(f"{name}: more than {MAX_BYTES // (1024 * 1024)} MB; an article is "
                      "far shorter, so this is refused")
    if b"\0" in data:
        raise Refused(f"{name}: binary data, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise Refused(f"{name}: not UTF-8 text (bad byte at offset {err.start}); "
                      "convert it to UTF-8 first") from None
    if not text.strip():
        raise Refused(f"{name}: the article is empty")
    return text


def _read_file(path: str) -> bytes:
    try:
        with Path(path).open("rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise Refused(f"{path}: no such file") from None
    except IsADirectoryError:
        raise Refused(f"{path}: is a directory") from None
    except OSError as err:
        raise Refused(f"{path}: cannot read ({err.strerror})") from None


async def extract_off_loop(article: Article) -> Extraction:
    """Tag and extract in a worker thread: a long article must not stall the loop."""
    return await asyncio.to_thread(extract_text, article)


def candidate_json(candidate: Candidate) -> dict[str, Any]:
    source = candidate.source
    return {
        "date": candidate.date.iso(), "precision": candidate.date.precision.value,
        "title": candidate.title, "summary": candidate.summary, "place": candidate.place,
        "actors": list(candidate.actors), "confidence": candidate.confidence,
        "date_text": candidate.date_text,
        "source": {"publisher": source.publisher, "title": source.title, "url": source.url,
                   "published": None if source.published is None
                   else source.published.isoformat(), "quote": source.quote},
    }


def _notes(found: Extraction, published: date | None, queued: str | None) -> list[str]:
    notes: list[str] = []
    unresolved = [a for a in found.set_aside if a.reason.startswith("needs")]
    if published is None and unresolved:
        notes.append(f"no --published date: {len(unresolved)} relative date(s) such as "
                     f"{unresolved[0].date_text!r} were not resolved; give --published "
                     "YYYY-MM-DD to use them")
    if not found.candidates:
        notes.append("no dated events found in this article")
    notes.append(queued or "dry run: nothing queued")
    return notes


def _print_text(found: Extraction, notes: list[str], out: TextIO) -> None:
    for c in found.candidates:
        out.write(f"{c.date.iso()} ({c.date.precision.value})  {c.confidence:.2f}  {c.title}\n")
        if c.place or c.actors:
            out.write(f"    place: {c.place or '-'}; actors: {', '.join(c.actors) or '-'}\n")
        out.write(f"    quote: “{c.source.quote}”\n")
    for aside in found.set_aside:
        out.write(f"set aside: {aside.date_text!r}: {aside.reason}\n")
    for note in notes:
        out.write(note + "\n")


def _print_json(found: Extraction, notes: list[str], out: TextIO) -> None:
    payload = {
        "candidates": [candidate_json(c) for c in found.candidates],
        "set_aside": [{"date_text": a.date_text, "reason": a.reason} for a in found.set_aside],
        "queued": not notes[-1].startswith("dry run"),
        "notes": notes,
    }
    out.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


def _queue(found: Extraction, article: Article, args: argparse.Namespace,
           env: Mapping[str, str] | None) -> str:
    """Queue the candidates for review (nothing to open when there are none); the line
    that says what was queued."""
    if not found.candidates:
        return "queued 0 for review (0 match existing events, 0 already queued)"
    report = queue_candidates(found.candidates, article.text,
                              os.environ if env is None else env, args.db, args.auto_publish)
    return report.line()


def main(argv: list[str], stdin: BinaryIO, stdout: TextIO, stderr: TextIO,
         today: date, *, env: Mapping[str, str] | None = None) -> int:
    """Entry point for ``dateline ingest``; ``argv`` excludes the word "ingest";
    ``env`` holds the settings (``os.environ`` when not given)."""
    try:
        args = _parser(stdout, stderr).parse_args(argv)
    except _UsageError as err:
        return EXIT_OK if str(err) == "0" else EXIT_REFUSED
    try:
        article = load_article(args, stdin, os.environ if env is None else env, today)
    except Refused as err:
        stderr.write(f"dateline ingest: {err}\n")
        return EXIT_REFUSED
    except FetchFailed as err:
        stderr.write(f"dateline ingest: {err}\n")
        return EXIT_UNREACHABLE
    found = asyncio.run(extract_off_loop(article))
    try:
        queued = None if args.dry_run else _queue(found, article, args, env)
    except QueueFailed as err:
        stderr.write(f"dateline ingest: {err}\n")
        return EXIT_STORE
    notes = _notes(found, article.published, queued)
    (_print_json if args.json else _print_text)(found, notes, stdout)
    return EXIT_OK if found.candidates else EXIT_NOTHING_FOUND
