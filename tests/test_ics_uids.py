"""Calendar UIDs that survive real edits (issue 19): keyed on the plan's year, its office (a
digest) and the task's run ordinal, never on its months or the plan file's name; SEQUENCE
grows with the plan's revisions; khal, given the export of a revised plan over the old one,
keeps one event per run.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from click.testing import CliRunner
from icalendar import Calendar

from planctl.cli import cli
from planctl.outputs.exports.ics import office_key
from tests.clients import khal, needs
from tests.conftest import PLAN_2015
from tests.exports import OFFICE_2015, runs, tasks

ORIGINAL = PLAN_2015.read_text(encoding="utf-8")
OFFICE = "臺北市中正區戶政事務所"
OTHER = "臺北市大安區戶政事務所"
REVISION = "  - kind: 修訂\n    date: 2015-02-04  # 民國104年2月4日修訂\n"
assert ORIGINAL.count(OFFICE) > 1


def replaced(text: str, old: str, new: str) -> str:
    """`text` with its one `old` replaced (an edit that misses is a broken test, not a pass)."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


def revised() -> str:
    """The plan as an office revises it: reg-1.2 moved from months 3-4 to 4-5, a task
    reworded, and the revision recorded (民國104年6月1日修訂)."""
    edited = replaced(
        ORIGINAL,
        "清查九十歲以上設有戶籍者\n                months: [3-4]",
        "清查九十歲以上設有戶籍者\n                months: [4-5]",
    )
    edited = replaced(edited, "金鎖片，當事人不知去向者", "金鎖片而當事人不知去向者")
    return replaced(edited, REVISION, REVISION + "  - kind: 修訂\n    date: 2015-06-01\n")


def other_office() -> str:
    """The same plan, word for word, of another office (as a district's offices copy it)."""
    return ORIGINAL.replace(OFFICE, OTHER)


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def export(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(cli, ["export", "--format", "ics", "--todo", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def components(text: str) -> dict[str, Calendar]:
    """Every VEVENT and VTODO by its UID (each UID once)."""
    found = [c for c in Calendar.from_ical(text).walk() if c.name in ("VEVENT", "VTODO")]
    by_uid = {str(c["UID"]): c for c in found}
    assert len(by_uid) == len(found), "a UID used twice"
    return by_uid


def test_the_office_digest_is_sha256_of_the_name_and_ignores_how_it_was_typed() -> None:
    assert office_key(OFFICE) == hashlib.sha256(OFFICE.encode()).hexdigest()[:12]
    assert f"2015-{office_key(OFFICE)}" == OFFICE_2015
    assert office_key(" 臺北市中正區　戶政事務所 ") == office_key(OFFICE)  # ideographic space
    assert office_key(OTHER) != office_key(OFFICE)


def test_uids_are_keyed_on_year_office_task_and_run(runner: CliRunner) -> None:
    uids = set(components(export(runner, str(PLAN_2015))))
    expected = {
        f"{OFFICE_2015}-{task_id}-run{n}{suffix}@planctl"
        for task_id, months in tasks()
        for n in range(1, len(runs(months)) + 1)
        for suffix in ("", "-todo")
    }
    assert expected <= uids
    deadlines = {f"{OFFICE_2015}-{key}@planctl" for key in ("steps-1", "steps-2", "period-end")}
    assert uids == expected | deadlines  # 柒's dated steps and 陸's end, by their place
    assert all(uid.isascii() and " " not in uid for uid in uids)


def test_moved_months_reworded_text_and_a_renamed_file_keep_every_uid(
    runner: CliRunner, tmp_path: Path
) -> None:
    before = components(export(runner, str(write(tmp_path / "a", "2015.yaml", ORIGINAL))))
    moved = write(tmp_path / "b", "中正所104年度計畫（修訂版）.yaml", revised())
    after = components(export(runner, str(moved)))
    assert after.keys() == before.keys()
    uid = f"{OFFICE_2015}-reg-1.2-run1@planctl"
    assert (before[uid].decoded("DTSTART").month, after[uid].decoded("DTSTART").month) == (3, 4)


def test_sequence_is_the_date_of_the_latest_approval_record(
    runner: CliRunner, tmp_path: Path
) -> None:
    def sequences(text: str) -> set[int]:
        exported = components(export(runner, str(write(tmp_path, "2015.yaml", text))))
        return {int(component["SEQUENCE"]) for component in exported.values()}

    assert sequences(ORIGINAL) == {20150204}
    assert sequences(revised()) == {20150601}  # a revision raises it, for every event
    no_records = ORIGINAL.replace("approvals:\n" + REVISION, "")
    assert no_records != ORIGINAL
    assert sequences(no_records) == {0}


def test_two_offices_plans_of_the_same_file_name_never_share_a_uid(
    runner: CliRunner, tmp_path: Path
) -> None:
    ours = write(tmp_path / "zhongzheng", "2015.yaml", ORIGINAL)
    theirs = write(tmp_path / "daan", "2015.yaml", other_office())
    one, two = components(export(runner, str(ours))), components(export(runner, str(theirs)))
    assert len(one) == len(two) and not one.keys() & two.keys()
    together = components(export(runner, str(ours), str(theirs)))
    assert together.keys() == one.keys() | two.keys()


def test_two_plans_of_one_office_and_year_never_reach_one_calendar(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Their events would share UIDs; PC410 refuses the pair before any export."""
    final = write(tmp_path, "2015.yaml", ORIGINAL)
    draft = write(tmp_path, "2015-draft.yaml", revised())
    result = runner.invoke(cli, ["export", "--format", "ics", str(final), str(draft)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert f"error PC410 a second plan for {OFFICE} 2015 (民國104年): {final}" in result.stderr


def stored(calendar: Path) -> list[tuple[str, str]]:
    """khal's calendar folder: each event's UID and SEQUENCE, one pair per event stored (a
    duplicate would show twice)."""
    found = []
    for path in calendar.glob("*.ics"):
        for event in Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
            found.append((str(event["UID"]), str(event["SEQUENCE"])))
    return sorted(found)


@needs("khal")
def test_khal_keeps_one_event_per_run_when_a_revised_plan_is_imported_over_the_old(
    tmp_path: Path,
) -> None:
    runner = CliRunner()
    ics = tmp_path / "計畫.ics"
    ics.write_text(export(runner, str(write(tmp_path / "v1", "2015.yaml", ORIGINAL))), "utf-8")
    khal(tmp_path, "import", "--batch", "-a", "planctl", str(ics))
    old = components(ics.read_text("utf-8"))
    events = {uid for uid, c in old.items() if c.name == "VEVENT"}
    assert stored(tmp_path / "calendar") == sorted((uid, "20150204") for uid in events)

    renamed = write(tmp_path / "v2", "2015-修訂.yaml", revised())
    ics.write_text(export(runner, str(renamed)), "utf-8")
    khal(tmp_path, "import", "--batch", "-a", "planctl", str(ics))
    assert stored(tmp_path / "calendar") == sorted((uid, "20150601") for uid in events)

    def listed(start: str, end: str) -> list[str]:
        out = khal(tmp_path, "list", "--once", "--format", "{uid}|{start}|{title}", start, end)
        return [line for line in out.splitlines() if "|" in line]

    moved = (
        f"{OFFICE_2015}-reg-1.2-run1@planctl|2015-04-01|登記課及資料課：清查九十歲以上設有戶籍者"
    )
    assert moved in listed("2015-04-01", "2015-04-30")
    assert not [line for line in listed("2015-03-01", "2015-03-31") if "reg-1.2-" in line]
    january = "\n".join(listed("2015-01-01", "2015-01-31"))
    assert "清查致贈百歲人瑞金鎖片而當事人不知去向者" in january
    assert "清查致贈百歲人瑞金鎖片，當事人不知去向者" not in january


@needs("khal")
def test_khal_holds_two_offices_calendars_side_by_side(tmp_path: Path) -> None:
    runner = CliRunner()
    counts = []
    for folder, text in (("zhongzheng", ORIGINAL), ("daan", other_office())):
        ics = tmp_path / f"{folder}.ics"
        ics.write_text(export(runner, str(write(tmp_path / folder, "2015.yaml", text))), "utf-8")
        counts.append(sum(c.name == "VEVENT" for c in components(ics.read_text("utf-8")).values()))
        khal(tmp_path, "import", "--batch", "-a", "planctl", str(ics))
    assert len(stored(tmp_path / "calendar")) == sum(counts)
