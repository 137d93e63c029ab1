"""Every rendering of any Reply is a payload the platform accepts.

Random replies (``random_replies``: all kinds; blank, huge, unicode and hostile text;
many sections, some naming moments, people and commands as typed pieces; citations
with odd URLs, many actions, long footers) are rendered for both platforms, with
random display names (hostile ones too) and command forms looked up, and every
payload is checked:

* Discord: against Discord's own OpenAPI schemas (vendored subset in
  tests/adapters/schemas/, see its "source"), both the renderer's embeds (closed:
  no undeclared keys) and the request bodies discord.py builds from them for an
  interaction response, a follow-up and a channel message; then against the
  documented limits the spec does not encode (6,000 characters per embed,
  non-blank titles and field names, five buttons a row...); and no text may
  parse as a live mention, channel, role, command, timestamp or custom emoji, but
  the timestamps of the reply's moments and the mentions of looked-up commands, each
  shown once, and only in descriptions and field values (where Discord renders them).
* Slack: every block through slack_sdk's own models (``Block.parse``, a
  lossless round trip, ``validate_json`` on the block and every nested object),
  then Slack's documented limits (1 to 50 blocks, section text 1 to 3,000,
  header 1 to 150...), every mrkdwn object verbatim, and no ``<`` or ``&`` that
  is not Dateline's own token; every date token of a moment is one of the reply's
  moments, each shown once.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import discord
from discord.http import handle_message_parameters
from discord.webhook.async_ import interaction_message_response_params
from hypothesis import example, given, settings
from slack_sdk.models.basic_objects import JsonObject
from slack_sdk.models.blocks import Block

from adapters.discord_.buttons import ButtonCommands
from adapters.discord_.inline import Lookups as DiscordLookups
from adapters.discord_.render import OutgoingMessage, render_reply
from adapters.slack_.inline import Lookups as SlackLookups
from adapters.slack_.render import SlackMessage, block_chars, home_view, render
from bot.messages import Action, CommandRef, Moment, Reply, ReplyKind, Section
from tests.adapters.json_schema_subset import UnknownKeyword, Validator
from tests.adapters.random_replies import (
    DISCORD_LOOKUPS,
    LONG_MOMENTS,
    NO_LOOKUPS,
    SLACK_LOOKUPS,
    replies,
)

SCHEMAS = json.loads(
    (Path(__file__).parent / "schemas" / "discord_message_schemas.json").read_text("utf-8")
)
WIRE = Validator(SCHEMAS)
CLOSED = Validator(SCHEMAS, closed=True)


def schema(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


# -- Discord -----------------------------------------------------------------------

# Discord's documented forms that render as a pill, link, timestamp or emoji.
LIVE_DISCORD = re.compile(
    r"<(?:@[!&]?\d+|#\d+|/[^<>:]+:\d+|a?:\w+:\d+|t:-?\d+(?::[tTdDfFR])?|id:\w+)>"
    r"|@(?:everyone|here)"
)
# Link targets (masked "](…)" and "<https://…>") are addresses, not text Discord parses.
LINK_TARGET = re.compile(r"\]\((?:\([^)]*\)|[^\s()])*\)|<https?://[^\s<>]+>")


NATIVE_DISCORD = re.compile(r"<t:-?\d+:f>|</[^<>:\s]+:\d+>")
MARKDOWN_PLACES = ("description", "field value")  # where Discord renders native forms


def live_mention(text: str | None, allowed: Counter[str] | None = None) -> re.Match[str] | None:
    text = LINK_TARGET.sub("", text or "")
    for native in allowed or ():
        text = text.replace(native, "")
    return LIVE_DISCORD.search(text)


def unix(at: datetime) -> int:
    return int((at if at.tzinfo is not None else at.replace(tzinfo=UTC)).timestamp())


def pieces(reply: Reply) -> list[object]:
    return [piece for section in reply.sections
            for parts in (section.heading_parts(), *section.line_parts()) for piece in parts]


def discord_natives(reply: Reply, lookups: DiscordLookups) -> Counter[str]:
    """The native forms the reply's typed pieces should show as, with their counts."""
    natives: Counter[str] = Counter()
    for piece in pieces(reply):
        if isinstance(piece, Moment):
            natives[f"<t:{unix(piece.at)}:f>"] += 1
        form = lookups.forms.get(piece.name) if isinstance(piece, CommandRef) else None
        if form is not None and form.command_id is not None:
            natives[f"</{form.name}:{form.command_id}>"] += 1
    return natives


def discord_view(actions: tuple[Action, ...]) -> discord.ui.View | None:
    """The buttons the client sends for ``actions`` (a discord.py View needs a running loop)."""

    async def build() -> discord.ui.View | None:
        return ButtonCommands().view(actions)

    return asyncio.run(build())


def discord_wire_bodies(message: OutgoingMessage) -> dict[str, dict[str, Any]]:
    """The request bodies discord.py sends for ``message``, by the schema of each."""
    view = discord_view(message.actions)
    embeds = [discord.Embed.from_dict(e) for e in message.embeds]
    flags = discord.MessageFlags(ephemeral=message.ephemeral)
    common: dict[str, Any] = {"embeds": embeds, "allowed_mentions": discord.AllowedMentions.none()}
    if view is not None:
        common["view"] = view
    response = interaction_message_response_params(type=4, flags=flags, **common)
    followup = handle_message_parameters(flags=flags, **common)
    posted = handle_message_parameters(nonce="dateline-1", **common)
    return {
        "CreateMessageInteractionCallbackRequest": dict(response.payload or {}),
        "IncomingWebhookRequestPartial": dict(followup.payload or {}),
        "MessageCreateRequest": dict(posted.payload or {}),
    }


def discord_limit_errors(body: dict[str, Any], allowed: Counter[str] | None = None) -> list[str]:
    """Discord's documented limits that its OpenAPI schemas do not state."""
    errors = [] if len(body.get("content") or "") <= 2000 else ["content over 2000"]
    embeds = body.get("embeds") or []
    if sum(embed_total(e) for e in embeds) > 6000:
        errors.append("embeds over 6000 characters in total")
    for embed in embeds:
        errors += embed_errors(embed, allowed)
    rows = body.get("components") or []
    errors += [] if len(rows) <= 5 else ["more than 5 action rows"]
    for row in rows:
        errors += [] if 1 <= len(row["components"]) <= 5 else ["row of more than 5 buttons"]
        for button in row["components"]:
            errors += [] if (button.get("label") or "").strip() else ["blank button label"]
            errors += [] if len(button.get("label") or "") <= 80 else ["button label over 80"]
            errors += [] if 1 <= len(button.get("custom_id") or "") <= 100 else ["custom_id"]
    return errors


def embed_total(embed: dict[str, Any]) -> int:
    fields = sum(len(f["name"]) + len(f["value"]) for f in embed.get("fields") or ())
    texts = (embed.get("title"), embed.get("description"), (embed.get("footer") or {}).get("text"))
    return fields + sum(len(t or "") for t in texts)


def embed_errors(embed: dict[str, Any], allowed: Counter[str] | None = None) -> list[str]:
    """Discord trims these fields and rejects them when nothing is left."""
    errors = [] if embed_total(embed) <= 6000 else [f"embed of {embed_total(embed)} characters"]
    texts = [("title", embed.get("title")), ("description", embed.get("description"))]
    texts.append(("footer", (embed.get("footer") or {}).get("text")))
    for field in embed.get("fields") or ():
        texts += [("field name", field["name"]), ("field value", field["value"])]
    errors += [f"blank {what}" for what, text in texts if text is not None and not text.strip()]
    for what, text in texts:
        found = live_mention(text, allowed if what in MARKDOWN_PLACES else None)
        errors += [f"live mention in {what}: {found}"] if found else []
    return errors


def shown_natives(embed: dict[str, Any]) -> Counter[str]:
    texts = [embed.get("description") or ""] + [f["value"] for f in embed.get("fields") or ()]
    return Counter(native for text in texts for native in NATIVE_DISCORD.findall(text))


def discord_errors(reply: Reply, lookups: DiscordLookups = NO_LOOKUPS) -> list[str]:
    errors: list[str] = []
    natives = discord_natives(reply, lookups)
    shown: Counter[str] = Counter()
    for message in render_reply(reply, "ref post-1", buttons=True, lookups=lookups):
        for embed in message.embeds:
            errors += CLOSED.errors(embed, schema("RichEmbed"), "$embed")
            shown += shown_natives(embed)
        for name, body in discord_wire_bodies(message).items():
            errors += WIRE.errors(body, schema(name), f"${name}")
            errors += discord_limit_errors(body.get("data", body), natives)
    return errors + ([] if shown == natives else [f"native forms {shown} for {natives}"])


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(replies(), DISCORD_LOOKUPS)
@example(Reply(ReplyKind.ANSWER, "t" * 300, "x" * 5000, footer="f" * 2100), DiscordLookups())
@example(Reply(ReplyKind.ANSWER, " ", "x" + "\t" * 3000 + "y", (Section("\n"),)), DiscordLookups())
@example(Reply(ReplyKind.LIST, "t", sections=(LONG_MOMENTS,)), DiscordLookups())
def test_every_discord_rendering_is_a_valid_discord_request(
    reply: Reply, lookups: DiscordLookups
) -> None:
    assert discord_errors(reply, lookups) == []


def test_the_discord_checks_reject_what_discord_rejects() -> None:
    """The checks above can fail: each payload breaks one rule Discord enforces."""
    embed = {"title": "t" * 257, "fields": [{"name": "n"}], "colour": 1}
    assert len(CLOSED.errors(embed, schema("RichEmbed"))) == 3  # title, value, "colour"
    assert WIRE.errors({"type": 4, "data": {"embeds": [{}] * 11}},
                       schema("CreateMessageInteractionCallbackRequest"))
    assert WIRE.errors({"embeds": [{"image": {"url": "https://x"}}]},
                       schema("MessageCreateRequest"))  # not vendored: Dateline never sends it
    huge_embed = {"title": " ", "description": "d" * 4096, "footer": {"text": "f" * 2000}}
    assert embed_errors(huge_embed) == ["embed of 6097 characters", "blank title"]
    assert embed_errors({"title": "<@&1> @here"}) != []
    try:
        WIRE.errors({}, {"patternProperties": {}})
    except UnknownKeyword:
        pass
    else:
        raise AssertionError("an unknown keyword must not be ignored")


# -- Slack -------------------------------------------------------------------------

OWN_TOKEN = re.compile(r"<!date\^00000000\^\{_\}\|[^<>]*>|<(?i:https?)://[^<>|\s]+(?:\|[^<>]*)?>"
                       r"|<!date\^\d+\^\{date_short_pretty\} \{time\}\|[^<>|]+>")
MOMENT_TOKEN = re.compile(r"<!date\^(\d+)\^\{date_short_pretty\} \{time\}\|[^<>|]+>")
ENTITY = re.compile(r"&(?:amp|lt|gt);")


def nested_objects(obj: JsonObject) -> list[JsonObject]:
    found = [obj]
    for value in vars(obj).values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, JsonObject):
                found += nested_objects(item)
    return found


def slack_block_errors(block: dict[str, Any]) -> list[str]:
    parsed = Block.parse(block)
    if parsed is None:
        return [f"slack_sdk does not know {block.get('type')!r}"]
    for obj in nested_objects(parsed):
        obj.validate_json()  # raises SlackObjectFormationError
    errors = [] if parsed.to_dict() == block else [f"lost in round trip: {block}"]
    return errors + slack_limit_errors(block)


def slack_limit_errors(block: dict[str, Any]) -> list[str]:
    kind, errors = block["type"], []
    texts = [block["text"]] if "text" in block else []
    texts += [e for e in block.get("elements", ()) if e["type"] in ("mrkdwn", "plain_text")]
    limit = {"section": 3000, "header": 150, "context": 3000}.get(kind, 0)
    for text in texts:
        errors += [] if len(text["text"].strip()) >= 1 and len(text["text"]) <= limit else [
            f"{kind} text of {len(text['text'])} characters (or blank)"]
        if text["type"] == "mrkdwn":
            errors += mrkdwn_errors(text)
    for button in block.get("elements", ()) if kind == "actions" else ():
        label, value = button["text"]["text"], button.get("value", "")
        errors += [] if label.strip() and len(label) <= 75 else [f"button label {label!r}"]
        errors += [] if len(value) <= 2000 and len(button["action_id"]) <= 255 else ["button"]
    if kind == "actions" and not 1 <= len(block["elements"]) <= 25:
        errors.append("actions block of more than 25 elements")
    return errors


def mrkdwn_errors(text: dict[str, Any]) -> list[str]:
    errors = [] if text.get("verbatim") is True else ["mrkdwn without verbatim: links bare URLs"]
    bare = ENTITY.sub("", OWN_TOKEN.sub("", text["text"]))
    return errors + [f"stray {ch!r} in mrkdwn" for ch in "<>&" if ch in bare]


def slack_message_errors(message: SlackMessage) -> list[str]:
    errors = [] if 1 <= len(message.blocks) <= 50 else [f"{len(message.blocks)} blocks"]
    errors += [] if message.text.strip() and len(message.text) <= 4000 else ["fallback text"]
    if sum(block_chars(b) for b in message.blocks) > 12000:
        errors.append("message text over 12,000 characters")
    action_ids = [e["action_id"] for b in message.blocks for e in b.get("elements", ())
                  if "action_id" in e]
    errors += [] if len(set(action_ids)) == len(action_ids) else ["repeated action_id"]
    return errors + [e for block in message.blocks for e in slack_block_errors(block)]


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(replies(), SLACK_LOOKUPS)
# A blank line past 3,000 characters:
@example(Reply(ReplyKind.ANSWER, "t", "x\n" + " " * 4200 + "\ny"), SlackLookups())
@example(Reply(ReplyKind.EMPTY, " "), SlackLookups())
@example(Reply(ReplyKind.LIST, "t", sections=(LONG_MOMENTS,)), SlackLookups())
def test_every_slack_rendering_is_valid_block_kit(reply: Reply, lookups: SlackLookups) -> None:
    messages = render(reply, lookups)
    errors = [e for message in messages for e in slack_message_errors(message)]
    errors += slack_moment_errors(reply, messages)
    view = home_view(reply)
    errors += [] if len(view["blocks"]) <= 100 else ["home view of more than 100 blocks"]
    errors += [e for block in view["blocks"] for e in slack_block_errors(block)]
    assert errors == []


def slack_moment_errors(reply: Reply, messages: list[SlackMessage]) -> list[str]:
    """Every date token of a moment is one of the reply's moments, each shown once."""
    at = [unix(piece.at) for piece in pieces(reply) if isinstance(piece, Moment)]
    moments = Counter(seconds for seconds in at if seconds >= 0)  # none before 1970
    texts = [text["text"] for message in messages for block in message.blocks
             for text in [block.get("text") or {}, *block.get("elements", ())] if "text" in text]
    shown = Counter(int(n) for text in texts for n in MOMENT_TOKEN.findall(str(text)))
    return [] if shown == moments else [f"date tokens {shown} for moments {moments}"]


def test_the_slack_checks_reject_what_slack_rejects() -> None:
    """The checks above can fail: each block breaks one rule Slack enforces."""
    assert slack_message_errors(SlackMessage("", ())) == ["0 blocks", "fallback text"]
    section = {"type": "section", "text": {"type": "mrkdwn", "text": " <@U1> x"}}
    assert slack_block_errors(section) == [
        "mrkdwn without verbatim: links bare URLs", "stray '<' in mrkdwn", "stray '>' in mrkdwn"]
    assert slack_block_errors({"type": "header", "text": {"type": "plain_text", "text": " "}})
    assert slack_block_errors({"type": "sideways"})
