"""Writing a JSON document ``{..., "events": [...]}`` a piece at a time.

An export of a large store should not hold the whole file (nor every event) in memory,
so the document is produced event by event; the pieces joined are exactly
``json.dumps(document, ensure_ascii=False, indent=2) + "\\n"``, which a test checks. Each
value is still written by ``json`` itself: only the indentation of the outer object and
array is laid out here (JSON text never holds a raw line break inside a string, so
indenting every line of a value is safe).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any


def document(
    members: Mapping[str, Any], items: Iterable[Any], key: str = "events",
    tail: Mapping[str, Iterable[Any]] | None = None,
) -> Iterator[str]:
    """``{**members, key: items, **tail}`` as indented JSON text, in pieces: the lists of
    ``tail`` (e.g. the history) come after ``items`` and are written a piece at a time too."""
    yield "{\n"
    for name, value in members.items():
        yield f"  {_dumps(name)}: {_indented(_dumps(value), 2)},\n"
    lists = [(key, items), *(tail or {}).items()]
    for position, (name, values) in enumerate(lists):
        yield f"  {_dumps(name)}: ["
        first = True
        for item in values:
            yield ("\n    " if first else ",\n    ") + _indented(_dumps(item), 4)
            first = False
        yield ("]" if first else "\n  ]") + (",\n" if position < len(lists) - 1 else "\n}\n")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def _indented(text: str, spaces: int) -> str:
    return text.replace("\n", "\n" + " " * spaces)
