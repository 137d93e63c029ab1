"""The people a reply names, and how a platform shows one of them. Pure functions.

The core names people by identity string (``Person.ref``, ``platform:user_id``). A
chat adapter looks up the display names of its own platform's users before rendering
(``people_in`` says whom to look up) and its renderer shows each person with
``person_text``: the display name when the lookup found one, a neutral
"Discord user 1234" when it did not, and any other ref ("console:local", "import",
a user of the other platform) as it is. All three are plain text, to be escaped by the
renderer like any other text: a name is never turned into a mention, which would look
like a ping and could be made to impersonate someone.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from bot.messages import Inline, Person, Reply

MAX_NAME = 80  # longer display names are cut: a name is a label, not a paragraph


def _pieces(reply: Reply) -> Iterator[Inline]:
    for section in reply.sections:
        yield from section.heading_parts()
        for line in section.line_parts():
            yield from line


def people_in(reply: Reply) -> list[str]:
    """The refs of everyone the reply names, first mention first, each once."""
    refs = (part.ref for part in _pieces(reply) if isinstance(part, Person))
    return list(dict.fromkeys(refs))


def user_id_on(ref: str, platform: str) -> str | None:
    """The user id in ``ref`` if it names a user of ``platform``, else None."""
    named, _, user_id = ref.partition(":")
    return user_id if named == platform and user_id.strip() else None


def person_text(ref: str, names: Mapping[str, str], platform: str, label: str) -> str:
    """How a person reads as plain text on ``platform`` (called ``label`` in words)."""
    name = " ".join(names.get(ref, "").split())
    if name:
        return name if len(name) <= MAX_NAME else name[: MAX_NAME - 1] + "…"
    user_id = user_id_on(ref, platform)
    # Unknown to the platform (left, deleted, or the lookup failed): neutral, but still
    # traceable by a moderator, and never a raw "platform:id" string.
    return f"{label} user {user_id}" if user_id is not None else ref
