"""The core of `planctl new`, called as a second front end would call it: where the draft
goes, what it says, what is refused before anything is read, and the draft's findings."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from planctl.errors import UsageError
from planctl.outputs.documents.new_plan import STDOUT, draft_findings, new_plan
from tests.conftest import PLAN_2015


@pytest.fixture
def source(tmp_path: Path) -> Path:
    (tmp_path / "plans").mkdir()
    return Path(shutil.copy(PLAN_2015, tmp_path / "plans" / "2015.yaml"))


def test_the_draft_goes_beside_its_source_and_lists_each_replacement(source: Path) -> None:
    drafted = new_plan(105, source, None, None, printed=False)  # 民國 105 is 2016
    assert drafted.output == source.parent / "2016.yaml"
    assert not drafted.output.exists()  # the core decides; the front end writes
    assert drafted.written_to == [source, drafted.output]
    assert "year: 2016" in drafted.draft
    assert "105年度" in drafted.draft
    assert drafted.replacements.count(str(drafted.output)) == 1


def test_a_printed_draft_is_named_stdout_and_checks_from_its_text(source: Path) -> None:
    drafted = new_plan(2016, source, None, None, printed=True)
    assert (drafted.output, drafted.shown, drafted.written_to) == (None, STDOUT, [source])
    assert STDOUT in drafted.replacements
    findings = draft_findings(drafted)
    assert findings and all(f.severity == "warning" for f in findings)
    assert {f.position.file for f in findings} == {STDOUT}


def test_a_written_draft_is_checked_as_the_file(source: Path) -> None:
    drafted = new_plan(2016, source, None, None, printed=False)
    assert drafted.output is not None
    drafted.output.write_text(drafted.draft, encoding="utf-8")
    findings = draft_findings(drafted)
    assert findings and {f.position.file for f in findings} == {str(drafted.output)}
    assert all(f.severity == "warning" for f in findings)


def test_an_existing_plan_is_never_the_draft(source: Path) -> None:
    (source.parent / "2016.yaml").write_text("kept", encoding="utf-8")
    with pytest.raises(UsageError) as refused:
        new_plan(2016, source, None, None, printed=False)
    assert refused.value.message == (
        f"{source.parent / '2016.yaml'}: already exists; planctl new never overwrites a plan"
    )


def test_the_list_never_overwrites_the_source(source: Path) -> None:
    with pytest.raises(UsageError):
        new_plan(2016, source, None, source, printed=False)
    assert source.read_bytes() == PLAN_2015.read_bytes()
