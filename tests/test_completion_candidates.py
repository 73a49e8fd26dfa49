"""The candidates the shell completes, with their help texts, asked of queries/completion.py
directly for the bundled plan (tests/test_completion.py goes through click; mutation testing
found help texts nothing compared: docs/testing.md)."""

from __future__ import annotations

from planctl.queries.completion import months, sections, units
from planctl.repository.check import load_checked
from tests.conftest import PLAN_2015

PLAN = load_checked(PLAN_2015).plan


def test_a_sections_help_is_its_units() -> None:
    assert sections([PLAN])[:2] == [
        ("登記課及資料課", "戶籍登記課、戶籍資料課"),
        ("reg", "登記課及資料課"),
    ]


def test_a_units_help_is_its_kind_or_the_unit_an_alias_names() -> None:
    found = dict(units([PLAN]))
    assert (found["戶籍登記課"], found["研考"], found["各課室"]) == ("", "職務", "各課室")
    assert (found["登記課"], found["各課"]) == ("戶籍登記課", "各課室")


def test_months_1_to_12_then_both_forms_of_the_plan_year() -> None:
    found = months([PLAN])
    assert len(found) == 12 + 12 * 2
    assert found[11:14] == [("12", "12月"), ("104-01", "民國104年1月"), ("2015-01", "民國104年1月")]
    assert found[-1] == ("2015-12", "民國104年12月")
