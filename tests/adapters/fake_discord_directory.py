"""What the stand-in for Discord can be asked about: guild members, users and the
application commands registered with it, answered as Discord does.

``GET /guilds/{guild}/members/{user}`` answers from ``members`` (404 Unknown Member,
code 10007, otherwise); ``GET /users/{user}`` from ``users`` and the members' user
objects (404 Unknown User, 10013); ``PUT`` of a scope's commands (bulk overwrite)
stores them with fresh ids, which ``GET`` of the same path lists (403 Missing Access
while ``listing_refused``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.adapters.fake_discord_payloads import json_body


@dataclass
class Directory:
    app_id: int
    guild_id: int
    next_id: Callable[[], int]
    members: dict[int, dict[str, Any]] = field(default_factory=dict)
    users: dict[int, dict[str, Any]] = field(default_factory=dict)
    commands: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # path -> listed
    listing_refused: bool = False

    def request(self, method: str, parts: list[str], body: Any) -> web.Response | None:
        """Answer a member, user or command-list request, or None if it is not one."""
        if method == "GET" and parts[:1] == ["guilds"] and parts[2:3] == ["members"]:
            return self._member(int(parts[1]), parts[3] if len(parts) > 3 else "")
        if method == "GET" and parts[:1] == ["users"] and len(parts) == 2:
            return self._user(parts[1])
        if parts[:1] == ["applications"] and parts[-1:] == ["commands"]:
            return self._commands(method, "/".join(parts), body)
        return None

    def _member(self, guild_id: int, user_id: str) -> web.Response:
        member = self.members.get(int(user_id)) if user_id.isdigit() else None
        if guild_id != self.guild_id or member is None:
            return json_body({"message": "Unknown Member", "code": 10007}, 404)
        return json_body(member)

    def _user(self, user_id: str) -> web.Response:
        if not user_id.isdigit():
            return json_body({"message": "Unknown User", "code": 10013}, 404)
        member = self.members.get(int(user_id)) or {}
        user = self.users.get(int(user_id)) or member.get("user")
        if user is None:
            return json_body({"message": "Unknown User", "code": 10013}, 404)
        return json_body(user)

    def _commands(self, method: str, path: str, body: Any) -> web.Response:
        if method == "PUT":
            self.commands[path] = [
                {**c, "id": str(self.next_id()), "application_id": str(self.app_id), "version": "1"}
                for c in body
            ]
        elif self.listing_refused:
            return json_body({"message": "Missing Access", "code": 50001}, 403)
        return json_body(self.commands.get(path, []))
