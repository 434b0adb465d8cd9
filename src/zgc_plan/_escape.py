r"""Escaping text for the places output lands: terminals, spreadsheets, Markdown, HTML, JSON.

Text in a result comes from users' files (names, sources, quotes).  The
readers refuse control and bidirectional characters (``_characters``), and
every writer escapes them again here, for values built in Python.  The rules
are those of ``specs/semantics.md`` ("Output"):

* terminal and Markdown cells: controls, bidirectional controls and tabs
  written as visible escapes (``\x1b``, ``\u202e``, ``\t``); a terminal
  line shows a newline as ``\n``, a Markdown cell as a space;
* CSV: the same escapes, and a cell of text that starts with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return gets a leading ``'`` (OWASP's rule
  against formula injection), unless the whole cell is a number;
* Markdown: ``\``, ``|``, ``[``, ``]``, `````, ``*``, ``_``, ``#``, ``!``
  and ``~`` escaped with a backslash, ``<``, ``>`` and ``&`` as HTML
  entities, so no raw HTML passes;
* HTML: ``&<>"'`` as entities, in content and quoted attributes alike;
* JSON: strict (no NaN or infinity), and every character of ``UNSAFE``
  written as a ``\u`` escape even where the other characters stay UTF-8;
* links: only ``http``, ``https`` and ``mailto`` addresses become links.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterable, Sequence
from typing import Final

from zgc_plan._characters import UNSAFE
from zgc_plan._numbers import number_reason

__all__ = [
    "FORMULA_PREFIXES",
    "csv_cell",
    "csv_table",
    "escape_html",
    "escape_markdown",
    "json_text",
    "markdown_cell",
    "markdown_table",
    "safe_url",
    "terminal_text",
]

#: First characters a spreadsheet reads as the start of a formula.
FORMULA_PREFIXES: Final = ("=", "+", "-", "@", "\t", "\r")
_CELL_UNSAFE: Final = re.compile(f"{UNSAFE.pattern[:-1]}\t\n]")
# Characters that start Markdown syntax inside a line: emphasis, code, links,
# table cells, headings, images, strike-through, escapes.  ``<`` and ``&``
# become entities, so that raw HTML and entity references show as text.
_MARKDOWN_SPECIAL: Final = re.compile(r"([\\`*_\[\]|#!~])")
_LINE_BREAKS: Final = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")
_SAFE_SCHEMES: Final = re.compile(r"(?:https?://|mailto:)[^\s<>\"]+", re.IGNORECASE)
# What json.dumps(ensure_ascii=False) leaves raw of UNSAFE: DEL, C1 and the bidi controls.
_JSON_RAW: Final = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    char = match[0]
    special = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
    if char in special:
        return special[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_text(text: str) -> str:
    """``text`` for one cell or line of a terminal: controls written as visible escapes."""
    return _CELL_UNSAFE.sub(_visible, text)


def csv_cell(value: object) -> object:
    """A value for a CSV cell: text escaped, and kept from being read as a formula.

    Numbers pass as they are; so does text that is a whole number (``-3``).
    """
    if not isinstance(value, str):
        return value
    text = terminal_text(value)
    if text.startswith(FORMULA_PREFIXES) and number_reason(text) is not None:
        return "'" + text
    return text


def csv_table(header: Sequence[str], rows: Iterable[Iterable[object]], *, bom: bool = False) -> str:
    """CSV text for a spreadsheet: ``header``, then ``rows``, every cell through :func:`csv_cell`.

    ``bom`` starts the text with a UTF-8 byte order mark, which Excel needs to
    read UTF-8 (on Chinese Windows it assumes GBK otherwise).

    Example:
        >>> print(csv_table(["source", "value"], [["=HYPERLINK()", -3]]), end="")
        source,value
        '=HYPERLINK(),-3
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return ("\ufeff" if bom else "") + buffer.getvalue()


def escape_markdown(text: str) -> str:
    r"""Text as one line of Markdown that shows literally, in a table cell too.

    Example:
        >>> print(escape_markdown("a | b <i>*x*</i>"))
        a \| b &lt;i&gt;\*x\*&lt;/i&gt;
    """
    text = _LINE_BREAKS.sub(" ", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def markdown_cell(text: str) -> str:
    r"""``text`` for a Markdown table cell: one line, no table syntax, no HTML, no controls.

    Example:
        >>> markdown_cell("a\\|b <img onerror=x>")
        'a\\\\\\|b &lt;img onerror=x&gt;'
    """
    return terminal_text(escape_markdown(text))


def markdown_table(header: list[str], rows: list[list[str]]) -> list[str]:
    """The lines of a Markdown table, every cell escaped."""
    lines = ["| " + " | ".join(markdown_cell(cell) for cell in header) + " |"]
    lines.append("|" + "|".join("---" for _ in header) + "|")
    lines += ["| " + " | ".join(markdown_cell(cell) for cell in row) + " |" for row in rows]
    return lines


def escape_html(text: str) -> str:
    """Text for HTML content or a quoted attribute value (``&<>"'`` escaped)."""
    return html.escape(text, quote=True)


def json_text(text: str) -> str:
    r"""JSON text with DEL, C1, bidirectional and line controls written as ``\u`` escapes.

    ``json.dumps`` escapes C0 controls but, with ``ensure_ascii=False``, keeps
    U+202E and its kin as they are; they can only stand inside strings, where
    the escape means the same character.
    """
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def safe_url(url: str) -> str | None:
    """``url`` if it is an ``http``, ``https`` or ``mailto`` address, else ``None``."""
    stripped = url.strip()
    return stripped if _SAFE_SCHEMES.fullmatch(stripped) else None
