"""The shipped plan pre-read: the plain data of ``plan.yaml``, saved as JSON.

Reading ``plan.yaml`` takes importing PyYAML and walking some two thousand
parser events; ``json.loads`` of the same data takes a fraction of that (the
figures are in ``docs/performance.md``).  ``data/plan.snapshot.json`` holds
exactly the data that the YAML reader reads from ``data/plan.yaml``, with the
SHA-256 of the YAML it was made from.  The loader uses the snapshot only while
that hash matches, so an edited ``plan.yaml`` is never shadowed by a stale
snapshot: the YAML stays the one source of the plan, and the snapshot a cache
of reading it.

Numbers stay exact: the YAML reader gives integers as :class:`int` and other
numbers as :class:`~decimal.Decimal`, so a Decimal is always written with a
point or an exponent (``5`` as ``5E+0``) and read back as a Decimal.

After editing ``plan.yaml``, write the snapshot again with ``nox -s snapshot``
(which calls :func:`write`); a test fails while it is stale.
"""

from __future__ import annotations

import hashlib
import json
import os
from decimal import Decimal
from pathlib import Path

__all__ = ["FORMAT", "dumps", "loads", "write"]

#: The version of the snapshot's layout; a snapshot of another version is ignored.
FORMAT = 1


def _digest(yaml_bytes: bytes) -> str:
    return hashlib.sha256(yaml_bytes).hexdigest()


def _encode(value: object) -> str:
    # Plain data only: what the YAML reader produces, nothing json.dumps would
    # approximate (a Decimal as a float) or change (an int key into a string).
    if value is None or isinstance(value, (bool, int, str)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"a snapshot holds finite numbers only, not {value}")
        text = str(value)
        return text if "." in text or "E" in text else f"{text}E+0"
    if isinstance(value, list):
        return "[" + ",".join(_encode(item) for item in value) + "]"
    if isinstance(value, dict):
        items = []
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"a snapshot's mapping keys are strings, not {key!r}")
            items.append(f"{json.dumps(key, ensure_ascii=False)}:{_encode(item)}")
        return "{" + ",".join(items) + "}"
    raise TypeError(f"a snapshot holds plain data only, not {type(value).__name__}")


def dumps(data: object, yaml_bytes: bytes) -> str:
    """The snapshot of ``data``, the plain data read from ``yaml_bytes``.

    Raises:
        TypeError: if ``data`` holds anything but plain data with string keys.
        ValueError: if it holds a NaN or an infinity.
    """
    header = f'{{"format":{FORMAT},"yaml_sha256":"{_digest(yaml_bytes)}","data":'
    return f"{header}{_encode(data)}}}\n"


def loads(snapshot: bytes, yaml_bytes: bytes) -> object | None:
    """The data held by ``snapshot``, or ``None`` if it is not of ``yaml_bytes``.

    ``None`` also when the snapshot is malformed or of another :data:`FORMAT`:
    the caller then reads the YAML itself.
    """
    try:
        document = json.loads(snapshot, parse_float=Decimal)
    except ValueError:  # includes UnicodeDecodeError
        return None
    if (
        not isinstance(document, dict)
        or document.get("format") != FORMAT
        or document.get("yaml_sha256") != _digest(yaml_bytes)
    ):
        return None
    return document.get("data")


def write(folder: str | os.PathLike[str]) -> Path:
    """Write ``plan.snapshot.json`` beside the ``plan.yaml`` of a data folder.

    The areas file beside it (``areas.yaml``), when there is one, gets its
    own snapshot, ``areas.snapshot.json``, made and used the same way.

    Returns:
        The path of the plan's snapshot.
    """
    areas = Path(folder, "areas.yaml")
    if areas.is_file():
        _write_one(areas, areas.with_name("areas.snapshot.json"))
    source = Path(folder, "plan.yaml")
    return _write_one(source, source.with_name("plan.snapshot.json"))


def _write_one(source: Path, target: Path) -> Path:
    from zgc_plan._yaml import read_yaml

    yaml_bytes = source.read_bytes()
    target.write_text(dumps(read_yaml(yaml_bytes, str(source)).data, yaml_bytes), encoding="utf-8")
    return target
