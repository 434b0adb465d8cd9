"""Escaping text taken from input files for the markup it is written into."""

from __future__ import annotations

import html
import re

__all__ = ["escape_html", "escape_markdown", "markdown_table"]

# Characters that start Markdown syntax inside a line: emphasis, code, links,
# table cells, escapes.  ``<`` and ``&`` become entities, so that raw HTML and
# entity references in a file show as text.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|#!~])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")


def escape_markdown(text: str) -> str:
    r"""Text as one line of Markdown that shows literally, in a table cell too.

    Example:
        >>> from zgc_plan._markup import escape_markdown
        >>> print(escape_markdown("a | b <i>*x*</i>"))
        a \| b &lt;i&gt;\*x\*&lt;/i&gt;
    """
    text = _LINE_BREAKS.sub(" ", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def escape_html(text: str) -> str:
    """Text for HTML content or a quoted attribute value (``&<>"'`` escaped)."""
    return html.escape(text, quote=True)


def markdown_table(header: list[str], rows: list[list[str]]) -> list[str]:
    """The lines of a Markdown table, every cell escaped."""
    lines = ["| " + " | ".join(escape_markdown(cell) for cell in header) + " |"]
    lines.append("|" + "|".join("---" for _ in header) + "|")
    lines += ["| " + " | ".join(escape_markdown(cell) for cell in row) + " |" for row in rows]
    return lines
