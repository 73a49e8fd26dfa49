"""`check` stays bounded: findings are capped per code and counted; close-match hints stay
quick over a large registry.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers import PLAN, invoke


def bad_months(count: int) -> str:
    return PLAN.replace("months: [1-2]", "months: [" + ", ".join(["0"] * count) + "]")


def test_findings_are_capped_per_code_and_counted(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """1,000 bad months: the first 200 shown, the rest counted; another file (another
    office's plan: one office's two plans would be PC410) keeps its own."""
    import json

    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text(bad_months(1000), encoding="utf-8")
    other = PLAN.replace("office: 臺北市測試區", "office: 臺北市乙區").replace(
        "months: [3-11]", "months: [13]"
    )
    Path("b.yaml").write_text(other, encoding="utf-8")
    result = invoke(runner, "check", "a.yaml", "b.yaml")
    assert result.exit_code == 1
    assert result.stdout.count(": error PC302 month 0 is not within 1-12") == 200
    assert result.stdout.count("b.yaml:94:26: error PC302 month 13 is not within 1-12") == 1
    assert result.stdout.endswith(
        "a.yaml: error PC302 800 more not shown (the first 200 of each code in a file are)\n"
    )
    assert result.stderr == "2 files checked: 1001 error(s), 0 warning(s) (PC302 ×1001)\n"
    quiet = invoke(runner, "check", "--quiet", "a.yaml")
    assert quiet.stdout.endswith(
        "a.yaml: error PC302 800 more not shown (the first 200 of each code in a file are)\n"
    )
    assert quiet.stderr == "1 file checked: 1000 error(s), 0 warning(s) (PC302 ×1000)\n"
    document = json.loads(invoke(runner, "check", "--format", "json", "a.yaml").stdout)
    assert (document["errors"], len(document["findings"])) == (1000, 200)
    assert document["omitted"] == [
        {"file": "a.yaml", "code": "PC302", "severity": "error", "count": 800}
    ]
    github = invoke(runner, "check", "--format", "github", "a.yaml").stdout.splitlines()
    assert github[-1] == (
        "::error file=a.yaml,title=PC302::800 more not shown "
        "(the first 200 of each code in a file are)"
    )


def test_close_matches_from_a_large_registry() -> None:
    """The character index finds what difflib finds over every name, and the hint's list of
    known names stays short."""
    import difflib

    from planctl.rules.units import Suggestions

    names = [f"第{n}課{chr(0x4E00 + n % 500)}{chr(0x4F00 + n // 500)}" for n in range(3000)]
    suggest = Suggestions(names)
    for typo in ("第17課乑", "第2999課", "第1200", "課一"):
        expected = difflib.get_close_matches(typo, names, n=1, cutoff=0.3)
        assert suggest(typo) == (expected[0] if expected else None)
    assert suggest.known.endswith(" and 2,980 more")
    assert suggest.known.count("、") == 19


def test_close_matches_stop_after_200_names() -> None:
    from planctl.rules.units import Suggestions

    suggest = Suggestions(["戶籍登記課"])
    assert [suggest(f"登記{n}") for n in range(200)] == ["戶籍登記課"] * 200
    assert suggest("登記課") is None  # the 201st name: no more lookups
    assert suggest("登記0") == "戶籍登記課"  # looked up already


def test_ledger_hints_stop_after_200_names(monkeypatch: pytest.MonkeyPatch) -> None:
    """A ledger of thousands of mistyped task IDs and corrections is checked in linear time:
    each name's "did you mean" is looked up once, and after 200 names (3 here) no more are."""
    from planctl.repository.check import load_checked
    from planctl.rules.ledger import check_ledger
    from planctl.rules.units import Suggestions
    from tests.conftest import PLAN_2015
    from tests.progress_helpers import entry, ledger

    monkeypatch.setattr(Suggestions, "MAX_LOOKUPS", 3)
    typos = [entry(f"reg-1.{n}0", 1) for n in (1, 2, 1, 3, 4)]
    corrections = [entry("reg-1.1", 1, replaces=f"reg-1.1-m01-{n}") for n in (1, 2, 1, 3, 4)]
    findings = check_ledger(load_checked(PLAN_2015).plan, ledger(*typos, *corrections))
    for code in ("PC701", "PC705"):
        hints = [bool(f.hint) for f in findings if f.code == code]
        assert hints == [True, True, True, True, False]  # the 4th name: no more lookups
