"""The ``export`` and ``import`` commands: the store to a file attached to the reply, and
an attached file into the store, for moderators in chat.

The conversions are behind the ``Transfers`` port; this module reads the command's
words, refuses what cannot work in chat (no file, a file over ``MAX_FILE_BYTES``, a
console, which has the ``dateline export``/``import`` command line for files), and
words the reply. Both replies are private: an export holds drafts and who changed what,
an import report names rows of a moderator's file.
"""

from __future__ import annotations

from bot.context import Context
from bot.errors import UserError
from bot.messages import FileIn, Reply, ReplyKind, Section
from bot.ports import Transfers
from bot.queries import Query
from bot.transfer_report import (
    DEFAULT_EXPORT,
    EXPORT_FORMATS,
    IMPORT_FORMATS,
    IMPORT_USAGE,
    MAX_FILE_BYTES,
    ImportReport,
)

# The console reads files from disk and writes them there: its command line does both.
CONSOLE = "console"
#: Lines of bad rows or duplicates shown in chat; the rest are counted.
SHOWN_LINES = 20
_SKIP_BAD = frozenset({"skip-bad", "skip_bad", "skipbad"})
_DRY_RUN = frozenset({"dry-run", "dry_run", "dryrun"})


def _words(query: Query) -> list[str]:
    args: str = getattr(query, "args", "")
    return args.lower().split()


def _transfers(ctx: Context, cli: str) -> Transfers:
    if ctx.actor.platform == CONSOLE:
        raise UserError(f"On the console, use the command line: {cli}.")
    if ctx.transfers is None:
        raise UserError("Files cannot be exported or imported here.")
    return ctx.transfers


async def export(ctx: Context, query: Query) -> Reply:
    """The store's events as a file of the asked format (JSON by default)."""
    words = _words(query)
    name = words[0] if words else DEFAULT_EXPORT
    if len(words) > 1 or name not in EXPORT_FORMATS:
        raise UserError(f"Export to one of {', '.join(EXPORT_FORMATS)}, e.g. “export csv”.")
    transfers = _transfers(ctx, f"dateline export --format {name} -o FILE")
    file = await transfers.export(name)
    if len(file.content) > MAX_FILE_BYTES:
        raise UserError(_too_big("The export", len(file.content), "dateline export"))
    what = ("every event, drafts too, with its status" if name in ("csv", "json")
            else "the published events, for readers")
    return Reply(
        ReplyKind.DONE, f"Export ({name})",
        f"The store as {name}, {what}: {file.name} ({size_text(len(file.content))}).",
        files=(file,), private=True,
    )


async def import_events(ctx: Context, query: Query) -> Reply:
    """Add the events of the attached file; ``skip-bad`` and ``dry-run`` as on the CLI."""
    name, skip_bad, dry_run = _import_words(_words(query))
    transfers = _transfers(ctx, "dateline import FILE")
    file = _the_file(ctx.files)
    report = await transfers.import_file(
        file, name, skip_bad=skip_bad, dry_run=dry_run, actor=ctx.actor.ref, at=ctx.now,
    )
    if report.imported and not report.dry_run:
        ctx.on_change()
    return import_reply(report)


def _import_words(words: list[str]) -> tuple[str | None, bool, bool]:
    name: str | None = None
    skip_bad = dry_run = False
    for word in words:
        if word in _SKIP_BAD:
            skip_bad = True
        elif word in _DRY_RUN:
            dry_run = True
        elif word in IMPORT_FORMATS and name is None:
            name = word
        else:
            raise UserError(f"“{word[:40]}” is not something import takes: say "
                            f"{IMPORT_USAGE}, FORMAT one of {', '.join(IMPORT_FORMATS)}.")
    return name, skip_bad, dry_run


def _the_file(files: tuple[FileIn, ...]) -> FileIn:
    if not files:
        raise UserError("Attach the file to import to the command (CSV, JSON, TimelineJS).")
    if len(files) > 1:
        raise UserError("Attach one file at a time to import.")
    file = files[0]
    if len(file.content) > MAX_FILE_BYTES:
        raise UserError(_too_big(f"“{file.name[:80]}”", len(file.content), "dateline import"))
    return file


def _too_big(what: str, size: int, cli: str) -> str:
    return (f"{what} is {size_text(size)}, over the {size_text(MAX_FILE_BYTES)} a file in chat "
            f"may be: use {cli} on the server instead.")


def size_text(size: int) -> str:
    """A file size as people read it: 812 bytes, 14.2 KB, 3.1 MB."""
    if size < 1024:
        return f"{size} byte{'' if size == 1 else 's'}"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def import_reply(report: ImportReport) -> Reply:
    """What the import did, with the bad rows and duplicates named (a few of each)."""
    sections = tuple(
        Section(heading, _shown(lines))
        for heading, lines in (("Bad rows", report.bad_lines),
                               ("Duplicates left out", report.duplicate_lines),
                               ("Notes", report.notes))
        if lines
    )
    if report.refused:
        return Reply(ReplyKind.ERROR, "Nothing was imported", report.refused,
                     sections=sections, private=True)
    if report.stopped:
        return Reply(ReplyKind.ERROR, "The import stopped", report.stopped,
                     sections=sections, private=True)
    title = "Checked, nothing written" if report.dry_run else "Imported"
    return Reply(ReplyKind.DONE, title, report.summary, sections=sections, private=True)


def _shown(lines: tuple[str, ...]) -> tuple[str, ...]:
    if len(lines) <= SHOWN_LINES:
        return lines
    return (*lines[:SHOWN_LINES], f"… and {len(lines) - SHOWN_LINES:,} more")
