"""Development sessions: ``nox`` runs tests, lint, typecheck and docs."""

from __future__ import annotations

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["tests", "lint", "typecheck", "docs"]

PYPROJECT = nox.project.load_toml("pyproject.toml")


def install_group(session: nox.Session, group: str) -> None:
    session.install(*nox.project.dependency_groups(PYPROJECT, group))


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite with branch coverage (fails under 90%)."""
    install_group(session, "test")
    session.install("-e", ".")
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
    session.install("-e", ".")
    session.run("mypy", "--strict", "src", "tests")
