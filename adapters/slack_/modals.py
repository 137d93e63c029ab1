"""The forms of add and edit as Slack modals: drawing a ``bot.forms.Form`` as a view,
and reading a submitted view back.

``/dateline add`` and ``/dateline edit ID`` with nothing more open the modal through
``views.open`` (the slash command's ``trigger_id``). Each field is an input block whose
``block_id`` is the field's name, so an error the core names for a field
(``Reply.field``) is shown on that block with ``response_action: "errors"``, and the
moderator fixes it without losing what they typed. The view's ``private_metadata``
carries what the submission needs: the command that opened it, the channel to answer
in, and for an edit the version the form showed (a change made since is refused).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.forms import Form, FormField
from bot.messages import Reply

CALLBACK_ID = "dateline_form"
ACTION_ID = "value"
MAX_TITLE = 24  # Slack's limit on a modal's title
MAX_LABEL = 2000


@dataclass(frozen=True, slots=True)
class FormState:
    """What a submitted view's ``private_metadata`` says."""

    text: str  # "add" or "edit 12": the command that opened the form
    channel: str
    version: int | None = None


def form_view(form: Form, text: str, channel: str) -> dict[str, Any]:
    """The modal for ``form``, opened by the command ``text`` in ``channel``."""
    state = {"text": text, "channel": channel, "version": form.version}
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "title": _plain(form.title[:MAX_TITLE]),
        "submit": _plain("Save"),
        "close": _plain("Cancel"),
        "private_metadata": json.dumps(state),
        "blocks": [_input(field_) for field_ in form.fields],
    }


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text, "emoji": False}


def _input(field_: FormField) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": ACTION_ID,
        "multiline": field_.multiline,
        "max_length": field_.max_length,
    }
    if field_.value:
        element["initial_value"] = field_.value
    return {
        "type": "input",
        "block_id": field_.name,
        "label": _plain(field_.label[:MAX_LABEL]),
        "optional": not field_.required,
        "element": element,
    }


def state_of(view: dict[str, Any]) -> FormState:
    """The metadata a submitted view carries; a view not Dateline's reads as empty."""
    try:
        data = json.loads(str(view.get("private_metadata") or "{}"))
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    version = data.get("version")
    return FormState(str(data.get("text") or ""), str(data.get("channel") or ""),
                     version if isinstance(version, int) else None)


def values_of(view: dict[str, Any]) -> dict[str, str]:
    """Field name -> the text submitted in it (an empty optional input is "")."""
    blocks = ((view.get("state") or {}).get("values")) or {}
    values: dict[str, str] = {}
    for block_id, actions in blocks.items():
        entry = actions.get(ACTION_ID) if isinstance(actions, dict) else None
        if isinstance(entry, dict):
            values[str(block_id)] = str(entry.get("value") or "")
    return values


def field_errors(reply: Reply, view: dict[str, Any]) -> dict[str, str] | None:
    """``{block_id: message}`` for an error Slack can show on its field, else None."""
    blocks = {str(b.get("block_id")) for b in view.get("blocks") or () if isinstance(b, dict)}
    if reply.field is None or reply.field not in blocks:
        return None
    return {reply.field: reply.text[:MAX_LABEL]}
