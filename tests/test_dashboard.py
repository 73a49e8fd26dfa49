"""The 總覽 (issue 20): an office's totals and light, a bureau's rows, and the 預定/實際進度
S-curves, on the bundled plan and ledger (tests/ledgers/2015.yaml) and on hand-built ones."""

from __future__ import annotations

from datetime import date
from fractions import Fraction as F

import pytest

from planctl.plan.model import Plan
from planctl.progress.load import parse_ledger
from planctl.progress.model import Ledger
from planctl.queries.dashboard import Counts, bureau, dashboard
from planctl.repository.check import load_checked
from tests.conftest import MINIMAL, PLAN_2015, TESTS
from tests.progress_helpers import entry, ledger

LEDGER = TESTS / "ledgers" / "2015.yaml"
KAOHSIUNG = TESTS / "plans" / "land-office-kaohsiung.yaml"
AS_OF = date(2015, 4, 20)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_checked(PLAN_2015).plan


@pytest.fixture(scope="module")
def bundled() -> Ledger:
    return parse_ledger(LEDGER.read_text(encoding="utf-8"), str(LEDGER))


def test_the_office_totals_are_the_sections_summed(plan: Plan, bundled: Ledger) -> None:
    """The figures `planctl status -m 3 --as-of 2015-04-20` shows per section, added up."""
    board = dashboard(plan, bundled, 3, AS_OF)
    assert board.counts == Counts(scheduled=31, reported=5, done=2, behind=27, missing=52)
    assert [s.scheduled for s in board.progress.sections] == [7, 8, 3, 8, 2, 3]
    # The mean over the 30 tasks counted to date (hr-1.1 is stopped), as a section's is.
    counted = [t for s in board.progress.sections for t in s.counted]
    assert len(counted) == 30
    assert (board.planned, board.actual) == (F(32161, 59400), F(13, 150))
    assert board.light == "red"
    assert [t.task.id for t in board.progress.next][:2] == ["reg-1.2", "reg-1.4"]


def test_the_s_curves_at_march(plan: Plan, bundled: Ledger) -> None:
    """Planned for the whole year, actual to March; every task of the year counts, a task
    not yet begun (reg-1.3, from May) as 0, a stopped one (hr-1.1) not at all."""
    curves = dashboard(plan, bundled, 3, AS_OF).curves
    office = curves.office
    assert (office.key, office.label) == ("office", "臺北市中正區戶政事務所")
    assert office.planned == (
        F(83, 636), F(809, 3498), F(32161, 104940), F(10178, 26235), F(15431, 34980),
        F(14206, 26235), F(13801, 20988), F(5221, 6996), F(17525, 20988), F(18859, 20988),
        F(6665, 6996), F(1),
    )  # fmt: skip
    assert office.actual == (F(11, 1060), F(8, 265), F(13, 265))
    reg, *_, hr = curves.sections
    assert (reg.key, reg.label) == ("reg", "登記課及資料課")
    # 11 tasks: reg-1.1 half done in January (1/2) and complete in February; reg-1.4 at 5 %,
    # then 10 %; reg-1.2 at 50 % in March.
    assert reg.actual == (
        (F(1, 2) + F(5, 100)) / 11,
        (1 + F(10, 100)) / 11,
        (1 + F(1, 2) + F(10, 100)) / 11,
    )
    assert reg.planned[:4] == (F(1, 12), F(1, 6), F(1, 4), F(1, 3))
    assert hr.planned == (
        0, F(1, 12), F(5, 27), F(10, 27), F(7, 18), F(11, 27), F(22, 27), F(8, 9), F(26, 27),
        F(53, 54), 1, 1,
    )  # fmt: skip
    assert [c.key for c in curves.sections] == ["reg", "adm", "it", "acc", "eth", "hr"]


def test_in_december_the_curves_end_where_status_stands(plan: Plan, bundled: Ledger) -> None:
    board = dashboard(plan, bundled, 12, date(2016, 1, 31))
    for section, curve in zip(board.progress.sections, board.curves.sections, strict=True):
        assert (curve.planned[-1], curve.actual[-1]) == (section.planned, section.actual)
        assert len(curve.actual) == 12
    assert (board.curves.office.planned[-1], board.curves.office.actual[-1]) == (
        board.planned,
        board.actual,
    )


@pytest.mark.parametrize(
    ("percent", "as_of", "expected"),
    [
        (20, date(2015, 3, 5), "green"),  # actual 60 % ≥ planned 58.3 %
        (None, date(2015, 3, 5), "yellow"),  # 10 % from January: 3.3 points behind
        (None, date(2015, 3, 11), "red"),  # February's report is now missing
    ],
)
def test_the_office_light(percent: int | None, as_of: date, expected: str) -> None:
    plan = load_checked(MINIMAL).plan
    entries = [entry("reg-1.1", 1), entry("reg-1.1", 2), entry("reg-2.1", 1, "辦理中", percent=10)]
    if percent is not None:
        entries.append(entry("reg-2.1", 2, "辦理中", percent=percent))
    board = dashboard(plan, ledger(*entries), 2, as_of)
    assert board.planned == F(7, 12)
    assert board.light == expected
    assert [s.light for s in board.progress.sections] == [expected, None]


def test_before_anything_is_scheduled_there_is_no_light(plan: Plan) -> None:
    board = dashboard(plan, None, 0, date(2014, 12, 1))
    assert (board.light, board.counts, board.planned) == (None, Counts(0, 0, 0, 0, 0), 0)
    assert board.curves.office.actual == ()
    assert board.curves.office.planned[-1] == 1


def test_a_bureau_lists_every_office_and_year(plan: Plan, bundled: Ledger) -> None:
    later = load_checked(KAOHSIUNG).plan  # 2018: not begun on the day asked
    plans = {"plans/2015.yaml": (plan, bundled), "kaohsiung/2018.yaml": (later, None)}
    rows = bureau(plans, AS_OF)
    assert [(r.key, r.office, r.year, r.roc_year, r.month, r.light) for r in rows] == [
        ("plans/2015.yaml", "臺北市中正區戶政事務所", 2015, 104, 4, "red"),
        ("kaohsiung/2018.yaml", "高雄市測試地政事務所", 2018, 107, 0, None),
    ]
    assert rows[1].counts == Counts(0, 0, 0, 0, 0)
    asked = bureau(plans, AS_OF, month=3)
    assert asked[0].counts == dashboard(plan, bundled, 3, AS_OF).counts
    assert [r.month for r in asked] == [3, 3]


def test_a_past_plan_stands_at_december(plan: Plan, bundled: Ledger) -> None:
    (row,) = bureau({"p": (plan, bundled)}, date(2016, 2, 1))
    assert row.month == 12
