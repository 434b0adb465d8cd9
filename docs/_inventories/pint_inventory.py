"""Write ``pint.inv``: an intersphinx inventory of pint's public classes, made offline.

The documentation is built without network access, so no inventory can be
downloaded, and Debian's ``python-pint-doc`` is of pint 0.19, whose reference
pages have since moved. pint's current reference documents the classes, errors
and functions of the ``pint`` package on ``api/base.html``; this script lists
those names, as the installed pint exports them, in Sphinx's inventory format
(version 2: a header, then zlib-compressed lines ``name domain:role priority
uri display-name``). Run it from the repository root after raising the pint
bound::

    python docs/_inventories/pint_inventory.py
"""

from __future__ import annotations

import inspect
import zlib
from pathlib import Path

import pint

PAGE = "api/base.html"
#: The names pint's ``api/base`` page documents (its "Base API").
CLASSES = ("UnitRegistry", "Quantity", "Unit", "Measurement", "Context")
FUNCTIONS = ("get_application_registry", "set_application_registry", "formatter", "pi_theorem")
#: The classes behind pint's public names (``ureg.Quantity`` is a ``PlainQuantity``
#: subclass): annotations name them, and they are documented as the public class.
ALIASES = {
    "pint.facets.plain.PlainQuantity": "Quantity",
    "pint.facets.plain.PlainUnit": "Unit",
    "pint.facets.plain.quantity.PlainQuantity": "Quantity",
    "pint.facets.plain.unit.PlainUnit": "Unit",
    "pint.registry.UnitRegistry": "UnitRegistry",
    "pint.registry.Quantity": "Quantity",
    "pint.registry.Unit": "Unit",
}


def entries() -> list[str]:
    """One inventory line per documented name."""
    lines = []
    for name in CLASSES:
        lines.append(f"pint.{name} py:class 1 {PAGE}#$ -")
    for name in FUNCTIONS:
        lines.append(f"pint.{name} py:function 1 {PAGE}#$ -")
    for name in sorted(dir(pint)):
        value = getattr(pint, name)
        if inspect.isclass(value) and issubclass(value, BaseException):
            lines.append(f"pint.{name} py:exception 1 {PAGE}#$ -")
    for alias, public in ALIASES.items():
        lines.append(f"{alias} py:class 1 {PAGE}#pint.{public} -")
    return lines


def write(path: Path) -> None:
    """Write the inventory to ``path``."""
    header = (
        "# Sphinx inventory version 2\n"
        "# Project: pint\n"
        f"# Version: {pint.__version__}\n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    body = "".join(line + "\n" for line in entries())
    path.write_bytes(header.encode() + zlib.compress(body.encode()))


if __name__ == "__main__":
    write(Path(__file__).with_name("pint.inv"))
