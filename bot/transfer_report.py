"""What the core knows of moving events to and from files: the format names, the size
limit of a file in chat, and ``ImportReport``, what an import did. The conversions
themselves live outside the core, behind the ``Transfers`` port (``bot.ports``)."""

from __future__ import annotations

from dataclasses import dataclass

#: Every export format, as commands and ``dateline export --format`` spell them.
EXPORT_FORMATS = ("csv", "json", "timelinejs", "timelinejs-csv", "ics")
#: The formats an import reads (an iCalendar file holds too little to rebuild events).
IMPORT_FORMATS = ("csv", "json", "timelinejs", "timelinejs-csv")
DEFAULT_EXPORT = "json"
EXPORT_USAGE = f"export [{'|'.join(EXPORT_FORMATS)}]"
IMPORT_USAGE = "import [FORMAT] [skip-bad] [dry-run]"
#: The largest file sent or taken in chat: Discord's and Slack's common upload limit.
#: Larger stores are exported and imported with ``dateline export`` / ``import``.
MAX_FILE_BYTES = 25 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import of one file did (or, with ``dry_run``, would do).

    ``refused`` says why nothing was imported (bad rows without skip-bad), else it is
    empty. ``bad_lines`` name each bad row with its line, ``duplicate_lines`` each event
    left out as one the store or the file already had; ``notes`` are the format's
    remarks. ``stopped`` says why an import ended early, with ``imported`` events kept.
    Lines hold text from the file: whoever shows them escapes them.
    """

    source: str
    format: str
    imported: int
    duplicates: int = 0
    bad: int = 0
    blank: int = 0
    bad_lines: tuple[str, ...] = ()
    duplicate_lines: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    summary: str = ""
    refused: str = ""
    stopped: str = ""
    dry_run: bool = False
