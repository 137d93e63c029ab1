"""The moderators' part of the command table: adding and changing events, their tags and
sources, and the audit log with undo. Every one requires the moderator role, checked in
the core's one gate (``Bot.may_run``) before any handler runs.

Each field a command takes is a ``Param``, so a platform form can fill it: the values
are joined in table order, and a field written by name carries its name as its flag
(``| title=``), so a form may leave any of them out. Handlers are named, not imported
(``bot.handler_refs``), so the table costs a cold start nothing.
"""

from __future__ import annotations

from bot.commands import Command, Param, ParamKind
from bot.handler_refs import LazyRunner
from bot.messages import Role
from bot.queries import CommandCall, Query
from bot.usage import (
    ADD_USAGE,
    AUDIT_USAGE,
    CITE_USAGE,
    DELETE_USAGE,
    EDIT_USAGE,
    HISTORY_USAGE,
    MERGE_USAGE,
    PUBLISH_USAGE,
    SHOW_USAGE,
    SOURCES_USAGE,
    TAGS_USAGE,
    UNDO_USAGE,
    UNPUBLISH_USAGE,
)

ADMIN = "bot.admin"
EDITS = "bot.moderation_edits"
CATALOG = "bot.moderation_catalog"
AUDIT = "bot.moderation_audit"
DATE_FORMS = "8 January 2020, January 2020, 2020, 3-8 January 2020 or 2020-01-08"


def moderation_commands() -> list[Command]:
    return [*_writing_commands(), *_status_commands(), *_catalog_commands(),
            *_audit_commands()]


def command(name: str, summary: str, usage: str, examples: tuple[str, ...], handler: str,  # noqa: PLR0917 - a table row reads best positionally
            params: tuple[Param, ...] = (), *, private: bool = False) -> Command:
    """A moderator command whose handler parses its own arguments."""

    def parse(args: str, ctx: object) -> Query:
        return CommandCall(name, args)

    return Command(name, summary, usage, examples, Role.MODERATOR, parse, LazyRunner(handler),
                   params, private)


def event_param(description: str = "Event number") -> Param:
    return Param("id", description, True, kind=ParamKind.INTEGER, min_value=1)


def share_param() -> Param:
    return Param("share", "Type “share” to post this to the channel (default: only you see it)",
                 max_length=20)


def _named(name: str, description: str, *, op: str = "=") -> Param:
    return Param(name, description, flag=f"| {name}{op}")


def _writing_commands() -> list[Command]:
    return [
        command(
            "add", "Add a published event", ADD_USAGE,
            ("add 2020-01-08 | Trump addresses the nation on Iran | | Washington | iran, usa",
             "add 8 January 2020 | Trump addresses the nation | tags=iran, usa"),
            f"{ADMIN}:add_event",
            (Param("event", f"DATE | TITLE (| SUMMARY | PLACE | TAGS); DATE as {DATE_FORMS}",
                   True),
             _named("summary", "A sentence or two on what happened"),
             _named("place", "Where it happened"),
             _named("tags", "Comma-separated tags, e.g. iran, usa"),
             _named("source", "PUBLISHER ; TITLE ; URL ; PUBLISHED")),
        ),
        command(
            "edit", "Change an event's date, title, summary, place, tags or sources",
            EDIT_USAGE,
            ("edit 1 | title=Missiles strike Ain al-Asad", "edit 1 | date=8 January 2020",
             "edit 1 | tags+=iraq | version=2"),
            f"{EDITS}:edit_event",
            (event_param(),
             _named("date", f"New date: {DATE_FORMS}"),
             _named("title", "New title"),
             _named("summary", "New summary (empty clears it)"),
             _named("place", "New place (empty clears it)"),
             _named("tags", "All its tags, comma-separated (replaces them)"),
             _named("source", "Add a source: PUBLISHER ; TITLE ; URL ; PUBLISHED", op="+="),
             Param("version", "The version you looked at (refused if it changed since)",
                   kind=ParamKind.INTEGER, min_value=1, flag="| version=")),
        ),
        command(
            "cite", "Add a source to an event", CITE_USAGE,
            ("cite 1 | Example News | Missiles hit bases | https://example.com/a | 2020-01-08",),
            f"{ADMIN}:cite_source",
            (event_param(),
             Param("publisher", "Who published it", True, flag="|"),
             Param("title", "The article's headline", True, flag="|"),
             Param("url", "https://... (each URL once per event)", flag="|"),
             Param("published", "Its date, e.g. 8 January 2020", flag="|", max_length=60)),
        ),
    ]


def _status_commands() -> list[Command]:
    return [
        command(
            "delete", "Delete (retract) an event; undoable. Another's event needs “confirm”",
            DELETE_USAGE, ("delete 1", "delete 1 confirm"), f"{EDITS}:delete_event",
            (event_param(), Param("confirm", "Type “confirm” to delete another's event",
                                  max_length=10)),
        ),
        command(
            "merge", "Merge two events: OTHER's sources and tags join KEEP, OTHER leads to KEEP",
            MERGE_USAGE, ("merge 1 2",), f"{EDITS}:merge_events",
            (event_param("The event to keep"),
             Param("other", "The event merged into it", True, kind=ParamKind.INTEGER,
                   min_value=1)),
        ),
        command("publish", "Publish a draft or rejected event", PUBLISH_USAGE, ("publish 1",),
                f"{EDITS}:publish", (event_param(),)),
        command("unpublish", "Take an event out of every answer (it becomes a draft)",
                UNPUBLISH_USAGE, ("unpublish 1",), f"{EDITS}:unpublish", (event_param(),)),
    ]


def _catalog_commands() -> list[Command]:
    return [
        command(
            "tags", "Every tag with its count; rename or merge a tag on every event",
            TAGS_USAGE, ("tags", "tags rename usa | united states", "tags merge us | usa"),
            f"{CATALOG}:tags",
            (Param("action", "rename or merge (empty: list every tag)", max_length=10),
             Param("tag", "The tag to rename or merge", complete="topics"),
             Param("new", "Its new name, or the tag to merge it into", flag="|")),
        ),
        command(
            "sources", "An event's sources, numbered; edit or remove one", SOURCES_USAGE,
            ("sources 1", "sources 1 remove 2",
             "sources 1 edit 1 | AP | Missiles hit bases | https://example.com/b | 2020-01-08"),
            f"{CATALOG}:sources",
            (event_param(),
             Param("action", "edit or remove (empty: list them)", max_length=10),
             Param("number", "Which source, as the list numbers it", kind=ParamKind.INTEGER,
                   min_value=1),
             Param("source", "For edit: PUBLISHER | TITLE | URL | PUBLISHED", flag="|")),
        ),
    ]


def _audit_commands() -> list[Command]:
    return [
        command(
            "show", "One event with its status, version and full history (only you see it, "
            "unless shared)", SHOW_USAGE, ("show 1", "show 1 share"), f"{AUDIT}:show",
            (event_param(), share_param()), private=True,
        ),
        command(
            "history", "Who created and changed an event, what changed, and when (only you "
            "see it, unless shared)", HISTORY_USAGE, ("history 1", "history 1 share"),
            f"{AUDIT}:history", (event_param(), share_param()), private=True,
        ),
        command(
            "audit", "The audit log, newest first, with each entry's number (only you see it, "
            "unless shared)", AUDIT_USAGE,
            ("audit 20", "audit 20 share", "audit event 1", "audit by me",
             "audit since yesterday"),
            f"{AUDIT}:audit",
            # The filter (event ID, by USER, since DATE) is typed after the count; a
            # slash command offers the count and share only, as before.
            (Param("count", "How many entries a page (1-200)", kind=ParamKind.INTEGER,
                   min_value=1, max_value=200),
             share_param()),
            private=True,
        ),
        command(
            "undo", "Revert an audited change (its entry number is in audit and history)",
            UNDO_USAGE, ("undo 1",), "bot.moderation_undo:undo",
            (Param("entry", "The audit entry's number", True, kind=ParamKind.INTEGER,
                   min_value=1),),
        ),
    ]
