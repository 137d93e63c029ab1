"""Reading the whole numbers people type: ASCII digits only, and not too many of them.

``str.isdigit`` also accepts "²" and "①", which ``int`` rejects, and ``int`` accepts
"٣" and "1_000"; a number in a command or a setting means 0-9 and nothing else.
"""

from __future__ import annotations

import re

_DIGITS = re.compile(r"[0-9]{1,18}")


def whole_number(text: str, *, most_digits: int = 12) -> int | None:
    """``text`` (already stripped) as a non-negative integer, or None if it is not one."""
    if len(text) > most_digits or not _DIGITS.fullmatch(text):
        return None
    return int(text)


def is_number(text: str) -> bool:
    return whole_number(text) is not None
