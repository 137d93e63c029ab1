"""End to end: ``/dateline add`` and ``/dateline edit ID`` open a Slack modal through
``views.open``; its submission adds or edits the event, an invalid field is shown on
that field (``response_action: "errors"``), and the result reaches the moderator alone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fake_slack import (
    MEMBER,
    MODERATOR,
    Harness,
    post_signed,
    running_app,
    slash_body,
    view_submission_body,
)


async def open_form(h: Harness, text: str, user: str = MODERATOR) -> dict[str, Any]:
    status, _, _ = await post_signed(h.events_url, slash_body(text, user, h.fake.response_url()))
    assert status == 200
    [opened] = await h.fake.wait_for("views.open")
    assert opened.params["trigger_id"] == "1.2.3"
    view: dict[str, Any] = opened.params["view"]
    return view


async def submit(
    h: Harness, view: dict[str, Any], values: dict[str, str], user: str = MODERATOR
) -> dict[str, Any]:
    status, text, _ = await post_signed(h.events_url, view_submission_body(view, values, user))
    assert status == 200
    answer: dict[str, Any] = json.loads(text) if text.strip() else {}
    return answer


def inputs(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}


async def test_add_opens_an_empty_modal_and_its_submission_adds_the_event(
    tmp_path: Path,
) -> None:
    async with running_app(tmp_path / "e.db") as h:
        view = await open_form(h, "add")
        fields = inputs(view)
        assert list(fields) == ["date", "title", "summary", "place", "tags", "source"]
        assert not fields["date"]["optional"] and fields["summary"]["optional"]
        assert fields["summary"]["element"]["multiline"]
        assert all("initial_value" not in f["element"] for f in fields.values())
        answer = await submit(h, view, {"date": "8 January 2020", "title": "Speech",
                                        "tags": "usa"})
        assert answer.get("response_action") is None  # the modal closes
        [posted] = await h.fake.wait_for("chat.postEphemeral")
        assert posted.params["user"] == MODERATOR and posted.params["channel"] == "C0001"
        assert "Added event #2" in json.dumps(posted.params)
        saved = await h.store.get(2)
        assert saved is not None and saved.title == "Speech" and saved.tags == ("usa",)
        assert h.fake.of("chat.postMessage") == []


async def test_edit_opens_a_prefilled_modal_and_saves_only_what_changed(tmp_path: Path) -> None:
    async with running_app(tmp_path / "e.db") as h:
        view = await open_form(h, "edit 1")
        fields = inputs(view)
        assert fields["date"]["element"]["initial_value"] == "2020-01-03"
        assert fields["place"]["element"]["initial_value"] == "Baghdad"
        assert "source" not in fields
        await submit(h, view, {"place": "Baghdad airport"})
        await h.fake.wait_for("chat.postEphemeral")
        saved = await h.store.get(1)
        assert saved is not None and saved.place == "Baghdad airport" and saved.version == 2
        assert saved.title.startswith("Strike")


async def test_an_invalid_date_is_shown_on_the_date_field(tmp_path: Path) -> None:
    async with running_app(tmp_path / "e.db") as h:
        view = await open_form(h, "add")
        answer = await submit(h, view, {"date": "31 February 2020", "title": "Speech"})
        assert answer["response_action"] == "errors"
        assert list(answer["errors"]) == ["date"]
        assert "February" in answer["errors"]["date"]
        assert await h.store.get(2) is None
        assert h.fake.of("chat.postEphemeral") == []


async def test_a_member_gets_no_modal(tmp_path: Path) -> None:
    async with running_app(tmp_path / "e.db") as h:
        status, _, _ = await post_signed(
            h.events_url, slash_body("add", MEMBER, h.fake.response_url())
        )
        assert status == 200
        [refused] = await h.fake.wait_for("response_url")
        assert refused.params["response_type"] == "ephemeral"
        assert "Only moderators" in json.dumps(refused.params)
        assert h.fake.of("views.open") == []


async def test_a_stale_edit_form_gets_the_changed_meanwhile_reply(tmp_path: Path) -> None:
    async with running_app(tmp_path / "e.db") as h:
        view = await open_form(h, "edit 1")
        status, _, _ = await post_signed(
            h.events_url, slash_body("edit 1 | title=Meanwhile", MODERATOR, h.fake.response_url())
        )
        assert status == 200
        await h.fake.wait_for("response_url")
        answer = await submit(h, view, {"summary": "Mine"})
        assert answer.get("response_action") is None
        [told] = await h.fake.wait_for("chat.postEphemeral")
        assert "changed by someone else meanwhile" in json.dumps(told.params)
        saved = await h.store.get(1)
        assert saved is not None and saved.title == "Meanwhile" and "Mine" not in saved.summary
