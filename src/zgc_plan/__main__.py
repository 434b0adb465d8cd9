"""Command line: ``python -m zgc_plan`` or ``zgc-plan``.

Commands: ``show`` (the plan), ``evaluate`` (observation files, enterprise
microdata, or the published figures shipped with the library; one area with
``--area``), ``aggregate`` (months and parks into quarters, years and the
zone; enterprise microdata in a frame engine), ``assess`` (the annual
sub-park assessment), ``validate`` (a plan, observation, allocation, task
progress or overrides file), ``extract`` (target phrases in a text), ``tasks``
(the roll-up of task progress reports) and ``report`` (the assessment report,
or ``--verify`` of one).

Exit codes: 0 on success, 2 on bad input (one line per problem on stderr,
no traceback); ``report --verify`` exits 1 when the report does not match
its inputs.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from zgc_plan import __version__
from zgc_plan._document import decode_text
from zgc_plan._escape import terminal_text
from zgc_plan._evaluate import NORMALISATIONS, evaluate
from zgc_plan._files import read_text_file
from zgc_plan._load import load_plan, parse_plan
from zgc_plan._model import Plan
from zgc_plan._numbers import read_number
from zgc_plan._observation_checks import combine_files
from zgc_plan._observation_files import load_observations
from zgc_plan._observations import Observation, ObservationStatus
from zgc_plan._periods import MAX_YEAR, MIN_YEAR
from zgc_plan._report import FORMATS, display_width
from zgc_plan._yaml import read_yaml
from zgc_plan.exceptions import PlanDataError, PlanError, Problem, excerpt

if TYPE_CHECKING:
    from zgc_plan._overrides import Override
    from zgc_plan._tasks import TaskReport

__all__ = ["main"]

#: Output formats of ``evaluate`` written by the exchange-format modules.
EXCHANGE_FORMATS = ("sdmx-csv", "sdmx-ml", "datapackage")
#: Frame engines microdata can be aggregated in.
ENGINES = ("duckdb", "polars", "pandas", "dask", "ibis")

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def _year(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a year: {text!r}") from None
    if not MIN_YEAR <= value <= MAX_YEAR:
        raise argparse.ArgumentTypeError(f"year {value} is outside {MIN_YEAR}..{MAX_YEAR}")
    return value


def _date(text: str) -> dt.date:
    from zgc_plan._tasks import read_date

    try:
        return read_date(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _positive(text: str) -> int:
    if not text.isascii() or not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a whole number of at least 1: {text!r}")
    return int(text)


def _ratio(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 <= value <= 10:
        raise argparse.ArgumentTypeError(f"{text} is outside 0..10")
    return value


EXIT_MISMATCH = 1


def _share(text: str) -> Fraction:
    try:
        value = Fraction(read_number(text))  # the number reader of every input
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"{excerpt(text)} is outside (0, 1): give 0.05 for ±5%")
    return value


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse's own exit code for usage errors is 2 as well; keep its message on one line.
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="zgc-plan",
        description="An action plan as data: by default the shipped Zhongguancun 2018-2022 "
        "action plan (中示区组发〔2018〕4号), or another given with --plan.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    show = commands.add_parser("show", help="print the plan's goals, targets and indicators")
    show.add_argument("--tasks", action="store_true", help="also list the 8 actions and 23 tasks")
    _plan_option(show)

    ev = commands.add_parser(
        "evaluate",
        help="judge observed figures against the targets",
        description=(
            "Evaluate observation files (YAML or CSV). Without FILE, evaluate the published "
            "figures shipped with the library, measured from the plan's baseline year (the "
            "year before the plan period unless the plan names another). With FILE there is "
            "no baseline unless --baseline or --baseline-year gives one. Scores use progress "
            "from the baseline when there is one, else attainment (observed ÷ target), unless "
            "--normalisation says otherwise."
        ),
    )
    ev.add_argument("files", nargs="*", type=Path, metavar="FILE", help="observation files")
    _plan_option(ev)
    judging = ev.add_argument_group("what is judged")
    judging.add_argument("--year", type=_year, metavar="Y", help="evaluate as of year Y")
    judging.add_argument(
        "--area", metavar="AREA",
        help="judge one area (a park, by id or Chinese name: 海淀园) instead of the zone",
    )  # fmt: skip
    judging.add_argument(
        "--allocations", type=Path, metavar="FILE",
        help="park targets (目标分解) to judge the --area park by, instead of the zone's",
    )  # fmt: skip
    judging.add_argument(
        "--include-context", action="store_true",
        help="also use figures that are not zone-wide (another scope)",
    )  # fmt: skip
    judging.add_argument(
        "--min-status", choices=[s.value for s in ObservationStatus], metavar="STATUS",
        help="judge only figures at least this good (published, derived, provisional, "
        "estimated, uncertain); weaker ones are shown as not judged (default: judge all)",
    )  # fmt: skip
    judging.add_argument(
        "--tolerance", type=_share, metavar="T",
        help="relative tolerance of 左右 targets, in (0, 1), instead of the plan's",
    )  # fmt: skip
    judging.add_argument(
        "--strict-ranges", action="store_true",
        help="read 左右 and ranges as two-sided: a figure past the band on the better side "
        "is not met (default: met, 超额完成)",
    )  # fmt: skip
    scoring = ev.add_argument_group("baseline and scores")
    scoring.add_argument("--baseline", type=Path, metavar="FILE", help="baseline observation file")
    scoring.add_argument(
        "--baseline-year", type=_year, metavar="Y",
        help="take the baseline from the figures of year Y (default: the plan's baseline "
        "year without FILE, none with FILE)",
    )  # fmt: skip
    scoring.add_argument(
        "--normalisation", choices=NORMALISATIONS,
        help="how targets that are not met are scored (default: progress with a baseline, "
        "attainment without)",
    )  # fmt: skip
    output = ev.add_argument_group("output")
    output.add_argument(
        "--format", choices=(*FORMATS, *EXCHANGE_FORMATS), default="table",
        help="output format (datapackage writes a folder: give --output)",
    )  # fmt: skip
    output.add_argument(
        "--output", type=Path, metavar="DIR", help="the folder of --format datapackage"
    )
    _bom_option(output.add_argument)
    output.add_argument(
        "--plot", type=Path, metavar="FILE", help="also draw progress to a PNG or SVG"
    )
    _microdata_options(ev)

    ag = commands.add_parser(
        "aggregate",
        help="aggregate months, quarters and parks into quarters or years and the zone",
        description=(
            "Aggregate observation files by the plan's rules (flows summed, stocks at the end, "
            "从业人员 averaged; parks added into the zone) and print the result, readable "
            "again as an observation file. Disagreements and partial figures go to stderr."
        ),
    )
    ag.add_argument(
        "files", nargs="+", type=Path, metavar="FILE",
        help="observation files, or enterprise microdata: a .parquet file (or .csv with --engine) "
        "with one row per firm and month",
    )  # fmt: skip
    ag.add_argument("--to", choices=("year", "quarter"), default="year", help="periods to make")
    ag.add_argument("--format", choices=("yaml", "csv", "json"), default="yaml", help="output")
    ag.add_argument("--no-zone", action="store_true", help="do not add the parks into the zone")
    _plan_option(ag)
    _microdata_options(ag)
    _bom_option(ag.add_argument)

    asr = commands.add_parser(
        "assess",
        help="the annual sub-park assessment: ranks, scores and disparity of the parks",
    )
    asr.add_argument("files", nargs="+", type=Path, metavar="FILE", help="observation files")
    asr.add_argument("--year", type=_year, metavar="Y", required=True, help="the year assessed")
    asr.add_argument("--format", choices=FORMATS, default="table", help="output format")
    asr.add_argument(
        "--normalisation", choices=("minmax", "attainment"), default="minmax",
        help="indicator scores: min-max across the parks, or attainment of the target",
    )  # fmt: skip
    asr.add_argument(
        "--indicators", metavar="LIST",
        help="comma-separated indicator numbers or ids (default: those with park figures)",
    )  # fmt: skip
    asr.add_argument("--allocations", type=Path, metavar="FILE", help="park targets (目标分解)")
    asr.add_argument("--plot", type=Path, metavar="FILE", help="also draw the heat map (PNG/SVG)")
    _bom_option(asr.add_argument)
    _plan_option(asr)

    validate = commands.add_parser(
        "validate",
        help="check a plan, observation, allocation, task progress (YAML) or overrides file",
    )
    validate.add_argument("file", type=Path, metavar="FILE")
    _plan_option(validate, "the plan observations refer to")

    extract = commands.add_parser(
        "extract", help="print the targets found in a text file as YAML in the plan schema"
    )
    extract.add_argument("file", type=Path, metavar="FILE")
    extract.add_argument(
        "--keep-going", action="store_true",
        help="print the plan of the phrases that were read even when some could not be "
        "(the exit code is still 2)",
    )  # fmt: skip

    tasks = commands.add_parser(
        "tasks",
        help="roll up task progress reports as of a date",
        description="Where each of the tasks stands as of a date (the latest report up to it), "
        "counts by status per action, for the plan and per lead unit, overdue milestones and "
        "tasks without a recent report.",
    )
    tasks.add_argument("file", type=Path, metavar="FILE", help="a task progress file (YAML or CSV)")
    tasks.add_argument("--as-of", type=_date, metavar="DATE", help="YYYY-MM-DD (default: today)")
    tasks.add_argument("--format", choices=FORMATS, default="table", help="output format")
    tasks.add_argument(
        "--stale-months", type=_positive, default=6, metavar="N",
        help="list tasks without a report in the last N months (default 6)",
    )  # fmt: skip
    tasks.add_argument("--overrides", type=Path, metavar="FILE", help="statuses set by hand")
    _bom_option(tasks.add_argument)
    _plan_option(tasks, "the plan whose tasks are reported on")

    report = commands.add_parser(
        "report",
        help="write the assessment report (HTML or Markdown), or verify one",
        description="Write a self-contained assessment report: verdicts, mid-term status, "
        "early warnings, task progress, overrides, sources and a manifest of the inputs.",
    )
    report.add_argument(
        "--observations", type=Path, action="append", metavar="F",
        help="an observation file (repeatable; default: the shipped published figures)",
    )  # fmt: skip
    report.add_argument("--tasks", type=Path, metavar="F", help="a task progress file")
    report.add_argument("--overrides", type=Path, metavar="F", help="statuses set by hand")
    _plan_option(report)
    report.add_argument("--as-of", type=_date, metavar="DATE", help="YYYY-MM-DD (default: today)")
    report.add_argument(
        "--baseline-year", type=_year, metavar="Y",
        help="the year of the baseline figures (default: the plan's baseline year)",
    )  # fmt: skip
    report.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="report.html or report.md"
    )
    report.add_argument(
        "--verify", type=Path, metavar="REPORT", help="check a report against its inputs"
    )
    report.add_argument(
        "--ahead", type=_ratio, default=1.1, metavar="R", help="pace for 快于预期 (1.1)"
    )
    report.add_argument(
        "--on-schedule", type=_ratio, default=0.9, metavar="R", help="pace for 基本符合预期 (0.9)"
    )
    report.add_argument(
        "--warning-gap", type=_ratio, default=0.2, metavar="G",
        help="progress behind time elapsed by more than G gives 预警 (0.2)",
    )  # fmt: skip
    report.add_argument(
        "--stale-months", type=_positive, default=6, metavar="N",
        help="a task without a report in the last N months gives 关注 (6)",
    )  # fmt: skip
    report.add_argument(
        "--min-status", choices=[s.value for s in ObservationStatus], metavar="STATUS",
        help="judge only figures of at least this quality (published, derived, ...)",
    )  # fmt: skip
    return parser


def _plan_option(parser: argparse.ArgumentParser, about: str = "a plan YAML file") -> None:
    parser.add_argument(
        "--plan", type=Path, metavar="FILE", help=f"{about} (default: the shipped plan)"
    )


def _bom_option(add_argument: Callable[..., object]) -> None:
    """The one ``--bom`` option, added by ``add_argument`` of a parser or of a group."""
    add_argument(
        "--bom", action="store_true",
        help="start CSV output with a UTF-8 byte order mark (Excel on Chinese Windows)",
    )  # fmt: skip


#: The formats whose text (or, for a Data Package, whose CSV files) --bom applies to.
_BOM_FORMATS = frozenset({"csv", "sdmx-csv", "datapackage"})


def _with_bom(text: str, args: argparse.Namespace) -> str:
    """``text`` with a UTF-8 byte order mark first when ``--bom`` asks for one."""
    return "\ufeff" + text if args.bom else text


def _microdata_options(parser: argparse.ArgumentParser) -> None:
    microdata = parser.add_argument_group(
        "enterprise microdata",
        "when FILE holds one row per firm and month (.parquet, or .csv with --engine)",
    )
    microdata.add_argument(
        "--engine", choices=ENGINES, default=None,
        help="the frame engine microdata is aggregated in (default: duckdb if installed, "
        "else polars, else pandas); implies that the files are microdata",
    )  # fmt: skip
    microdata.add_argument(
        "--by", type=_columns, default=("area", "year"), metavar="COLUMNS",
        help="grouping of microdata, comma-separated (default: area,year)",
    )  # fmt: skip
    microdata.add_argument(
        "--units", type=_units, default=None, metavar="COL=UNIT,...",
        help="the unit of each statistic column (total-revenue=万元,employees=人); by default "
        "a Parquet column's 'unit' metadata, else the statistic's own unit",
    )  # fmt: skip


def _columns(text: str) -> tuple[str, ...]:
    names = tuple(part.strip() for part in text.split(",") if part.strip())
    if not names:
        raise argparse.ArgumentTypeError(f"no column names in {text!r}")
    return names


def _units(text: str) -> dict[str, str]:
    units: dict[str, str] = {}
    for part in text.split(","):
        name, sep, unit = part.partition("=")
        if not sep or not name.strip() or not unit.strip():
            raise argparse.ArgumentTypeError(f"expected COLUMN=UNIT, got {part!r}")
        units[name.strip()] = unit.strip()
    return units


def _plan(path: Path | None) -> Plan:
    return load_plan(path) if path is not None else load_plan()


def _show(args: argparse.Namespace) -> int:
    plan = _plan(args.plan)
    doc = plan.document
    out = [
        f"{doc.title_zh}",
        f"{doc.title_en}",
        f"{doc.doc_number}  {doc.issuer_zh}  {doc.issued}",
        "",
    ]
    for goal in plan.goals:
        out.append(f"{goal.number}. {goal.title_zh} — {goal.title_en}")
        for target in goal.targets:
            measured = f"[指标 {target.indicator.number}]" if target.indicator else "[无指标]"
            out.append(f"   {target.number:>2}. {target.quote_zh}  {target.value_text}  {measured}")
    out += ["", doc.headings.annex_title_zh or "Indicators"]
    width = max(display_width(i.name_zh) for i in plan.indicators)
    for indicator in plan.indicators:
        pad = " " * (width - display_width(indicator.name_zh))
        out.append(
            f"  {indicator.number:>2}. {indicator.category.name_zh:<5} {indicator.name_zh}{pad}  "
            f"{indicator.unit_text}  ({indicator.direction.value} is better)"
        )
    if args.tasks:
        out += ["", doc.headings.actions_zh or "Actions and tasks"]
        for action in plan.actions:
            out.append(f"({action.number}) {action.title_zh} — {action.title_en}")
            for task in action.tasks:
                out.append(f"   {task.number:>2}. {task.title_zh} — {task.title_en}")
    _write("\n".join(terminal_text(line) for line in out) + "\n")
    return EXIT_OK


def _check_plot(path: Path) -> None:
    """Refuse a --plot file that cannot be written, before anything is computed or printed."""
    problem = None
    if path.suffix.lower() not in {".png", ".svg"}:
        problem = "the file must end in .png or .svg"
    if problem is not None:
        raise PlanError(f"cannot draw to {path}: {problem}")
    _check_writable(path, "draw to")


def _check_writable(path: Path, action: str) -> None:
    """Refuse an output file that cannot be written, before anything is computed or printed."""
    problem = None
    if path.is_dir():
        problem = "it is a directory"
    elif not (folder := path.parent).is_dir():
        problem = f"the folder {folder} does not exist"
    elif not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        problem = "no permission to write it"
    if problem is not None:
        raise PlanError(f"cannot {action} {terminal_text(str(path))}: {problem}")


def _is_microdata(path: Path | None, args: argparse.Namespace) -> bool:
    """Whether a file is enterprise microdata: Parquet, or CSV with --engine or a firm column."""
    if path is None:
        return False
    suffix = path.suffix.lower()
    if suffix == ".parquet" or args.engine is not None:
        return True
    if suffix != ".csv":
        return False
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as file:
            header = file.readline(4096)
    except OSError:
        return False  # the observation reader reports the file
    return "firm" in (cell.strip() for cell in header.split(","))


def _evaluate(args: argparse.Namespace) -> int:
    if args.plot is not None:
        _check_plot(args.plot)
    plan = _plan(args.plan)
    if args.format == "datapackage" and args.output is None:
        raise PlanDataError("--format datapackage writes a folder: give it with --output DIR")
    files: list[tuple[str, Sequence[Observation]]] = []
    problems: list[PlanDataError] = []
    for path in args.files or [None]:
        try:
            if _is_microdata(path, args):
                from zgc_plan._cli_frames import microdata_observations

                files.append((str(path), microdata_observations(path, plan, args)))
            else:
                files.append((str(path), load_observations(path, plan)))
        except PlanDataError as error:
            problems.append(error)
    baseline: tuple[Observation, ...] | int | None = args.baseline_year
    if args.baseline is not None:
        try:
            baseline = load_observations(args.baseline, plan)
        except PlanDataError as error:
            problems.append(error)
    elif baseline is None and not args.files:
        baseline = plan.document.baseline_year
    if problems:
        raise PlanDataError([p for error in problems for p in _located(error)], source=None)
    observations = list(_aggregated_for_evaluation(combine_files(files, plan), plan))
    judged = plan
    if args.allocations is not None:
        from zgc_plan._allocations import allocated_plan, load_allocations

        if args.area is None:
            raise PlanDataError(
                "--allocations needs --area: the park they allocate to", source=None
            )
        from zgc_plan._allocations import check_allocations

        allocations = load_allocations(args.allocations, plan)
        judged = allocated_plan(plan, allocations, args.area)
        for check in check_allocations(allocations, plan):
            print(f"zgc-plan: allocations: {check.message}", file=sys.stderr)
    result = evaluate(
        observations, judged, baseline=baseline, year=args.year,
        include_context=args.include_context, normalisation=args.normalisation,
        min_status=args.min_status, tolerance=args.tolerance, strict_ranges=args.strict_ranges,
        area=args.area,
    )  # fmt: skip
    text = ""
    if args.format in EXCHANGE_FORMATS:
        from zgc_plan._cli_frames import write_exchange

        write_exchange(result, args)
    else:
        text = _with_bom(result.render(args.format), args)
    if args.plot is not None:
        from zgc_plan._plot import plot_progress

        try:
            picture = plot_progress(result, args.plot)
        except OSError as error:
            raise PlanError(f"cannot draw to {args.plot}: {error.strerror or error}") from None
    _write(text)
    if args.plot is not None:
        _say(f"progress chart written to {args.plot}")
        if picture.missing_glyphs:
            _say(f"zgc-plan: warning: {args.plot}: {picture.missing_font_message}")
    return EXIT_OK


def _aggregated_for_evaluation(
    observations: list[Observation], plan: Plan
) -> Sequence[Observation]:
    """Months and parks aggregated into years, with the disagreements said on stderr."""
    parks = {park.id for park in plan.parks}
    if all(o.period.is_year and o.area not in parks for o in observations):
        return observations
    from zgc_plan._aggregate import aggregate

    aggregation = aggregate(observations, plan)
    _warn(aggregation.disagreements)
    return aggregation.observations + aggregation.skipped


def _warn(disagreements: Sequence[object]) -> None:
    for disagreement in disagreements:
        print(
            f"zgc-plan: warning: {getattr(disagreement, 'message', disagreement)}", file=sys.stderr
        )


def _read_all(paths: Sequence[Path], plan: Plan) -> list[Observation]:
    """Every observation of every file; all their problems at once.

    Then rival figures of two files, each named by its file.
    """
    files: list[tuple[str, Sequence[Observation]]] = []
    problems: list[PlanDataError] = []
    for path in paths:
        try:
            files.append((str(path), load_observations(path, plan)))
        except PlanDataError as error:
            problems.append(error)
    if problems:
        raise PlanDataError([p for error in problems for p in _located(error)], source=None)
    return combine_files(files, plan)


def _aggregate(args: argparse.Namespace) -> int:
    from zgc_plan._aggregate import aggregate
    from zgc_plan._write_observations import dump_observations

    plan = _plan(args.plan)
    if any(_is_microdata(path, args) for path in args.files):
        from zgc_plan._cli_frames import aggregate_microdata

        _write(_with_bom(aggregate_microdata(args.files, plan, args), args))
        return EXIT_OK
    aggregation = aggregate(_read_all(args.files, plan), plan, to=args.to, zone=not args.no_zone)
    _warn(aggregation.disagreements)
    partial = aggregation.partial
    if partial:
        print(
            f"zgc-plan: {len(partial)} of {len(aggregation)} figures are partial (see 'missing')",
            file=sys.stderr,
        )
    if aggregation.skipped:
        print(
            f"zgc-plan: {len(aggregation.skipped)} ratio figures of shorter periods were left out "
            "(ratios are derived from aggregated statistics)",
            file=sys.stderr,
        )
    _write(_with_bom(dump_observations(aggregation, args.format, plan), args))
    return EXIT_OK


def _assess(args: argparse.Namespace) -> int:
    from zgc_plan._assess import assess_parks

    if args.plot is not None:
        _check_plot(args.plot)
    plan = _plan(args.plan)
    observations = _read_all(args.files, plan)
    allocations: tuple[object, ...] = ()
    if args.allocations is not None:
        from zgc_plan._allocations import load_allocations

        allocations = load_allocations(args.allocations, plan)
    indicators = None
    if args.indicators:
        indicators = [
            int(k) if k.strip().isdigit() else k.strip() for k in args.indicators.split(",")
        ]
    assessment = assess_parks(
        observations, args.year, plan, indicators=indicators,
        normalisation=args.normalisation, allocations=allocations,  # type: ignore[arg-type]
    )  # fmt: skip
    _write(_with_bom(assessment.render(args.format), args))
    if args.plot is not None:
        assessment.plot(args.plot)
        print(f"heat map written to {args.plot}", file=sys.stderr)
    return EXIT_OK


def _located(error: PlanDataError) -> list[Problem]:
    """The problems of one file, each naming the file, as the message of one file does."""
    if not error.source:
        return list(error.problems)
    return [
        Problem(f"{error.source}: {p.path or '<document>'}", p.message, p.line, p.column)
        for p in error.problems
    ]


def _validate(args: argparse.Namespace) -> int:
    data = read_text_file(args.file)
    is_csv = args.file.suffix.lower() == ".csv"
    if not is_csv:
        document = read_yaml(data, str(args.file))
        if isinstance(document.data, dict) and "allocations" in document.data:
            from zgc_plan._allocations import check_allocations, parse_allocations

            plan = _plan(args.plan)
            allocations = parse_allocations(data, plan, str(args.file))
            print(f"{args.file}: {len(allocations)} valid allocations")
            for check in check_allocations(allocations, plan):
                print(f"  {check.message}")
            return EXIT_OK
        if isinstance(document.data, dict) and "reports" in document.data:
            from zgc_plan._tasks import parse_task_reports

            reports = parse_task_reports(data, _plan(args.plan), str(args.file))
            tasks = len({report.task.id for report in reports})
            print(f"{args.file}: {len(reports)} valid task reports on {tasks} tasks")
            return EXIT_OK
        if isinstance(document.data, dict) and "overrides" in document.data:
            from zgc_plan._overrides import parse_overrides

            overrides = parse_overrides(data, _plan(args.plan), str(args.file))
            print(f"{args.file}: {len(overrides)} valid overrides")
            return EXIT_OK
        if isinstance(document.data, dict) and "observations" not in document.data:
            plan = parse_plan(data, str(args.file), folder=args.file.parent)
            _write(
                f"{terminal_text(str(args.file))}: a valid plan: {len(plan.goals)} goals, "
                f"{len(plan.targets)} targets, {len(plan.actions)} actions, "
                f"{len(plan.tasks)} tasks, {len(plan.indicators)} indicators\n"
            )
            return EXIT_OK
    observations = load_observations(args.file, _plan(args.plan))
    _write(f"{terminal_text(str(args.file))}: {len(observations)} valid observations\n")
    return EXIT_OK


def _extract(args: argparse.Namespace) -> int:
    from zgc_plan._extract import extract_plan

    source = str(args.file)
    text = decode_text(read_text_file(args.file), source)
    try:
        plan_yaml, dropped = extract_plan(text)
    except PlanDataError as error:
        raise PlanDataError(error.problems, source=source) from None
    if dropped and not args.keep_going:
        # Nothing is printed: a plan that silently lacks a target would be worse.
        raise PlanDataError(
            (*dropped, Problem("", "no plan written: fix these, or give --keep-going")),
            source=source,
        )
    _write(plan_yaml)
    if dropped:
        raise PlanDataError(dropped, source=source)
    return EXIT_OK


def _tasks(args: argparse.Namespace) -> int:
    from zgc_plan._overrides import load_overrides
    from zgc_plan._progress import roll_up_tasks
    from zgc_plan._progress_report import render_progress
    from zgc_plan._tasks import load_task_reports

    plan = _plan(args.plan)
    problems: list[PlanDataError] = []
    reports: tuple[TaskReport, ...] = ()
    overrides: tuple[Override, ...] = ()
    try:
        reports = load_task_reports(args.file, plan)
    except PlanDataError as error:
        problems.append(error)
    if args.overrides is not None:
        try:
            overrides = load_overrides(args.overrides, plan)
        except PlanDataError as error:
            problems.append(error)
    if problems:
        raise PlanDataError([p for error in problems for p in _located(error)], source=None)
    progress = roll_up_tasks(
        reports, args.as_of or dt.date.today(), plan, stale_months=args.stale_months,
        overrides=overrides,
    )  # fmt: skip
    _write(_with_bom(render_progress(progress, args.format), args))
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    from zgc_plan._midterm import Thresholds
    from zgc_plan._report_file import report_format, verify_report, write_report

    if args.verify is not None:
        if args.output is not None:
            raise PlanError("give either -o/--output or --verify, not both")
        differences = verify_report(args.verify)
        for line in differences:
            _say(f"{args.verify}: {line}")
        if differences:
            _say(f"{args.verify}: does NOT match its inputs")
            return EXIT_MISMATCH
        _write(f"{terminal_text(str(args.verify))}: matches its inputs byte for byte\n")
        return EXIT_OK
    if args.output is None:
        raise PlanError("give -o/--output FILE (.html or .md), or --verify REPORT")
    # The file is checked before the report is built: nothing is computed for nowhere.
    report_format(args.output)
    _check_writable(args.output, "write the report to")
    thresholds = Thresholds(args.ahead, args.on_schedule, args.warning_gap, args.stale_months)
    manifest = write_report(
        args.output, observations=args.observations or (), tasks=args.tasks,
        overrides=args.overrides, plan=args.plan, as_of=args.as_of,
        baseline_year=args.baseline_year, thresholds=thresholds, min_status=args.min_status,
    )  # fmt: skip
    _write(
        f"report written to {terminal_text(str(args.output))} "
        f"(as of {manifest.as_of}, {len(manifest.inputs)} inputs)\n"
    )
    return EXIT_OK


class _OutputError(Exception):
    """Standard output cannot be written."""


def _write(text: str) -> None:
    """Write ``text`` to standard output and flush it, so that a write error shows now."""
    stream = sys.stdout
    if stream is None:
        raise _OutputError("standard output is closed")
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as error:  # ValueError: a closed file object
        reason = getattr(error, "strerror", None) or str(error)
        raise _OutputError(f"cannot write to standard output: {reason}") from None


def _say(line: str) -> None:
    """One line on standard error, escaped for the terminal; nothing if it is closed."""
    if sys.stderr is None:
        return
    with contextlib.suppress(OSError, ValueError):
        print(terminal_text(line), file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    handlers = {
        "show": _show, "evaluate": _evaluate, "validate": _validate, "extract": _extract,
        "aggregate": _aggregate, "assess": _assess, "tasks": _tasks, "report": _report,
    }  # fmt: skip
    if args.command is None:
        args = argparse.Namespace(command="show", plan=None, tasks=False)
    try:
        if getattr(args, "bom", False) and args.format not in _BOM_FORMATS:
            raise PlanError(
                f"--bom goes with CSV output (--format csv), not --format {args.format}"
            )
        if sys.stdout is None:
            # Checked first: a command must not do its work and then have nowhere to say it.
            raise _OutputError("standard output is closed")
        return handlers[args.command](args)
    except BrokenPipeError:
        # The reader went away (``zgc-plan show | head``): not an error of ours.
        _quiet_stdout()
        return EXIT_OK
    except _OutputError as error:
        _quiet_stdout()
        _say(f"zgc-plan: {error}")
        return EXIT_BAD_INPUT
    except PlanDataError as error:
        for problem in error.problems:
            if error.source:
                _say(f"{error.source}: {problem}")
            elif problem.path or problem.line is not None:
                _say(str(problem))
            else:  # about the command itself (its options), not a file
                _say(f"zgc-plan: {problem.message}")
        return EXIT_BAD_INPUT
    except PlanError as error:
        _say(f"zgc-plan: {error}")
        return EXIT_BAD_INPUT


def _quiet_stdout() -> None:
    # Python flushes stdout again at exit, and would print a second error there.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (AttributeError, OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
