"""Reading a user's file, with a size limit and errors that name the file."""

from __future__ import annotations

import os
from pathlib import Path

from zgc_plan._document import MAX_BYTES
from zgc_plan.exceptions import PlanDataError, Problem

__all__ = ["read_text_file"]


def read_text_file(path: str | os.PathLike[str]) -> bytes:
    """Read a user's file as bytes, at most one byte over :data:`MAX_BYTES`.

    Raises:
        PlanDataError: if the file cannot be read (missing, a directory, no
            permission, a NUL in the name).
    """
    try:
        with Path(path).open("rb") as stream:
            # One byte more than allowed is enough to tell that it is too large,
            # and a device such as /dev/zero cannot make this read forever.
            return stream.read(MAX_BYTES + 1)
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise PlanDataError(
            (Problem("", f"cannot read the file: {reason}"),), source=str(path)
        ) from None
