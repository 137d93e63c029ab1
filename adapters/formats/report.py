"""The words of an import's report, shared by the command line and (later) chat commands:
each bad row with its line, the duplicates left out, and the one-line summary.

Lines hold text from the file (titles, values quoted in reasons): whoever shows them
makes them safe for their screen.
"""

from __future__ import annotations

from collections.abc import Sequence

from adapters.formats.duplicates import Duplicate
from adapters.formats.rows import LoadResult

#: Duplicates named one by one; the rest are counted.
SHOWN_DUPLICATES = 20


def count(number: int, thing: str, plural: str | None = None) -> str:
    return f"{number:,} {thing if number == 1 else plural or thing + 's'}"


def bad_rows(result: LoadResult) -> list[str]:
    lines = [f"line {bad.line}: {bad.reason}" for bad in result.bad_rows]
    more = result.bad_count - len(result.bad_rows)
    if more:
        last = result.last_bad_line
        lines.append(f"… and {count(more, 'more bad row')}, the last on line {last}")
    return lines


def refused(result: LoadResult, source: str) -> str:
    """Why nothing was imported from a file with bad rows."""
    good = len(result.loaded)
    fix = f"correct {'it' if result.bad_count == 1 else 'them'}"
    if good:
        fix += f", or import the other {count(good, 'event')} with --skip-bad"
    return f"{count(result.bad_count, 'bad row')} in {source}; nothing was imported ({fix})"


def duplicates(found: Sequence[Duplicate]) -> list[str]:
    lines = [
        f"line {d.line}: skipped “{_cut(d.title)}”, a duplicate of {d.same_as} ({d.why})"
        for d in found[:SHOWN_DUPLICATES]
    ]
    if len(found) > SHOWN_DUPLICATES:
        rest = found[SHOWN_DUPLICATES:]
        lines.append(
            f"… and {count(len(rest), 'more duplicate')} skipped, the last on line {rest[-1].line}"
        )
    return lines


def summary(
    *,
    imported: int,
    source: str,
    name: str,
    seconds: float,
    duplicates: int,
    bad: int,
    blank: int,
    dry_run: bool = False,
) -> str:
    verb = "Would import" if dry_run else "Imported"
    line = f"{verb} {count(imported, 'event')} from {source} ({name})"
    if not dry_run:
        line += f" in {seconds:.1f} s"
    skipped = [
        part
        for number, part in (
            (duplicates, count(duplicates, "duplicate")),
            (bad, count(bad, "bad row")),
            (blank, count(blank, "empty row")),
        )
        if number
    ]
    if skipped:
        line += "; skipped " + ", ".join(skipped)
    return line + ("; nothing was written." if dry_run else ".")


def progress(done: int, total: int, width: int = 30) -> str:
    """A progress bar: ``Importing [#########---------] 45,000/100,000 events``."""
    filled = width * done // max(total, 1)
    return f"Importing [{'#' * filled}{'-' * (width - filled)}] {done:,}/{total:,} events"


def _cut(title: str, limit: int = 60) -> str:
    return title if len(title) <= limit else title[: limit - 1] + "…"
