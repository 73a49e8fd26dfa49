"""Appending to a ledger never loses or corrupts an entry: twenty clerks at once, and any
sequence of `done`/`report` calls (hypothesis) keeps every earlier byte and a valid ledger:
it reads back, and `check` finds no error in it."""

from __future__ import annotations

import multiprocessing
import os
import tempfile
from datetime import date
from pathlib import Path
from typing import Any
from unicodedata import category

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planctl.errors import PlanctlError
from planctl.plan.characters import blank
from planctl.plan.findings import Severity
from planctl.progress.entries import Report
from planctl.progress.load import ledger_path, load_ledger
from planctl.repository.check import load_checked
from planctl.repository.ledger import record
from planctl.rules.ledger import check_ledger
from tests.conftest import PLAN_2015
from tests.progress_helpers import office

PLAN = load_checked(PLAN_2015).plan
REPORTS = [("reg-1.4", month) for month in range(1, 13)] + [
    ("reg-1.5", month) for month in range(1, 9)
]


def _report(plan_file: Path, n: int, start: Any, results: Any) -> None:
    """One clerk: wait for the others, then append a report (in a process of its own)."""
    task, month = REPORTS[n]
    report = Report(
        task, month, "辦理中", f"第{n}位同仁填報", date(2015, 12, 20),
        percent=5, reason="人力不足", measure="加派人力",
    )  # fmt: skip
    start.wait()
    try:
        results.put((n, record(plan_file, PLAN, report)[1].id))
    except Exception as error:  # reported to the parent, which fails the test
        results.put((n, f"error: {error!r}"))


def test_twenty_processes_append_at_once(tmp_path: Path) -> None:
    """Twenty processes (forked, so that start-up does not spread them out) released by a
    barrier at the same moment, each appending through its own lock and file handles."""
    plan_file = office(tmp_path)
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(len(REPORTS)), context.Queue()
    children = [
        context.Process(target=_report, args=(plan_file, n, start, results))
        for n in range(len(REPORTS))
    ]
    for child in children:
        child.start()
    outcomes = dict(results.get(timeout=120) for _ in children)
    for child in children:
        child.join()
    assert [child.exitcode for child in children] == [0] * 20
    ids = list(outcomes.values())
    assert not [i for i in ids if i.startswith("error")], ids
    ledger = load_ledger(plan_file)
    assert ledger is not None
    assert sorted(entry.id for entry in ledger.entries) == sorted(ids)
    assert sorted(entry.text for entry in ledger.entries) == sorted(
        f"第{n}位同仁填報" for n in range(20)
    )
    assert {(e.task, e.month) for e in ledger.entries} == set(REPORTS)


Call = tuple[str, int, str, int | None, str, str | None, list[str]]
"""task, month, status, percent, text, reason (and measure), evidence."""
TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=12,
)
CALL = st.tuples(
    st.sampled_from(["reg-1.1", "reg-1.2", "reg-1.4", "acc-2.1", "hr-1.1", "nope-1"]),
    st.integers(1, 12),
    st.sampled_from(["辦理中", "已完成", "停辦"]),
    st.none() | st.integers(0, 100),
    TEXT,
    st.none() | TEXT,
    st.lists(TEXT, max_size=2),
)


TASKS = {
    task.id for _, table in PLAN.schedule_tables() for item in table.items for task in item.tasks
}
UNWRITABLE = "\ufffe\uffff"
"""Not control characters, but not in YAML's printable set either."""
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Embeddings, overrides and isolates: YAML holds them, planctl does not write them."""


def refused_for_cause(message: str, call: Call, reported: set[tuple[str, int]]) -> bool:
    """Does the call deserve the refusal `message`? A task the plan does not have; a text
    with a control character, a bidi override or another character YAML cannot hold, named
    (`U+001B`); a text (執行情形說明) that shows nothing (planctl.plan.characters.blank); a
    second report for a task and month (a correction must name the one it replaces); a task
    behind its plan without a reason (None, or nothing visible in it) and measure (the same
    text here). Any other refusal is a failure."""
    task, month, _status, _percent, text, reason, evidence = call
    typed = "".join([text, reason or "", *evidence])
    controls = {
        f"U+{ord(c):04X}"
        for c in typed
        if c in UNWRITABLE + BIDI or (c not in "\t\n" and category(c) == "Cc")
    }
    if task not in TASKS:
        return message == f"unknown task ID {task!r}"
    twice = (task, month) in reported
    unexplained = reason is None or blank(reason)
    return (
        any(control in message for control in controls)
        or (blank(text) and message == "--text is empty")
        or (twice and message.startswith(f"{task} already has a report for month {month} ("))
        or (unexplained and message.startswith(f"{task} is behind at month {month} ("))
        or (unexplained and message.startswith(f"{task} is not scheduled in month {month} ("))
    )


@settings(
    max_examples=int(os.environ.get("PLANCTL_FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(calls=st.lists(CALL, min_size=1, max_size=8))
def test_any_sequence_keeps_earlier_bytes_and_a_valid_ledger(
    calls: list[Call],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        plan_file = office(Path(folder))
        path = ledger_path(plan_file)
        recorded, reported = 0, set[tuple[str, int]]()
        for call in calls:
            task, month, status, percent, text, reason, evidence = call
            before = path.read_bytes() if path.exists() else b""
            report = Report(
                task, month, status, text, date(2015, 12, 20),
                percent=percent, reason=reason, measure=reason, evidence=tuple(evidence),
            )  # fmt: skip
            try:
                record(plan_file, PLAN, report)
            except PlanctlError as error:  # only as the inputs call for, and nothing written
                assert refused_for_cause(error.message, call, reported), error
                assert (path.read_bytes() if path.exists() else b"") == before
                continue
            reported.add((task, month))
            recorded += 1
            after = path.read_bytes()
            assert after.startswith(before)
            ledger = load_ledger(plan_file)
            assert ledger is not None and len(ledger.entries) == recorded
            last = ledger.entries[-1]
            assert (last.task, last.month, last.text) == (task, month, text)
            assert last.evidence == list(evidence) and last.reason == reason
            errors = [f for f in check_ledger(PLAN, ledger) if f.severity is Severity.ERROR]
            assert errors == []
