"""End to end on Slack: "/dateline export csv" answers privately and uploads the file
to the moderator's direct message with Slack's two-step upload; "@Dateline import csv"
with a file shared on the message downloads it with the bot token and imports it."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from fake_slack import (
    MEMBER,
    MODERATOR,
    Harness,
    event_body,
    post_signed,
    running_app,
    slash_body,
)

from bot.model import Event, EventDate


async def mention(h: Harness, text: str, files: list[dict[str, Any]], user: str) -> None:
    event = {"type": "app_mention", "user": user, "text": f"<@UBOT0001> {text}",
             "channel": "C0001", "ts": "1767268800.000100", "files": files}
    status, _, _ = await post_signed(h.events_url, event_body(event),
                                     content_type="application/json")
    assert status == 200


async def test_slack_export_uploads_the_csv_to_the_moderators_direct_message(
    tmp_path: Path,
) -> None:
    async with running_app(tmp_path / "e.db") as h:
        body = slash_body("export csv", MODERATOR, h.fake.response_url())
        assert (await post_signed(h.events_url, body))[0] == 200
        [complete] = await h.fake.wait_for("files.completeUploadExternal")
        [answer] = await h.fake.wait_for("response_url")
    [asked] = h.fake.of("files.getUploadURLExternal")
    assert asked.params["filename"] == "dateline-events.csv"
    assert complete.params["channel_id"] == f"D{MODERATOR}"
    [content] = h.fake.uploads.values()
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert [row["title"] for row in rows] == ["Strike <!channel> & <@U123> kills general"]
    assert answer.params["response_type"] == "ephemeral"


async def test_slack_import_takes_the_file_shared_with_the_mention(tmp_path: Path) -> None:
    data = b"date,title\n2021-03-01,Budget vote\n2021-03-02,Second vote\n"
    async with running_app(tmp_path / "e.db") as h:
        await mention(h, "import csv", [h.fake.share("votes.csv", data)], MODERATOR)
        [report] = await h.fake.wait_for("chat.postEphemeral")
        count = await h.store.count()
        audited = await h.store.changes(actor=f"slack:{MODERATOR}")
    assert count == 3 and len(audited) == 2
    assert "Imported 2 events" in str(report.params)
    assert h.fake.downloads  # fetched with the bot token (the stand-in refuses others)


async def test_slack_import_by_a_member_is_refused_and_the_file_left_alone(
    tmp_path: Path,
) -> None:
    data = b"date,title\n2021-03-01,Budget vote\n"
    async with running_app(tmp_path / "e.db") as h:
        await mention(h, "import", [h.fake.share("votes.csv", data)], MEMBER)
        [refusal] = await h.fake.wait_for("chat.postEphemeral")
        count = await h.store.count()
    assert count == 1 and "Only moderators" in str(refusal.params)
    assert h.fake.downloads == []


async def test_slack_import_of_a_file_declared_too_big_is_not_downloaded(
    tmp_path: Path,
) -> None:
    big = [Event(EventDate.parse("2020-01-03"), "Seed")]
    async with running_app(tmp_path / "e.db", events=big) as h:
        shared = h.fake.share("huge.csv", b"date,title\n", size=26 * 2**20)
        await mention(h, "import csv", [shared], MODERATOR)
        [report] = await h.fake.wait_for("chat.postEphemeral")
    assert "huge.csv" in str(report.params) and "25.0 MB" in str(report.params)
    assert h.fake.downloads == []
