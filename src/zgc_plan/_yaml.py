"""A strict, safe YAML reader that keeps line numbers.

PyYAML's loaders construct Python objects from tags, expand aliases without
limit, keep the last of two duplicate keys and read ``no`` as ``False``.  This
reader builds plain data from PyYAML's event stream instead, without
recursion, and with its own rules:

* only plain data: mappings with string or integer keys, sequences, scalars;
* no aliases (``*name``), no tags, one document, at most ``MAX_DEPTH`` levels;
* duplicate keys are errors;
* scalars are read as YAML 1.2's core schema reads them, except that a
  number with a point or exponent becomes an exact :class:`~decimal.Decimal`
  and dates stay strings: ``no`` is ``"no"``, ``2018-12-27`` is a string,
  ``0.065`` is ``Decimal("0.065")``, ``1e3`` is ``Decimal("1E+3")``.

Every problem is collected with its path and line, and raised together as one
:class:`~zgc_plan.exceptions.PlanDataError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Protocol

import attrs
import yaml

from zgc_plan._document import InputDocument, Key, Path, decode_text, format_path
from zgc_plan.exceptions import PlanDataError, Problem

__all__ = ["MAX_DEPTH", "read_yaml"]

#: Deepest nesting of mappings and sequences accepted.
MAX_DEPTH = 32

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_SPECIAL_FLOATS = {
    ".nan": "NaN", ".NaN": "NaN", ".NAN": "NaN",
    ".inf": "Infinity", ".Inf": "Infinity", ".INF": "Infinity",
    "+.inf": "Infinity", "+.Inf": "Infinity", "+.INF": "Infinity",
    "-.inf": "-Infinity", "-.Inf": "-Infinity", "-.INF": "-Infinity",
}  # fmt: skip
_ALLOWED_TAGS = frozenset({None, "!", "tag:yaml.org,2002:str"})


def _resolve(value: str, *, plain: bool) -> object:
    if not plain:
        return value
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    # A number too large for int() or Decimal stays text, which the structuring
    # layer then reports as "expected a number".
    if _INT.fullmatch(value):
        try:
            return int(value)
        except ValueError:
            return value
    if _FLOAT.fullmatch(value):
        try:
            return Decimal(value)
        except ArithmeticError:
            return value
    if value in _SPECIAL_FLOATS:
        return Decimal(_SPECIAL_FLOATS[value])
    return value


class _Mark(Protocol):
    # What PyYAML's Python and C marks have in common.
    line: int
    column: int


@attrs.define
class _Frame:
    container: dict[Key, object] | list[object]
    path: Path
    key: Key | None = None
    expecting_key: bool = True


def _events(text: str) -> Iterator[yaml.Event]:
    loader = _Loader(text)
    try:
        while loader.check_event():
            yield loader.get_event()
    finally:
        loader.dispose()


def read_yaml(data: bytes | str, source: str | None = None) -> InputDocument:
    """Read one YAML document of plain data, strictly.

    Args:
        data: The bytes (UTF-8, an optional BOM is dropped) or text to read.
        source: A name for the input, used in error messages.

    Raises:
        PlanDataError: for anything but one well-formed document of plain data.
    """
    text = decode_text(data, source)
    builder = _Builder(source)
    try:
        for event in _events(text):
            builder.feed(event)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        reason = error.problem or error.context or "malformed YAML"
        builder.problems.append(Problem("", f"YAML syntax error: {reason}", line, column))
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        code = error.character if isinstance(error.character, int) else ord(error.character)
        builder.problems.append(
            Problem("", f"control characters are not allowed (U+{code:04X})", line, column)
        )
    except yaml.YAMLError as error:
        builder.problems.append(Problem("", f"YAML error: {error}"))
    except _AbortError:
        pass
    if builder.problems:
        raise PlanDataError(builder.problems, source=source)
    if builder.documents == 0:
        raise PlanDataError((Problem("", "the file is empty"),), source=source)
    return InputDocument(builder.root, builder.lines, source)


class _AbortError(Exception):
    """Stop reading: what follows cannot be read safely."""


class _Builder:
    def __init__(self, source: str | None) -> None:
        self.source = source
        self.stack: list[_Frame] = []
        self.root: object = None
        self.lines: dict[Path, int] = {}
        self.problems: list[Problem] = []
        self.documents = 0

    def _fail(self, message: str, mark: _Mark | None) -> None:
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        path = format_path(self.stack[-1].path) if self.stack else ""
        self.problems.append(Problem(path, message, line, column))

    def feed(self, event: yaml.Event) -> None:
        # Scalars are most events of a document: they take the shortest path.
        if isinstance(event, yaml.ScalarEvent):
            if event.tag is not None and event.tag not in _ALLOWED_TAGS:
                self._fail(f"tags ({event.tag}) are not allowed", event.start_mark)
                raise _AbortError
            plain = not event.style and event.implicit[0]
            self._add(_resolve(event.value, plain=plain), event.start_mark)
        elif isinstance(event, yaml.CollectionStartEvent):
            if event.tag is not None and event.tag not in _ALLOWED_TAGS:
                self._fail(f"tags ({event.tag}) are not allowed", event.start_mark)
                raise _AbortError
            if len(self.stack) >= MAX_DEPTH:
                self._fail(f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
                raise _AbortError
            container: dict[Key, object] | list[object] = (
                [] if isinstance(event, yaml.SequenceStartEvent) else {}
            )
            path = self._add(container, event.start_mark)
            self.stack.append(_Frame(container, path))
        elif isinstance(event, yaml.CollectionEndEvent):
            self.stack.pop()
        elif isinstance(event, yaml.AliasEvent):
            self._fail(
                f"aliases (*{event.anchor}) are not allowed: write the value out",
                event.start_mark,
            )
            raise _AbortError
        elif isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self._fail("expected one YAML document, found more", event.start_mark)
                raise _AbortError

    def _add(self, value: object, mark: _Mark | None) -> Path:
        if not self.stack:
            self.root = value
            self.lines[()] = mark.line + 1 if mark is not None else 1
            return ()
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            path = (*frame.path, len(frame.container))
            frame.container.append(value)
        elif frame.expecting_key:
            frame.expecting_key = False
            if not isinstance(value, (str, int)) or isinstance(value, bool):
                self._fail(f"a mapping key must be a string or an integer, got {value!r}", mark)
                frame.key = None
                return (*frame.path, "?")
            if value in frame.container:
                self._fail(f"duplicate key {value!r}", mark)
                frame.key = None
                return (*frame.path, value)
            frame.key = value
            return (*frame.path, value)
        else:
            frame.expecting_key = True
            key = frame.key
            path = (*frame.path, key if key is not None else "?")
            if key is not None:
                frame.container[key] = value
        if mark is not None:
            self.lines[path] = mark.line + 1
        return path
