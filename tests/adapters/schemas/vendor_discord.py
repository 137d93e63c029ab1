"""Re-creates ``discord_message_schemas.json`` from Discord's OpenAPI spec.

Usage: ``python tests/adapters/schemas/vendor_discord.py GIT_DIR [COMMIT]`` where
GIT_DIR is a clone of https://github.com/discord/discord-api-spec. Only the
schemas Dateline's messages use are kept; every other ``$ref`` becomes the
``false`` schema, so a payload that starts sending (say) an image or a select
menu fails validation until its schema is vendored too.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

SPEC_PATH = "specs/openapi.json"
PREFIX = "#/components/schemas/"
KEEP = (
    "MessageCreateRequest",  # POST /channels/{id}/messages (scheduled posts, mention answers)
    "CreateMessageInteractionCallbackRequest",  # POST /interactions/{id}/{token}/callback
    "IncomingWebhookInteractionRequest",  # its "data"
    "IncomingWebhookRequestPartial",  # POST /webhooks/{app}/{token} (interaction follow-ups)
    "InteractionCallbackTypes",
    "RichEmbed",
    "RichEmbedField",
    "RichEmbedFooter",
    "MessageAllowedMentionsRequest",
    "AllowedMentionTypes",
    "MessageReferenceRequest",
    "MessageReferenceType",
    "SnowflakeType",
    "ActionRowComponentForMessageRequest",
    "ButtonComponentForMessageRequest",
    "MessageComponentTypes",
    "ButtonStyleTypes",
)
OUT = Path(__file__).with_name("discord_message_schemas.json")


def prune(node: Any, dropped: set[str]) -> Any:
    """``node`` with references outside ``KEEP`` replaced by ``false``."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(PREFIX) and ref[len(PREFIX):] not in KEEP:
            dropped.add(ref[len(PREFIX):])
            return False
        return {key: prune(value, dropped) for key, value in node.items()}
    if isinstance(node, list):
        return [prune(item, dropped) for item in node]
    return node


def main(git_dir: str, commit: str = "HEAD") -> None:
    resolved = subprocess.run(
        ["git", f"--git-dir={git_dir}", "rev-parse", commit],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    raw = subprocess.run(
        ["git", f"--git-dir={git_dir}", "show", f"{resolved}:{SPEC_PATH}"],
        check=True, capture_output=True, text=True,
    ).stdout
    spec = json.loads(raw)
    dropped: set[str] = set()
    schemas = {name: prune(spec["components"]["schemas"][name], dropped) for name in KEEP}
    document = {
        "$comment": (
            "Vendored subset of Discord's OpenAPI spec; see 'source'. References to "
            "schemas Dateline never sends were replaced by false (listed in 'dropped')."
        ),
        "source": {
            "repository": "https://github.com/discord/discord-api-spec",
            "commit": resolved,
            "path": SPEC_PATH,
            "openapi": spec["openapi"],
            "api_version": spec["info"]["version"],
            "license": "MIT (Copyright 2023 Discord)",
            "generated_by": "tests/adapters/schemas/vendor_discord.py",
        },
        "dropped": sorted(dropped),
        "components": {"schemas": schemas},
    }
    OUT.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:3])
