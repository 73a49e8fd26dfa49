"""One small file per rule and per error kind (tests/check/), each with its exact finding."""

from __future__ import annotations

import ast
import json
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.cli import cli
from planctl.plan.characters import blank
from planctl.plan.findings import Code, Severity, dotted
from planctl.plan.source import parse
from planctl.plan.validate import validate
from planctl.rules.consistency import check_plan
from planctl.rules.registry import CODES, declared
from tests.conftest import CHECK, MINIMAL, ROOT
from tests.progress_helpers import office

FINDINGS_SCHEMA = ROOT / "schema" / "findings.schema.json"

# file → the first finding: (code, line, column, message)
EXPECTED = {
    "PC001-syntax": (
        "PC001",
        76,
        19,
        "YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence)",
    ),
    "PC001-tab": (
        "PC001",
        20,
        1,
        "YAML syntax error: found a tab character that violates "
        "indentation (while scanning a plain scalar)",
    ),
    "PC002-duplicate-key": ("PC002", 75, 17, "duplicate key 'text'"),
    "PC003-alias": ("PC003", 26, 11, "aliases (*name) are not allowed in a plan"),
    "PC004-tag": ("PC004", 21, 11, "tag !!python/object/apply:os.system is not allowed in a plan"),
    "PC005-empty": ("PC005", 1, 1, "empty document: no plan in this file"),
    "PC006-deep-nesting": ("PC006", 94, 81, "nesting deeper than 64 levels"),
    "PC101-missing-key": ("PC101", 76, 17, "missing key 'text'"),
    "PC102-unknown-key": ("PC101", 82, 17, "missing key 'text'"),
    "PC103-bad-date": ("PC103", 61, 19, "a date is written YYYY-MM-DD, e.g. 2015-02-16"),
    "PC103-unknown-kind": ("PC103", 50, 11, "unknown part kind 'periods'"),
    "PC103-wrong-type": ("PC103", 80, 19, "expected text, got true/false (false)"),
    "PC201-unknown-unit": ("PC201", 46, 29, "unknown unit 「登紀課」"),
    "PC202-unit-defined-twice": (
        "PC202",
        12,
        15,
        "unit name 「登記課」 already names 「戶籍登記課」",
    ),
    "PC203-unit-listed-twice": ("PC203", 49, 37, "unit 「各課室」 is listed twice here"),
    "PC204-unit-variant": (
        "PC204",
        46,
        29,
        "unit 「登記<U+200B>課」 is written differently from 「登記課」 in `units:`: an invisible "
        "character (U+200B)",
    ),
    "PC301-no-months": ("PC301", 94, 25, "task hr-1.1 has no months"),
    "PC302-month-out-of-range": ("PC302", 78, 29, "month 13 is not within 1-12"),
    "PC303-month-repeated": ("PC303", 78, 34, "month 6 is listed twice in task reg-1.2"),
    "PC304-bad-task-id": ("PC304", 82, 21, "task ID '登記 2.1' is not a short ASCII name"),
    "PC305-duplicate-task-id": ("PC305", 82, 21, "task ID 'reg-1.1' is used twice"),
    "PC306-task-id-prefix": (
        "PC306",
        92,
        21,
        "task ID 'reg-9.1' does not start with its table's code 'hr-'",
    ),
    "PC307-duplicate-item-number": ("PC307", 79, 21, "編號 1 follows 編號 1 in 登記課"),
    "PC308-item-number-order": ("PC308", 79, 21, "編號 2 follows 編號 3 in 登記課"),
    "PC309-duplicate-section": ("PC309", 86, 15, "code 'reg' has two schedule tables"),
    "PC401-deadline-outside-year": (
        "PC401",
        61,
        19,
        "deadline 2016-02-04 is outside the plan year 2015 (民國104年)",
    ),
    "PC402-deadline-before-revision": (
        "PC402",
        61,
        19,
        "deadline 2015-01-04 is before the plan's 修訂 date 2015-02-04",
    ),
    "PC403-deadline-not-in-text": (
        "PC403",
        61,
        19,
        "deadline 2015-02-14 is not a date its text states",
    ),
    "PC404-stated-date-no-deadline": (
        "PC404",
        60,
        15,
        "the text states 2月4日 but the item has no deadline",
    ),
    "PC405-roc-year": ("PC405", 2, 8, "title says 民國105年度 but the plan year 2015 is 民國104年"),
    "PC406-period-reversed": (
        "PC406",
        55,
        10,
        "period ends (2015-03-01) before it starts (2015-12-31)",
    ),
    "PC407-period-outside-year": (
        "PC407",
        54,
        10,
        "period end 2016-12-31 is outside the plan year 2015",
    ),
    "PC408-impossible-date": (
        "PC408",
        60,
        15,
        "the text states 104年13月45日, a date that does not exist",
    ),
    "PC409-period-stated": (
        "PC409",
        53,
        11,
        "the text states the period's start 2015-01-01, but `start:` is not given",
    ),
    "PC501-empty-text": ("PC501", 83, 23, "empty text"),
    "PC502-surrounding-spaces": ("PC502", 83, 23, "text begins or ends with spaces"),
    "PC503-acronym": ("PC503", 23, 13, "the letters spell SMIXE, not SMILE"),
    "PC601-columns-depth": (
        "PC601",
        33,
        14,
        "`columns:` cover 3 columns but the table has 4 (要領, 策略, 方法 and the units)",
    ),
    "PC603-unknown-cell": ("PC603", 43, 31, "cell 「完成期限」 is not a column of the table"),
    "PC602-units-twice": (
        "PC602",
        47,
        28,
        "units on both a strategy and its method: the strategy's units are one cell shared "
        "by all its methods",
    ),
}


def run_check(runner: CliRunner, *args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    result = runner.invoke(cli, ["check", "--format", "json", *args])
    return result.exit_code, json.loads(result.stdout)


def test_every_fixture_has_an_expectation() -> None:
    assert sorted(path.stem for path in CHECK.glob("*.yaml")) == sorted(EXPECTED)


def test_the_base_plan_is_clean(runner: CliRunner) -> None:
    code, report = run_check(runner, str(MINIMAL))
    assert (code, report["findings"]) == (0, [])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_rule(runner: CliRunner, name: str) -> None:
    code, line, column, message = EXPECTED[name]
    exit_code, report = run_check(runner, str(CHECK / f"{name}.yaml"))
    first = report["findings"][0]
    assert (first["code"], first["line"], first["column"], first["message"]) == (
        code,
        line,
        column,
        message,
    )
    assert first["file"] == str(CHECK / f"{name}.yaml")
    severities = {(f["code"], f["severity"]) for f in report["findings"]}
    assert severities == {(c, CODES[c].severity.value) for c, _ in severities}
    assert exit_code == (0 if CODES[code].severity is Severity.WARNING else 1)


@pytest.mark.parametrize(
    "name", sorted(n for n in EXPECTED if CODES[EXPECTED[n][0]].severity is Severity.WARNING)
)
def test_strict_fails_on_warnings(runner: CliRunner, name: str) -> None:
    exit_code, _ = run_check(runner, "--strict", str(CHECK / f"{name}.yaml"))
    assert exit_code == 1


def test_check_plan_reports_rule_by_rule_and_check_by_position(
    runner: CliRunner, tmp_path: Path
) -> None:
    """`check_plan` gives each rule's findings in turn, in the order of `RULES`; `check` sorts
    them by position. tests/findings/every-rule.yaml, whose recorded findings pin the order of
    the others, has no finding of `unit_variants` (a unit written with an invisible character,
    PC204) nor of `strategy_columns` (PC601): this plan has them between their neighbours' (a
    registry name with an invisible character, PC204; an alias taken as a name, PC202; the
    acronym, PC503; a cell, PC603)."""
    text = (CHECK / "PC503-acronym.yaml").read_text(encoding="utf-8")
    for old, new in (
        ("  - name: 人事\n", '  - name: 人事\n  - name: "總\\u200b務課"\n  - name: 登記課\n'),
        ("units: [登記課]", 'units: ["登記\\u200b課"]'),
        ("[實施要領, 執行策略, 執行方法, 執行課室]", "[實施要領, 執行策略, 執行課室]"),
        ("text: 充實設備：\n", "text: 充實設備：\n                cells: {完成期限: 全年}\n"),
    ):
        text = text.replace(old, new, 1)
    method = "parts[1].principles[0].strategies[0].methods[0]"
    expected = [
        ("PC204", "units[2].name"),
        ("PC204", f"{method}.subitems[0].units[0]"),
        ("PC202", "units[3].name"),
        ("PC503", "parts[0].acronym.word"),
        ("PC503", "parts[0].acronym.letters[3].word"),
        ("PC601", "parts[1].columns"),
        ("PC603", f"{method}.cells.完成期限"),
    ]
    plan = validate(parse(text, "plan.yaml"))[0]
    assert [(f.code, dotted(f.path)) for f in check_plan(plan)] == expected
    (tmp_path / "plan.yaml").write_text(text, encoding="utf-8")
    _, report = run_check(runner, str(tmp_path / "plan.yaml"))
    found = [(f["line"], f["code"], f["path"]) for f in report["findings"]]
    assert found == [
        (12, "PC204", "units[2].name"),
        (13, "PC202", "units[3].name"),
        (25, "PC503", "parts[0].acronym.word"),
        (30, "PC503", "parts[0].acronym.letters[3].word"),
        (35, "PC601", "parts[1].columns"),
        (45, "PC603", f"{method}.cells.完成期限"),
        (49, "PC204", f"{method}.subitems[0].units[0]"),
    ]


def test_text_format_shows_position_excerpt_caret_and_hint(runner: CliRunner) -> None:
    path = CHECK / "PC201-unknown-unit.yaml"
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 1
    assert result.stdout == (
        f"{path}:46:29: error PC201 unknown unit 「登紀課」 "
        "[parts[1].principles[0].strategies[0].methods[0].subitems[0].units[0]]\n"
        "   46 |                     units: [登紀課]\n"
        "      |                             ^\n"
        "      = hint: did you mean 戶籍登記課?\n"
    )
    assert result.stderr == "1 file checked: 1 error(s), 0 warning(s) (PC201 ×1)\n"


def test_caret_counts_wide_characters_twice(runner: CliRunner) -> None:
    path = CHECK / "PC405-roc-year.yaml"
    result = runner.invoke(cli, ["check", str(path)])
    assert "    2 | title: 臺北市測試區戶政事務所105年度提升服務品質實施計畫\n" in result.stdout
    assert "      |        ^\n" in result.stdout


def test_github_annotations(runner: CliRunner) -> None:
    path = CHECK / "PC302-month-out-of-range.yaml"
    result = runner.invoke(cli, ["check", "--format", "github", str(path)])
    assert result.stdout == (
        f"::error file={path},line=78,col=29,title=PC302::month 13 is not within 1-12 "
        "(hint: months are 1-12 of the plan year; a range is written 3-5)\n"
    )


# file → the first finding's hint and path, for the rules whose hint names the fix
HINTED = {
    "PC301-no-months": (
        "the months are not known yet; fill them in when they are",
        "parts[4].tables[1].items[0].tasks[0].months",
    ),
    "PC404-stated-date-no-deadline": ("add `deadline: 2015-02-04`", "parts[3].items[0].text"),
    "PC409-period-stated": ("write `start: 2015-01-01`", "parts[2].text"),
}


@pytest.mark.parametrize("name", sorted(HINTED))
def test_rule_hint(runner: CliRunner, name: str) -> None:
    _, report = run_check(runner, str(CHECK / f"{name}.yaml"))
    first = report["findings"][0]
    assert (first["hint"], first["path"]) == HINTED[name]


def test_yaml_trap_hint(runner: CliRunner) -> None:
    _, report = run_check(runner, str(CHECK / "PC103-wrong-type.yaml"))
    assert report["findings"][0]["hint"] == (
        'YAML reads no as true/false; write "no" in quotes if text is meant'
    )


def test_unknown_key_suggests_the_known_one(runner: CliRunner) -> None:
    _, report = run_check(runner, str(CHECK / "PC102-unknown-key.yaml"))
    second = report["findings"][1]
    assert (second["code"], second["line"], second["column"], second["hint"]) == (
        "PC102",
        83,
        17,
        "did you mean 'text'?",
    )


def test_a_known_key_in_the_wrong_place_is_not_its_own_suggestion(
    runner: CliRunner, tmp_path: Path
) -> None:
    """`cells:` on a sub-item (a key of methods and strategies), `year:` in a task (of the
    top level), `note:` on a unit (a key of too many places to name): the hint says where
    the key belongs, never "did you mean" the very key given."""
    text = MINIMAL.read_text(encoding="utf-8")
    sub_item = "                    text: 服務標示。\n"
    cells = text.replace(sub_item, sub_item + "                    cells: {備註: 無}\n")
    assert first_finding(runner, tmp_path, cells) == (
        "PC102", 46, 21, "parts[1].principles[0].strategies[0].methods[0].subitems[0].cells",
        "'cells' belongs in methods: or in strategies:, not here",
    )  # fmt: skip
    task = "              - id: reg-1.1\n"
    assert text.count(task) == 1
    year = text.replace(task, task + "                year: 2015\n")
    found = first_finding(runner, tmp_path, year)
    assert found[0] == "PC102" and found[-1] == "'year' belongs at the top level, not here"
    unit = "  - name: 人事\n"
    assert text.count(unit) == 1
    note = text.replace(unit, unit + "    note: 兼辦\n")
    found = first_finding(runner, tmp_path, note)
    assert found[0] == "PC102" and found[-1] == "'note' is a key elsewhere in the file, not here"


def test_one_bad_file_does_not_stop_the_others(runner: CliRunner) -> None:
    exit_code, report = run_check(
        runner,
        str(CHECK / "PC001-syntax.yaml"),
        str(MINIMAL),
        str(CHECK / "PC201-unknown-unit.yaml"),
    )
    assert exit_code == 1
    assert report["files"] == 3
    # The PC201 file is the minimal plan with a unit misspelt: a second plan for its office
    # and year in the run as well (PC410).
    assert [f["code"] for f in report["findings"]] == ["PC001", "PC410", "PC201"]


def test_missing_file_is_unreadable_input(runner: CliRunner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "nope.yaml"
    result = runner.invoke(cli, ["check", str(missing)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"planctl: {missing}: no such file"


def _code_literals() -> list[tuple[str, str, bool]]:
    """Every "PCnnn" string in planctl's code: (code, file, whether it is the head of a
    `Code.parse(…)` declaration): a string that is only a code, or a declaration's text."""
    found = []
    for path in sorted((ROOT / "src" / "planctl").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        declaring = {
            id(node.args[0])
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and (node.func.value.id, node.func.attr) == ("Code", "parse")
            and node.args
        }
        found += [
            (number[1], path.name, id(node) in declaring)
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and (number := re.match(r"\s*(PC\d{3})(?: (?:error|warning): |$)", node.value))
        ]
    return found


def test_every_code_is_declared_once_and_reported_only_through_its_declaration() -> None:
    """A code's number is written once, in its `Code.parse(…)`: a finding written with the number
    itself (`Finding("PC301", …)`) could disagree with the registry about its severity."""
    literals = _code_literals()
    assert [(code, name) for code, name, declares in literals if not declares] == []
    numbers = [code for code, _name, _declares in literals]
    assert sorted(numbers) == sorted(set(numbers)) == sorted(CODES)
    assert [code.code for code in declared()] == sorted(CODES)


def test_every_declared_code_is_reported_by_a_test(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fixtures of tests/check (checked in one run, where they are plans of one office and
    year: PC410), and a ledger with one of each of its problems, report every code there is;
    both reports follow the findings' JSON schema, which knows no other code."""
    import jsonschema  # check-jsonschema's, as test_schema's

    schema = json.loads(FINDINGS_SCHEMA.read_text(encoding="utf-8"))
    _, report = run_check(runner, *sorted(str(path) for path in CHECK.glob("*.yaml")))
    jsonschema.validate(report, schema)
    reported = {finding["code"] for finding in report["findings"]}
    monkeypatch.chdir(tmp_path)
    office(tmp_path)
    (tmp_path / "progress").mkdir()
    (tmp_path / "progress" / "2015.yaml").write_text(LEDGER, encoding="utf-8")
    _, report = run_check(runner, "--as-of", "2015-12-31")
    jsonschema.validate(report, schema)
    reported |= {finding["code"] for finding in report["findings"]}
    assert sorted(reported) == sorted(CODES)
    report["findings"][0]["code"] = "PC999"
    with pytest.raises(jsonschema.ValidationError, match="PC999"):
        jsonschema.validate(report, schema)


def test_the_committed_findings_schema_is_the_generated_one() -> None:
    from planctl.outputs.jsontext import json_text
    from planctl.outputs.tables.findings_schema import findings_schema

    assert FINDINGS_SCHEMA.read_text(encoding="utf-8") == json_text(findings_schema()), (
        "regenerate it: python -m planctl.outputs.tables.findings_schema "
        "> schema/findings.schema.json"
    )


LEDGER = """entries:
  - {id: a, task: reg-1.1, month: 1, status: 已完成, text: 依計畫辦理, date: 2015-02-05}
  - {id: a, task: reg-1.9, month: 2, status: 已完成, text: 依計畫辦理, date: 2015-03-05}
  - {id: c, task: reg-1.2, month: 7, status: 已完成, text: 依計畫辦理, date: 2017-01-01}
  - {id: d, task: reg-1.1, month: 1, status: 已完成, text: 辦理, date: 2015-02-06, replaces: zzz}
  - {id: e, task: reg-1.4, month: 3, status: 辦理中, percent: 10, text: 辦理, date: 2015-04-05}
  - {id: f, task: reg-1.4, month: 1, status: 辦理中, percent: 20, text: 辦理, reason: 缺人,
     date: 2015-02-05}
  - {id: g, task: reg-1.1, month: 2, status: 已完成, text: 辦理, date: 2015-01-31}
  - {id: x, task: reg-1.2, month: 4, status: 已完成, text: 辦理, date: 2015-05-05, replaces: y}
  - {id: y, task: reg-1.2, month: 4, status: 已完成, text: 辦理, date: 2015-05-06, replaces: x}
"""
"""PC707 (id a twice), PC701 (reg-1.9), PC702 and PC703 (month 7, dated 2017), PC705 and
PC706 (replaces nothing), PC704 (behind, no reason); PC708: the months nobody reported;
PC710 (f: ahead, with a reason), PC712 (e: 10 % after f's 20 %), PC711 and PC713 (g:
completes undated, reported in January), PC709 (x and y replace each other)."""


def first_finding(runner: CliRunner, tmp_path: Path, text: str) -> tuple[object, ...]:
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    _, report = run_check(runner, str(plan))
    first = report["findings"][0]
    return tuple(first[key] for key in ("code", "line", "column", "path", "hint"))


def test_pc602_points_at_the_units_that_leave_no_shared_cell(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The strategy (一) names units: the first method or sub-item naming its own is shown."""
    strategy = "            text: 訂定計畫。\n"
    base = MINIMAL.read_text(encoding="utf-8").replace(
        strategy, strategy + "            units: [人事]\n"
    )
    path = "parts[1].principles[0].strategies[0].methods[0]"
    hint = "keep the units on the strategy (one shared cell) or on each method, not both"
    assert first_finding(runner, tmp_path, base) == (
        "PC602",
        47,
        28,
        f"{path}.subitems[0].units",
        hint,
    )
    second = base.replace("                    units: [登記課]\n", "")
    assert first_finding(runner, tmp_path, second) == (
        "PC602", 49, 28, f"{path}.subitems[1].units", hint
    )  # fmt: skip
    method = "                text: 充實設備：\n"
    own = second.replace("                    units: [各課, 研考]\n", "")
    own = own.replace(method, method + "                units: [研考]\n")
    assert first_finding(runner, tmp_path, own) == ("PC602", 44, 24, f"{path}.units", hint)


def test_pc501_names_the_invisible_characters_an_empty_text_holds(
    runner: CliRunner, tmp_path: Path
) -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    path = "parts[4].tables[1].items[0].tasks[0].text"
    invisible = text.replace("text: 辦理文康活動", 'text: "\\u3000\\u200b \\u3000"')
    assert first_finding(runner, tmp_path, invisible) == (
        "PC501", 93, 23, path, "it holds only U+3000, U+200B, which print as nothing"
    )  # fmt: skip
    spaces = text.replace("text: 辦理文康活動", 'text: "  "')
    assert first_finding(runner, tmp_path, spaces) == ("PC501", 93, 23, path, "")


def test_pc502_finds_a_text_beginning_with_any_space(runner: CliRunner, tmp_path: Path) -> None:
    """The walk looks only at texts whose first character may be blank (or whose last is a
    space): every character `str.isspace` calls a space is blank, so a text that begins
    with one is looked at, and a leading space alone is PC502."""
    spaces = [chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()]
    assert len(spaces) == 29 and all(blank(space) for space in spaces)
    text = MINIMAL.read_text(encoding="utf-8")
    path = "parts[4].tables[1].items[0].tasks[0].text"
    for space in ("\\t", " ", "\\u2003", "\\u3000"):
        leading = text.replace("text: 辦理文康活動", f'text: "{space}辦理文康活動"')
        assert first_finding(runner, tmp_path, leading) == ("PC502", 93, 23, path, "")


def test_pc201_points_at_a_strategys_own_unit(runner: CliRunner, tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    for units in ("[登記課]", "[各課, 研考]"):  # on the sub-items: none left there
        text = text.replace(f"                    units: {units}\n", "")
    strategy = "            text: 訂定計畫。\n"
    text = text.replace(strategy, strategy + "            units: [登紀課]\n")
    path = "parts[1].principles[0].strategies[0].units[0]"
    assert first_finding(runner, tmp_path, text) == (
        "PC201", 40, 21, path, "did you mean 戶籍登記課?"
    )  # fmt: skip


def test_a_code_is_parsed_from_its_text() -> None:
    """A declaration's prose continues on lines indented by two spaces, joined by a space; its
    examples keep their lines (and their own indentation); a field it does not know is an
    error at import, not a silently lost explanation."""
    code = Code.parse(
        """
PC999 warning: a summary
  that goes on
why: why it
  matters
fix: fix it
bad:
  a:
    - 1
good:
  a: []
"""
    )
    assert code == Code(
        "PC999",
        Severity.WARNING,
        "a summary that goes on",
        "why it matters",
        "fix it",
        "a:\n  - 1\n",
        "a: []\n",
    )
    with pytest.raises(ValueError, match=r"^PC999: unknown fields \['hint'\]$"):
        Code.parse("PC999 error: s\nwhy: w\nfix: f\nhint: h\nbad:\n  a\ngood:\n  b\n")


def test_an_example_is_written_once_as_a_diff() -> None:
    """`example:` gives both excerpts at once: a line marked `-` is the bad one's only, `+`
    the good one's, a space both's; `example of a task:` puts the keys under the example
    task. A line with another mark is an error, not a line lost from one side."""
    head = "PC999 error: s\nwhy: w\nfix: f\n"
    code = Code.parse(head + "example:\n   a:\n  -  b: 1\n  +  b: 2\n     c: 3\n")
    assert (code.bad, code.good) == ("a:\n  b: 1\n  c: 3\n", "a:\n  b: 2\n  c: 3\n")
    code = Code.parse(head + "example of a task:\n  -month: [1]\n  +months: [1]\n   note: x\n")
    task = "tasks:\n  - id: reg-1.1\n    text: 清查百歲人瑞\n"
    assert code.bad == task + "    month: [1]\n    note: x\n"
    assert code.good == task + "    months: [1]\n    note: x\n"
    with pytest.raises(
        ValueError, match=r"^PC999: an example line begins with a space, '-' or '\+'$"
    ):
        Code.parse(head + "example:\n   a:\n  *  b: 1\n")
