"""Output cannot be turned against its reader: escape sequences and bidi overrides are shown, not
sent to the terminal; JSON stays valid UTF-8; Markdown escapes task IDs; CSV cells never run
as formulas.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers import PLAN, invoke, outcome

RLO = "\u202e"


def test_file_names_and_values_are_shown_not_sent_to_the_terminal(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An escape sequence in a file name and a bidi override in a unit name reach the
    terminal as visible escapes; the caret still points at the value."""
    monkeypatch.chdir(tmp_path)
    name = "a\x1b[2J.yaml"
    Path(name).write_text(PLAN.replace("units: [登記課]", f"units: [登{RLO}記]"), encoding="utf-8")
    result = invoke(runner, "check", name)
    assert result.exit_code == 1
    assert result.stdout == (
        "a\\x1b[2J.yaml:46:29: error PC201 unknown unit 「登\\u202e記」 "
        "[parts[1].principles[0].strategies[0].methods[0].subitems[0].units[0]]\n"
        "   46 |                     units: [登\\u202e記]\n"
        "      |                             ^\n"
        "      = hint: did you mean 戶籍登記課?\n"
    )
    github = invoke(runner, "check", "--format", "github", name)
    assert github.stdout == (
        "::error file=a\\x1b[2J.yaml,line=46,col=29,title=PC201::"
        "unknown unit 「登\\u202e記」 (hint: did you mean 戶籍登記課?)\n"
    )


def test_an_escape_in_a_missing_file_name(runner: CliRunner) -> None:
    result = invoke(runner, "due", "-m", "3", f"\x1b]8;;x\x1b\\{RLO}p.yaml")
    assert outcome(result) == (
        2,
        "",
        "planctl: \\x1b]8;;x\\x1b\\\\u202ep.yaml: no such file\n",
    )


def test_json_is_valid_utf8_whatever_the_file_names(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file name that is not UTF-8 (here the byte FF) is written as the escape \\xff, in the
    answer and in the warnings line (a warning, PC502: a plan with errors has no answer)."""
    import json

    monkeypatch.chdir(tmp_path)
    Path("plans").mkdir()
    with open(b"plans/\xff.yaml", "wb") as stream:
        stream.write(PLAN.replace("text: 清查百歲人瑞", "text: ' 清查百歲人瑞'").encode("utf-8"))
    checked = invoke(runner, "check", "--format", "json", "plans")
    assert checked.stdout_bytes.decode("utf-8")  # valid UTF-8
    findings = json.loads(checked.stdout)["findings"]
    assert [(f["file"], f["code"]) for f in findings] == [("plans/\\xff.yaml", "PC502")]
    due = invoke(runner, "due", "-m", "3", "--format", "json", "plans")
    assert {row["file"] for row in json.loads(due.stdout_bytes.decode("utf-8"))} == {
        "plans/\\xff.yaml"
    }
    assert due.stderr == "planctl: 1 warning; planctl check plans/\\xff.yaml for details\n"
    text = invoke(runner, "check", "plans")
    assert text.stdout.startswith("plans/\\xff.yaml:")


def test_the_due_table_shows_bidi_overrides(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN.replace("清查死亡通報", f"清查{RLO}死亡通報"), encoding="utf-8")
    result = invoke(runner, "due", "-m", "3", str(plan))
    assert result.exit_code == 0
    assert RLO not in result.stdout
    assert "清查\\u202e死亡通報" in result.stdout


def test_markdown_escapes_task_ids_in_footnotes(runner: CliRunner, tmp_path: Path) -> None:
    """A footnote (`render --notes`) passes neither its task ID nor its note on raw: `_` of
    a valid ID would be emphasis, and HTML in a note would run in a Markdown viewer. (An ID
    with HTML in it is PC304: the plan is refused before render.)"""
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        PLAN.replace(
            "id: reg-1.1",
            "id: reg-__1__\n                note: '<img src=x onerror=alert(1)>'",
        ),
        encoding="utf-8",
    )
    result = invoke(runner, "render", "--format", "md", "--notes", "--what", "schedule", str(plan))
    assert (result.exit_code, result.stderr) == (0, "")
    assert "<img" not in result.stdout
    assert "- ※1 reg-\\_\\_1\\_\\_：&lt;img src=x onerror=alert(1)&gt;\n" in result.stdout


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=1+1", "'=1+1"),
        (" =1+1", "' =1+1"),
        ("\u3000+1", "'\u3000+1"),
        ('＝HYPERLINK("http://x")', '\'＝HYPERLINK("http://x")'),
        ("＋1", "'＋1"),
        ("－1", "'－1"),
        ("＠SUM(A1)", "'＠SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("清查 = 1", "清查 = 1"),
        ("1-3", "1-3"),
    ],
)
def test_csv_cells_never_run_as_formulas(text: str, cell: str) -> None:
    from planctl.outputs.cells import csv_cell

    assert csv_cell(text) == cell


def test_csv_through_due(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN.replace("清查死亡通報", "' ＝HYPERLINK(1)'"), encoding="utf-8")
    result = invoke(runner, "due", "-m", "3", "--format", "csv", str(plan))
    assert result.exit_code == 0
    assert ",' ＝HYPERLINK(1)," in result.stdout
