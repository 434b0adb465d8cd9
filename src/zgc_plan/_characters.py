"""The characters that text taken from files may not hold (``specs/semantics.md``, "Text").

Control characters can move a terminal's cursor, clear its screen or write
its clipboard (``ESC ] 52``); bidirectional controls (U+202E and its kin)
make a line read differently from what it holds.  The readers refuse them,
with their line; the writers (``_escape``) escape any that reach them from
values built in Python, so that no output carries one.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["UNSAFE", "describe", "first_unsafe"]

#: C0 controls but tab and line feed, DEL, C1 controls, the bidirectional
#: marks, embeddings, overrides and isolates, and the Unicode line and
#: paragraph separators.
UNSAFE: Final = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def describe(char: str) -> str:
    """Name a refused character: ``U+001B (a control character)``."""
    kind = "a control character" if ord(char) < 0xA0 else "a bidirectional or line control"
    return f"U+{ord(char):04X} ({kind})"


def first_unsafe(text: str) -> int | None:
    """The index of the first character of ``text`` that :data:`UNSAFE` matches, else ``None``."""
    match = UNSAFE.search(text)
    return match.start() if match else None
