"""The Discord client: slash commands, buttons, autocomplete and mentions to ``Bot.handle``.

Interactions are acknowledged within Discord's 3-second window: the answer is
awaited for ``ack_after`` seconds; if it is ready it is sent as the response,
otherwise the interaction is deferred ("thinking") and, as Discord documents,
the first part of the answer is put into that message with
``edit_original_response`` (PATCH .../messages/@original); further parts follow
as followups with the same privacy. Every message is sent with mentions disabled.

Privacy is decided before deferring, because a deferred message's privacy is
fixed by the deferral. The command table says which commands answer privately
(help, history, audit, schedule, status, unless shared): those are deferred
privately and everything they say stays private. Anything else is deferred
publicly, and then:

- an answer fills the public message, as expected;
- an error fills it too, publicly. A user who saw Dateline think in the channel
  expects the outcome there, and the core's errors hold nothing private: they
  are about the asker's input, which Discord already shows with the command, or
  give an operator's reference id. (An error ready in time is still answered
  privately, since no public message exists yet.)
- help or a private report that the table did not predict ("/ask help") must
  not be posted: the public message becomes a short stand-in
  (``public_replies.stand_in``) and the reply follows as private followups,
  which, sent once the original was edited, are new messages of their own.

No path sends a followup while the deferred message is still thinking (the
deprecated way of filling it) or deletes the public message to hide an answer.
A mention is answered in the channel, so errors, help and private reports are
replaced by short public lines pointing to /help (``public_replies.for_channel``).

Discord shares no user's time zone: every message names its server (guild) as its
space, and the core reads "today" in the zone that server's moderators set with
/timezone, else the default, and says so where it matters.

An answer counts as ready once the people it names have display names (``names``,
cached), so that lookup is inside the 3-second window too; help names commands by
their slash forms, clickable once the registered commands' ids are read after sync.

The client is discord.py's ``AutoShardedClient``: Discord sends each guild's events
on one shard only, so a process that runs some of the shards (``DISCORD_SHARD_IDS``
of ``DISCORD_SHARD_COUNT``) answers exactly its own guilds, and another process the
rest. With neither setting, this one process runs as many shards as Discord's
``GET /gateway/bot`` recommends.
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import replace
from typing import Any

import discord
from discord import app_commands
from discord.utils import MISSING

from adapters.discord_.appcommands import (
    GLOBAL,
    attachment_ids,
    command_payloads,
    compose_text,
    focused_option,
    option_values,
    sync_commands,
    typed_options,
    without_files,
)
from adapters.discord_.attachments import Attached, TooBig, attached, download, uploads
from adapters.discord_.buttons import ButtonCommands
from adapters.discord_.command_forms import SlashForm, command_ids, slash_forms
from adapters.discord_.identity import actor_for, facts_from_interaction, facts_from_message
from adapters.discord_.inline import Lookups
from adapters.discord_.modals import FormAnswers, with_optional_forms
from adapters.discord_.names import DiscordNames
from adapters.discord_.public_replies import for_channel, must_stay_private, stand_in
from adapters.discord_.render import OutgoingMessage, render_reply
from adapters.discord_.settings import DiscordSettings
from adapters.people_refs import people_in
from bot.core import Bot
from bot.messages import Incoming, Reply, ReplyKind

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
ACK_AFTER = 1.0
IDENTIFY_GAP = 5.0  # Discord starts one session of a bot per 5 s (max_concurrency 1)
AUTOCOMPLETE_TIMEOUT = 2.0


def strip_mention(content: str, user_id: int) -> str | None:
    """The question in a message that mentions the bot, or None if it does not."""
    pattern = re.compile(rf"<@!?{user_id}>")
    if not pattern.search(content):
        return None
    return " ".join(pattern.sub(" ", content).split()) or "help"


def _guild_id(space: str) -> int | None:
    return int(space) if space.isdigit() else None


def embeds_of(message: OutgoingMessage) -> list[discord.Embed]:
    return [discord.Embed.from_dict(e) for e in message.embeds]


def intents_for(settings: DiscordSettings) -> discord.Intents:
    intents = discord.Intents.default()
    intents.message_content = settings.message_content
    return intents


def sharding(settings: DiscordSettings) -> dict[str, Any]:
    """discord.py's options for the shards this process runs. No count: discord.py
    asks Discord for it; no ids: every shard of the count."""
    options: dict[str, Any] = {"shard_count": settings.shard_count}
    if settings.shard_ids:
        options["shard_ids"] = list(settings.shard_ids)
    return options


class DatelineClient(discord.AutoShardedClient):
    """A sharded ``discord.Client`` that serves one ``Bot``. An interaction whose answer
    is not ready within ``ack_after`` seconds is deferred; with 0 every one is. Each
    shard after the first, and each new session after a lost one, waits
    ``identify_gap`` seconds before identifying (a stand-in of Discord needs none)."""

    def __init__(
        self, bot: Bot, settings: DiscordSettings, *, ack_after: float = ACK_AFTER,
        identify_gap: float = IDENTIFY_GAP, **options: Any,
    ) -> None:
        super().__init__(
            intents=intents_for(settings), allowed_mentions=NO_MENTIONS,
            **sharding(settings), **options,
        )
        self.dateline = bot
        self.settings = settings
        self.ack_after = ack_after
        self.identify_gap = identify_gap
        self.buttons = ButtonCommands()
        self.forms = FormAnswers(bot, self._incoming, self._render, self._respond)
        self.names = DiscordNames(self)
        # Help's slash forms: typed until the registered commands' ids are known.
        self.typed_forms = slash_forms(bot.commands)
        self.scope_forms: dict[str, dict[str, SlashForm]] = {}

    async def setup_hook(self) -> None:
        if self.application_id is None:
            raise RuntimeError("Discord did not report an application id")
        await sync_commands(
            self.http,
            self.application_id,
            self.settings.guild_ids,
            with_optional_forms(command_payloads(self.dateline.commands)),
            self.settings.command_state_path,
        )
        ids = await command_ids(self.http, self.application_id, self.settings.guild_ids)
        self.scope_forms = {
            scope: slash_forms(self.dateline.commands, named) for scope, named in ids.items()
        }

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        # discord.py's own hook, with the gap as a setting: Discord refuses a bot's
        # sessions started faster than its session start limit allows.
        if not initial and self.identify_gap > 0:
            await asyncio.sleep(self.identify_gap)

    async def on_ready(self) -> None:
        log.info(
            "connected to Discord as %s (%s guilds on shards %s of %s)",
            self.user, len(self.guilds), ",".join(map(str, sorted(self.shards))), self.shard_count,
        )

    # -- slash commands ------------------------------------------------------------

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        try:
            if interaction.type is discord.InteractionType.application_command:
                await self._command(interaction)
            elif interaction.type is discord.InteractionType.autocomplete:
                await self._autocomplete(interaction)
            elif interaction.type is discord.InteractionType.component:
                await self._button(interaction)
            elif interaction.type is discord.InteractionType.modal_submit:
                await self.forms.submitted(interaction)
        except discord.HTTPException as err:
            log.warning("answering a Discord interaction failed: %s %s", err.status, err.code)

    def _incoming(
        self, interaction: discord.Interaction[Any], text: str,
        options: tuple[tuple[str, str | int], ...] = (),
    ) -> Incoming:
        actor = actor_for(facts_from_interaction(interaction), self.settings.moderator_role_ids)
        channel, space = str(interaction.channel_id or ""), str(interaction.guild_id or "")
        return Incoming(text, actor, channel, interaction.created_at, space=space,
                        options=options)

    async def _command(self, interaction: discord.Interaction[Any]) -> None:
        data: dict[str, Any] = dict(interaction.data or {})
        command = self.dateline.commands.get(str(data.get("name", "")))
        if command is None:
            reply = Reply(ReplyKind.ERROR, "Unknown command", "Try /help.")
            await self._respond(interaction, self._render(reply), private=reply.ephemeral)
            return
        values = option_values(data)
        if await self.forms.open_if_asked(interaction, compose_text(command, values)):
            return  # "/add" alone, "/edit id:" alone: their form (``modals``)
        files = attached(data, attachment_ids(command, values))
        typed = typed_options(without_files(command, values))
        await self._answer(interaction, compose_text(command, values), typed, files)

    async def _button(self, interaction: discord.Interaction[Any]) -> None:
        """A pressed button runs its command for whoever pressed it."""
        data: dict[str, Any] = dict(interaction.data or {})
        if await self.forms.again(interaction, str(data.get("custom_id", ""))):
            return
        text = self.buttons.command(str(data.get("custom_id", "")))
        if text is None:
            reply = Reply(ReplyKind.ERROR, "This button has expired", "Please ask again.")
            await self._respond(interaction, self._render(reply), private=reply.ephemeral)
            return
        await self._answer(interaction, text)

    def _render(self, reply: Reply, guild_id: int | None = None) -> list[OutgoingMessage]:
        """The reply's messages, naming people and commands as they are in the guild."""
        forms = self.scope_forms.get(str(guild_id)) or self.scope_forms.get(GLOBAL)
        names = self.names.known(people_in(reply), guild_id)
        return render_reply(reply, buttons=True, lookups=Lookups(names, forms or self.typed_forms))

    async def _handle(self, incoming: Incoming, files: list[Attached] | None = None) -> Reply:
        """The core's reply, once the names of the people it names are looked up. The
        attached ``files`` are downloaded first, inside the time the answer may take."""
        if files:
            try:
                incoming = replace(incoming, files=await download(self.http, files))
            except TooBig as err:
                return Reply(ReplyKind.ERROR, "That file is too big", str(err))
            except discord.HTTPException as err:
                log.warning("downloading a Discord attachment failed: %s", err.status)
                return Reply(ReplyKind.ERROR, "The file could not be read",
                             "Discord did not hand over the attached file; please try again.")
        reply = await self.dateline.handle(incoming)
        await self.names.look_up(people_in(reply), _guild_id(incoming.space))
        return reply

    def _answers_privately(self, text: str) -> bool:
        """What the command table says of ``text``'s privacy, known before answering."""
        command, args = self.dateline.commands.resolve(text)
        return command.answers_privately(args)

    async def _answer(
        self, interaction: discord.Interaction[Any], text: str,
        options: tuple[tuple[str, str | int], ...] = (),
        files: list[Attached] | None = None,
    ) -> None:
        """Answer within Discord's 3 seconds: directly when the answer is ready in
        ``ack_after``, otherwise after "thinking", private if the command is."""
        private = self._answers_privately(text)
        incoming = self._incoming(interaction, text, options)
        task = asyncio.create_task(self._handle(incoming, files))
        try:
            done: set[asyncio.Task[Reply]] = set()
            if self.ack_after > 0:  # 0 defers at once, even an answer needing no I/O
                done, _ = await asyncio.wait({task}, timeout=self.ack_after)
            if task in done:
                reply = task.result()
                private = private or reply.ephemeral
                rendered = self._render(reply, interaction.guild_id)
                await self._respond(interaction, rendered, private=private)
                return
            await interaction.response.defer(ephemeral=private, thinking=True)
            await self._complete_deferred(interaction, await task, private=private)
        finally:
            if not task.done():
                task.cancel()

    async def _respond(
        self,
        interaction: discord.Interaction[Any],
        messages: list[OutgoingMessage],
        *,
        private: bool,
    ) -> None:
        """The first part as the interaction's response, the rest as followups."""
        first, *rest = messages
        view = self.buttons.view(first.actions)
        await interaction.response.send_message(
            embeds=embeds_of(first),
            ephemeral=private,
            allowed_mentions=NO_MENTIONS,
            view=view or MISSING,
            files=uploads(first.files) or MISSING,
        )
        await self._followups(interaction, rest, private=private)

    async def _complete_deferred(
        self, interaction: discord.Interaction[Any], reply: Reply, *, private: bool
    ) -> None:
        """Fill the deferred message (see the module docstring for the privacy rules)."""
        rendered = self._render(reply, interaction.guild_id)
        if private or not must_stay_private(reply):
            await self._fill_original(interaction, rendered, private=private)
            return
        # Deferred publicly, but this reply must stay private: a public stand-in
        # ends the thinking, then the reply follows as private followups.
        public = self._render(stand_in(reply, self.dateline.commands))
        await self._fill_original(interaction, public, private=False)
        await self._followups(interaction, rendered, private=True)

    async def _fill_original(
        self,
        interaction: discord.Interaction[Any],
        messages: list[OutgoingMessage],
        *,
        private: bool,
    ) -> None:
        """The first part into the deferred message, the rest as followups. The
        deferral fixed the message's privacy; ``private`` is the followups'."""
        first, *rest = messages
        view = self.buttons.view(first.actions)
        await interaction.edit_original_response(
            embeds=embeds_of(first), allowed_mentions=NO_MENTIONS, view=view or MISSING,
            attachments=uploads(first.files) or MISSING,
        )
        await self._followups(interaction, rest, private=private)

    async def _followups(
        self,
        interaction: discord.Interaction[Any],
        messages: list[OutgoingMessage],
        *,
        private: bool,
    ) -> None:
        """Further messages; only ever sent once the original response holds content."""
        for message in messages:
            view = self.buttons.view(message.actions)
            await interaction.followup.send(
                embeds=embeds_of(message),
                ephemeral=private,
                allowed_mentions=NO_MENTIONS,
                view=view or MISSING,
                files=uploads(message.files) or MISSING,
            )

    async def _autocomplete(self, interaction: discord.Interaction[Any]) -> None:
        data: dict[str, Any] = dict(interaction.data or {})
        command = self.dateline.commands.get(str(data.get("name", "")))
        focused = focused_option(data)
        choices: list[str] = []
        if command is not None and focused is not None:
            source = next((p.complete for p in command.params if p.name == focused[0]), None)
            if source:
                try:
                    choices = await asyncio.wait_for(
                        self.dateline.complete(source, focused[1]), AUTOCOMPLETE_TIMEOUT
                    )
                except TimeoutError:
                    log.warning("autocomplete for %s timed out", source)
        await interaction.response.autocomplete(
            [app_commands.Choice(name=c[:100], value=c[:100]) for c in choices[:25]]
        )

    # -- mentions --------------------------------------------------------------------

    async def on_message(self, message: discord.Message) -> None:
        """Answer "@Dateline what happened on 7 January?". Edits are never handled."""
        me = self.user
        if not self.settings.message_content or me is None:
            return
        if message.author.bot or message.author.id == me.id:
            return
        text = strip_mention(message.content, me.id)
        if text is None:
            return
        facts = facts_from_message(message)
        actor = actor_for(facts, self.settings.moderator_role_ids)
        space = str(message.guild.id) if message.guild is not None else ""
        incoming = Incoming(text, actor, str(message.channel.id), message.created_at, space=space)
        asked, _ = self.dateline.commands.resolve(text)
        reply = for_channel(await self.dateline.handle(incoming), self.dateline.commands, asked)
        guild_id = _guild_id(space)
        await self.names.look_up(people_in(reply), guild_id)
        reference = message.to_reference(fail_if_not_exists=False)
        try:
            for index, out in enumerate(self._render(reply, guild_id)):
                view = self.buttons.view(out.actions)
                await message.channel.send(
                    embeds=embeds_of(out),
                    allowed_mentions=NO_MENTIONS,
                    reference=reference if index == 0 else None,  # type: ignore[arg-type]
                    mention_author=False,
                    view=view or MISSING,
                )
        except discord.HTTPException as err:
            log.warning("answering a Discord mention failed: %s %s", err.status, err.code)
