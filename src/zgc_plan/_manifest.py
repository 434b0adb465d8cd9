"""The manifest of an assessment report: what it was made from, to make it again.

The manifest lists every input file with its SHA-256, the plan's, the
library version, the options and the as-of date (``specs/report.md``,
Manifest).  It is embedded in the report as JSON, which
:func:`extract_manifest` reads back.
"""

from __future__ import annotations

import hashlib
import json
import re

import attrs

from zgc_plan.exceptions import PlanDataError, Problem

__all__ = ["MANIFEST_ID", "Manifest", "ManifestInput", "extract_manifest", "sha256"]

#: Marks the manifest's JSON in a report: the id of its ``<script>`` element in
#: HTML, the comment before its code block in Markdown.
MANIFEST_ID = "zgc-plan-manifest"
#: Where a shipped data file comes from, instead of a path.
SHIPPED_PREFIX = "zgc_plan:"


def sha256(data: bytes) -> str:
    """The SHA-256 of ``data`` in hex."""
    return hashlib.sha256(data).hexdigest()


@attrs.frozen
class ManifestInput:
    """One input of a report.

    Attributes:
        role: What it is: ``plan``, ``areas``, ``observations``, ``tasks``, ``overrides``,
            ``links`` or ``published_milestones``.
        path: The path as given, or ``zgc_plan:data/...`` for a shipped file.
        sha256: The SHA-256 of its bytes.
    """

    role: str
    path: str
    sha256: str


@attrs.frozen
class Manifest:
    """What a report was made from.

    Attributes:
        version: The library's version.
        as_of: The as-of date, ``YYYY-MM-DD``.
        format: ``html`` or ``markdown``.
        options: The options, by name, as text.
        inputs: The inputs, in the order they were read.
    """

    version: str
    as_of: str
    format: str
    options: tuple[tuple[str, str], ...]
    inputs: tuple[ManifestInput, ...]

    def to_dict(self) -> dict[str, object]:
        """A JSON-safe dictionary."""
        return {
            "generator": "zgc_plan",
            "version": self.version,
            "as_of": self.as_of,
            "format": self.format,
            "options": dict(self.options),
            "inputs": [{"role": i.role, "path": i.path, "sha256": i.sha256} for i in self.inputs],
        }

    def to_json(self) -> str:
        r"""Canonical JSON, safe inside HTML ``<script>`` and Markdown code blocks.

        ``<``, ``>``, ``&`` and the backtick are written as ``\\u`` escapes,
        so that no path can close the element or the block it stands in.
        """
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=True)
        for char in "<>&`":
            text = text.replace(char, f"\\u{ord(char):04x}")
        return text

    @classmethod
    def from_json(cls, text: str, source: str | None = None) -> Manifest:
        """Read a manifest back from its JSON.

        Raises:
            PlanDataError: if the JSON is not a manifest.
        """
        try:
            data = json.loads(text)
            options = data["options"]
            inputs = data["inputs"]
            if not isinstance(options, dict) or not isinstance(inputs, list):
                raise TypeError("options or inputs")
            return cls(
                str(data["version"]), str(data["as_of"]), str(data["format"]),
                tuple((str(k), str(v)) for k, v in sorted(options.items())),
                tuple(ManifestInput(str(i["role"]), str(i["path"]), str(i["sha256"])) for i in inputs),
            )  # fmt: skip
        except (ValueError, KeyError, TypeError) as error:
            raise PlanDataError(
                (Problem(MANIFEST_ID, f"not a readable manifest: {error}"),), source=source
            ) from None

    def option(self, name: str) -> str | None:
        """An option's value, or ``None``."""
        return dict(self.options).get(name)


_HTML_MANIFEST = re.compile(
    rf'<script type="application/json" id="{MANIFEST_ID}">\n(.*?)\n</script>', re.DOTALL
)
_MARKDOWN_MANIFEST = re.compile(rf"<!-- {MANIFEST_ID} -->\n```json\n(.*?)\n```", re.DOTALL)


def extract_manifest(text: str, source: str | None = None) -> Manifest:
    """The manifest embedded in an HTML or Markdown report.

    Raises:
        PlanDataError: if the text holds no manifest, or more than one.
    """
    found = _HTML_MANIFEST.findall(text) + _MARKDOWN_MANIFEST.findall(text)
    if len(found) != 1:
        message = (
            "no manifest found" if not found else f"{len(found)} manifests found, expected one"
        )
        raise PlanDataError((Problem("", f"not a zgc-plan report: {message}"),), source=source)
    return Manifest.from_json(found[0], source)
