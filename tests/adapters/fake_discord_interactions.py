"""Interactions in the stand-in for Discord: the INTERACTION_CREATE payloads it
dispatches, and the responses to them (the callback, the original response and
followups), behaving as Discord documents them.

An interaction's original response exists once it is answered (callback type 4)
or deferred (type 5, "thinking": flagged LOADING until it is edited). An interaction
is acknowledged once: a second callback is refused, as Discord refuses it (400,
40060 "Interaction has already been acknowledged").
``PATCH /webhooks/{app}/{token}/messages/@original`` puts content in it; its
flags stay as they were, because a deferred message's privacy is fixed when
deferring. ``DELETE`` on it removes it. ``POST /webhooks/{app}/{token}`` sends a
followup with its own flags, except in the deprecated case Discord still honours:
a followup sent while the deferred original is still loading edits the original
instead (keeping the original's flags). The stand-in does the same and marks
that step ``first_after_deferral``, so tests can show no path relies on it.

Every step is kept in order in ``steps``; ``sequence(token)`` is one
interaction's steps, e.g. defer -> edit_original -> followup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.adapters.fake_discord_payloads import json_body

EPHEMERAL = 1 << 6
LOADING = 1 << 7
DEFERRED, ANSWERED = 5, 4

#: Builds a new message dict from a request body and the message's flags.
MessageMaker = Callable[[Any, int], dict[str, Any]]


def not_found(message: str, code: int) -> web.Response:
    return json_body({"message": message, "code": code}, 404)


@dataclass(frozen=True)
class Step:
    """One thing an interaction's token did, and the message it created or changed."""

    token: str
    action: str  # "respond", "defer", "edit_original", "followup" or "delete_original"
    message_id: str
    flags: int  # the message's flags after the step
    body: Any
    first_after_deferral: bool = False  # a followup Discord turned into an edit

    @property
    def private(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    @property
    def embeds(self) -> list[dict[str, Any]]:
        payload = self.body or {}
        if self.action in ("respond", "defer"):
            payload = payload.get("data") or {}
        return list(payload.get("embeds") or [])


@dataclass
class InteractionWebhooks:
    """The originals and followups of every interaction token."""

    make_message: MessageMaker
    steps: list[Step] = field(default_factory=list)
    originals: dict[str, dict[str, Any]] = field(default_factory=dict)
    acknowledged: set[str] = field(default_factory=set)  # interaction ids

    def sequence(self, token: str) -> list[Step]:
        return [step for step in self.steps if step.token == token]

    def callback(self, interaction_id: str, token: str, body: Any) -> web.Response:
        if interaction_id in self.acknowledged:
            refusal = {"message": "Interaction has already been acknowledged.", "code": 40060}
            return json_body(refusal, 400)
        self.acknowledged.add(interaction_id)
        kind = body["type"]
        data = body.get("data") or {}
        resource: dict[str, Any] = {"type": kind}
        flags = data.get("flags", 0) & EPHEMERAL
        if kind in (ANSWERED, DEFERRED):
            message = self.make_message(data, flags | (LOADING if kind == DEFERRED else 0))
            self.originals[token] = message
            resource["message"] = message
            action = "defer" if kind == DEFERRED else "respond"
            self.steps.append(Step(token, action, message["id"], message["flags"], body))
        interaction = {
            "id": interaction_id,
            "type": 2,
            "response_message_loading": kind == DEFERRED,
            "response_message_ephemeral": bool(flags),
            **({"response_message_id": resource["message"]["id"]} if "message" in resource else {}),
        }
        return json_body({"interaction": interaction, "resource": resource})

    def request(self, method: str, parts: list[str], body: Any) -> web.Response | None:
        """Answer a ``/webhooks/...`` request of an interaction, or None if it is not one."""
        if len(parts) < 3 or parts[0] != "webhooks":
            return None
        token, rest = parts[2], parts[3:]
        if method == "POST" and not rest:
            return self._followup(token, body)
        if rest == ["messages", "@original"] and method == "PATCH":
            return self._edit_original(token, body, "edit_original")
        if rest == ["messages", "@original"] and method == "DELETE":
            return self._delete_original(token)
        return None

    def _edit_original(
        self, token: str, body: Any, action: str, *, deprecated: bool = False
    ) -> web.Response:
        original = self.originals.get(token)
        if original is None:
            return not_found("Unknown Message", 10008)
        # Only the content changes: ephemerality was fixed by the callback.
        flags = original["flags"] & ~LOADING
        edited = {**self.make_message(body, flags), "id": original["id"]}
        self.originals[token] = edited
        self.steps.append(Step(token, action, edited["id"], flags, body, deprecated))
        return json_body(edited)

    def _followup(self, token: str, body: Any) -> web.Response:
        original = self.originals.get(token)
        if original is None and not self.sequence(token):
            return not_found("Unknown Webhook", 10015)
        if original is not None and original["flags"] & LOADING:
            # Deprecated: the first followup after a deferral replaces "thinking".
            return self._edit_original(token, body, "followup", deprecated=True)
        message = self.make_message(body, body.get("flags", 0) & EPHEMERAL)
        self.steps.append(Step(token, "followup", message["id"], message["flags"], body))
        return json_body(message)

    def _delete_original(self, token: str) -> web.Response:
        original = self.originals.pop(token, None)
        if original is None:
            return not_found("Unknown Message", 10008)
        self.steps.append(Step(token, "delete_original", original["id"], original["flags"], None))
        return web.Response(status=204)
