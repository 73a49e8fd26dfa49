"""The plan model, for any plan hypothesis builds: a dumped plan loads back equal, and two unit
spellings that lookups fold together are told apart in the warning.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from planctl.plan import model
from planctl.plan.dump import dump_plan
from planctl.plan.source import parse
from planctl.plan.units import normalise, variant_differences
from planctl.plan.validate import validate
from tests.strategies import FUZZ, PLAN


@FUZZ
@given(PLAN)
def test_a_dumped_plan_loads_back_equal(plan: model.Plan) -> None:
    source = parse(dump_plan(plan), "dumped.yaml")
    again, findings = validate(source)
    assert findings == []
    assert again == plan


UNIT_CHARACTERS = st.text(st.sampled_from(list("登記課臺台ＩIＴT３3 \u3000\u200b\u2060\ufeff")))


@FUZZ
@given(UNIT_CHARACTERS, UNIT_CHARACTERS)
def test_a_unit_variant_warning_always_names_the_difference(written: str, name: str) -> None:
    """PC204 says what differs (an invisible character, full-width forms, 台 for 臺) for any
    two spellings that lookups fold together."""
    if normalise(written) == normalise(name) and written.strip() != name.strip():
        assert variant_differences(written, name)
