"""The Discord client: slash commands, autocomplete and mentions to ``Bot.handle``.

Interactions are acknowledged within Discord's 3-second window: the answer is
awaited for ``ack_after`` seconds; if it is ready it is sent as the response,
otherwise the interaction is deferred ("thinking") and the answer follows as
followup messages. Every message is sent with mentions disabled.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

import discord
from discord import app_commands
from discord.utils import MISSING

from adapters.discord_.appcommands import (
    command_payloads,
    compose_text,
    focused_option,
    option_values,
    sync_commands,
)
from adapters.discord_.buttons import ButtonCommands
from adapters.discord_.identity import actor_for, facts_from_interaction, facts_from_message
from adapters.discord_.render import OutgoingMessage, render_reply
from adapters.discord_.settings import DiscordSettings
from bot.core import Bot
from bot.messages import Incoming, Reply, ReplyKind

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
ACK_AFTER = 1.0
AUTOCOMPLETE_TIMEOUT = 2.0


def strip_mention(content: str, user_id: int) -> str | None:
    """The question in a message that mentions the bot, or None if it does not."""
    pattern = re.compile(rf"<@!?{user_id}>")
    if not pattern.search(content):
        return None
    return " ".join(pattern.sub(" ", content).split()) or "help"


def embeds_of(message: OutgoingMessage) -> list[discord.Embed]:
    return [discord.Embed.from_dict(e) for e in message.embeds]


def intents_for(settings: DiscordSettings) -> discord.Intents:
    intents = discord.Intents.default()
    intents.message_content = settings.message_content
    return intents


class DatelineClient(discord.Client):
    """A ``discord.Client`` that serves one ``Bot``."""

    def __init__(
        self, bot: Bot, settings: DiscordSettings, *, ack_after: float = ACK_AFTER, **options: Any
    ) -> None:
        super().__init__(intents=intents_for(settings), allowed_mentions=NO_MENTIONS, **options)
        self.dateline = bot
        self.settings = settings
        self.ack_after = ack_after
        self.buttons = ButtonCommands()

    async def setup_hook(self) -> None:
        if self.application_id is None:
            raise RuntimeError("Discord did not report an application id")
        await sync_commands(
            self.http,
            self.application_id,
            self.settings.guild_ids,
            command_payloads(self.dateline.commands),
            self.settings.command_state_path,
        )

    async def on_ready(self) -> None:
        log.info("connected to Discord as %s (%s guilds)", self.user, len(self.guilds))

    # -- slash commands ------------------------------------------------------------

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        try:
            if interaction.type is discord.InteractionType.application_command:
                await self._command(interaction)
            elif interaction.type is discord.InteractionType.autocomplete:
                await self._autocomplete(interaction)
            elif interaction.type is discord.InteractionType.component:
                await self._button(interaction)
        except discord.HTTPException as err:
            log.warning("answering a Discord interaction failed: %s %s", err.status, err.code)

    def _incoming(self, interaction: discord.Interaction[Any], text: str) -> Incoming:
        actor = actor_for(facts_from_interaction(interaction), self.settings.moderator_role_ids)
        return Incoming(text, actor, str(interaction.channel_id or ""), interaction.created_at)

    async def _command(self, interaction: discord.Interaction[Any]) -> None:
        data: dict[str, Any] = dict(interaction.data or {})
        command = self.dateline.commands.get(str(data.get("name", "")))
        if command is None:
            reply = Reply(ReplyKind.ERROR, "Unknown command", "Try /help.")
            await self._respond(interaction, self._render(reply))
            return
        text = compose_text(command, option_values(data))
        _, args = self.dateline.commands.resolve(text)
        await self._answer(interaction, text, private=command.answers_privately(args))

    async def _button(self, interaction: discord.Interaction[Any]) -> None:
        """A pressed button runs its command for whoever pressed it."""
        data: dict[str, Any] = dict(interaction.data or {})
        text = self.buttons.command(str(data.get("custom_id", "")))
        if text is None:
            reply = Reply(ReplyKind.ERROR, "This button has expired", "Please ask again.")
            await self._respond(interaction, self._render(reply))
            return
        await self._answer(interaction, text, private=False)

    def _render(self, reply: Reply) -> list[OutgoingMessage]:
        return render_reply(reply, buttons=True)

    async def _answer(
        self, interaction: discord.Interaction[Any], text: str, *, private: bool
    ) -> None:
        """Answer within Discord's 3 seconds: directly when the answer is ready in
        ``ack_after``, otherwise after "thinking" (private when ``private``)."""
        task = asyncio.create_task(self.dateline.handle(self._incoming(interaction, text)))
        try:
            done, _ = await asyncio.wait({task}, timeout=self.ack_after)
            if task in done:
                await self._respond(interaction, self._render(task.result()))
                return
            await interaction.response.defer(ephemeral=private, thinking=True)
            reply = await task
            await self._follow_deferred(interaction, self._render(reply), private)
        finally:
            if not task.done():
                task.cancel()

    async def _respond(
        self, interaction: discord.Interaction[Any], messages: list[OutgoingMessage]
    ) -> None:
        first, *rest = messages
        view = self.buttons.view(first.actions)
        await interaction.response.send_message(
            embeds=embeds_of(first),
            ephemeral=first.ephemeral,
            allowed_mentions=NO_MENTIONS,
            view=view or MISSING,
        )
        await self._followups(interaction, rest)

    async def _follow_deferred(
        self,
        interaction: discord.Interaction[Any],
        messages: list[OutgoingMessage],
        deferred_private: bool,
    ) -> None:
        if messages[0].ephemeral and not deferred_private:
            # A public "thinking" message cannot become private: remove it instead.
            await interaction.delete_original_response()
        await self._followups(interaction, messages)

    async def _followups(
        self, interaction: discord.Interaction[Any], messages: list[OutgoingMessage]
    ) -> None:
        for message in messages:
            view = self.buttons.view(message.actions)
            await interaction.followup.send(
                embeds=embeds_of(message),
                ephemeral=message.ephemeral,
                allowed_mentions=NO_MENTIONS,
                view=view or MISSING,
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
        incoming = Incoming(text, actor, str(message.channel.id), message.created_at)
        reply = await self.dateline.handle(incoming)
        reference = message.to_reference(fail_if_not_exists=False)
        try:
            for index, out in enumerate(self._render(reply)):
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
