"""Writing an assessment report from files, and verifying one against its inputs.

Each input is read once: its bytes are hashed for the manifest and parsed
from the same bytes, so that the manifest describes exactly what was read.
``verify_report`` reads a report's manifest, reads the inputs it names,
checks their hashes and makes the report again, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from importlib.resources import files
from pathlib import Path
from typing import Literal, TypeAlias

import attrs

from zgc_plan._assessment import assess
from zgc_plan._files import read_text_file, writing
from zgc_plan._html_report import render_html, render_markdown
from zgc_plan._links import load_task_links
from zgc_plan._load import AREAS_FILE, load_plan, parse_plan
from zgc_plan._manifest import SHIPPED_PREFIX, Manifest, ManifestInput, extract_manifest, sha256
from zgc_plan._midterm import Thresholds
from zgc_plan._model import Plan
from zgc_plan._observation_checks import combine_files
from zgc_plan._observation_files import parse_observations
from zgc_plan._observations import Observation, ObservationStatus
from zgc_plan._overrides import Override, parse_overrides
from zgc_plan._tasks import TaskReport, load_published_milestones, parse_task_reports, read_date
from zgc_plan._version import __version__
from zgc_plan.exceptions import PlanDataError, Problem

__all__ = [
    "ReportFormat",
    "ReportOptions",
    "build_report",
    "report_format",
    "verify_report",
    "write_report",
]

ReportFormat: TypeAlias = Literal["html", "markdown"]
_SUFFIXES: dict[str, ReportFormat] = {
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
}
#: The shipped data files a report reads, by role.
_SHIPPED = {
    "plan": ("data", "plan.yaml"),
    "areas": ("data", "areas.yaml"),
    "observations": ("data", "observations", "published.yaml"),
    "links": ("data", "task_links.yaml"),
    "published_milestones": ("data", "tasks", "published-milestones.yaml"),
}


def report_format(path: str | os.PathLike[str]) -> ReportFormat:
    """The format a report file's name asks for: ``.html`` or ``.md``.

    Raises:
        PlanDataError: for another suffix.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in _SUFFIXES:
        raise PlanDataError(
            (Problem("", f"cannot tell the report format from {suffix or 'no suffix'!r}: "
                     "name the file .html or .md"),),
            source=str(path),
        )  # fmt: skip
    return _SUFFIXES[suffix]


@attrs.frozen
class ReportOptions:
    """What a report is made from.

    Attributes:
        as_of: The as-of date.
        format: ``html`` or ``markdown``.
        observations: Observation files; none for the shipped published figures.
        tasks: A task progress file, or ``None`` for no reports.
        overrides: An overrides file, or ``None``.
        plan: A plan file, or ``None`` for the shipped plan.
        baseline_year: The baseline year, or ``None`` for the plan's baseline year.
        thresholds: The thresholds of mid-term status and warnings.
        min_status: The weakest figure quality judged, or ``None`` for all.
    """

    as_of: dt.date
    format: ReportFormat = "html"
    observations: tuple[str, ...] = ()
    tasks: str | None = None
    overrides: str | None = None
    plan: str | None = None
    baseline_year: int | None = None
    thresholds: Thresholds = attrs.field(factory=Thresholds)
    min_status: ObservationStatus | None = None

    def option_items(self) -> tuple[tuple[str, str], ...]:
        """The options recorded in the manifest, by name."""
        t = self.thresholds
        return tuple(
            sorted(
                {
                    "baseline_year": "" if self.baseline_year is None else str(self.baseline_year),
                    "ahead": repr(t.ahead),
                    "on_schedule": repr(t.on_schedule),
                    "warning_gap": repr(t.warning_gap),
                    "stale_months": str(t.stale_months),
                    "min_status": self.min_status.value if self.min_status else "",
                }.items()
            )
        )


class _Inputs:
    """Reads inputs once, hashing each, and gathers every problem of every file."""

    def __init__(self, resolve: Callable[[str], str]) -> None:
        self.entries: list[ManifestInput] = []
        self.problems: list[Problem] = []
        self.resolve = resolve

    def read(self, role: str, path: str | None) -> tuple[bytes, str] | None:
        if path is None:
            data = files("zgc_plan").joinpath(*_SHIPPED[role]).read_bytes()
            name = SHIPPED_PREFIX + "/".join(_SHIPPED[role])
        else:
            try:
                data = read_text_file(self.resolve(path))
            except PlanDataError as error:
                self.failed(error)
                return None
            name = path
        self.entries.append(ManifestInput(role, name, sha256(data)))
        return data, name

    def failed(self, error: PlanDataError) -> None:
        prefix = f"{error.source}: " if error.source else ""
        self.problems += [
            Problem(f"{prefix}{p.path}", p.message, p.line, p.column) for p in error.problems
        ]


def _load(
    options: ReportOptions, resolve: Callable[[str], str]
) -> tuple[Plan, list[ManifestInput], dict[str, object]]:
    inputs = _Inputs(resolve)
    plan = load_plan()
    raw = inputs.read("plan", options.plan)
    if options.plan is None:
        inputs.read("areas", None)
    elif raw is not None:
        folder = Path(resolve(options.plan)).parent
        try:
            plan = parse_plan(raw[0], raw[1], folder=folder)
        except PlanDataError as error:
            inputs.failed(error)
        else:
            areas = _areas_file(raw[0], folder)
            if areas is not None:
                # The plan's areas are read from a file beside it: an input too.
                inputs.read("areas", str(Path(options.plan).parent / areas))
    files: list[tuple[str, Sequence[Observation]]] = []
    for path in options.observations or (None,):
        raw = inputs.read("observations", path)
        if raw is None:
            continue
        try:
            files.append(
                (
                    raw[1],
                    parse_observations(
                        raw[0], plan, raw[1], csv_format=raw[1].lower().endswith(".csv")
                    ),
                )
            )
        except PlanDataError as error:
            inputs.failed(error)
    observations: list[Observation] = []
    try:
        observations = combine_files(files, plan)
    except PlanDataError as error:
        inputs.failed(error)
    reports: tuple[TaskReport, ...] = ()
    if options.tasks is not None and (raw := inputs.read("tasks", options.tasks)) is not None:
        try:
            reports = parse_task_reports(
                raw[0], plan, raw[1], csv_format=raw[1].lower().endswith(".csv")
            )
        except PlanDataError as error:
            inputs.failed(error)
    overrides: tuple[Override, ...] = ()
    if options.overrides is not None and (raw := inputs.read("overrides", options.overrides)):
        try:
            overrides = parse_overrides(raw[0], plan, raw[1])
        except PlanDataError as error:
            inputs.failed(error)
    shipped_plan = options.plan is None
    if shipped_plan:
        inputs.read("links", None)
        inputs.read("published_milestones", None)
    if inputs.problems:
        raise PlanDataError(inputs.problems, source=None)
    parts: dict[str, object] = {
        "observations": observations,
        "reports": reports,
        "overrides": overrides,
        "links": load_task_links(plan=plan) if shipped_plan else (),
        "published": load_published_milestones(plan=plan) if shipped_plan else (),
    }
    return plan, inputs.entries, parts


def _as_given(path: str) -> str:
    return path


def _areas_file(plan_yaml: bytes, folder: Path) -> str | None:
    """The name of the areas file a plan reads beside itself, or ``None``."""
    from zgc_plan._yaml import read_yaml

    data = read_yaml(plan_yaml).data
    named = data.get("areas") if isinstance(data, dict) else None
    if isinstance(named, str):
        return named
    if named is None and (folder / AREAS_FILE).is_file():
        return AREAS_FILE
    return None


def build_report(
    options: ReportOptions, resolve: Callable[[str], str] = _as_given
) -> tuple[str, Manifest]:
    """Make a report's text, and its manifest, from its options.

    Args:
        options: What the report is made from.
        resolve: Where to read an input from, given its path as recorded;
            the manifest records the path as given either way.

    Raises:
        PlanDataError: listing every problem of every input file.
    """
    plan, entries, parts = _load(options, resolve)
    assessment = assess(
        parts["observations"],  # type: ignore[arg-type]
        parts["reports"],  # type: ignore[arg-type]
        options.as_of,
        plan,
        baseline_year=options.baseline_year,
        thresholds=options.thresholds,
        overrides=parts["overrides"],  # type: ignore[arg-type]
        links=parts["links"],  # type: ignore[arg-type]
        published=parts["published"],  # type: ignore[arg-type]
        min_status=options.min_status,
    )
    manifest = Manifest(
        __version__,
        options.as_of.isoformat(),
        options.format,
        options.option_items(),
        tuple(entries),
    )
    render = render_html if options.format == "html" else render_markdown
    return render(assessment, manifest), manifest


def write_report(
    output: str | os.PathLike[str],
    *,
    observations: Sequence[str | os.PathLike[str]] = (),
    tasks: str | os.PathLike[str] | None = None,
    overrides: str | os.PathLike[str] | None = None,
    plan: str | os.PathLike[str] | None = None,
    as_of: dt.date | None = None,
    baseline_year: int | None = None,
    thresholds: Thresholds | None = None,
    min_status: ObservationStatus | str | None = None,
) -> Manifest:
    """Write the assessment report to ``output`` (``.html`` or ``.md``).

    Args:
        output: The file to write; its suffix chooses HTML or Markdown.
        observations: Observation files; none for the shipped published figures.
        tasks: A task progress file, or ``None`` for no reports.
        overrides: An overrides file, or ``None``.
        plan: A plan file, or ``None`` for the shipped plan.
        as_of: The as-of date; today by default.
        baseline_year: The baseline year; the plan's baseline year by default.
        thresholds: The thresholds of mid-term status and warnings.
        min_status: The weakest figure quality judged (``"published"`` …),
            or ``None`` for all.

    Returns:
        The manifest written into the report.

    Raises:
        PlanDataError: listing every problem of every input file.
    """
    options = ReportOptions(
        as_of or dt.date.today(),
        report_format(output),
        tuple(os.fspath(p) for p in observations),
        os.fspath(tasks) if tasks is not None else None,
        os.fspath(overrides) if overrides is not None else None,
        os.fspath(plan) if plan is not None else None,
        baseline_year,
        thresholds or Thresholds(),
        _min_status(min_status),
    )
    text, manifest = build_report(options)
    with writing(output, "write the report"):
        Path(output).write_bytes(text.encode("utf-8"))
    return manifest


def _min_status(value: ObservationStatus | str | None) -> ObservationStatus | None:
    if value is None or isinstance(value, ObservationStatus):
        return value
    try:
        return ObservationStatus(value)
    except ValueError:
        words = ", ".join(s.value for s in ObservationStatus)
        raise PlanDataError(
            (Problem("min_status", f"expected one of {words}; got {value!r}"),), source="<report>"
        ) from None


def _resolve(path: str, report: Path) -> str:
    # Paths are recorded as given; a report verified from elsewhere finds them
    # beside itself.
    if Path(path).exists() or Path(path).is_absolute():
        return path
    beside = report.parent / path
    return str(beside) if beside.exists() else path


def _options(manifest: Manifest, report: Path) -> tuple[ReportOptions, list[str]]:
    differences = []
    by_role: dict[str, list[str]] = {}
    for entry in manifest.inputs:
        path = entry.path
        if path.startswith(SHIPPED_PREFIX):
            data = files("zgc_plan").joinpath(*path[len(SHIPPED_PREFIX) :].split("/")).read_bytes()
        else:
            try:
                data = read_text_file(_resolve(path, report))
            except PlanDataError as error:
                differences.append(f"{entry.role} {entry.path}: {error.problems[0].message}")
                continue
        if sha256(data) != entry.sha256:
            differences.append(
                f"{entry.role} {entry.path}: SHA-256 is {sha256(data)}, the manifest says {entry.sha256}"
            )
        by_role.setdefault(entry.role, []).append(path)
    get = manifest.option
    try:
        baseline = get("baseline_year") or ""
        thresholds = Thresholds(
            float(get("ahead") or "nan"), float(get("on_schedule") or "nan"),
            float(get("warning_gap") or "nan"), int(get("stale_months") or "0"),
        )  # fmt: skip
        if manifest.format not in ("html", "markdown"):
            raise ValueError(f"unknown format {manifest.format!r}")
        options = ReportOptions(
            read_date(manifest.as_of),
            "html" if manifest.format == "html" else "markdown",
            tuple(p for p in by_role.get("observations", []) if not p.startswith(SHIPPED_PREFIX)),
            next(iter(by_role.get("tasks", [])), None),
            next(iter(by_role.get("overrides", [])), None),
            next((p for p in by_role.get("plan", []) if not p.startswith(SHIPPED_PREFIX)), None),
            int(baseline) if baseline else None,
            thresholds,
            _min_status(get("min_status") or None),
        )
    except PlanDataError as error:
        raise PlanDataError(
            (Problem("manifest.options", error.problems[0].message),), source=str(report)
        ) from None
    except ValueError as error:
        raise PlanDataError(
            (Problem("manifest.options", str(error)),), source=str(report)
        ) from None
    return options, differences


def verify_report(path: str | os.PathLike[str]) -> tuple[str, ...]:
    """Check a report against the inputs its manifest names.

    Returns:
        Every difference found, as one line of text each (an input whose
        SHA-256 changed or that cannot be read, another library version, or a
        report whose text is not the one its inputs give); empty when the
        report matches.

    Raises:
        PlanDataError: if the file cannot be read or holds no manifest.
    """
    report = Path(path)
    data = read_text_file(report)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise PlanDataError(f"not UTF-8 text: byte {error.start}", source=str(report)) from None
    manifest = extract_manifest(text, str(report))
    options, differences = _options(manifest, report)
    if manifest.version != __version__:
        differences.append(f"made by zgc_plan {manifest.version}; this is {__version__}")
    if differences:
        return tuple(differences)
    try:
        again, _ = build_report(options, lambda given: _resolve(given, report))
    except PlanDataError as error:
        return tuple(str(p) for p in error.problems)
    if again != text:
        line = next(
            (
                n
                for n, (a, b) in enumerate(
                    zip(again.splitlines(), text.splitlines(), strict=False), 1
                )
                if a != b
            ),
            min(len(again.splitlines()), len(text.splitlines())) + 1,
        )
        return (f"the report differs from the one its inputs give, from line {line} on",)
    return ()
