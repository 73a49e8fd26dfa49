"""The plan writer of plan/dump.py writes the bytes PyYAML's pure-Python dumper writes (the
style the plans are written in), or leaves the value to it: for the bundled plan, for any plan
hypothesis builds, and for texts of every character YAML treats specially."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planctl.plan import model
from planctl.plan.dump import _Unusual, _Writer, pyyaml_text
from planctl.plan.source import parse
from planctl.plan.validate import validate
from tests.strategies import FUZZ, PLAN

ROOT = Path(__file__).resolve().parent.parent


def same_or_left(data: dict[str, Any]) -> None:
    """The writer's text is PyYAML's, byte for byte, unless it leaves the value to PyYAML."""
    try:
        written = _Writer().document(data)
    except _Unusual:
        return
    assert written == pyyaml_text(data)


def test_the_bundled_plan_is_written_by_the_writer_as_pyyaml_writes_it() -> None:
    plan, _ = validate(parse((ROOT / "plans" / "2015.yaml").read_text("utf-8"), "p"))
    assert plan is not None
    data = plan.model_dump(mode="python", exclude_defaults=True)
    assert _Writer().document(data) == pyyaml_text(data)  # no _Unusual: the fast path


def test_a_text_of_several_lines_is_single_quoted_at_its_indent() -> None:
    data = {"parts": [{"kind": "clause", "text": "甲'乙\n丙\n\n丁", "items": ["一\n二", None]}]}
    expected = (
        "parts:\n  - kind: clause\n    text: '甲''乙\n\n      丙\n\n\n      丁'\n"
        "    items:\n      - '一\n\n        二'\n      - null\n"
    )
    assert _Writer().document(data) == expected == pyyaml_text(data)


@pytest.mark.parametrize("text", ["a\tb", "x" * 700, "甲 \n乙", "a\u2028b", "\x07"], ids=repr)
def test_what_needs_double_quotes_or_could_be_folded_is_left_to_pyyaml(text: str) -> None:
    with pytest.raises(_Unusual):
        _Writer().document({"title": text})


@FUZZ
@given(PLAN)
def test_any_plan_is_written_as_pyyaml_writes_it(plan: model.Plan) -> None:
    same_or_left(plan.model_dump(mode="python", exclude_defaults=True))


SPECIAL = list("甲乙 \n\t'\":#-?[]{},&*!|>%@`~=.0123456789eEyYnNtTrRuUfFlLsS+\\\uf06e\u3000")
TEXTS = st.text(st.sampled_from(SPECIAL), max_size=12)
SCALARS = st.one_of(TEXTS, st.integers(-5, 100), st.booleans(), st.none(), st.dates())


@FUZZ
@given(
    st.recursive(
        SCALARS,
        lambda children: st.one_of(
            st.lists(children, max_size=4), st.dictionaries(TEXTS, children, max_size=4)
        ),
        max_leaves=12,
    ),
    TEXTS,
)
def test_any_texts_are_written_as_pyyaml_writes_them(value: Any, key: str) -> None:
    same_or_left({"title": "計畫", key: value, "year": date(2016, 1, 1)})
