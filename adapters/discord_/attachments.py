"""Files on Discord: the attachments of a slash command's file options, downloaded
within ``MAX_FILE_BYTES`` (checked on the size Discord declares, before any download,
and on what arrived), and a reply's files as ``discord.File`` uploads."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import discord

from bot.messages import FileIn, FileOut
from bot.transfer_commands import size_text
from bot.transfer_report import MAX_FILE_BYTES


class TooBig(ValueError):
    """An attachment over the limit: the message says which and how big."""


class Downloader(Protocol):
    """The part of ``discord.http.HTTPClient`` that fetches a CDN file."""

    async def get_from_cdn(self, url: str) -> bytes: ...


@dataclass(frozen=True, slots=True)
class Attached:
    """An attachment as the interaction names it: the file's name, its CDN address and
    its size in bytes."""

    name: str
    url: str
    size: int


def attached(data: Mapping[str, Any], ids: Sequence[str]) -> list[Attached]:
    """The attachments ``ids`` in an interaction's ``data.resolved.attachments``."""
    resolved = (data.get("resolved") or {}).get("attachments") or {}
    found: list[Attached] = []
    for key in ids:
        item = resolved.get(key)
        if isinstance(item, Mapping) and item.get("url"):
            name = str(item.get("filename") or "file")
            found.append(Attached(name, str(item["url"]), int(item.get("size") or 0)))
    return found


async def download(
    http: Downloader, files: Sequence[Attached], limit: int = MAX_FILE_BYTES
) -> tuple[FileIn, ...]:
    """Each attachment's bytes. Raises ``TooBig`` before downloading one Discord says is
    over ``limit``, and after, should the CDN send more than it said."""
    read: list[FileIn] = []
    for file in files:
        if file.size > limit:
            raise TooBig(_too_big(file.name, file.size, limit))
        content = await http.get_from_cdn(file.url)
        if len(content) > limit:
            raise TooBig(_too_big(file.name, len(content), limit))
        read.append(FileIn(file.name, content))
    return tuple(read)


def _too_big(name: str, size: int, limit: int) -> str:
    return (f"“{name[:80]}” is {size_text(size)}, over the {size_text(limit)} a file in chat "
            "may be: use dateline import on the server instead.")


def uploads(files: Sequence[FileOut]) -> list[discord.File]:
    """A reply's files as uploads. A ``discord.File`` is read once when sent, so each
    send needs new ones."""
    return [discord.File(io.BytesIO(file.content), filename=file.name) for file in files]
