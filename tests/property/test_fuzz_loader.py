"""Fuzzing the plan loader: whatever the input, only a PlanError comes out.

Spec (``parse_plan``): "Raises: PlanDataError: listing every problem found."
Spec (``_yaml``): "Every problem is collected with its path and line, and
raised together as one PlanDataError", with "at most MAX_DEPTH levels".

Three sources of input: arbitrary bytes and text; the minimal valid plan of
``tests/bad_plans/`` with random leaves replaced, keys deleted or inserted; and
random deeply nested flow collections.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeAlias

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from zgc_plan._load import parse_plan
from zgc_plan._yaml import MAX_DEPTH
from zgc_plan.exceptions import PlanDataError, PlanError

MINIMAL = Path(__file__).resolve().parents[1] / "bad_plans" / "_valid_minimal.yaml"
MINIMAL_TEXT = MINIMAL.read_text(encoding="utf-8")
SOURCE = "<fuzz>"

Key: TypeAlias = str | int
Path_: TypeAlias = tuple[Key, ...]

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _outcome(data: bytes | str) -> PlanError | None:
    """Parse ``data``; return the PlanError raised, or ``None`` if it loaded.

    Any other exception propagates and fails the test.
    """
    raised: PlanError | None = None
    try:
        parse_plan(data, source=SOURCE)
    except PlanError as error:
        raised = error
    if isinstance(raised, PlanDataError):
        assert raised.problems, "a PlanDataError lists at least one problem"
        assert raised.source == SOURCE
        assert str(raised).startswith(f"{SOURCE}: ")
    return raised


# (a) Arbitrary bytes and text.

#: Characters that make up YAML's syntax, to get past the first byte more often.
YAML_ALPHABET = (
    list("[]{}:-,&*!|>'\"#%@?~.\\ \t\n\r") + list("ab19eE+_") + ["\ufeff", "\x85", "\x01"]
)
ANY_CHARACTER = st.characters(codec=None, categories=("L", "M", "N", "P", "S", "Z", "C"))


@FUZZ
@given(st.binary(max_size=300))
@example(b"")
@example(b"\xef\xbb\xbf")
@example(b"\xef\xbb\xbf\xef\xbb\xbf")
@example(b"\xff\xfe")
@example(b"a: \x00")
def test_arbitrary_bytes_raise_only_plan_errors(data: bytes) -> None:
    """Any bytes: the plan loads or a PlanError is raised, nothing else."""
    _outcome(data)


@FUZZ
@given(
    st.one_of(
        st.text(max_size=200),
        st.text(ANY_CHARACTER, max_size=100),
        st.text(st.sampled_from(YAML_ALPHABET), max_size=200),
    )
)
@example("a: \ud800")
@example("[" * (MAX_DEPTH + 1))
def test_arbitrary_text_raises_only_plan_errors(text: str) -> None:
    """Any text, surrogates included: the plan loads or a PlanError is raised, nothing else."""
    _outcome(text)


@FUZZ
@given(st.text(st.sampled_from(YAML_ALPHABET), max_size=200))
def test_arbitrary_text_problems_have_lines(text: str) -> None:
    """Every problem of text that PyYAML can scan carries a line (or is about the whole file).

    "Every problem is collected with its path and line": a problem without a
    line is allowed only for the document as a whole (an empty file).
    """
    error = _outcome(text)
    if isinstance(error, PlanDataError):
        for problem in error.problems:
            assert problem.line is not None or problem.message == "the file is empty", problem


# (b) The minimal valid plan, mutated.


def _minimal_data() -> dict[str, Any]:
    data = yaml.safe_load(MINIMAL_TEXT)
    assert isinstance(data, dict)
    return data


def _walk(value: object, path: Path_ = ()) -> list[Path_]:
    """Every path of ``value`` (containers and leaves), the root excluded."""
    paths: list[Path_] = []
    items: list[tuple[Key, object]] = []
    if isinstance(value, dict):
        items = list(value.items())
    elif isinstance(value, list):
        items = list(enumerate(value))
    for key, child in items:
        paths.append((*path, key))
        paths.extend(_walk(child, (*path, key)))
    return paths


def _strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [s for child in value.values() for s in _strings(child)] + list(value)
    if isinstance(value, list):
        return [s for child in value for s in _strings(child)]
    return [value] if isinstance(value, str) else []


MINIMAL_DATA = _minimal_data()
STRINGS = sorted(set(_strings(MINIMAL_DATA)))

UNITISH = st.text(st.sampled_from(list("家人万亿元%/*^()0123456789.e- ")), max_size=10)
DATEISH = st.from_regex(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}", fullmatch=True)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-5, max_value=2300),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=False, allow_infinity=False).map(float),
    st.text(max_size=20),
    st.sampled_from(STRINGS),
    UNITISH,
    DATEISH,
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(
            st.one_of(st.text(max_size=8), st.sampled_from(STRINGS)), children, max_size=3
        ),
    ),
    max_leaves=6,
)


def _get(data: object, path: Path_) -> object:
    for key in path:
        data = data[key]  # type: ignore[index]
    return data


def _mutate(data: dict[str, Any], draw: st.DrawFn) -> None:
    """Replace a value, delete a key or item, or insert a key, somewhere in ``data``."""
    paths = _walk(data)
    kind = draw(st.sampled_from(["replace", "delete", "insert"]))
    if kind == "insert" or not paths:
        mappings = [()] + [p for p in paths if isinstance(_get(data, p), dict)]
        target = _get(data, draw(st.sampled_from(mappings)))
        assert isinstance(target, dict)
        key = draw(st.one_of(st.sampled_from(STRINGS), st.text(max_size=8), st.integers()))
        target[key] = draw(VALUES)
        return
    path = draw(st.sampled_from(paths))
    parent = _get(data, path[:-1])
    assert isinstance(parent, dict | list)
    if kind == "replace":
        parent[path[-1]] = draw(VALUES)  # type: ignore[index]
    else:
        del parent[path[-1]]  # type: ignore[arg-type]


@st.composite
def mutated_plans(draw: st.DrawFn) -> str:
    """The minimal plan with one to three random mutations, as YAML text."""
    data = _minimal_data()
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        _mutate(data, draw)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_minimal_plan_round_trips_through_pyyaml() -> None:
    """The mutation base is sound: safe_load then safe_dump of the minimal plan still loads."""
    assert _outcome(yaml.safe_dump(_minimal_data(), allow_unicode=True, sort_keys=False)) is None


@FUZZ
@given(mutated_plans())
def test_mutated_plan_raises_only_plan_data_error(text: str) -> None:
    """A mutated plan loads or raises PlanDataError, and every problem has a line."""
    error = _outcome(text)
    if error is not None:
        assert isinstance(error, PlanDataError)
        for problem in error.problems:
            assert problem.line is not None, problem


# (c) Deeply nested flow collections.


@st.composite
def nested_flow(draw: st.DrawFn) -> tuple[str, int, int]:
    """A flow collection nested 0-150 deep: (text, depth, line of the deepest opener).

    Each level is a sequence ``[`` or a mapping ``{k: ``, optionally on a new
    line, around an innermost scalar.
    """
    openers = draw(st.lists(st.sampled_from(["[", "{k: "]), max_size=150))
    breaks = draw(st.lists(st.booleans(), min_size=len(openers), max_size=len(openers)))
    inner = draw(st.sampled_from(["", "1", "x", "~", "'q'", "1.5"]))
    text = ""
    line = 1
    lines: list[int] = []
    for opener, newline in zip(openers, breaks, strict=True):
        if newline:
            text += "\n "
            line += 1
        lines.append(line)
        text += opener
    text += inner
    for opener in reversed(openers):
        text += "]" if opener == "[" else "}"
    return text + "\n", len(openers), (lines[MAX_DEPTH] if len(lines) > MAX_DEPTH else 0)


@FUZZ
@given(nested_flow())
@example(("[" * 1000 + "]" * 1000, 1000, 1))
def test_nested_flow_collections(case: tuple[str, int, int]) -> None:
    """Nesting beyond MAX_DEPTH is one problem at the line of the first level too deep.

    "at most MAX_DEPTH levels": no RecursionError, no MemoryError, never a plan.
    """
    text, depth, line = case
    error = _outcome(text)
    assert isinstance(error, PlanDataError)
    if depth > MAX_DEPTH:
        assert len(error.problems) == 1
        (problem,) = error.problems
        assert f"nested more than {MAX_DEPTH} levels deep" in problem.message
        assert problem.line == line
    else:
        assert all("nested" not in problem.message for problem in error.problems)


@FUZZ
@given(nested_flow(), st.integers(min_value=0, max_value=10**6))
def test_truncated_nested_flow_collections(case: tuple[str, int, int], cut: int) -> None:
    """A nested flow collection cut anywhere is still only a PlanDataError."""
    text, _, _ = case
    error = _outcome(text[: cut % (len(text) + 1)])
    assert isinstance(error, PlanDataError)
