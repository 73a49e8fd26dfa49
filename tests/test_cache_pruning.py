"""The checked-plan cache stays bounded (issue 24, item 4): a desk appending reports to a
ledger all day makes a new ledger entry at every report, and the entries of the versions it
moved on from are pruned, by age and by total size, while the ones in use (the plan's entry
among them) stay."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.cli import cli
from planctl.repository import cache as cache_module
from planctl.repository.cache import Cache
from tests.conftest import PLAN_2015, TESTS

LEDGER = (TESTS / "ledgers" / "2015.yaml").read_text(encoding="utf-8")
DAY = 24 * 3600


def entries(folder: Path) -> list[Path]:
    """The cache's entries (not the pruning marker)."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name != cache_module.PRUNED)


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """plans/2015.yaml with its progress ledger, and an empty cache folder of its own."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("PLANCTL_CACHE_DIR", str(cache))
    plan = tmp_path / "plans" / "2015.yaml"
    plan.parent.mkdir()
    plan.write_bytes(PLAN_2015.read_bytes())
    (tmp_path / "progress").mkdir()
    (tmp_path / "progress" / "2015.yaml").write_text(LEDGER, encoding="utf-8")
    return plan, cache


def append_report(plan: Path, number: int) -> None:
    """A new version of the ledger (what `planctl report` does to its bytes, in short)."""
    ledger = plan.parent.parent / "progress" / "2015.yaml"
    with ledger.open("a", encoding="utf-8") as stream:
        stream.write(f"# report {number}\n")


def plan_entry(folder: Path) -> Path:
    """The plan's entry among the cache's entries (the others are its ledger's)."""
    (found,) = [p for p in entries(folder) if p.read_bytes().startswith(cache_module.FORMAT)]
    return found


def due(runner: CliRunner, plan: Path) -> str:
    result = runner.invoke(cli, ["due", "-m", "3", "--format", "json", str(plan)])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_desk_appending_reports_all_day_keeps_a_bounded_cache(
    runner: CliRunner, desk: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every report is a new key of the ledger; with room for the plan's entry and two of
    the ledger's and pruning at every store, the folder never holds more than three, the
    plan's entry and the newest ledger's among them, and answers the same."""
    plan, cache = desk
    expected = due(runner, plan)
    kept = plan_entry(cache)
    (ledger,) = set(entries(cache)) - {kept}
    room = kept.stat().st_size + 2 * ledger.stat().st_size + 100
    monkeypatch.setattr(cache_module, "MAX_BYTES", room)
    monkeypatch.setattr(cache_module, "PRUNE_EVERY", 0)
    stored = kept.read_bytes()
    for number in range(12):
        append_report(plan, number)
        assert due(runner, plan) == expected
        assert len(entries(cache)) <= 3
        assert kept.read_bytes() == stored  # never pruned, so never checked and stored again
    newest = max(entries(cache), key=lambda path: path.stat().st_mtime_ns)
    assert due(runner, plan) == expected
    assert newest in entries(cache)  # the answer now comes from it: not pruned


def test_entries_not_used_for_a_month_are_removed(
    runner: CliRunner, desk: tuple[Path, Path]
) -> None:
    """Pruned when another entry is stored; one used a day ago stays, and so does the plan's
    entry the answer has just read."""
    plan, cache = desk
    due(runner, plan)
    kept = plan_entry(cache)
    (old,) = set(entries(cache)) - {kept}
    month_ago = time.time() - cache_module.MAX_AGE - DAY
    for entry in (kept, old, cache / cache_module.PRUNED):  # pruning is due
        os.utime(entry, (month_ago, month_ago))
    append_report(plan, 1)
    due(runner, plan)
    assert old not in entries(cache)
    (recent,) = set(entries(cache)) - {kept}
    os.utime(recent, (time.time() - DAY, time.time() - DAY))
    append_report(plan, 2)
    due(runner, plan)
    assert {kept, recent} <= set(entries(cache))
    assert len(entries(cache)) == 3


def test_a_hit_marks_its_entry_as_used(runner: CliRunner, desk: tuple[Path, Path]) -> None:
    """A plan answered from the cache every day is never the least recently used."""
    plan, cache = desk
    due(runner, plan)
    two_days_ago = time.time() - 2 * DAY
    for entry in entries(cache):  # the plan's and its ledger's
        os.utime(entry, (two_days_ago, two_days_ago))
    due(runner, plan)
    assert all(entry.stat().st_mtime > time.time() - 600 for entry in entries(cache))


def test_a_folder_pruned_an_hour_ago_is_not_walked_again(
    runner: CliRunner, desk: tuple[Path, Path]
) -> None:
    """Storing does not walk the folder every time: the marker says when it was last done."""
    plan, cache = desk
    due(runner, plan)
    old = entries(cache)
    month_ago = time.time() - cache_module.MAX_AGE - DAY
    for entry in old:
        os.utime(entry, (month_ago, month_ago))
    append_report(plan, 1)
    due(runner, plan)
    assert set(old) <= set(entries(cache))  # the marker is from the first store, just now


def test_pruning_removes_a_dead_writers_temporary_file_and_keeps_a_live_one(
    tmp_path: Path,
) -> None:
    cache = Cache(tmp_path, b"salt")
    sub = tmp_path / "ab"
    sub.mkdir()
    dead, live = sub / ".tmp-dead", sub / ".tmp-live"
    dead.write_bytes(b"x")
    live.write_bytes(b"x")
    two_hours_ago = time.time() - 7200
    os.utime(dead, (two_hours_ago, two_hours_ago))
    cache.prune()
    assert sorted(sub.iterdir()) == [live]
