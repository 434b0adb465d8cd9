"""CSV cells a spreadsheet opens as text, never as a formula.

Text from a user's file (a source, a note) that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is run as a formula by Excel and its
kin (OWASP's "CSV injection"); such a cell gets a leading ``'``, which the
spreadsheet shows as text.  A cell that is a whole number (``-3``) is left
alone.
"""

from __future__ import annotations

import re

__all__ = ["FORMULA_PREFIXES", "spreadsheet_cell"]

#: First characters a spreadsheet reads as the start of a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")


def spreadsheet_cell(value: object) -> object:
    """``value`` for a CSV cell: text that would run as a formula gets a leading ``'``.

    Example:
        >>> spreadsheet_cell("=HYPERLINK(1)"), spreadsheet_cell("-3"), spreadsheet_cell(-3)
        ("'=HYPERLINK(1)", '-3', -3)
    """
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_PREFIXES)
        and not _NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value
