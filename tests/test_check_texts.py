"""PC501-PC503 (rules/texts.py) and the walk that finds their texts (rules/walk.py), on the
cases mutation testing found unchecked: a letter matched whatever its case, a goals part with
no acronym, a text padded at one end only, texts in a list and in a `cells:` mapping."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from tests.conftest import MINIMAL
from tests.helpers import findings


def plan(*replacements: tuple[str, str]) -> str:
    text = MINIMAL.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new, 1)
    return text


def test_a_letter_begins_its_word_whatever_the_case(runner: CliRunner, tmp_path: Path) -> None:
    lower_letter = plan(("{letter: S, word: Speed", "{letter: s, word: Speed"))
    assert [f[0] for f in findings(runner, tmp_path, lower_letter)] == ["PC503"]  # spells sMILE
    lower_word = plan(("{letter: S, word: Speed", "{letter: S, word: speed"))
    assert findings(runner, tmp_path, lower_word) == []


def test_a_word_not_beginning_with_its_letter(runner: CliRunner, tmp_path: Path) -> None:
    text = plan(("{letter: M, word: Merriness", "{letter: M, word: Learning"))
    assert findings(runner, tmp_path, text) == [
        (
            "PC503",
            26,
            29,
            "parts[0].acronym.letters[1].word",
            "Learning does not begin with M",
            "",
        )
    ]


def test_a_goals_part_without_an_acronym_is_not_checked(runner: CliRunner, tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    start = text.index("    acronym:\n")
    end = text.index("  - kind: strategies\n")
    assert findings(runner, tmp_path, text[:start] + text[end:]) == []


PADDED = "text begins or ends with spaces"


def test_a_text_padded_at_one_end(runner: CliRunner, tmp_path: Path) -> None:
    """A space at the end only, and a full-width space at the start of a text that shows."""
    text = plan(
        ("text: 清查百歲人瑞", 'text: "清查百歲人瑞 "'),
        ("text: 清查死亡通報", 'text: "\\u3000清查死亡通報"'),
    )
    tasks = "parts[4].tables[0].items[0].tasks"
    assert findings(runner, tmp_path, text) == [
        ("PC502", 74, 23, f"{tasks}[0].text", PADDED, ""),
        ("PC502", 77, 23, f"{tasks}[1].text", PADDED, ""),
    ]


def test_padded_texts_in_a_list_and_in_cells(runner: CliRunner, tmp_path: Path) -> None:
    """The walk finds the texts of a list (`columns:`) and of a mapping (`cells:`)."""
    listed = plan(("columns: [實施要領, 執行策略", 'columns: [實施要領, "執行策略 "'))
    assert findings(runner, tmp_path, listed) == [
        ("PC502", 33, 21, "parts[1].columns[1]", PADDED, "")
    ]
    cells = plan(
        ("執行課室]", "執行課室, 備註]"),
        ("text: 充實設備：", 'text: 充實設備：\n                cells: {備註: " 甲"}'),
    )
    method = "parts[1].principles[0].strategies[0].methods[0]"
    assert findings(runner, tmp_path, cells) == [
        ("PC502", 43, 29, f"{method}.cells.備註", PADDED, "")
    ]


def test_the_acronym_of_a_goals_part_after_another_part(runner: CliRunner, tmp_path: Path) -> None:
    """The parts before the goals part are passed over, not the end of the look."""
    text = plan(("{letter: M, word: Merriness", "{letter: M, word: Learning"))
    goals = text[text.index("  - kind: goals\n") : text.index("  - kind: strategies\n")]
    text = text.replace(goals, "").replace("  - kind: period\n", goals + "  - kind: period\n")
    found = [f[3:5] for f in findings(runner, tmp_path, text) if f[0] == "PC503"]
    assert found == [("parts[1].acronym.letters[1].word", "Learning does not begin with M")]
