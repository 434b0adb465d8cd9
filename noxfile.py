"""Development sessions.

``nox`` runs tests, lint, typecheck, docs and build (the test suite against the
built wheel) with the current releases of every dependency, and ``lowest``:
the test suite with the oldest releases ``pyproject.toml`` allows.
``nox -s browser`` renders the assessment report and the documentation in headless Chromium;
``nox -s bench`` runs the benchmarks.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nox
from packaging.requirements import Requirement
from packaging.version import Version

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["tests", "lowest", "lint", "typecheck", "docs", "build"]

PYPROJECT = nox.project.load_toml("pyproject.toml")

#: The suite runs on every core (pytest-xdist): three sessions run it, and CI has two cores.
PARALLEL = ("-n", "auto")


def install_group(session: nox.Session, group: str) -> None:
    session.install(*nox.project.dependency_groups(PYPROJECT, group))


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite with branch coverage (fails under 90%)."""
    install_group(session, "test")
    install_group(session, "test-frames")
    session.install("-e", ".[plot,frames,sdmx]")
    session.run(
        "pytest",
        *PARALLEL,
        "--cov=zgc_plan",
        "--cov-branch",
        "--cov-report=term-missing:skip-covered",
        "--cov-fail-under=90",
        *session.posargs,
    )


def lowest_pins(pyproject: dict[str, object]) -> list[str]:
    """``name==version`` for the lower bound of every runtime and ``plot`` dependency.

    Read from ``pyproject.toml`` itself, so the pins cannot drift from what it
    declares; a dependency without a ``>=`` bound is an error here.
    """
    project: dict[str, object] = pyproject["project"]  # type: ignore[assignment]
    extras: dict[str, list[str]] = project["optional-dependencies"]  # type: ignore[assignment]
    declared: list[str] = [*project["dependencies"], *extras["plot"]]  # type: ignore[misc]
    pins = []
    for text in declared:
        requirement = Requirement(text)
        lower = [spec.version for spec in requirement.specifier if spec.operator == ">="]
        if len(lower) != 1:
            raise ValueError(f"{text!r} in pyproject.toml needs exactly one '>=' bound")
        pins.append(f"{requirement.name}=={lower[0]}")
    return pins


@nox.session
def lowest(session: nox.Session) -> None:
    """Run the test suite with the oldest releases of the dependencies that pyproject.toml allows.

    The direct dependencies are pinned to their declared minimum; what they
    depend on in turn resolves as pip chooses.  The session checks that the
    pins took before it runs the tests.
    """
    pins = lowest_pins(PYPROJECT)
    install_group(session, "test")
    # The frames and sdmx extras come along unpinned: the suite tests them too.
    session.install("-e", ".[plot,frames,sdmx]", *pins)
    names = [pin.split("==")[0] for pin in pins]
    installed = session.run(
        "python", "-c",
        f"from importlib.metadata import version; print(*(version(n) for n in {names!r}))",
        silent=True,
    )  # fmt: skip
    if isinstance(installed, str):  # None when nox only lists the commands (--install-only)
        for pin, version in zip(pins, installed.split(), strict=True):
            if Version(version) != Version(pin.split("==")[1]):
                session.error(f"{pin} was asked for, {version} is installed")
        session.log(
            "installed: "
            + ", ".join(f"{n} {v}" for n, v in zip(names, installed.split(), strict=True))
        )
    # The engines' tests need Dask, and pint 0.24 imports dask.array (and with it
    # numpy.ma, which runs the tokenizer) whenever Dask is installed: they run in
    # the tests and build sessions, with the current releases.
    engines = [f"--ignore=tests/{name}" for name in FRAMES_ENGINE_TESTS]
    session.run("pytest", *PARALLEL, "-p", "no:cacheprovider", "-q", *engines, *session.posargs)


#: The tests that need the frame engines and validators of the test-frames group.
FRAMES_ENGINE_TESTS = (
    "test_frames.py", "test_microdata.py", "test_datapackage.py", "test_cli_frames.py",
    "test_sdmx.py", "property/test_frames_engines.py",
)  # fmt: skip


@nox.session
def lint(session: nox.Session) -> None:
    """Check style and formatting with ruff."""
    install_group(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """Type-check ``src`` and ``tests`` with mypy --strict."""
    install_group(session, "typecheck")
    session.install("-e", ".[frames,sdmx]")
    session.run("mypy", "--strict", "src", "tests")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the HTML documentation and run its doctests, warnings as errors; check its search."""
    install_group(session, "docs")
    install_group(session, "test")  # pytest, for the check of the search index
    session.install("-e", ".[plot,frames,sdmx]")  # matplotlib draws the scorecard picture
    build_docs_html(session)
    session.run("sphinx-build", "-W", "-n", "-b", "doctest", "docs", "docs/_build/doctest")
    # The search index of the built site finds Chinese and English words, and its API
    # reference shows values, public names and links.
    session.run(
        "pytest", "-p", "no:cacheprovider", "-q",
        "tests/docs/search_check.py", "tests/docs/api_check.py",
    )  # fmt: skip


#: Where the docs and browser sessions build the site, and the tests read it.
DOCS_HTML = "docs/_build/html"


def build_docs_html(session: nox.Session) -> None:
    """Build the HTML site, warnings as errors, for the tests that read it."""
    session.run("sphinx-build", "-W", "-n", "--keep-going", "-b", "html", "docs", DOCS_HTML)
    session.env["ZGC_DOCS_HTML"] = DOCS_HTML


@nox.session
def build(session: nox.Session) -> None:
    """Build sdist and wheel, check them, and run the tests against the installed wheel.

    ``src/`` is not on the path here: a data file missing from the wheel fails.
    """
    dist = Path("dist")
    shutil.rmtree(dist, ignore_errors=True)
    session.install("build", "twine")
    session.run("python", "-m", "build", "--outdir", str(dist))
    session.run("twine", "check", "--strict", *map(str, dist.iterdir()))
    wheel = next(dist.glob("*.whl"))
    install_group(session, "test")
    install_group(session, "test-frames")
    session.install("--force-reinstall", "--no-deps", str(wheel))
    session.install(f"{wheel}[plot,frames,sdmx]")
    # src/ is never on sys.path (no editable install here, and pytest adds only the
    # test folders), so the tests import the installed wheel; ZGC_EXPECT_INSTALLED
    # makes the suite check that.
    session.env["ZGC_EXPECT_INSTALLED"] = "1"
    session.run(
        "python", "-c",
        "import zgc_plan, sys; assert 'site-packages' in zgc_plan.__file__, zgc_plan.__file__",
    )  # fmt: skip
    session.run("pytest", *PARALLEL, "-p", "no:cacheprovider", "-q", *session.posargs)


@nox.session
def browser(session: nox.Session) -> None:
    """Render the assessment report and the built documentation in headless Chromium.

    Not a default session: it needs a browser (Debian: ``apt-get install chromium
    fonts-noto-cjk``). ``.ci/run`` installs one and runs it. With
    ``ZGC_REPORT_SCREENSHOT=docs/_static/report-screenshot.png`` it also refreshes
    the documentation's screenshot.
    """
    if not any(shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")):
        session.error("no chromium on PATH: apt-get install chromium fonts-noto-cjk")
    install_group(session, "test")
    install_group(session, "docs")
    session.install("-e", ".[plot,frames,sdmx]")  # as the docs session: the pages it renders
    build_docs_html(session)
    session.run(
        "pytest",
        "-p",
        "no:cacheprovider",
        "-q",
        "tests/browser/chromium_check.py",
        "tests/browser/docs_check.py",
        *session.posargs,
    )


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks: ratios against baselines measured side by side (not a default session)."""
    session.install(".")
    session.run("python", "benchmarks/bench.py", *session.posargs)
    session.run("python", "benchmarks/bench_parks.py")


@nox.session(name="bench-frames")
def bench_frames(session: nox.Session) -> None:
    """Microdata aggregation against hand-written DuckDB SQL and pandas (not a default session).

    A venv of its own: numpy and the engines would change the cold start that
    ``bench`` measures.  ``nox -s bench-frames -- --national`` adds 12 M rows.
    """
    session.install(".[frames]", "polars>=1.0", "duckdb>=1.0")
    session.run("python", "benchmarks/bench_frames.py", *session.posargs)


@nox.session
def snapshot(session: nox.Session) -> None:
    """Write the shipped plan's snapshot and pickle again after an edit to its data or model.

    Not a default session: ``data/plan.snapshot.json`` (the plain data) and
    ``data/plan.pickle`` (the plan built from it) are caches of the YAML, and
    tests fail while either is stale.
    """
    session.install("-e", ".")
    session.run(
        "python", "-c", "from zgc_plan._built_plan import write_shipped; write_shipped()"
    )  # fmt: skip
