"""The rules report exactly the findings recorded in tests/findings_recorded.json: the same
codes, messages, paths, hints and order for every plan and ledger in the tests, through the
CLI (`check --format json`, with `--as-of`) and through `check_plan`/`check_ledger` directly.

The recording was made on the code before the one-walk rules engine (issue 24), so this test
is the proof that the engine changed no finding. A change that means to change findings
re-records them (`python -m tests.record_findings`) and shows the difference in its commit."""

from __future__ import annotations

import json

import pytest

from tests.record_findings import RECORDED, cases

EXPECTED: dict[str, object] = json.loads(RECORDED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def found() -> dict[str, object]:
    return dict(cases())


def test_the_same_cases_are_recorded(found: dict[str, object]) -> None:
    assert list(found) == list(EXPECTED)


@pytest.mark.parametrize("case", list(EXPECTED))
def test_findings_are_as_recorded(found: dict[str, object], case: str) -> None:
    assert found[case] == EXPECTED[case]
