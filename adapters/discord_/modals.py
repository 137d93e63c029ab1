"""The forms of add and edit as Discord modals: drawing a ``bot.forms.Form``, reading a
submission back, and the "Edit again" button that reopens a form after an error.

``/add`` with no options and ``/edit id:`` with only the id answer with a modal
(interaction response type 9). Discord allows five inputs a modal, so a form shows its
first five fields: date, title, summary, place and tags; sources are added with
``/cite``. The modal's ``custom_id`` carries the command that opened it and, for an edit,
the version it showed, so a change made meanwhile is refused on submission.

Discord cannot show an error on a modal's field, so an error is answered privately,
naming the field, with an "Edit again" button. What was typed is remembered in this
process under a short key in that button's ``custom_id`` (a bounded cache: a button
pressed after a restart, or long after, says it has expired).
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import discord

from adapters.discord_.render import OutgoingMessage
from bot.core import Bot
from bot.forms import Form, opens_form
from bot.messages import Incoming, Reply, ReplyKind

MODAL_PREFIX, AGAIN_PREFIX = "dlf:", "dlr:"
MAX_INPUTS = 5
MAX_TITLE = 45
MAX_LABEL = 45


@dataclass(frozen=True, slots=True)
class Opened:
    """What a modal's ``custom_id`` says: the command that opened it ("edit 12") and the
    version an edit form showed."""

    text: str
    version: int | None = None

    @property
    def custom_id(self) -> str:
        return MODAL_PREFIX + self.text.replace(" ", ":") + (
            f":v{self.version}" if self.version is not None else ""
        )


def opened_from(custom_id: str) -> Opened | None:
    """The ``Opened`` a Dateline modal's ``custom_id`` carries; None if not one."""
    if not custom_id.startswith(MODAL_PREFIX):
        return None
    words = custom_id[len(MODAL_PREFIX):].split(":")
    version = None
    if words[-1].startswith("v") and words[-1][1:].isdigit():
        version = int(words.pop()[1:])
    return Opened(" ".join(words), version)


def form_modal(
    form: Form, opened: Opened, values: Mapping[str, str] | None = None
) -> discord.ui.Modal:
    """The modal drawing ``form`` (showing ``values`` instead, when reopened)."""
    modal = discord.ui.Modal(title=form.title[:MAX_TITLE], custom_id=opened.custom_id)
    for field in form.prefilled(values or {})[:MAX_INPUTS]:
        modal.add_item(discord.ui.TextInput(
            label=field.label[:MAX_LABEL],
            custom_id=field.name,
            style=discord.TextStyle.paragraph if field.multiline else discord.TextStyle.short,
            default=field.value or None,
            required=field.required,
            max_length=field.max_length,
        ))
    # Submissions arrive in ``on_interaction``; discord.py need not hold the modal.
    modal.stop()
    return modal


def submitted_values(data: Mapping[str, Any]) -> dict[str, str]:
    """Input custom_id -> text from a MODAL_SUBMIT's data (rows, or labels, of inputs)."""
    values: dict[str, str] = {}
    for row in data.get("components") or ():
        inner = row.get("components") or ([row["component"]] if row.get("component") else [])
        for item in inner:
            if isinstance(item, Mapping) and "custom_id" in item:
                values[str(item["custom_id"])] = str(item.get("value") or "")
    return values


class Drafts:
    """What moderators typed into forms that failed, under short keys, for "Edit again"."""

    def __init__(self, remember: int = 1000) -> None:
        self._drafts: OrderedDict[str, tuple[Opened, dict[str, str]]] = OrderedDict()
        self._limit = remember

    def keep(self, opened: Opened, values: Mapping[str, str]) -> str:
        key = secrets.token_hex(8)
        self._drafts[key] = (opened, dict(values))
        while len(self._drafts) > self._limit:
            self._drafts.popitem(last=False)
        return AGAIN_PREFIX + key

    def get(self, custom_id: str) -> tuple[Opened, dict[str, str]] | None:
        if not custom_id.startswith(AGAIN_PREFIX):
            return None
        return self._drafts.get(custom_id[len(AGAIN_PREFIX):])


def again_view(custom_id: str) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(discord.ui.Button(label="Edit again", custom_id=custom_id,
                                    style=discord.ButtonStyle.primary))
    view.stop()
    return view


def with_optional_forms(payloads: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The slash commands, with ``/add``'s ``event`` optional: ``/add`` alone opens the form."""
    def optional(payload: dict[str, Any]) -> dict[str, Any]:
        options = [{**o, "required": False} if o.get("name") == "event" else o
                   for o in payload.get("options") or ()]
        return {**payload, "options": options}

    return [optional(p) if p.get("name") == "add" else p for p in payloads]


Interaction = discord.Interaction[Any]
MakeIncoming = Callable[[Interaction, str], Incoming]
Render = Callable[[Reply, int | None], list[OutgoingMessage]]
Respond = Callable[..., Awaitable[None]]  # (interaction, messages, *, private)


class FormAnswers:
    """The client's part for forms: opening them, their submissions and "Edit again".
    The client lends how it reads an asker, renders and responds."""

    def __init__(self, bot: Bot, incoming: MakeIncoming, render: Render,
                 respond: Respond) -> None:
        self.bot, self.incoming, self.render, self.respond = bot, incoming, render, respond
        self.drafts = Drafts()

    async def open_if_asked(self, interaction: Interaction, text: str) -> bool:
        """Open the form if ``text`` asks for one ("add", "edit 12"); whether it did."""
        command, args = self.bot.commands.resolve(text)
        if not opens_form(command.name, args):
            return False
        await self.open(interaction, Opened(text.strip()))
        return True

    async def open(self, interaction: Interaction, opened: Opened,
                   values: Mapping[str, str] | None = None) -> None:
        """Answer with the form's modal; a refusal (a member, no such event) privately."""
        form = await self.bot.form_for(self.incoming(interaction, opened.text))
        if isinstance(form, Reply):
            await self.respond(interaction, self.render(form, interaction.guild_id), private=True)
            return
        if form.command == "edit":
            # Reopened, it is still based on the version first shown: a change made
            # meanwhile is refused rather than silently undone.
            form = replace(form, version=opened.version or form.version)
            opened = Opened(opened.text, form.version)
        await interaction.response.send_modal(form_modal(form, opened, values))

    async def again(self, interaction: Interaction, custom_id: str) -> bool:
        """Reopen a failed form as it was filled, if ``custom_id`` is "Edit again"."""
        if not custom_id.startswith(AGAIN_PREFIX):
            return False
        draft = self.drafts.get(custom_id)
        if draft is None:
            expired = Reply(ReplyKind.ERROR, "This button has expired",
                            "Please run the command again.")
            await self.respond(interaction, self.render(expired, interaction.guild_id),
                               private=True)
            return True
        await self.open(interaction, *draft)
        return True

    async def submitted(self, interaction: Interaction) -> None:
        """Run a submitted form; an error goes to the moderator alone, naming the field,
        with "Edit again" reopening the form as they filled it."""
        data: dict[str, Any] = dict(interaction.data or {})
        opened = opened_from(str(data.get("custom_id", "")))
        if opened is None:
            return
        values = submitted_values(data)
        incoming = self.incoming(interaction, opened.text)
        reply = await self.bot.submit_form(incoming, values, opened.version)
        if reply.kind is not ReplyKind.ERROR:
            rendered = self.render(reply, interaction.guild_id)
            await self.respond(interaction, rendered, private=reply.ephemeral)
            return
        if reply.field is not None:
            reply = replace(reply, title=f"Check the {reply.field}")
        first, *_ = self.render(reply, interaction.guild_id)
        await interaction.response.send_message(
            embeds=[discord.Embed.from_dict(e) for e in first.embeds], ephemeral=True,
            allowed_mentions=discord.AllowedMentions.none(),
            view=again_view(self.drafts.keep(opened, values)),
        )
