"""Development sessions.

``nox`` runs tests, lint, typecheck, docs and build (the test suite against the
built wheel); ``nox -s bench`` runs the benchmarks.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["tests", "lint", "typecheck", "docs", "build"]

PYPROJECT = nox.project.load_toml("pyproject.toml")


def install_group(session: nox.Session, group: str) -> None:
    session.install(*nox.project.dependency_groups(PYPROJECT, group))


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite with branch coverage (fails under 90%)."""
    install_group(session, "test")
    session.install("-e", ".[plot,frames,sdmx]")
    session.run(
        "pytest",
        "--cov=zgc_plan",
        "--cov-branch",
        "--cov-report=term-missing:skip-covered",
        "--cov-fail-under=90",
        *session.posargs,
    )


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
    """Build the HTML documentation and run its doctests, warnings as errors."""
    install_group(session, "docs")
    session.install("-e", ".[plot,frames,sdmx]")  # matplotlib draws the scorecard picture
    session.run(
        "sphinx-build", "-W", "-n", "--keep-going", "-b", "html", "docs", "docs/_build/html"
    )
    session.run("sphinx-build", "-W", "-n", "-b", "doctest", "docs", "docs/_build/doctest")


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
    session.run("pytest", "-p", "no:cacheprovider", "-q", *session.posargs)


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
    """Write data/plan.snapshot.json again after an edit to plan.yaml (not a default session)."""
    session.install("-e", ".")
    session.run(
        "python", "-c",
        "from zgc_plan._snapshot import write; print(write('src/zgc_plan/data'))",
    )  # fmt: skip
