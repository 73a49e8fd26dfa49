"""`planctl diff`: revisions of the bundled plan compared by meaning, the 修正對照表 in each
format, git revisions, exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.cli import cli
from planctl.errors import PlanctlError
from planctl.outputs.documents.diff_report import explain, where
from planctl.queries import diff
from planctl.queries.diff import Change, FieldChange, diff_plans, word_diff
from planctl.repository.check import load_checked
from planctl.repository.revisions import Revision, read_revision
from tests.clients import needs
from tests.conftest import PLAN_2015, TESTS, on_a_terminal
from tests.revisions import ORIGINAL, REVISION, UNIT_RENAMED, revise, write_revision

SNAPSHOTS = TESTS / "snapshots"


@pytest.fixture
def revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """The bundled plan and a revision of it, as relative names in the current folder."""
    write_revision(tmp_path, REVISION)
    monkeypatch.chdir(tmp_path)
    return "2015.yaml", "2015-revised.yaml"


def changes_of(tmp_path: Path, edits: list[tuple[str, str]]) -> list[Change]:
    old, new = write_revision(tmp_path, edits)
    return diff_plans(load_checked(old).plan, load_checked(new).plan)


def by_key(changes: list[Change]) -> dict[tuple[str, ...], Change]:
    return {(c.entry.kind, *c.entry.key): c for c in changes}


def test_a_plan_compared_with_itself_has_no_changes(runner: CliRunner) -> None:
    plan = load_checked(PLAN_2015).plan
    assert diff_plans(plan, plan) == []
    result = runner.invoke(cli, ["diff", "--exit-code", str(PLAN_2015), str(PLAN_2015)])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "沒有修正：兩個版本內容相同。"


def test_each_change_of_the_revision_is_found_once(tmp_path: Path) -> None:
    changes = changes_of(tmp_path, REVISION)
    found = [(c.action, c.entry.kind, c.entry.key[-1]) for c in changes]
    assert found == [
        ("changed", "approval", "2015-03-10"),
        ("changed", "principle", "一、"),
        ("changed", "method", "1"),
        ("changed", "paragraph", "一、"),
        ("changed", "paragraph", "二、"),
        ("changed", "task", "reg-1.1"),
        ("changed", "task", "acc-2.1"),
        ("removed", "task", "acc-1.2"),
        ("added", "task", "hr-1.4"),
        ("changed", "task", "hr-4.2"),
    ]


def test_months_moved(tmp_path: Path) -> None:
    change = by_key(changes_of(tmp_path, REVISION))[("task", "reg-1.1")]
    assert [(f.name, f.old, f.new) for f in change.fields] == [("months", (1, 2), (3, 4))]
    assert not change.text and not change.moved


def test_task_moved_between_items_and_task_renamed(tmp_path: Path) -> None:
    changes = by_key(changes_of(tmp_path, REVISION))
    moved = changes[("task", "acc-2.1")]
    assert moved.moved and not moved.fields and not moved.text
    assert moved.old and moved.old.parent == ("item", "acc", "2")
    assert moved.new and moved.new.parent == ("item", "acc", "1")
    renamed = changes[("task", "hr-4.2")]
    assert renamed.rekeyed and renamed.old and renamed.old.key == ("hr-4.1",)
    assert not renamed.moved and not renamed.text


def test_text_reworded_is_marked_word_by_word(tmp_path: Path) -> None:
    change = by_key(changes_of(tmp_path, REVISION))[("principle", "strategies", "伍、", "一、")]
    marked = [(s.op, s.text) for s in change.text]
    assert marked == [
        ("=", "提升服務品質，"),
        ("-", "深"),
        ("+", "強"),
        ("=", "化服務"),
        ("-", "績效"),
        ("+", "效能"),
        ("=", "。"),
    ]


def test_deadline_and_its_text(tmp_path: Path) -> None:
    change = by_key(changes_of(tmp_path, REVISION))[("paragraph", "steps", "柒、", "二、")]
    assert [(f.name, f.old, f.new) for f in change.fields] == [
        ("deadline", "2015-02-16", "2015-03-16")
    ]
    assert next(s for s in change.text if s.op != "=").text == "2"


RECORD = "approvals:\n  - kind: 修訂\n    date: 2015-02-04  # 民國104年2月4日修訂\n"
APPROVED = (
    "approvals:\n"
    "  - kind: 核定\n    date: 2015-01-20\n    ref: 北市中正戶秘字第10430000100號\n"
    "  - kind: 修訂\n    date: 2015-02-04  # 民國104年2月4日修訂\n"
)
CORRECTED = APPROVED.replace("10430000100號", "10430000200號")


def test_an_approval_record_added_with_its_document_number(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (change,) = changes_of(tmp_path, [(RECORD, APPROVED)])
    assert (change.action, change.entry.kind, change.entry.key) == (
        "added",
        "approval",
        ("核定", "2015-01-20"),
    )
    line = "民國104年1月20日北市中正戶秘字第10430000100號核定"
    assert list(explain(change)) == [f"新增核定紀錄「{line}」。"]
    monkeypatch.chdir(tmp_path)
    output = runner.invoke(cli, ["diff", "2015.yaml", "2015-revised.yaml"]).stdout
    assert output.splitlines()[1:] == [
        "現行規定：2015.yaml（民國104年2月4日）",
        "修正規定：2015-revised.yaml（民國104年2月4日）",  # the latest record is still 修訂
        "",
        "計畫",
        "  + 核定紀錄",
        f"      {line}",
        "      類別：核定",
        "      日期：民國104年1月20日",
        "      文號：北市中正戶秘字第10430000100號",
        f"      說明：新增核定紀錄「{line}」。",
        "",
        "共 1 處修正。",
    ]


def test_an_approval_records_document_number_and_kind_changed(tmp_path: Path) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(revise([(RECORD, APPROVED)]), encoding="utf-8")
    new.write_text(revise([(RECORD, CORRECTED.replace("修訂", "核備", 1))]), encoding="utf-8")
    ref, kind = diff_plans(load_checked(old).plan, load_checked(new).plan)
    assert (ref.action, ref.entry.key, ref.old and ref.old.key) == (
        "changed",
        ("核定", "2015-01-20"),
        ("核定", "2015-01-20"),
    )
    assert [(f.name, f.old, f.new) for f in ref.fields] == [
        ("ref", "北市中正戶秘字第10430000100號", "北市中正戶秘字第10430000200號")
    ]
    assert list(explain(ref)) == [
        "文號由「北市中正戶秘字第10430000100號」改為「北市中正戶秘字第10430000200號」。"
    ]
    assert (kind.action, kind.old and kind.old.key, kind.entry.key) == (
        "changed",
        ("修訂", "2015-02-04"),
        ("核備", "2015-02-04"),
    )
    assert [(f.name, f.old, f.new) for f in kind.fields] == [("kind", "修訂", "核備")]
    assert [(s.op, s.text) for s in kind.text] == [
        ("=", "民國104年2月4日"),
        ("-", "修訂"),
        ("+", "核備"),
    ]
    assert list(explain(kind)) == ["類別由「修訂」改為「核備」。"]
    assert where(kind.entry) == "核備紀錄"


def test_an_approval_records_note(tmp_path: Path) -> None:
    """A note added to the 修訂 record is a change of its note field, nothing else."""
    noted = RECORD + "    note: 依民政局函修訂。\n"
    (change,) = changes_of(tmp_path, [(RECORD, noted)])
    assert (change.entry.key, change.fields, change.text) == (
        ("修訂", "2015-02-04"),
        (FieldChange("note", None, "依民政局函修訂。"),),
        (),
    )


def test_unit_renamed_keeping_its_old_name_as_an_alias(tmp_path: Path) -> None:
    (change,) = changes_of(tmp_path, UNIT_RENAMED)
    assert (change.entry.kind, change.old and change.old.key, change.entry.key) == (
        "unit",
        ("行政庶務課",),
        ("綜合行政課",),
    )
    assert [(f.name, f.old, f.new) for f in change.fields] == [("aliases", (), ("行政庶務課",))]
    assert where(change.entry) == "單位 綜合行政課"
    marked = [(s.op, s.text) for s in change.text]
    assert marked == [("+", "綜合"), ("=", "行政"), ("-", "庶務"), ("=", "課")]


def test_a_unit_renamed_beyond_recognition_is_found_by_its_alias(tmp_path: Path) -> None:
    """行政庶務課 → 總務科 shares no character with its old name: only the alias it keeps tells
    that it is the same unit (綜合行政課 would have been found by its likeness)."""
    edits = [("  - name: 行政庶務課\n", "  - name: 總務科\n    aliases: [行政庶務課]\n")]
    (change,) = changes_of(tmp_path, edits)
    assert (change.action, change.old and change.old.key, change.entry.key) == (
        "changed",
        ("行政庶務課",),
        ("總務科",),
    )


def test_unit_renamed_everywhere(tmp_path: Path) -> None:
    old, new = tmp_path / "2015.yaml", tmp_path / "renamed.yaml"
    shutil.copy(PLAN_2015, old)
    new.write_text(old.read_text(encoding="utf-8").replace("行政庶務課", "綜合行政課"), "utf-8")
    changes = by_key(diff_plans(load_checked(old).plan, load_checked(new).plan))
    unit = changes[("unit", "綜合行政課")]
    assert unit.rekeyed  # matched by similarity: the same place in the registry
    method = changes[("method", "strategies", "伍、", "一、", "(二)", "1")]
    units, note = method.fields  # the note names the units too
    assert (units.name, units.old, units.new) == (
        "units",
        ("行政庶務課", "戶籍登記課"),
        ("綜合行政課", "戶籍登記課"),
    )
    assert note.name == "note"
    table = changes[("table", "adm")]
    assert [f.name for f in table.fields] == ["section", "units"]


def test_a_new_paragraph_does_not_read_as_every_later_one_rewritten(tmp_path: Path) -> None:
    edits = [
        (
            "      - number: 二、\n        text: 全面品質執行小組由主任召開",
            "      - number: 二、\n        text: 新增一項管考規定。\n"
            "      - number: 三、\n        text: 全面品質執行小組由主任召開",
        ),
        (
            "      - number: 三、\n        text: 各項具體",
            "      - number: 四、\n        text: 各項具體",
        ),
        (
            "      - number: 四、\n        text: 不定期",
            "      - number: 五、\n        text: 不定期",
        ),
        (
            "      - number: 五、\n        text: 同仁獎懲",
            "      - number: 六、\n        text: 同仁獎懲",
        ),
    ]
    changes = changes_of(tmp_path, edits)
    assert [(c.action, c.entry.label) for c in changes] == [
        ("added", "二、"),
        ("changed", "三、"),
        ("changed", "四、"),
        ("changed", "五、"),
        ("changed", "六、"),
    ]
    assert all(not c.text and [f.name for f in c.fields] == ["number"] for c in changes[1:])


def test_word_diff_latin_words_and_rewrites() -> None:
    assert [(s.op, s.text) for s in word_diff("Speed fast", "Speedy fast")] == [
        ("-", "Speed"),
        ("+", "Speedy"),
        ("=", " fast"),
    ]
    assert [s.op for s in word_diff("全然不同的文字", "另一句話")] == ["-", "+"]
    assert [(s.op, s.text) for s in word_diff("於104年2月4日前", "於105年3月1日前")] == [
        ("=", "於"),
        ("-", "104年2月4"),
        ("+", "105年3月1"),
        ("=", "日前"),
    ]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_snapshot(runner: CliRunner, revision: tuple[str, str], fmt: str) -> None:
    """The 修正對照表 of the revision; refresh with PLANCTL_UPDATE_SNAPSHOTS=1. The print date
    in the page footer is fixed (SOURCE_DATE_EPOCH of 2015-03-02), or the snapshot would
    hold the day it was made."""
    result = runner.invoke(
        cli, ["diff", "--format", fmt, *revision], env={"SOURCE_DATE_EPOCH": "1425254400"}
    )
    assert result.exit_code == 0, result.output
    snapshot = SNAPSHOTS / f"diff-2015.{fmt}"
    if os.environ.get("PLANCTL_UPDATE_SNAPSHOTS"):
        snapshot.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == snapshot.read_text(encoding="utf-8")


def test_markdown_marks(runner: CliRunner, revision: tuple[str, str]) -> None:
    output = runner.invoke(cli, ["diff", "--format", "md", *revision]).stdout
    row = next(line for line in output.splitlines() if line.startswith("| 實施要領 一、"))
    assert row == (
        "| 實施要領 一、 | 提升服務品質，**強**化服務**效能**。 "
        "| 提升服務品質，~~深~~化服務~~績效~~。 | 修正實施要領文字。 |"
    )


def test_text_format(runner: CliRunner, revision: tuple[str, str]) -> None:
    output = runner.invoke(cli, ["diff", *revision]).stdout
    assert "      提升服務品質，[-深-]{+強+}化服務[-績效-]{+效能+}。" in output
    assert "      預定月份：1-2 月 ■■□□□□□□□□□□ → 3-4 月 □□■■□□□□□□□□" in output
    assert output.splitlines()[-1] == "共 10 處修正。"


def test_json_and_exit_code(runner: CliRunner, revision: tuple[str, str]) -> None:
    result = runner.invoke(cli, ["diff", "--format", "json", "--exit-code", *revision])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert (data["version"], data["same"], len(data["changes"])) == (1, False, 10)
    added = next(c for c in data["changes"] if c["action"] == "added")
    assert added == {
        "action": "added",
        "kind": "task",
        "key": ["hr-1.4"],
        "old_key": None,
        "where": "工作內容 hr-1.4（編號1 本所課室主管以上人員遷調及非主管人員遷調案）",
        "moved": False,
        "old_text": None,
        "new_text": "公告遷調結果並通知當事人",
        "text": [],
        "fields": [],
        "explanation": ["新增工作內容。"],
    }
    assert data["old"] == {"name": "2015.yaml", "date": "民國104年2月4日"}
    assert data["new"] == {"name": "2015-revised.yaml", "date": "民國104年3月10日"}


def test_pdf_needs_output_and_inputs_are_not_overwritten(
    runner: CliRunner, revision: tuple[str, str]
) -> None:
    result = runner.invoke(cli, ["diff", "--format", "pdf", *revision])
    assert result.exit_code == 2
    assert "--format pdf needs -o FILE" in result.stderr
    result = runner.invoke(cli, ["diff", "--format", "md", "-o", revision[1], *revision])
    assert result.exit_code == 2
    assert "is an input plan file" in result.stderr


# --- git revisions ------------------------------------------------------------------------------

needs_git = needs("git")


def git(folder: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "研考",
        "GIT_AUTHOR_EMAIL": "rd@example.org",
        "GIT_COMMITTER_NAME": "研考",
        "GIT_COMMITTER_EMAIL": "rd@example.org",
        "GIT_AUTHOR_DATE": "2015-02-04T09:00:00+08:00",
        "GIT_COMMITTER_DATE": "2015-02-04T09:00:00+08:00",
    }
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, env=env)


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with the bundled plan committed (tag v1) and revised in the work tree."""
    plans = tmp_path / "plans"
    plans.mkdir()
    shutil.copy(PLAN_2015, plans / "2015.yaml")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "104年2月4日修訂")
    git(tmp_path, "tag", "v1")
    (plans / "2015.yaml").write_text(revise(REVISION), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@needs_git
@pytest.mark.parametrize("old", ["HEAD", "v1:plans/2015.yaml"])
def test_git_revision_against_the_working_copy(
    runner: CliRunner, repository: Path, old: str
) -> None:
    result = runner.invoke(cli, ["diff", "--format", "json", old, "plans/2015.yaml"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    name = "HEAD:plans/2015.yaml" if old == "HEAD" else old
    assert data["old"] == {"name": name, "date": "民國104年2月4日"}
    assert len(data["changes"]) == 10


@needs_git
def test_git_revision_reversed_and_a_plan_without_revision_date_gets_the_commit_date(
    runner: CliRunner, repository: Path
) -> None:
    plan = repository / "plans" / "2015.yaml"
    record = "approvals:\n  - kind: 修訂\n    date: 2015-02-04  # 民國104年2月4日修訂\n"
    plan.write_text(revise([(record, "")]), "utf-8")
    git(repository, "commit", "-q", "-am", "no revision date")
    result = runner.invoke(cli, ["diff", "--format", "json", "v1:plans/2015.yaml", "HEAD"])
    data = json.loads(result.stdout)
    assert data["new"] == {"name": "HEAD:plans/2015.yaml", "date": "民國104年2月4日"}
    assert [(c["action"], c["key"]) for c in data["changes"]] == [
        ("removed", ["修訂", "2015-02-04"])
    ]


@needs_git
@pytest.mark.parametrize(
    ("old", "message"),
    [
        ("HEAD~5", "planctl: HEAD~5:plans/2015.yaml: invalid object name 'HEAD~5'."),
        (
            "v1:plans/1999.yaml",
            "planctl: v1:plans/1999.yaml: path 'plans/1999.yaml' does not exist in 'v1'",
        ),
    ],
)
def test_missing_revision_is_one_line(
    runner: CliRunner, repository: Path, old: str, message: str
) -> None:
    result = runner.invoke(cli, ["diff", old, "plans/2015.yaml"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [message]


def tree(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


@needs_git
@pytest.mark.parametrize("form", ["{out}:plans/2015.yaml", "{out}"])
def test_a_revision_is_never_an_option_of_git(
    runner: CliRunner, repository: Path, form: str
) -> None:
    """`--output=FILE` as a revision would have git write FILE (here `written:./2015.yaml`,
    in a folder `written:.` made for it): refused before git runs, nothing written."""
    (repository / "written:.").mkdir()
    before = tree(repository)
    spec = form.format(out=f"--output={repository / 'written'}")
    rev = spec.removesuffix(":plans/2015.yaml")
    result = runner.invoke(cli, ["diff", "--", spec, "plans/2015.yaml"])
    assert (result.exit_code, result.stderr) == (
        2,
        f"planctl: {spec}: refused: the revision {rev!r} starts with '-', which git would "
        "read as an option; nothing was run\n",
    )
    assert tree(repository) == before


@needs_git
def test_git_is_told_where_its_options_end(repository: Path) -> None:
    """Should a revision that starts with `-` get past `resolve`, git still reads it as a
    revision (and finds none), not as an option."""
    (repository / "written:.").mkdir()
    before = tree(repository)
    revision = Revision(Path("plans/2015.yaml"), f"--output={repository / 'written'}")
    with pytest.raises(PlanctlError):  # git finds no such revision
        read_revision(revision)
    assert tree(repository) == before


def test_git_not_installed_is_one_line(
    runner: CliRunner, revision: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    result = runner.invoke(cli, ["diff", "HEAD", revision[1]])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "planctl: HEAD:2015-revised.yaml: reading a git revision needs git, which is not installed"
    ]


def test_neither_side_a_file(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["diff", "HEAD~1", "HEAD"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "planctl: HEAD~1: no such file, and no file to take from the other side"
    ]


HOSTILE = "a | b <script>alert(1)</script> & **bold** ~~x~~"


def test_plan_text_is_escaped_in_html_and_markdown(runner: CliRunner, tmp_path: Path) -> None:
    old, new = write_revision(
        tmp_path, [("text: 清查致贈百歲人瑞金鎖片，當事人不知去向者", f'text: "{HOSTILE}"')]
    )
    html = runner.invoke(cli, ["diff", "--format", "html", str(old), str(new)]).stdout
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in html
    md = runner.invoke(cli, ["diff", "--format", "md", str(old), str(new)]).stdout
    row = next(line for line in md.splitlines() if line.startswith("| 工作內容 reg-1.1"))
    assert "<script>" not in row and "a \\| b" in row and "\\*\\*bold\\*\\*" in row
    assert row.count(" | ") == 3  # four cells: no | of the text splits one


def test_colour_on_a_terminal_only(runner: CliRunner, revision: tuple[str, str]) -> None:
    """Deleted words red, inserted green on a terminal; never with NO_COLOR, when piped or
    written to a file (-o), where an escape sequence would be garbage."""
    red, green, reset = "\033[31m", "\033[32m", "\033[0m"
    coloured = (
        f"提升服務品質，{red}[-深-]{reset}{green}{{+強+}}{reset}"
        f"化服務{red}[-績效-]{reset}{green}{{+效能+}}{reset}。"
    )
    plain = "提升服務品質，[-深-]{+強+}化服務[-績效-]{+效能+}。"
    assert coloured in on_a_terminal("diff", *revision)
    for uncoloured in (
        on_a_terminal("diff", *revision, NO_COLOR="1"),
        runner.invoke(cli, ["diff", *revision]).stdout,
    ):
        assert plain in uncoloured and "\033[" not in uncoloured
    assert on_a_terminal("diff", "-o", "diff.txt", *revision) == "planctl: wrote diff.txt\r\n"
    written = Path("diff.txt").read_text(encoding="utf-8")
    assert plain in written and "\033[" not in written


def test_another_offices_plan_speaks_its_own_column_names(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The land office's three-column table calls its strategies 工作重點."""
    land = TESTS / "plans" / "land-office.yaml"
    text = land.read_text(encoding="utf-8")
    assert text.count("text: 辦理跨所登記收件。") == 1
    new = tmp_path / "land.yaml"
    new.write_text(text.replace("辦理跨所登記收件。", "辦理跨所登記及謄本收件。"), "utf-8")
    assert runner.invoke(cli, ["diff", "--exit-code", str(land), str(land)]).exit_code == 0
    result = runner.invoke(cli, ["diff", "--exit-code", str(land), str(new)])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[4:8] == [
        "三、實施策略",
        "  ~ 工作重點 (一)1.",
        "      辦理跨所登記{+及謄本+}收件。",
        "      說明：修正工作重點文字。",
    ]


def test_the_strategy_entries_are_titled_by_the_tables_columns(tmp_path: Path) -> None:
    """Principles, strategies and methods take their column's heading as their name (the
    report's where() shows it before their label); a sub-item, which has no column, none."""
    plan = tmp_path / "2015.yaml"
    columns = "columns: [實施要領, 執行策略, 執行方法, 執行課室]"
    renamed = "columns: [推動要領, 推動策略, 具體作法, 執行課室]"
    plan.write_text(revise([(columns, renamed)]), encoding="utf-8")
    kinds = ("principle", "strategy", "method", "subitem")
    titles = {(e.kind, e.title) for e in diff.entries(load_checked(plan).plan) if e.kind in kinds}
    assert titles == {
        ("principle", "推動要領"),
        ("strategy", "推動策略"),
        ("method", "具體作法"),
        ("subitem", ""),
    }


@needs_git
def test_an_invalid_plan_at_a_revision_is_reported_where_it_is(
    runner: CliRunner, repository: Path
) -> None:
    plan = repository / "plans" / "2015.yaml"
    plan.write_text(revise([("year: 2015", "year: 二〇一五")]), encoding="utf-8")
    git(repository, "commit", "-q", "-am", "broken")
    result = runner.invoke(cli, ["diff", "HEAD", "v1:plans/2015.yaml"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == (
        "HEAD:plans/2015.yaml:10:7: error PC103 expected a whole number, got text ('二〇一五') "
        "[year]"
    )
    assert lines[-1] == (
        "planctl: HEAD:plans/2015.yaml: 1 error(s); not used (see the findings above)"
    )


def test_task_moved_to_another_section(tmp_path: Path) -> None:
    """hr-1.3 handed over from 人事 to 政風 (編號1), keeping its ID and text."""
    task = "              - id: hr-1.3\n"
    text = (
        "                text: 簽報市長核定職期到任主管以上人員是否連任、延長任期或辦理遷調"
        "並將結果報府備查。\n"
    )
    months = "                months: [4]\n"
    edits = [
        (task + text + months, ""),
        ("              - id: eth-1.1\n", task + text + months + "              - id: eth-1.1\n"),
    ]
    changes = changes_of(tmp_path, edits)
    moved = [c for c in changes if c.moved]
    assert len(changes) == 1
    assert [c.entry.key for c in moved] == [("hr-1.3",)]
    assert moved[0].old and moved[0].old.context == (
        "附件 人事 編號1 本所課室主管以上人員遷調及非主管人員遷調案"
    )
    assert moved[0].new and moved[0].new.context == "附件 政風 編號1 資訊使用內部稽核檢查"


def test_the_printed_form_leaves_transcription_notes_out(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Next year's draft drops every note: the printed 修正對照表 lists the years changed and
    counts the notes it left out; the Markdown for reviewers lists them all."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(PLAN_2015, "2015.yaml")
    assert runner.invoke(cli, ["new", "2016", "--from", "2015.yaml"]).exit_code == 0
    html = runner.invoke(cli, ["diff", "--format", "html", "2015.yaml", "2016.yaml"]).stdout
    assert "附註：" not in html and "附註刪除" not in html
    assert "共 20 處修正。另有 68 處轉檔附註（note）的修改未列入。" in html
    assert "<td><div>刪除修訂紀錄「民國104年2月4日修訂」。</div></td>" in html
    md = runner.invoke(cli, ["diff", "--format", "md", "2015.yaml", "2016.yaml"]).stdout
    assert md.count("附註刪除。") == 69  # 68 notes alone, and 陸、 with its text
    assert md.endswith("共 88 處修正。\n")


EVALUATION = [
    "text: 全面品質執行小組由主任召開，",
    "        text: 各項具體實施要領實施績效，應於全面提升服務品質推動小組或所務會議中提出，"
    "以作為績效評估之基礎。\n",
    "        text: 不定期針對各項工作達成情形進行評估分析，並作為平時考績及年終考績之參考依據，"
    "並不定期適時加以獎勵，以落實全所動員提升服務品質。\n",
    "text: 同仁獎懲事項，由各課依本計畫訂定相關計畫時，另行訂定辦理。",
]
"""捌、管考方式及獎懲's paragraphs 二、 to 五、 (the start of 二's text, 三 and 四 whole, 五's
text)."""


def test_removed_paragraphs_stand_where_they_stood(tmp_path: Path) -> None:
    """二、 reworded, 三、 and 四、 removed, 五、 reworded: the removed ones are listed after 二、
    and before 五、, in their order (between the changes around them)."""
    second, third, fourth, fifth = EVALUATION
    edits = [
        (second, "text: 全面品質執行小組由秘書召開，"),
        ("      - number: 三、\n" + third, ""),
        ("      - number: 四、\n" + fourth, ""),
        (fifth, "text: 同仁獎懲事項，由各課依本計畫另行訂定辦理。"),
    ]
    assert [(c.action, c.entry.key[-1]) for c in changes_of(tmp_path, edits)] == [
        ("changed", "二、"),
        ("removed", "三、"),
        ("removed", "四、"),
        ("changed", "五、"),
    ]


@pytest.mark.parametrize(
    ("written", "rewritten", "actions"),
    [
        # similarity 0.3: 甲乙丙 of 10 characters kept
        ("甲乙丙丁戊己庚辛壬癸", "癸壬辛庚戊己丁甲乙丙", ["changed"]),
        # 0.2: 甲乙 kept
        ("甲乙丙丁戊己庚辛壬癸", "癸壬辛庚己戊丁丙甲乙", ["removed", "added"]),
        # 0.3, and no more could be kept: 3 characters of 20 in all
        ("甲乙丙", "甲乙丙子丑寅卯辰巳午未申酉戌亥天地", ["changed"]),
    ],
)
def test_a_paragraph_rewritten_under_its_number_is_one_down_to_a_third_alike(
    tmp_path: Path, written: str, rewritten: str, actions: list[str]
) -> None:
    """A paragraph keeps its number and is rewritten: still the same paragraph while the two
    texts are at least 0.3 alike (SIMILAR / 2), else one removed and one added."""
    fifth = EVALUATION[3]
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(revise([(fifth, f"text: {written}")]), encoding="utf-8")
    new.write_text(revise([(fifth, f"text: {rewritten}")]), encoding="utf-8")
    changes = diff_plans(load_checked(old).plan, load_checked(new).plan)
    assert [(c.action, c.entry.kind, c.entry.key[-1]) for c in changes] == [
        (action, "paragraph", "五、") for action in actions
    ]


OFFICE_WIDE = TESTS / "plans" / "office-wide-schedule.yaml"
"""One 管制表 for the whole office whose items have numbers and no names (no text)."""

THIRD_ITEM = """          - number: 三、
            tasks:
              - id: all-3.1
                text: 公告土地現值調查估價
                units: [地價課, 秘書]
                months: [3, 9]
"""


def office_wide_changes(tmp_path: Path, edits: list[tuple[str, str]]) -> list[Change]:
    """The office-wide plan compared with itself after `edits`."""
    text = OFFICE_WIDE.read_text(encoding="utf-8")
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(text, encoding="utf-8")
    new.write_text(revise(edits, text), encoding="utf-8")
    return diff_plans(load_checked(old).plan, load_checked(new).plan)


def test_an_item_without_a_name_renumbered_is_one_item(tmp_path: Path) -> None:
    """Two items without a name are alike (no text either side): 四、 renumbered 五、 is the
    same item, and its task has not moved."""
    changes = office_wide_changes(tmp_path, [("- number: 四、\n", "- number: 五、\n")])
    assert [(c.action, c.entry.kind, c.moved) for c in changes] == [("changed", "item", False)]
    assert [(f.name, f.old, f.new) for f in changes[0].fields] == [("number", "四、", "五、")]


def test_of_two_items_without_a_name_the_one_renumbered_is_the_later(tmp_path: Path) -> None:
    """三、 removed and 四、 renumbered 五、, none of them named: 五、 is 四、 (its task has not
    moved), not 三、 renumbered with 四、 removed and all-4.1 moved to it."""
    changes = office_wide_changes(
        tmp_path, [(THIRD_ITEM, ""), ("- number: 四、\n", "- number: 五、\n")]
    )
    assert [(c.action, c.entry.kind, c.old and c.old.label, c.moved) for c in changes] == [
        ("removed", "item", "編號三、", False),
        ("removed", "task", "all-3.1", False),
        ("changed", "item", "編號四、", False),
    ]


def test_an_item_without_a_name_is_not_alike_an_item_with_one(tmp_path: Path) -> None:
    """三、 (no name) removed and a named 五、 added: a text is not alike no text."""
    added = (
        THIRD_ITEM.replace("三、", "五、\n            name: 地價作業")
        .replace("all-3", "all-5")
        .replace("公告土地現值調查估價", "地價查估")
    )
    last = "                remark: 全所辦理\n"
    changes = office_wide_changes(tmp_path, [(THIRD_ITEM, ""), (last, last + added)])
    assert [(c.action, c.entry.kind, c.entry.label) for c in changes] == [
        ("removed", "item", "編號三、"),
        ("removed", "task", "all-3.1"),
        ("added", "item", "編號五、"),
        ("added", "task", "all-5.1"),
    ]


def test_a_task_given_another_id_alone_is_a_change(tmp_path: Path) -> None:
    """all-4.1 renamed all-4.2, its text, units, months and item the same: the ID alone is
    a change of its own (its item was not renumbered), though nothing else is."""
    changes = office_wide_changes(tmp_path, [("- id: all-4.1\n", "- id: all-4.2\n")])
    assert [
        (c.action, c.entry.key, c.old and c.old.key, c.rekeyed, c.moved, c.text, c.fields)
        for c in changes
    ] == [("changed", ("all-4.2",), ("all-4.1",), True, False, (), ())]


def test_a_task_of_an_item_removed_moved_under_another_id(tmp_path: Path) -> None:
    """三、 removed, its task kept word for word in 四、 as all-4.2: the task moved and was
    given another ID; its old item, matched by nothing, has no new name to look up."""
    moved = THIRD_ITEM.split("tasks:\n")[1].replace("all-3.1", "all-4.2")
    last = "                remark: 全所辦理\n"
    changes = office_wide_changes(tmp_path, [(THIRD_ITEM, ""), (last, last + moved)])
    assert [
        (c.action, c.entry.kind, c.entry.key, c.old and c.old.key, c.rekeyed, c.moved)
        for c in changes
    ] == [
        ("removed", "item", ("all", "三、"), ("all", "三、"), False, False),
        ("changed", "task", ("all-4.2",), ("all-3.1",), True, True),
    ]


def test_a_tables_and_an_items_note_are_their_note_fields(tmp_path: Path) -> None:
    """A note given to the office-wide table and to its item 四、 is a change of their
    `note`, the field the 修正對照表 leaves out with the other notes."""
    heading, fourth = "        units_heading: 執行課室\n", "          - number: 四、\n"
    changes = office_wide_changes(
        tmp_path,
        [
            (heading, heading + "        note: 全所共用\n"),
            (fourth, fourth + "            note: 年底辦理\n"),
        ],
    )
    assert [(c.action, c.entry.kind, c.fields) for c in changes] == [
        ("changed", "table", (FieldChange("note", None, "全所共用"),)),
        ("changed", "item", (FieldChange("note", None, "年底辦理"),)),
    ]


def test_a_tables_title_removed_and_a_task_of_an_item_without_a_name(tmp_path: Path) -> None:
    """The office-wide table loses its title: its text is deleted whole, under the table's
    name (作業時程管制表 全所). all-4.1 reworded is placed in its item by number alone (四、
    has no name to add)."""
    title = "臺北市測試地政事務所104年度重要工作計畫作業時程管制表"
    changes = office_wide_changes(
        tmp_path,
        [(f"        title: {title}\n", ""), ("為民服務滿意度調查", "為民服務滿意度問卷調查")],
    )
    table, task = changes
    assert (where(table.entry), [(s.op, s.text) for s in table.text]) == (
        "作業時程管制表 全所",
        [("-", title)],
    )
    assert (task.entry.key, task.entry.within) == (("all-4.1",), "編號四、")


ADM_SIXTH = """          - number: 6
            name: 檔案資料銷毀
            tasks:
              - id: adm-6.1
                text: 每年2月辦理已屆保持年限檔案之銷毀作業
                months: [2]
"""
"""管制表 adm's item 6, with its one task."""


def test_an_item_moved_to_another_table(tmp_path: Path) -> None:
    """adm's item 6 moved, whole, to the end of it's table as its 8: the item moved between
    the tables (named by their context) and was renumbered."""
    after = "      - section: 會計\n"  # the table after it's
    moved = ADM_SIXTH.replace("number: 6", "number: 8")
    changes = changes_of(tmp_path, [(ADM_SIXTH, ""), (after, moved + after)])
    item = changes[0]
    assert (item.moved, item.old and item.old.key, item.entry.key) == (
        True,
        ("adm", "6"),
        ("it", "8"),
    )
    assert list(explain(item)) == [
        "由「附件 行政庶務課」移至「附件 資訊」。",
        "編號由「6」改為「8」。",
    ]
    assert len(changes) == 1  # its task, in the item it was in, has not moved


def test_a_table_given_another_code_moves_nothing_under_it(tmp_path: Path) -> None:
    """adm renamed gen: the table is rekeyed; its items, rekeyed only by their table, and
    its tasks, whose item is the same, are no change."""
    changes = changes_of(tmp_path, [("        code: adm\n", "        code: gen\n")])
    assert [(c.entry.kind, c.entry.key, c.rekeyed, c.moved) for c in changes] == [
        ("table", ("gen",), True, False)
    ]


def test_a_long_paragraph_of_recurring_characters_is_compared_whole(tmp_path: Path) -> None:
    """Over 200 characters, difflib's autojunk would count every character that recurs as
    junk and find nothing alike: a 252-character text with its first character changed would
    read as removed and added, or as rewritten whole. It is one change of one character."""
    fifth = EVALUATION[3]
    long = "落實為民服務，提升行政效能；" * 18
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(revise([(fifth, f"text: {long}")]), encoding="utf-8")
    new.write_text(revise([(fifth, f"text: 推{long[1:]}")]), encoding="utf-8")
    changes = diff_plans(load_checked(old).plan, load_checked(new).plan)
    assert [(c.action, c.entry.key[-1]) for c in changes] == [("changed", "五、")]
    assert [(s.op, s.text) for s in changes[0].text] == [("-", "落"), ("+", "推"), ("=", long[1:])]


@pytest.mark.parametrize(
    ("old", "new", "marked"),
    [
        # one unchanged character between two changes is folded into them
        ("甲乙丙", "丁乙戊", [("-", "甲乙丙"), ("+", "丁乙戊")]),
        # two are kept
        (
            "甲乙丙丁",
            "戊乙丙己",
            [("-", "甲"), ("+", "戊"), ("=", "乙丙"), ("-", "丁"), ("+", "己")],
        ),
        # 0.3 alike (3 tokens of 20) is still marked word by word; below, the text is shown whole
        (
            "甲乙丙",
            "甲乙丙子丑寅卯辰巳午未申酉戌亥天地",
            [("=", "甲乙丙"), ("+", "子丑寅卯辰巳午未申酉戌亥天地")],
        ),
        (
            "甲乙丙",
            "甲乙丙子丑寅卯辰巳午未申酉戌亥天地玄",
            [("-", "甲乙丙"), ("+", "甲乙丙子丑寅卯辰巳午未申酉戌亥天地玄")],
        ),
    ],
)
def test_word_diff_folds_one_kept_character_and_shows_a_rewrite_whole(
    old: str, new: str, marked: list[tuple[str, str]]
) -> None:
    assert [(s.op, s.text) for s in word_diff(old, new)] == marked


def test_a_method_without_a_number_is_labelled_by_its_strategy(tmp_path: Path) -> None:
    """伍、一、(一)'s one method has no number: its row is 一、(一); a method renumbered or given
    a note, and a sub-item renumbered (or left without a number), reworded, given other units
    and a note, are changes of those fields. Each is placed under its part and its strategy
    (or method)."""
    method = "              - text: 各課室應針對本所整體組織目標及年度擬推動之重點工作，"
    units = "                units: [各課室]\n"
    numbered = '              - number: "1."\n                text: 充實各項便民'
    subitem = (
        "                  - number: (1)\n                    text: 落實代理人制度及名牌標示。\n"
    )
    sub_units = "                    units: [各課]\n"
    edits = [
        (method, method.replace("各課室應", "各課室須")),
        (units, units + "                note: 新增。\n"),
        (numbered, numbered.replace('"1."', '"(1)"')),
        (
            subitem + sub_units,
            subitem.replace("(1)", '"1."').replace("名牌", "職名牌")
            + sub_units.replace("各課", "資訊")
            + "                    note: 依民政局函修正。\n",
        ),
    ]
    second = "                  - number: (2)\n                    text: 櫃檯人員的選派管理。\n"
    edits.append((second, "                  - text: 櫃檯人員的選派管理。\n"))
    changes = changes_of(tmp_path, edits)
    strategies = ("strategies", "伍、", "一、")
    assert [(c.entry.kind, c.entry.label, c.entry.context, c.entry.parent) for c in changes] == [
        ("method", "一、(一)", "伍、執行策略與方法", ("strategy", *strategies, "(一)")),
        ("method", "一、(二)(1)", "伍、執行策略與方法", ("strategy", *strategies, "(二)")),
        ("subitem", "一、(三)1.1.", "伍、執行策略與方法", ("method", *strategies, "(三)", "1")),
        ("subitem", "一、(三)1.", "伍、執行策略與方法", ("method", *strategies, "(三)", "1")),
    ]
    assert [c.fields for c in changes] == [
        (FieldChange("note", None, "新增。"),),
        (FieldChange("number", "1.", "(1)"),),
        (
            FieldChange("number", "(1)", "1."),
            FieldChange("units", ("各課",), ("資訊",)),
            FieldChange("note", None, "依民政局函修正。"),
        ),
        (FieldChange("number", "(2)", None),),
    ]
    assert [(s.op, s.text) for s in changes[2].text] == [
        ("=", "落實代理人制度及"),
        ("+", "職"),
        ("=", "名牌標示。"),
    ]
    assert changes[2].entry.key == (*strategies, "(三)", "1", "1")  # counted from 1


FIFTH = "同仁獎懲事項，由各課依本計畫訂定相關計畫時，另行訂定辦理。"


@pytest.mark.parametrize(
    ("written", "sixth", "seventh"),
    [
        # 六、 has 五、's text, 七、 nearly: 六、 is 五、 renumbered, 七、 is new
        (FIFTH, FIFTH, FIFTH.replace("另行", "自行")),
        # 六、 has 五、's text twice over
        (FIFTH, FIFTH, FIFTH),
        # both alike 五、 (0.9 and 0.8): the more alike is 五、
        ("甲乙丙丁戊己庚辛壬癸", "甲乙丙丁戊己庚辛壬子", "甲乙丙丁戊己庚辛丑寅"),
    ],
)
def test_one_paragraph_is_matched_once(
    tmp_path: Path, written: str, sixth: str, seventh: str
) -> None:
    """五、 replaced by 六、 and 七、 that both could be it: one old paragraph is matched with
    one new one (the same text first, then the most alike); the other is added."""
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    fifth = "      - number: 五、\n        " + EVALUATION[3]
    old.write_text(revise([(fifth, f"      - number: 五、\n        text: {written}")]), "utf-8")
    both = f"      - number: 六、\n        text: {sixth}\n"
    both += f"      - number: 七、\n        text: {seventh}"
    new.write_text(revise([(fifth, both)]), encoding="utf-8")
    changes = diff_plans(load_checked(old).plan, load_checked(new).plan)
    assert [(c.action, c.old and c.old.key[-1], c.entry.key[-1]) for c in changes] == [
        ("changed", "五、", "六、"),
        ("added", None, "七、"),
    ]


def test_a_text_moved_to_another_kind_of_entry_is_removed_and_added(tmp_path: Path) -> None:
    """捌、五、's text becomes a task's: a paragraph and a task are never one entry, however
    alike their texts; the paragraph is removed and the task added."""
    fifth = "      - number: 五、\n        " + EVALUATION[3] + "\n"
    task = "              - id: acc-1.1\n"
    edits = [
        (fifth, ""),
        (
            task,
            f"              - id: acc-1.3\n                text: {FIFTH}\n"
            "                months: [6]\n" + task,
        ),
    ]
    changes = changes_of(tmp_path, edits)
    assert [(c.action, c.entry.kind, c.entry.key[-1]) for c in changes] == [
        ("removed", "paragraph", "五、"),
        ("added", "task", "acc-1.3"),
    ]


@pytest.mark.parametrize(
    ("limit", "found"),
    [
        (1, [("changed", "五、", "六、")]),
        (0, [("removed", "五、", "五、"), ("added", None, "六、")]),
    ],
)
def test_texts_are_compared_for_likeness_up_to_the_limit_of_pairs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: int, found: list[tuple[str | None, ...]]
) -> None:
    """五、 renumbered 六、 and reworded is found by likeness alone: compared while the
    unmatched (old, new) pairs of its kind, here 1 × 1, are at most SIMILARITY_PAIRS; beyond
    (a plan of thousands of rewritten tasks), it is one paragraph removed and one added."""
    monkeypatch.setattr(diff, "SIMILARITY_PAIRS", limit)
    fifth = "      - number: 五、\n        " + EVALUATION[3]
    renumbered = "      - number: 六、\n        text: 同仁獎懲事項，由各課依本計畫另行訂定辦理。"
    old, new = write_revision(tmp_path, [(fifth, renumbered)])
    changes = diff_plans(load_checked(old).plan, load_checked(new).plan)
    assert [(c.action, c.old and c.old.key[-1], c.entry.key[-1]) for c in changes] == found


BASIS_THIRD = "      - number: 三、\n        text: 臺北市政府提升服務品質實施計畫。\n"
"""貳、計畫依據's last paragraph."""


def test_a_text_written_twice_is_matched_in_its_own_part_first(tmp_path: Path) -> None:
    """貳、三、 and 捌、五、 say the same; 貳、三、 is removed and 捌、五、 renumbered 六、:
    六、 is 捌、五、 renumbered in its part, not 貳、三、 moved there."""
    twice = BASIS_THIRD.replace("臺北市政府提升服務品質實施計畫。", FIFTH)
    fifth = "      - number: 五、\n        " + EVALUATION[3]
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(revise([(BASIS_THIRD, twice)]), encoding="utf-8")
    renumbered = fifth.replace("五、", "六、")
    new.write_text(revise([(BASIS_THIRD, ""), (fifth, renumbered)]), encoding="utf-8")
    changes = diff_plans(load_checked(old).plan, load_checked(new).plan)
    assert [(c.action, c.old and c.old.key, c.entry.key, c.moved) for c in changes] == [
        ("removed", ("basis", "貳、", "三、"), ("basis", "貳、", "三、"), False),
        ("changed", ("evaluation", "捌、", "五、"), ("evaluation", "捌、", "六、"), False),
    ]


def test_a_text_moved_to_another_part_is_found_by_its_text_before_its_number(
    tmp_path: Path,
) -> None:
    """貳、三、 moved to 捌、 as its 五、, whose text it replaces (0.3 alike or more): the same
    text is the surer sign, so 捌、五、 is removed and 貳、三、 moved in its place, not 五、
    reworded."""
    moved = "同仁獎懲事項，依臺北市政府提升服務品質實施計畫辦理。"
    fifth = "      - number: 五、\n        " + EVALUATION[3]
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(
        revise([(BASIS_THIRD, BASIS_THIRD.replace("臺北市政府提升服務品質實施計畫。", moved))]),
        encoding="utf-8",
    )
    new.write_text(
        revise([(BASIS_THIRD, ""), (fifth, f"      - number: 五、\n        text: {moved}")]),
        encoding="utf-8",
    )
    changes = diff_plans(load_checked(old).plan, load_checked(new).plan)
    assert [(c.action, c.old and c.old.key, c.entry.key, c.moved) for c in changes] == [
        ("removed", ("evaluation", "捌、", "五、"), ("evaluation", "捌、", "五、"), False),
        ("changed", ("basis", "貳、", "三、"), ("evaluation", "捌、", "五、"), True),
    ]


def test_paragraphs_without_a_number_are_counted_from_one(tmp_path: Path) -> None:
    """貳、's paragraphs written without numbers: the second, reworded, is paragraph 2 of 貳、
    (its key and its label)."""
    unnumbered = [
        ("      - number: 一、\n        text: 行政院96年", "      - text: 行政院96年"),
        ("      - number: 二、\n        text: 國家發展委員會", "      - text: 國家發展委員會"),
        (BASIS_THIRD, BASIS_THIRD.replace("      - number: 三、\n        text:", "      - text:")),
    ]
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(revise(unnumbered), encoding="utf-8")
    new.write_text(revise([*unnumbered, ("8月21日函頒", "8月22日函頒")]), encoding="utf-8")
    changes = diff_plans(load_checked(old).plan, load_checked(new).plan)
    assert [(c.action, c.entry.key, c.entry.label, c.entry.context) for c in changes] == [
        ("changed", ("basis", "貳、", "2"), "2", "貳、計畫依據")
    ]


def test_a_part_renumbered_keeps_its_paragraphs_in_place(tmp_path: Path) -> None:
    """貳、 renumbered 二、: the part's number changed; its paragraphs, whose keys follow
    it, are no change of their own (each was listed, with nothing to explain)."""
    changes = changes_of(tmp_path, [("    number: 貳、\n", "    number: 二、\n")])
    assert [(c.entry.kind, c.entry.key, c.rekeyed, c.moved, c.fields) for c in changes] == [
        ("part", ("basis", "二、"), True, False, (FieldChange("number", "貳、", "二、"),)),
    ]


def test_the_strategies_part_renumbered_moves_nothing(tmp_path: Path) -> None:
    """伍、 renumbered 五、: only the part's number changed; its principles, strategies,
    methods and sub-items, rekeyed under it, are no change of their own (about 150 rows,
    each with nothing to explain, were listed)."""
    (change,) = changes_of(tmp_path, [("    number: 伍、\n", "    number: 五、\n")])
    assert (change.entry.key, change.moved, change.fields) == (
        ("strategies", "五、"),
        False,
        (FieldChange("number", "伍、", "五、"),),
    )


PRINCIPLES = ["提升服務品質", "便捷服務程序", "探查民意趨勢", "豐富服務資訊", "創新服務方式"]
"""The start of 伍、's five principles (一、 to 五、)."""


def test_a_principle_renumbered_and_principles_without_numbers(tmp_path: Path) -> None:
    """二、 renumbered 貳、 is a change of its number; a principle without a number is
    counted from 1 in its key and has no label."""
    renumbered = changes_of(
        tmp_path,
        [("      - number: 二、\n        text: 便捷", "      - number: 貳、\n        text: 便捷")],
    )
    assert [(c.entry.label, c.fields) for c in renumbered if c.entry.kind == "principle"] == [
        ("貳、", (FieldChange("number", "二、", "貳、"),))
    ]
    unnumbered = [
        (f"      - number: {n}\n        text: {text}", f"      - text: {text}")
        for n, text in zip(("一、", "二、", "三、", "四、", "五、"), PRINCIPLES, strict=True)
    ]
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(revise(unnumbered), encoding="utf-8")
    reworded = (
        "      - text: 便捷服務程序，確保流程透明。",
        "      - text: 便捷服務程序，確保流程公開透明。",
    )
    new.write_text(revise([*unnumbered, reworded]), encoding="utf-8")
    changes = diff_plans(load_checked(old).plan, load_checked(new).plan)
    assert [(c.entry.kind, c.entry.key, c.entry.label) for c in changes] == [
        ("principle", ("strategies", "伍、", "2"), "")
    ]


SIXTH_STRATEGY = (
    "          - number: (六)\n"
    "            text: 積極推展機關服務作為，爭取民眾之認同及獎項殊榮之肯定。\n"
    "            methods:\n"
    "              - text: 積極參加政府服務品質各項競賽，藉由對外參獎提升服務品質，"
    "樹立機關良好形象。\n"
    "                units: [各課, 研考]\n"
)
"""伍、一、(六) and its one method, which has no number."""


def test_a_strategy_renumbered_given_units_and_a_note_and_one_without_a_number(
    tmp_path: Path,
) -> None:
    """一、(六) renumbered (陸), its method's units moved up to it, and a note: three field
    changes of the strategy, under its principle (not moved). 二、(二) written without a
    number is strategy 2 of 二、, labelled by its principle alone."""
    unnumbered = ("          - number: (二)\n            text: 徹底", "          - text: 徹底")
    moved_up = (
        SIXTH_STRATEGY.replace("(六)", "(陸)")
        .replace(
            "            methods:\n",
            "            units: [各課, 研考]\n            note: 新增。\n            methods:\n",
        )
        .replace("                units: [各課, 研考]\n", "")
    )
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(revise([unnumbered]), encoding="utf-8")
    edits = [unnumbered, (SIXTH_STRATEGY, moved_up), ("text: 徹底診斷", "text: 全面診斷")]
    new.write_text(revise(edits), encoding="utf-8")
    changes = diff_plans(load_checked(old).plan, load_checked(new).plan)
    assert [
        (c.entry.key[2:], c.entry.label, c.fields, c.moved)
        for c in changes
        if c.entry.kind == "strategy"
    ] == [
        (
            ("一、", "(陸)"),
            "一、(陸)",
            (
                FieldChange("number", "(六)", "(陸)"),
                FieldChange("units", (), ("各課", "研考")),
                FieldChange("note", None, "新增。"),
            ),
            False,
        ),
        (("二、", "2"), "二、", (), False),
    ]


def test_a_strategy_moved_to_another_principle(tmp_path: Path) -> None:
    """一、(六) moved under 二、 as its (五): the strategy moved and renumbered; its method
    goes with it, no change of its own."""
    third = "      - number: 三、\n        text: 探查民意趨勢"
    edits = [(SIXTH_STRATEGY, ""), (third, SIXTH_STRATEGY.replace("(六)", "(五)") + third)]
    changes = changes_of(tmp_path, edits)
    assert [(c.entry.kind, c.entry.key[2:], c.moved, c.fields) for c in changes] == [
        ("strategy", ("二、", "(五)"), True, (FieldChange("number", "(六)", "(五)"),)),
    ]
    assert changes[0].old and changes[0].old.key[2:] == ("一、", "(六)")


def test_next_years_plan_under_a_new_office_name_in_json(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The heading lines of next year's draft, its office renamed: the title, the office and
    the year, each by its key, its place in the document and its texts (the year has none:
    it is a field)."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(PLAN_2015, "2015.yaml")
    assert runner.invoke(cli, ["new", "2016", "--from", "2015.yaml"]).exit_code == 0
    draft = Path("2016.yaml")
    office = "office: 臺北市中正區戶政事務所\n"
    draft.write_text(
        draft.read_text(encoding="utf-8").replace(office, office[:-1] + "（中正）\n"), "utf-8"
    )
    result = runner.invoke(cli, ["diff", "--format", "json", "2015.yaml", "2016.yaml"])
    headers = [c for c in json.loads(result.stdout)["changes"] if c["kind"] == "header"]
    shown = [
        (c["key"], c["where"], c["old_text"], c["new_text"], c["fields"], c["explanation"])
        for c in headers
    ]
    assert shown == [
        (
            ["title"],
            "計畫名稱",
            "臺北市中正區戶政事務所104年度提升服務品質實施計畫",
            "臺北市中正區戶政事務所105年度提升服務品質實施計畫",
            [],
            ["修正計畫文字。"],
        ),
        (
            ["office"],
            "機關",
            "臺北市中正區戶政事務所",
            "臺北市中正區戶政事務所（中正）",
            [],
            ["修正計畫文字。"],
        ),
        (
            ["year"],
            "年度",
            "",
            "",
            [{"name": "year", "old": "2015", "new": "2016"}],
            ["年度由「2015」改為「2016」。"],
        ),
    ]


def test_a_units_kind_changed(tmp_path: Path) -> None:
    """文管 is no longer a role: a change of the unit's 類別, found under its name."""
    changes = changes_of(tmp_path, [("  - name: 文管\n    kind: role\n", "  - name: 文管\n")])
    assert [(c.entry.kind, c.entry.key, c.fields) for c in changes] == [
        ("unit", ("文管",), (FieldChange("unit_kind", "role", "section"),))
    ]
    assert list(explain(changes[0])) == ["類別由「role」改為「section」。"]


CLAUSES = [
    ("  - kind: clause\n    number: 玖、\n", "  - kind: clause\n"),
    ("  - kind: clause\n    number: 拾、\n", "  - kind: clause\n"),
]
"""玖、 and 拾、 written without their numbers (a clause has no heading either)."""
REWORDED_CLAUSE = ("本計畫奉核後實施，修正時亦同。", "本計畫奉核定後實施，修正時亦同。")


@pytest.mark.parametrize(
    ("written", "key", "label"),
    [([], ("clause", "拾、"), "拾、"), (CLAUSES, ("clause", "2"), "條文")],
)
def test_a_clause_by_its_number_or_counted_among_the_clauses(
    tmp_path: Path, written: list[tuple[str, str]], key: tuple[str, ...], label: str
) -> None:
    """拾、 reworded is the part 拾、; without numbers it is the second clause, labelled 條文."""
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(revise(written), encoding="utf-8")
    new.write_text(revise([*written, REWORDED_CLAUSE]), encoding="utf-8")
    changes = diff_plans(load_checked(old).plan, load_checked(new).plan)
    assert [(c.entry.kind, c.entry.key, c.entry.label, where(c.entry)) for c in changes] == [
        ("part", key, label, label)
    ]


def test_the_period_gets_a_start_and_another_end_and_a_part_its_heading_and_lead(
    tmp_path: Path,
) -> None:
    """陸、 is given a start and ends a month early; 貳、's heading is reworded and it is
    given a lead text it had none of (the text is marked added, nothing removed)."""
    end = "    end: 2015-12-31\n"
    lead = "    heading: 計畫依據\n"
    edits = [
        (end, "    start: 2015-03-01\n    end: 2015-11-30\n"),
        (lead, "    heading: 計畫依據法令\n    text: 本計畫依下列規定訂定。\n"),
    ]
    changes = [c for c in changes_of(tmp_path, edits) if c.entry.kind == "part"]
    assert [(c.entry.label, c.fields, [(s.op, s.text) for s in c.text]) for c in changes] == [
        (
            "貳、計畫依據法令",
            (FieldChange("heading", "計畫依據", "計畫依據法令"),),
            [("+", "本計畫依下列規定訂定。")],
        ),
        (
            "陸、實施期間",
            (
                FieldChange("start", None, "2015-03-01"),
                FieldChange("end", "2015-12-31", "2015-11-30"),
            ),
            [],
        ),
    ]


def test_a_principle_moved_to_another_strategy_table(tmp_path: Path) -> None:
    """伍、's principle 五、 moved, whole, to a strategy table of its own (伍之一、): the
    principle moved between the two parts; its strategies go with it, no change of their own
    (each was listed with nothing to explain)."""
    lines = ORIGINAL.splitlines(keepends=True)
    start = lines.index("      - number: 五、\n", lines.index("  - kind: strategies\n"))
    end = lines.index("  - kind: period\n")
    fifth = "".join(lines[start:end]).rstrip("\n") + "\n"
    table = (
        "  - kind: strategies\n    number: 伍之一、\n    heading: 其他策略\n"
        "    columns: [實施要領, 執行策略, 執行方法, 執行課室]\n    principles:\n" + fifth + "\n"
    )
    changes = changes_of(
        tmp_path, [(fifth, ""), ("  - kind: period\n", table + "  - kind: period\n")]
    )
    assert [(c.action, c.entry.kind, c.moved, list(explain(c))) for c in changes[:3]] == [
        ("added", "part", False, ["新增章節。"]),
        ("changed", "principle", True, ["由「伍、執行策略與方法」移至「伍之一、其他策略」。"]),
    ]
    assert all(list(explain(c)) for c in changes)


def test_a_letter_of_the_goals_acronym_reworded_and_the_goals_part_renumbered(
    tmp_path: Path,
) -> None:
    """SMILE's S now means 迅速 (in the lead text and the letter): the letter's change, by
    its key, label, place and text. 參、 renumbered 三、: its five letters, rekeyed under it,
    are no change of their own."""
    meaning = ("{letter: S, word: Speed, meaning: 速度}", "{letter: S, word: Speed, meaning: 迅速}")
    changes = changes_of(tmp_path, [("Speed(速度)", "Speed(迅速)"), meaning])
    letter = changes[1]
    assert (letter.entry.kind, letter.entry.key, where(letter.entry), letter.entry.group) == (
        "letter",
        ("goals", "參、", "S"),
        "目標字母 S",
        "參、組織目標",
    )
    marked = [(s.op, s.text) for s in letter.text]
    assert marked == [("=", "S Speed("), ("-", "速度"), ("+", "迅速"), ("=", ")")]
    renumbered = changes_of(tmp_path, [("    number: 參、\n", "    number: 三、\n")])
    assert [(c.entry.kind, c.entry.key) for c in renumbered] == [("part", ("goals", "三、"))]


def test_a_part_given_another_kind_is_a_change_of_its_kind_not_a_move(tmp_path: Path) -> None:
    """柒、 written as a 條文 instead of 實施步驟: its 類別 changed, in the office's words; it
    was reported moved 由「」移至「」 (a part's container was keyed by its kind)."""
    steps = "  - kind: steps\n    number: 柒、\n"
    changes = changes_of(tmp_path, [(steps, steps.replace("steps", "clause"))])
    part = next(change for change in changes if change.entry.kind == "part")
    assert (part.moved, part.fields) == (False, (FieldChange("part_kind", "steps", "clause"),))
    assert list(explain(part)) == ["類別由「實施步驟」改為「條文」。"]
