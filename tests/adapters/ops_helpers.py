"""Helpers for the operations endpoint's tests: a measured Bot on a real SQLite store in
a temporary directory, the endpoint on a free loopback port, and reading a scrape."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path
from typing import Any

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from adapters.composition import CoreSettings, load_core_settings, running_bot
from adapters.health import Health, ping_store
from adapters.metrics import Metrics
from adapters.ops_http import OpsServer
from adapters.settings import Problems
from bot.core import Bot


def core_settings(folder: Path) -> CoreSettings:
    """The settings of a store in ``folder``, seeded with the sample timeline."""
    problems = Problems()
    core = load_core_settings({"DATELINE_DB": str(folder / "dateline.sqlite3")}, problems)
    problems.raise_if_any()
    return core


@asynccontextmanager
async def measured_bot(folder: Path, metrics: Metrics) -> AsyncIterator[Bot]:
    async with running_bot(core_settings(folder), metrics) as bot:
        yield bot


@asynccontextmanager
async def serving(health: Health, metrics: Metrics) -> AsyncIterator[OpsServer]:
    """The endpoint on a free port of 127.0.0.1, for the life of the block."""
    async with OpsServer("127.0.0.1", 0, health, metrics) as server:
        yield server


def health_of(bot: Bot) -> Health:
    return Health(partial(ping_store, bot.store))


async def get_json(url: str) -> tuple[int, dict[str, Any]]:
    async with aiohttp.ClientSession() as client, client.get(url) as response:
        body: dict[str, Any] = await response.json()
        return response.status, body


async def get_text(url: str) -> tuple[int, str, str]:
    """Status, content type and body."""
    async with aiohttp.ClientSession() as client, client.get(url) as response:
        return response.status, response.headers["Content-Type"], await response.text()


def sample(scrape: str, name: str, **labels: str) -> float | None:
    """The value of the sample ``name`` with exactly ``labels`` in a text scrape."""
    for family in text_string_to_metric_families(scrape):
        for found in family.samples:
            if found.name == name and found.labels == labels:
                return float(found.value)
    return None
