"""Unit strings read by name lookup agree with pint's parser, or are left to it.

Spec (``_unit_parsing._simple_unit``): "a product of unit names is read here with the
registry's own name lookup, to the same unit ... Anything else, or a name the
registry does not know, is left to pint's parser."
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import zgc_plan
from zgc_plan._registry import ureg
from zgc_plan._unit_parsing import _simple_unit, parse_unit

# Letters of unit names and prefixes, operators and noise, so that most
# strings are near misses: partial names, stray operators, digits.
unit_text = st.text(alphabet="abcdegkmMsrt_万亿元人件家平方公里吨标煤*/%2^() ", max_size=14)


@settings(max_examples=500)
@given(unit_text)
def test_the_name_lookup_agrees_with_pint_or_declines(text: str) -> None:
    cleaned = text.replace(" ", "")
    simple = _simple_unit(cleaned)
    if simple is not None:
        assert simple == ureg.parse_units(cleaned)
        assert f"{simple:D}" == f"{ureg.parse_units(cleaned):D}"


@settings(max_examples=500)
@given(unit_text)
def test_parse_unit_gives_a_unit_of_the_registry_or_plan_data_error(text: str) -> None:
    try:
        unit = parse_unit(text)
    except zgc_plan.PlanDataError:
        return
    assert unit._REGISTRY is ureg
