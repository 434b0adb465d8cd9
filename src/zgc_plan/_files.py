"""A user's files: reading only a regular file, with a size limit, and errors that name the file."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path as FsPath

from zgc_plan._document import MAX_BYTES
from zgc_plan.exceptions import PlanDataError, Problem

__all__ = ["check_path", "read_text_file", "writing"]

_KINDS_OF_FILE = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def check_path(path: object, source: str | None = None) -> FsPath:
    """Return ``path`` as a :class:`~pathlib.Path`, or refuse what cannot be a file name.

    Raises:
        PlanDataError: for an empty path, bytes, or anything but ``str`` and
            :class:`os.PathLike` of ``str``.
    """
    if isinstance(path, os.PathLike):
        path = os.fspath(path)
    if not isinstance(path, str):
        raise PlanDataError(
            (
                Problem(
                    "", f"expected a file path as str or os.PathLike, got {type(path).__name__}"
                ),
            ),
            source=source,
        )
    if not path:
        raise PlanDataError((Problem("", "the file path is empty"),), source=source)
    return FsPath(path)


def read_text_file(path: str | os.PathLike[str]) -> bytes:
    """Read a user's file as bytes, at most one byte over :data:`MAX_BYTES`.

    Only a regular file is read: the file is opened without blocking and
    checked before any read, so that a FIFO cannot make this wait for ever,
    nor a device or socket be read.

    Raises:
        PlanDataError: if the file cannot be read (missing, a directory, a
            FIFO, a device, no permission, a NUL in the name).
    """
    file_path = check_path(path, source=str(path))
    try:
        descriptor = os.open(file_path, os.O_RDONLY | _NONBLOCK | _CLOEXEC)
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise PlanDataError(
            (Problem("", f"cannot read the file: {reason}"),), source=str(path)
        ) from None
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            kind = next((name for test, name in _KINDS_OF_FILE if test(mode)), "not a regular file")
            raise PlanDataError(
                (Problem("", f"cannot read the file: it is {kind}, not a regular file"),),
                source=str(path),
            )
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            # One byte more than allowed is enough to tell that it is too large.
            return stream.read(MAX_BYTES + 1)
    except OSError as error:
        reason = error.strerror or str(error)
        raise PlanDataError(
            (Problem("", f"cannot read the file: {reason}"),), source=str(path)
        ) from None
    finally:
        os.close(descriptor)


_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


@contextmanager
def writing(path: str | os.PathLike[str], what: str) -> Iterator[None]:
    """Write ``path`` inside this block; an ``OSError`` is a PlanDataError naming it.

    ``what`` says what was being done (``"write the plan"``).  A folder in
    the place of the file, a missing folder, no permission or a full disk is
    reported as ``path: cannot write the plan: Is a directory``.
    """
    try:
        yield
    except OSError as error:
        raise PlanDataError(
            (Problem("", f"cannot {what}: {error.strerror or error}"),), source=str(path)
        ) from None
