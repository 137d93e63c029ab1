"""Files on Slack: the file shared with "@Dateline import" downloaded with the bot token
(``files:read``), and a reply's files (an export) uploaded with Slack's two-step upload
(``files.getUploadURLExternal``, then ``files.completeUploadExternal``: slack_sdk's
``files_upload_v2``; ``files:write``).

An export goes to the moderator's direct message with Dateline (``conversations.open``,
``im:write``): Slack has no private file in a channel (an ephemeral message cannot carry
one), and a direct message is seen by the moderator alone.

The bot token is sent only to Slack's file host (or the API host the client is pointed
at, as the tests' stand-in is), never to an address an event merely names; a download is
refused when Slack says the file is over the limit, and stopped once more arrives.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from slack_sdk.errors import SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.messages import FileIn, FileOut
from bot.transfer_commands import size_text
from bot.transfer_report import MAX_FILE_BYTES

log = logging.getLogger(__name__)

FILE_HOSTS = frozenset({"files.slack.com"})
DOWNLOAD_TIMEOUT = aiohttp.ClientTimeout(total=120)
_CHUNK = 64 * 1024


class FileRefused(ValueError):
    """A shared file that cannot be taken: the message says which and why."""


def shared_files(event: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The files shared with a message event (``files[]``)."""
    return [f for f in event.get("files") or () if isinstance(f, Mapping)]


def _trusted(url: str, api_base_url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host in FILE_HOSTS or host == (urlsplit(api_base_url).hostname or "")


async def download(
    files: Sequence[Mapping[str, Any]], token: str, api_base_url: str,
    limit: int = MAX_FILE_BYTES,
) -> tuple[FileIn, ...]:
    """Each shared file's bytes, fetched with the bot token. ``FileRefused`` for a file
    over ``limit`` (before downloading when Slack says so), or one that cannot be read."""
    read: list[FileIn] = []
    async with aiohttp.ClientSession(timeout=DOWNLOAD_TIMEOUT) as session:
        for file in files:
            name = str(file.get("name") or file.get("title") or "file")
            url = str(file.get("url_private_download") or file.get("url_private") or "")
            if not url or not _trusted(url, api_base_url):
                raise FileRefused(f"“{name[:80]}” is not a file Slack holds, so it was not read.")
            if int(file.get("size") or 0) > limit:
                raise FileRefused(_too_big(name, int(file["size"]), limit))
            read.append(FileIn(name, await _fetch(session, url, token, name, limit)))
    return tuple(read)


async def _fetch(
    session: aiohttp.ClientSession, url: str, token: str, name: str, limit: int
) -> bytes:
    headers = {"Authorization": f"Bearer {token}"}
    try:
        async with session.get(url, headers=headers, allow_redirects=False) as response:
            if response.status != 200:
                log.warning("downloading a Slack file failed: HTTP %s", response.status)
                raise FileRefused(f"Slack did not hand over “{name[:80]}”; please try again.")
            content = bytearray()
            async for chunk in response.content.iter_chunked(_CHUNK):
                content += chunk
                if len(content) > limit:
                    raise FileRefused(_too_big(name, len(content), limit))
            return bytes(content)
    except (aiohttp.ClientError, TimeoutError) as err:
        log.warning("downloading a Slack file failed: %s", type(err).__name__)
        raise FileRefused(f"“{name[:80]}” could not be downloaded; please try again.") from None


def _too_big(name: str, size: int, limit: int) -> str:
    return (f"“{name[:80]}” is {size_text(size)} or more, over the {size_text(limit)} a file "
            "in chat may be: use dateline import on the server instead.")


async def send_privately(client: AsyncWebClient, user_id: str, files: Sequence[FileOut]) -> None:
    """Upload ``files`` to the user's direct message with Dateline; a failure is logged."""
    if not files or not user_id:
        return
    try:
        opened = await client.conversations_open(users=user_id)
        channel = str((opened.get("channel") or {}).get("id") or "")
        for file in files:
            await client.files_upload_v2(
                channel=channel, file=file.content, filename=file.name, title=file.name,
                initial_comment=f"Dateline export: {file.name}",
            )
    except asyncio.CancelledError:
        raise
    except (SlackClientError, OSError, TimeoutError) as err:
        log.warning("Slack file upload failed: %s", type(err).__name__)
