"""Plain data read from a file, with the line of each value.

The YAML reader (``_yaml``) and the CSV reader of observations both produce an
:class:`InputDocument`, which knows nothing of either format; the structuring
code (``_fields``, ``_converter``, ``_observation_files``) reads it.  This
module needs no YAML parser, so that the shipped plan can be structured from
its pre-read snapshot without importing one.
"""

from __future__ import annotations

import re
from typing import TypeAlias

import attrs

from zgc_plan.exceptions import PlanDataError, Problem

__all__ = [
    "MAX_BYTES",
    "InputDocument",
    "Key",
    "Path",
    "YamlDocument",
    "decode_text",
    "format_path",
]

#: Largest input accepted, in bytes (the shipped plan is about 60 KB).
MAX_BYTES = 4 * 1024 * 1024

Key: TypeAlias = str | int
Path: TypeAlias = tuple[Key, ...]


#: Keys written bare in a path; any other key is quoted.
_PLAIN_KEY = re.compile(r"[\w-]+")


def format_path(path: Path) -> str:
    """Write a path as ``goals[3].targets[0].unit``.

    A key that is not a plain name (empty, or with a dot, a space or a
    bracket) is written quoted in brackets, ``principles[0]['']``, so that the
    path still names one place.
    """
    text = ""
    for key in path:
        if isinstance(key, int):
            text += f"[{key}]"
        elif not _PLAIN_KEY.fullmatch(key):
            text += f"[{key!r}]"
        else:
            text += f".{key}" if text else key
    return text


@attrs.frozen
class InputDocument:
    """Plain data read from a file (YAML or CSV), with the line of each value.

    Attributes:
        data: The document's content: dicts, lists, str, int, Decimal, bool, None.
        lines: The 1-based line where the value at each path starts.
        source: The file name or label the text came from.
    """

    data: object
    lines: dict[Path, int]
    source: str | None

    def line(self, path: Path) -> int | None:
        """The line of the value at ``path``, or of its nearest ancestor."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)

    def problem(self, path: Path, message: str) -> Problem:
        """A :class:`Problem` at ``path``, with its line filled in."""
        return Problem(format_path(path), message, self.line(path))


#: The earlier name of :class:`InputDocument`, from when only YAML was read.
YamlDocument = InputDocument


def decode_text(data: bytes | str, source: str | None) -> str:
    """Check size and encoding of input, and return it as text without a BOM.

    Raises:
        PlanDataError: if the input is over :data:`MAX_BYTES` bytes, not
            UTF-8, or (as text) holds lone surrogates.
    """
    if isinstance(data, str):
        try:
            data = data.encode("utf-8")
        except UnicodeEncodeError as error:
            text = error.object
            line = text.count("\n", 0, error.start) + 1
            column = error.start - (text.rfind("\n", 0, error.start) + 1) + 1
            raise PlanDataError(
                (Problem("", "not valid Unicode text: a lone surrogate", line, column),),
                source=source,
            ) from None
    if len(data) > MAX_BYTES:
        raise PlanDataError(
            (Problem("", f"input is {len(data)} bytes, more than the limit of {MAX_BYTES}"),),
            source=source,
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        message = f"not UTF-8 text: byte {data[error.start]:#04x}"
        if _reads_as_gb18030(data):
            # What Excel on Chinese Windows writes for "CSV" unless told otherwise.
            message += "; it reads as GB18030/GBK text: save it as UTF-8 (in Excel: CSV UTF-8)"
        raise PlanDataError((Problem("", message, line, column),), source=source) from None


def _reads_as_gb18030(data: bytes) -> bool:
    """Whether bytes that are not UTF-8 are Chinese text in GB18030 (GBK's superset)."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    # Any bytes decode as something; Chinese text has Han characters in it.
    return any("\u4e00" <= character <= "\u9fff" for character in text)
