"""The command line on arbitrary files: exit 0 or 2, never an exception.

Spec (``zgc_plan.__main__``): "Exit codes: 0 on success, 2 on bad input (one
line per problem on stderr, no traceback)."
"""

from __future__ import annotations

import contextlib
import io
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from zgc_plan.__main__ import main

CONTENT = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=200).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.sampled_from(
        [
            b'indicator,year,value,unit\n7,2022,"41,5",\xe4\xb8\x87\xe5\x85\x83/\xe4\xba\xba\n',
            b"observations:\n  - {indicator: 7, year: 2022, value: 41}\n",
            "到2022年,企业超过40家,分别达到300，500家。".encode(),
        ]
    ),
)


@settings(max_examples=60, deadline=None)
@given(CONTENT, st.sampled_from(["plan.yaml", "figures.csv", "policy.txt"]))
def test_validate_extract_evaluate_exit_0_or_2(content: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        commands = [["validate", str(path)], ["extract", "--keep-going", str(path)]]
        if not name.endswith(".txt"):
            commands.append(["evaluate", str(path), "--format", "json"])
        for command in commands:
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(command)
            assert code in (0, 2), command
            assert "Traceback" not in err.getvalue()
            if code == 2:
                assert err.getvalue().strip()  # one line per problem, at least one
