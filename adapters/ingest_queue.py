"""``dateline ingest``'s queueing step: open the store named by the settings (``--db``,
else ``DATELINE_DB``) and queue an article's candidates for review there, approving at
once those at or above ``--auto-publish`` (``bot.review_queueing``). The ingesting user
is the console's, ``console:local``, so the audit log names the same user for an
approval made here as for one typed at the console.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from adapters.composition import load_core_settings
from adapters.settings import Problems, SettingsError
from adapters.stores import opened_stores
from bot.errors import StoreError
from bot.extraction import Candidate
from bot.review_queueing import QueueReport, queue_article

#: Who queued (and auto-published) the candidates: the console's user.
INGEST_ACTOR = "console:local"


class QueueFailed(Exception):
    """The store could not be opened or written; nothing was queued."""


def auto_publish_threshold(text: str) -> float:
    """``--auto-publish``'s value: a confidence from 0 to 1 (argparse reports the error)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a confidence from 0 to 1")
    return value


def queue_candidates(
    candidates: Sequence[Candidate], text: str, env: Mapping[str, str], db: str | None,
    auto_publish: float | None,
) -> QueueReport:
    """Queue ``candidates`` of the article ``text`` in the store; ``QueueFailed`` says why not."""
    problems = Problems()
    core = load_core_settings({**env, **({"DATELINE_DB": db} if db else {})}, problems)
    if problems.found:
        raise QueueFailed(SettingsError(problems.found).message())
    now = datetime.now(UTC)

    async def run() -> QueueReport:
        async with opened_stores(core.location, sample=core.sample, now=now) as stores:
            return await queue_article(stores.events, stores.review, candidates,
                                       text, actor=INGEST_ACTOR, at=now,
                                       auto_publish=auto_publish)

    try:
        return asyncio.run(run())
    except (StoreError, OSError, sqlite3.Error) as err:
        where = core.location.describe()
        raise QueueFailed(f"cannot queue in the database {where}: {err}") from err
