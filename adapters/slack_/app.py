"""The Bolt ``AsyncApp`` for Dateline: one slash command, mentions, buttons and App Home.

Every listener acknowledges first (Slack wants an answer within 3 seconds),
then asks the core and sends the rendered reply: slash commands and buttons
through ``response_url`` (``respond``), mentions through ``chat.postMessage``.
The adapter never decides what a role may do; the core's command table does. Each
message carries the asker's own time zone from their Slack profile (``people``,
cached); when Slack cannot say, the core uses the workspace's zone or the default.
Before a reply is rendered, the people it names are looked up (``people``, cached) so
it shows their display names; help shows each command as typed after ``/dateline``.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackClientError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from adapters.logsafe import drop_messages
from adapters.people_refs import people_in
from adapters.slack_ import convert, files, modals
from adapters.slack_.command_forms import SLASH_COMMAND, slack_forms
from adapters.slack_.inline import Lookups
from adapters.slack_.people import SlackPeople
from adapters.slack_.render import ACTION_PREFIX, SlackMessage, home_view, render
from adapters.slack_.roles import RoleResolver
from adapters.slack_.settings import SlackMode, SlackSettings
from bot.core import Bot
from bot.forms import opens_form
from bot.messages import Incoming, Reply, ReplyKind, Role

log = logging.getLogger(__name__)

HOME_DAYS = 30
RESPONSE_URL_USES = 5  # Slack accepts up to five replies per response_url
ACTION_PATTERN = re.compile(rf"^{re.escape(ACTION_PREFIX)}\d+$")

Now = Callable[[], datetime]
Respond = Callable[..., Awaitable[Any]]


def utc_now() -> datetime:
    return datetime.now(UTC)


def make_client(settings: SlackSettings) -> AsyncWebClient:
    """The Web API client: bot token, optional base URL, retries on 429 and dropped connections."""
    kwargs: dict[str, Any] = {}
    if settings.api_base_url:
        kwargs["base_url"] = settings.api_base_url
    return AsyncWebClient(
        token=settings.bot_token.reveal(),
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
            AsyncRateLimitErrorRetryHandler(max_retry_count=3),
        ],
        **kwargs,
    )


class SlackHandlers:
    """The listeners, as methods, so they share the bot, role resolver, people and clock."""

    def __init__(
        self,
        bot: Bot,
        roles: RoleResolver,
        client: AsyncWebClient,
        now: Now = utc_now,
        people: SlackPeople | None = None,
    ) -> None:
        self.bot = bot
        self.roles = roles
        self.client = client
        self.now = now
        self.people = people or SlackPeople(client)
        self.forms = slack_forms(bot.commands)

    async def asker(self, user_id: str) -> tuple[Role, str | None]:
        """The user's role and own time zone. The role is looked up first: when it
        needs ``users.info``, the zone then comes from that same, cached, call."""
        role = await self.roles.role_of(user_id)
        return role, await self.people.zone_of(user_id)

    async def on_command(
        self, ack: Callable[[], Awaitable[None]], body: dict[str, Any], respond: Respond
    ) -> None:
        await ack()
        role, tz = await self.asker(str(body.get("user_id") or ""))
        incoming = convert.command_to_incoming(body, role, self.now(), tz)
        asked, args = self.bot.commands.resolve(incoming.text)
        if body.get("trigger_id") and opens_form(asked.name, args):
            await self.open_form(incoming, str(body["trigger_id"]), respond, body)
            return
        reply = await self.bot.handle(incoming)
        await self._respond_all(respond, await self.rendered(reply), body)
        await files.send_privately(self.client, incoming.actor.user_id, reply.files)

    async def open_form(
        self, incoming: Incoming, trigger_id: str, respond: Respond, body: Mapping[str, Any]
    ) -> None:
        """Open the form of "add" or "edit ID" (``modals``); a refusal is answered."""
        form = await self.bot.form_for(incoming)
        if isinstance(form, Reply):
            await self._respond_all(respond, await self.rendered(form), body)
            return
        view = modals.form_view(form, incoming.text, incoming.channel)
        await self._safely("views.open", self.client.views_open(trigger_id=trigger_id, view=view))

    async def on_form(
        self, ack: Callable[..., Awaitable[None]], body: dict[str, Any], view: dict[str, Any]
    ) -> None:
        """A submitted form: an error on a field stays in the modal, on that field;
        anything else closes it and is told to the moderator alone in the channel."""
        user_id = str((body.get("user") or {}).get("id") or "")
        role, tz = await self.asker(user_id)
        state = modals.state_of(view)
        incoming = Incoming(state.text, convert.actor(user_id, role), state.channel,
                            self.now(), tz, convert.team_of(body))
        reply = await self.bot.submit_form(incoming, modals.values_of(view), state.version)
        errors = modals.field_errors(reply, view)
        if errors is not None:
            await ack(response_action="errors", errors=errors)
            return
        await ack()
        for message in await self.rendered(reply):
            await self._post(replace(message, ephemeral=True), state.channel, user_id, None)

    async def on_action(
        self,
        ack: Callable[[], Awaitable[None]],
        body: dict[str, Any],
        action: dict[str, Any],
        respond: Respond,
    ) -> None:
        await ack()
        user_id = str((body.get("user") or {}).get("id") or "")
        role, tz = await self.asker(user_id)
        incoming = convert.action_to_incoming(body, action, role, self.now(), tz)
        reply = await self.bot.handle(incoming)
        target = {"user_id": user_id, "channel_id": incoming.channel}
        await self._respond_all(respond, await self.rendered(reply), target)

    async def on_mention(self, event: dict[str, Any], body: dict[str, Any]) -> None:
        if convert.should_ignore(event):
            return  # before any lookup: bots' messages cost no users.info call
        role, tz = await self.asker(str(event.get("user") or ""))
        incoming = convert.mention_to_incoming(
            event, role, self.now(), tz, convert.team_of(body)
        )
        if incoming is None:
            return
        reply = await self._with_files(incoming, event)
        thread = convert.thread_of(event)
        for message in await self.rendered(reply):
            await self._post(message, incoming.channel, incoming.actor.user_id, thread)
        await files.send_privately(self.client, incoming.actor.user_id, reply.files)

    async def _with_files(self, incoming: Incoming, event: Mapping[str, Any]) -> Reply:
        """The core's reply; for "import" by someone who may run it, with the files
        shared with the mention (read only then: a question beside a shared file, or a
        member's import, never downloads it)."""
        shared = files.shared_files(event)
        asked = self.bot.commands.resolve(incoming.text)[0].name
        if shared and asked == "import" and not self.bot.refuses(incoming.actor.role, "import"):
            try:
                got = await files.download(shared, self.client.token or "", self.client.base_url)
            except files.FileRefused as err:
                return Reply(ReplyKind.ERROR, "That file was not imported", str(err))
            incoming = replace(incoming, files=got)
        return await self.bot.handle(incoming)

    async def rendered(self, reply: Reply) -> list[SlackMessage]:
        """The reply's messages, with the display names of the people it names."""
        names = await self.people.names(people_in(reply))
        return render(reply, Lookups(names, self.forms))

    async def on_home_opened(self, event: dict[str, Any], body: dict[str, Any]) -> None:
        if event.get("tab", "home") != "home" or not event.get("user"):
            return
        user_id = str(event["user"])
        channel = str(event.get("channel") or "")
        reply = await self.upcoming(user_id, channel, convert.team_of(body))
        await self._safely(
            "views.publish", self.client.views_publish(user_id=user_id, view=home_view(reply))
        )

    async def upcoming(self, user_id: str, channel: str, team: str = "") -> Reply:
        role, tz = await self.asker(user_id)
        actor = convert.actor(user_id, role)
        incoming = Incoming(f"upcoming {HOME_DAYS}", actor, channel, self.now(), tz, team)
        return await self.bot.handle(incoming)

    async def _respond_all(
        self, respond: Respond, messages: list[SlackMessage], body: Mapping[str, Any]
    ) -> None:
        """Up to five messages through ``response_url``; any more through the Web API."""
        for index, message in enumerate(messages):
            if index < RESPONSE_URL_USES:
                await self._safely(
                    "response_url",
                    respond(
                        **message.payload(),
                        response_type="ephemeral" if message.ephemeral else "in_channel",
                        replace_original=False,
                        unfurl_links=False,
                        unfurl_media=False,
                    ),
                )
            else:
                channel = str(body.get("channel_id") or "")
                await self._post(message, channel, str(body.get("user_id") or ""), None)

    async def _post(
        self, message: SlackMessage, channel: str, user_id: str, thread: str | None
    ) -> None:
        if message.ephemeral:
            call = self.client.chat_postEphemeral(
                channel=channel, user=user_id, thread_ts=thread, **message.payload()
            )
            await self._safely("chat.postEphemeral", call)
        else:
            call = self.client.chat_postMessage(
                channel=channel,
                thread_ts=thread,
                unfurl_links=False,
                unfurl_media=False,
                **message.payload(),
            )
            await self._safely("chat.postMessage", call)

    @staticmethod
    async def _safely(what: str, call: Awaitable[Any]) -> None:
        """Await a Slack call; a failure is logged (without message text), never raised."""
        try:
            await call
        except asyncio.CancelledError:
            raise
        except (SlackClientError, OSError, TimeoutError) as err:
            log.warning("Slack %s failed: %s", what, type(err).__name__)


def build_app(
    settings: SlackSettings, bot: Bot, client: AsyncWebClient | None = None, now: Now = utc_now
) -> AsyncApp:
    """The Bolt app with Dateline's listeners. In HTTP mode ``http_endpoint`` verifies
    each request before it reaches the app, so Bolt's own check (which logs the raw
    body of a request that fails it) is off."""
    client = client or make_client(settings)
    http = settings.mode is SlackMode.HTTP
    # Bolt reads SLACK_BOT_TOKEN from the environment even when given a client, then
    # warns that it is unused; the client does carry that token.
    drop_messages("slack_bolt.AsyncApp", "As you gave `client` as well, `token` will be unused")
    app = AsyncApp(
        client=client,
        signing_secret="",
        request_verification_enabled=False,
        process_before_response=False,
        ssl_check_enabled=http,
        url_verification_enabled=http,
    )
    people = SlackPeople(client)
    roles = RoleResolver(client, settings, people=people)
    handlers = SlackHandlers(bot, roles, client, now, people)
    app.command(SLASH_COMMAND)(handlers.on_command)
    app.action({"type": "block_actions", "action_id": ACTION_PATTERN})(handlers.on_action)
    app.event("app_mention")(handlers.on_mention)
    app.event("app_home_opened")(handlers.on_home_opened)
    app.view(modals.CALLBACK_ID)(handlers.on_form)
    return app
