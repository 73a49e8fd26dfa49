"""Bad input never crashes and never loses data: one test per input class (issue 5).

Every class runs through both `planctl check` (findings, exit 1; or unreadable, exit 2) and
`planctl due --month 3` (one line on stderr: exit 1 for an invalid plan, 2 for unreadable
input), with the exact output. The committed corpus is tests/hostile/; binary, huge and
encoding cases are generated in tmp_path. Paths in messages are relative: the tests run in
tests/ (fixture `in_tests`) or in tmp_path (fixture `in_tmp`).
"""

from __future__ import annotations

import codecs
import json
import os
import pwd
import re
import subprocess
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from planctl.cli import cli
from planctl.errors import InvalidPlan
from planctl.plan import reading, source
from planctl.rules import consistency as checks
from tests.conftest import TESTS

HOSTILE = TESTS / "hostile"
VALID = (HOSTILE / "valid.yaml").read_text(encoding="utf-8")
SAVE_AS_UTF8 = "in Notepad: 另存新檔 → 編碼 UTF-8"
REPORT = "the IT desk (include the output of PLANCTL_DEBUG=1 planctl …)"


@pytest.fixture
def in_tests(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(TESTS)
    return TESTS


@pytest.fixture
def in_tmp(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(runner: CliRunner, *args: str, env: dict[str, str] | None = None) -> Result:
    """Run planctl; whatever the input, it ends by exiting, never by an exception."""
    result = runner.invoke(cli, list(args), env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    return result


def outcome(result: Result) -> tuple[int, str, str]:
    return result.exit_code, result.stdout, result.stderr


def per_code(findings: str) -> str:
    """The summary's count of each code, `(PC001 ×1, PC103 ×2)`, from the printed findings."""
    counts = Counter(re.findall(r"^\S+:\d+:\d+: (?:error|warning) (PC\d{3}) ", findings, re.M))
    return " (" + ", ".join(f"{code} ×{n}" for code, n in sorted(counts.items())) + ")"


def assert_invalid(runner: CliRunner, path: str, findings: str, errors: int = 1) -> None:
    """`check` prints exactly `findings` and fails; `due` refuses with the same findings on
    stderr and one closing line, answers nothing, and exits 1."""
    summary = f"1 file checked: {errors} error(s), 0 warning(s){per_code(findings)}\n"
    assert outcome(invoke(runner, "check", path)) == (1, findings, summary)
    refused = f"planctl: {path}: {errors} error(s); not used (see the findings above)\n"
    assert outcome(invoke(runner, "due", "--month", "3", path)) == (1, "", findings + refused)


def assert_unreadable(runner: CliRunner, path: str, message: str) -> None:
    """`check` and `due` both say `message` on stderr, print nothing else, and exit 2."""
    summary = "1 file checked: 0 error(s), 0 warning(s), 1 unreadable\n"
    assert outcome(invoke(runner, "check", path)) == (2, "", f"planctl: {message}\n{summary}")
    assert outcome(invoke(runner, "due", "--month", "3", path)) == (2, "", f"planctl: {message}\n")


def assert_accepted(runner: CliRunner, path: str, findings: str = "", warnings: int = 0) -> Any:
    """`check` passes (printing only warnings); `due` answers. Returns due's JSON rows."""
    summary = (
        f"1 file checked: 0 error(s), {warnings} warning(s){per_code(findings)}\n"
        if warnings
        else "1 file checked: no problems\n"
    )
    assert outcome(invoke(runner, "check", path)) == (0, findings, summary)
    result = invoke(runner, "due", "--month", "3", "--format", "json", path)
    noun = "warning" if warnings == 1 else "warnings"
    counted = f"planctl: {warnings} {noun}; planctl check {path} for details\n" if warnings else ""
    assert (result.exit_code, result.stderr) == (0, counted)
    return json.loads(result.stdout)


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return path.name


# -- YAML syntax -------------------------------------------------------------------------------


def test_syntax_error(runner: CliRunner, in_tests: Path) -> None:
    """libyaml notices the unclosed `[` a line later; the hint points back to it."""
    message = (
        "PC001 YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence)"
    )
    hint = "the `[` on line 13 is not closed"
    assert_invalid(
        runner,
        "hostile/syntax-unclosed-bracket.yaml",
        f"hostile/syntax-unclosed-bracket.yaml:14:14: error {message}\n"
        "   14 |         items:\n"
        "      |              ^\n"
        f"      = hint: {hint}\n",
    )


def test_unclosed_quote(runner: CliRunner, in_tmp: Path) -> None:
    write(in_tmp / "plan.yaml", VALID.replace("text: 清查百歲人瑞", 'text: "清查百歲人瑞'))
    message = (
        "PC001 YAML syntax error: found unexpected end of stream (while scanning a quoted scalar)"
    )
    hint = "the quote on line 19 is not closed"
    assert_invalid(
        runner,
        "plan.yaml",
        f"plan.yaml:21:1: error {message}\n      = hint: {hint}\n",
    )


def test_tab_indentation(runner: CliRunner, in_tests: Path) -> None:
    message = (
        "PC001 YAML syntax error: found a tab character that violates indentation "
        "(while scanning a plain scalar)"
    )
    assert_invalid(
        runner,
        "hostile/tab-indent.yaml",
        f"hostile/tab-indent.yaml:12:1: error {message}\n"
        "   12 | \tcode: reg\n"
        "      | ^\n"
        "      = hint: indent with spaces, not tabs\n",
    )


def test_duplicate_key(runner: CliRunner, in_tests: Path) -> None:
    hint = "first given on line 19; YAML would keep only one"
    assert_invalid(
        runner,
        "hostile/duplicate-key.yaml",
        "hostile/duplicate-key.yaml:20:17: error PC002 duplicate key 'text'\n"
        "   20 |                 text: 清查死亡通報\n"
        "      |                 ^\n"
        f"      = hint: {hint}\n",
    )


def test_two_documents(runner: CliRunner, in_tests: Path) -> None:
    hint = "a plan file holds one document: remove `---`"
    assert_invalid(
        runner,
        "hostile/two-documents.yaml",
        "hostile/two-documents.yaml:21:1: error PC001 YAML syntax error: "
        "a second document starts here\n"
        "   21 | ---\n"
        "      | ^\n"
        f"      = hint: {hint}\n",
    )


def test_control_character(runner: CliRunner, in_tmp: Path) -> None:
    """An escape sequence pasted from a terminal: libyaml gives a byte offset, we a column;
    the excerpt shows the character as ␛, never sends it to the terminal."""
    name = write(in_tmp / "plan.yaml", VALID.replace("清查百歲人瑞", "清查百歲\x1b[0m人瑞"))
    message = "PC001 control character U+001B is not allowed in YAML"
    hint = "delete it; it was probably pasted in by accident"
    assert_invalid(
        runner,
        name,
        f"plan.yaml:19:27: error {message}\n"
        "   19 |                 text: 清查百歲␛[0m人瑞\n"
        "      |                               ^\n"
        f"      = hint: {hint}\n",
    )


# -- aliases and tags --------------------------------------------------------------------------

ALIAS_HINT = "write the value out again instead of pointing to an anchor"


def test_alias(runner: CliRunner, in_tests: Path) -> None:
    """Refused at the alias itself, not at the anchor it points to."""
    assert_invalid(
        runner,
        "hostile/alias.yaml",
        "hostile/alias.yaml:20:25: error PC003 aliases (*name) are not allowed in a plan\n"
        "   20 |                 months: *registry\n"
        "      |                         ^\n"
        f"      = hint: {ALIAS_HINT}\n",
    )


def test_merge_key(runner: CliRunner, in_tests: Path) -> None:
    assert_invalid(
        runner,
        "hostile/merge-key.yaml",
        "hostile/merge-key.yaml:18:17: error PC003 merge keys (<<) are not allowed in a plan\n"
        "   18 |               - <<: {id: reg-1.1}\n"
        "      |                 ^\n",
    )


def test_alias_bomb(runner: CliRunner, in_tests: Path) -> None:
    assert_invalid(
        runner,
        "hostile/alias-bomb.yaml",
        "hostile/alias-bomb.yaml:5:8: error PC003 aliases (*name) are not allowed in a plan\n"
        "    5 | b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "      |        ^\n"
        f"      = hint: {ALIAS_HINT}\n",
    )


def test_alias_bomb_is_refused_at_once_in_bounded_memory() -> None:
    """Billion laughs: 9^9 strings if expanded. The loader stops at its first alias (line 5),
    having built a dozen values: well under a second and 100 KB."""
    text = (HOSTILE / "alias-bomb.yaml").read_text(encoding="utf-8")
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(InvalidPlan) as refused:
        source.parse(text, "bomb.yaml")
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert refused.value.one_line().startswith("bomb.yaml:5:8: PC003 aliases")
    assert elapsed < 1.0
    assert peak < 100 * 1024


def test_the_alias_bomb_is_real(in_tests: Path) -> None:
    """The fixture is a working bomb: PyYAML loads it as shared lists whose expansion holds
    9^9 strings, which is what walking the data (as any builder of positions must) meets."""
    data = yaml.load((HOSTILE / "alias-bomb.yaml").read_text(), Loader=yaml.CSafeLoader)
    size = 1
    node = data["i"]
    while isinstance(node, list):
        size *= len(node)
        node = node[0]
    assert size == 9**9


TAG_HINT = "plans hold plain text, numbers, lists and mappings only"


@pytest.mark.parametrize(
    ("name", "tag", "written"),
    [
        ("python-tag", "!!python/object/apply:os.mkdir", "!!python/object/apply:os.mkdir"),
        ("unknown-tag", "!include", "!include tasks.yaml"),
        ("binary-tag", "!!binary", "!!binary 5riF5p+l"),
    ],
)
def test_tags_are_refused(
    runner: CliRunner, in_tests: Path, name: str, tag: str, written: str
) -> None:
    path = f"hostile/{name}.yaml"
    lines = (HOSTILE / f"{name}.yaml").read_text(encoding="utf-8").splitlines()
    line = lines[18]
    assert line.startswith(f"                text: {written}")
    message = f"PC004 tag {tag} is not allowed in a plan"
    assert_invalid(
        runner,
        path,
        f"{path}:19:23: error {message}\n   19 | {line}\n      |                       ^\n"
        f"      = hint: {TAG_HINT}\n",
    )


def test_a_python_tag_is_never_constructed(
    runner: CliRunner, in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The payload runs under yaml.unsafe_load (so the fixture is live), never under planctl."""
    text = (HOSTILE / "python-tag.yaml").read_text(encoding="utf-8")
    (in_tmp / "plan.yaml").write_text(text, encoding="utf-8")
    for command in (["check"], ["due", "--month", "3"]):
        assert invoke(runner, *command, "plan.yaml").exit_code == 1
    assert not (in_tmp / "planctl-pwned").exists()
    yaml.unsafe_load(text)
    assert (in_tmp / "planctl-pwned").is_dir()


def test_a_bad_value_under_a_standard_tag(runner: CliRunner, in_tmp: Path) -> None:
    """`!!int` is allowed, but its value must be one: no ValueError escapes."""
    name = write(in_tmp / "plan.yaml", VALID.replace("- number: 1", "- number: !!int 一"))
    assert_invalid(
        runner,
        name,
        "plan.yaml:15:21: error PC004 '一' is not a valid !!int\n"
        "   15 |           - number: !!int 一\n"
        "      |                     ^\n",
    )


# -- encodings ---------------------------------------------------------------------------------


def test_big5_is_recognised_and_the_message_says_how_to_convert(
    runner: CliRunner, in_tmp: Path
) -> None:
    (in_tmp / "plan.yaml").write_bytes(VALID.encode("cp950"))
    assert_unreadable(
        runner,
        "plan.yaml",
        "plan.yaml:2: not UTF-8; it looks like Big5 (CP950) (convert it: "
        f"`iconv -f CP950 -t UTF-8 plan.yaml > plan-utf8.yaml`, or {SAVE_AS_UTF8})",
    )
    converted = (in_tmp / "plan.yaml").read_bytes().decode("cp950")
    (in_tmp / "plan-utf8.yaml").write_text(converted, encoding="utf-8")
    assert_accepted(runner, "plan-utf8.yaml")


def test_other_non_utf8_bytes(runner: CliRunner, in_tmp: Path) -> None:
    """Latin-1 (or any bytes that are neither UTF-8 nor Big5): where, and what to do."""
    data = VALID.encode("utf-8").replace("清查百歲人瑞".encode(), "café".encode("latin-1"))
    (in_tmp / "plan.yaml").write_bytes(data)
    offset = data.index(b"\xe9")
    assert_unreadable(
        runner,
        "plan.yaml",
        f"plan.yaml:19: not UTF-8 text (invalid byte at offset {offset}) ({SAVE_AS_UTF8})",
    )


@pytest.mark.parametrize(
    ("encoding", "bom", "what"),
    [
        ("utf-16-le", codecs.BOM_UTF16_LE, "with a BOM"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "with a BOM"),
        ("utf-16-le", b"", "little-endian, no BOM"),
        ("utf-16-be", b"", "big-endian, no BOM"),
    ],
)
def test_utf16(runner: CliRunner, in_tmp: Path, encoding: str, bom: bytes, what: str) -> None:
    """Notepad's "Unicode": without a BOM it is full of NUL bytes, but it is not binary data."""
    (in_tmp / "plan.yaml").write_bytes(bom + VALID.encode(encoding))
    assert_unreadable(
        runner,
        "plan.yaml",
        f"plan.yaml: file is UTF-16 ({what}); save it as UTF-8 ({SAVE_AS_UTF8})",
    )


def test_utf8_bom_and_crlf_are_accepted_and_positions_stay_right(
    runner: CliRunner, in_tmp: Path
) -> None:
    windows = codecs.BOM_UTF8 + VALID.replace("\n", "\r\n").encode("utf-8")
    (in_tmp / "plan.yaml").write_bytes(windows)
    rows = assert_accepted(runner, "plan.yaml")
    assert [row["id"] for row in rows] == ["reg-1.1"]
    # A finding in such a file is placed exactly as in the plain file, and shown without \r.
    broken = (HOSTILE / "yaml11-boolean.yaml").read_text(encoding="utf-8")
    (in_tmp / "bad.yaml").write_bytes(codecs.BOM_UTF8 + broken.replace("\n", "\r\n").encode())
    report = json.loads(invoke(runner, "check", "--format", "json", "bad.yaml").stdout)
    first = report["findings"][0]
    assert (first["line"], first["column"], first["code"]) == (19, 23, "PC103")
    text = invoke(runner, "check", "bad.yaml").stdout
    assert "   19 |                 text: no\n      |                       ^\n" in text
    # A BOM does not shift the columns of line 1.
    (in_tmp / "one.yaml").write_bytes(codecs.BOM_UTF8 + b"title: [x]\r\n")
    report = json.loads(invoke(runner, "check", "--format", "json", "one.yaml").stdout)
    assert (report["findings"][0]["line"], report["findings"][0]["column"]) == (1, 1)
    assert (report["findings"][-1]["line"], report["findings"][-1]["column"]) == (1, 8)


# -- empty, comment-only, not a mapping --------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "excerpt"),
    [("empty", ""), ("comment-only", "    1 | # 104年度計畫：待填寫\n      | ^\n")],
)
def test_no_plan_in_the_file(runner: CliRunner, in_tests: Path, name: str, excerpt: str) -> None:
    path = f"hostile/{name}.yaml"
    message = "PC005 empty document: no plan in this file"
    assert_invalid(runner, path, f"{path}:1:1: error {message}\n{excerpt}")


ROOT_HINT = "a plan file is a mapping: title:, office:, year:, units: and parts:"


@pytest.mark.parametrize(
    ("name", "got", "line"),
    [
        ("root-list", "a list", "- title: 測試戶政事務所104年度提升服務品質實施計畫"),
        (
            "root-scalar",
            "text ('測試戶政事務所104年度提升服務品質實施')",
            "測試戶政事務所104年度提升服務品質實施計畫",
        ),
    ],
)
def test_root_is_not_a_mapping(
    runner: CliRunner, in_tests: Path, name: str, got: str, line: str
) -> None:
    path = f"hostile/{name}.yaml"
    message = f"PC103 expected a mapping of keys and values, got {got}"
    assert_invalid(
        runner,
        path,
        f"{path}:1:1: error {message}\n    1 | {line}\n      | ^\n      = hint: {ROOT_HINT}\n",
    )


# -- binary data -------------------------------------------------------------------------------


def test_binary_data(runner: CliRunner, in_tmp: Path) -> None:
    (in_tmp / "plan.yaml").write_bytes(bytes(range(256)) * 4)
    assert_unreadable(runner, "plan.yaml", "plan.yaml: binary data (NUL bytes), not a YAML plan")


def test_a_nul_byte_in_a_text_file(runner: CliRunner, in_tmp: Path) -> None:
    (in_tmp / "plan.yaml").write_bytes(VALID.replace("人瑞", "人\x00瑞").encode("utf-8"))
    assert_unreadable(runner, "plan.yaml", "plan.yaml: binary data (NUL bytes), not a YAML plan")


# -- files that are not there or not files -----------------------------------------------------


def test_missing_file(runner: CliRunner, in_tmp: Path) -> None:
    assert_unreadable(runner, "nope.yaml", "nope.yaml: no such file")


def test_a_directory_named_like_a_plan(runner: CliRunner, in_tmp: Path) -> None:
    """Found by searching a folder (`plans/old.yaml/`): reported, not read."""
    (in_tmp / "plans" / "old.yaml").mkdir(parents=True)
    assert_unreadable(
        runner, "plans", f"{Path('plans') / 'old.yaml'}: is a directory, not a plan file"
    )


def test_a_folder_without_plans(runner: CliRunner, in_tmp: Path) -> None:
    """`check` of an empty folder must not pass, and `due` has no year to ask about."""
    (in_tmp / "empty").mkdir()
    message = "planctl: empty: no plan files (*.yaml, *.yml) in this folder\n"
    assert outcome(invoke(runner, "check", "empty")) == (2, "", message)
    assert outcome(invoke(runner, "due", "--month", "3", "empty")) == (2, "", message)


@contextmanager
def without_root(folder: Path) -> Iterator[None]:
    """Root reads files whatever their mode: as root, act as `nobody` (the effective user
    only, so that root comes back) in `folder`, which nobody may search."""
    if os.geteuid() != 0:
        yield
        return
    nobody = pwd.getpwnam("nobody")
    folder.chmod(0o711)
    os.setegid(nobody.pw_gid)
    os.seteuid(nobody.pw_uid)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


def test_a_file_without_read_permission(runner: CliRunner, in_tmp: Path) -> None:
    path = in_tmp / "plan.yaml"
    write(path, VALID)
    path.chmod(0)
    with without_root(in_tmp):
        assert_unreadable(runner, "plan.yaml", "plan.yaml: permission denied")


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (PermissionError(13, "Permission denied"), "plan.yaml: permission denied"),
        (OSError(5, "Input/output error"), "plan.yaml: cannot read (Input/output error)"),
    ],
)
def test_read_errors_are_one_line(
    runner: CliRunner, in_tmp: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, message: str
) -> None:
    """What the OS refuses (also as root, where chmod 000 does not stop reads): one line."""
    write(in_tmp / "plan.yaml", VALID)

    def refuse(self: Path, *args: Any, **kwargs: Any) -> Any:
        raise error

    monkeypatch.setattr(Path, "open", refuse)
    assert_unreadable(runner, "plan.yaml", message)


# -- nesting, size, long lines -----------------------------------------------------------------


def test_very_deep_flow_nesting(runner: CliRunner, in_tmp: Path) -> None:
    """500 levels: the event builder stops at level 65."""
    write(in_tmp / "plan.yaml", "title: " + "[" * 500 + "]" * 500 + "\n")
    assert_invalid(
        runner,
        "plan.yaml",
        "plan.yaml:1:72: error PC006 nesting deeper than 64 levels\n"
        f"    1 | title: {'[' * 193}…\n"
        f"      | {' ' * 71}^\n",
    )


def test_hundred_thousand_levels_are_refused_not_crashed(runner: CliRunner, in_tmp: Path) -> None:
    """100,000 levels in 200 KB: libyaml's own composer would crash the process (it recurses
    in C). Depending on the libyaml inside PyYAML, the builder stops at level 65 or libyaml at
    level 1,000 while scanning ahead; either way it is PC006, in one line, exit 1."""
    write(in_tmp / "plan.yaml", "title: " + "[" * 100_000 + "]" * 100_000 + "\n")
    result = runner.invoke(cli, ["check", "--format", "json", "plan.yaml"])
    findings = json.loads(result.stdout)["findings"]
    assert (result.exit_code, [(f["code"], f["line"], f["message"]) for f in findings]) == (
        1,
        [("PC006", 1, "nesting deeper than 64 levels")],
    )
    assert findings[0]["column"] in (72, 1007)
    due = runner.invoke(cli, ["due", "--month", "3", "plan.yaml"])
    assert due.exit_code == 1
    assert re.fullmatch(
        r"plan\.yaml:1:(72|1007): error PC006 nesting deeper than 64 levels\n.*\n.*\n"
        r"planctl: plan\.yaml: 1 error\(s\); not used \(see the findings above\)\n",
        due.stderr,
    )


def test_very_deep_block_nesting(runner: CliRunner, in_tmp: Path) -> None:
    text = "".join(" " * depth + "k:\n" for depth in range(100))
    write(in_tmp / "plan.yaml", text)
    assert_invalid(
        runner,
        "plan.yaml",
        "plan.yaml:66:66: error PC006 nesting deeper than 64 levels\n"
        f"   66 | {' ' * 65}k:\n"
        f"      | {' ' * 65}^\n",
    )


def test_nesting_up_to_the_limit_is_read(runner: CliRunner, in_tmp: Path) -> None:
    """64 levels below the root are read (then the schema says what is wrong). A task's note
    is 9 levels down, so 56 lists in it reach level 64."""
    write(in_tmp / "plan.yaml", VALID.replace("months: [3]", "note: " + "[" * 56 + "]" * 56))
    report = json.loads(invoke(runner, "check", "--format", "json", "plan.yaml").stdout)
    assert [f["code"] for f in report["findings"]] == ["PC101", "PC103"]
    write(in_tmp / "plan.yaml", VALID.replace("months: [3]", "note: " + "[" * 57 + "]" * 57))
    report = json.loads(invoke(runner, "check", "--format", "json", "plan.yaml").stdout)
    assert [f["code"] for f in report["findings"]] == ["PC006"]


def test_a_file_over_10_mib_is_not_read(runner: CliRunner, in_tmp: Path) -> None:
    """The limit is exact: 10 MiB of plan is read, one byte more is refused unread."""
    padding = reading.MAX_BYTES - len(VALID.encode("utf-8")) - 3
    at_limit = VALID + "#" + "x" * padding + "\n"
    assert len(at_limit.encode("utf-8")) == reading.MAX_BYTES - 1
    write(in_tmp / "plan.yaml", at_limit + "\n")
    assert_accepted(runner, "plan.yaml")
    write(in_tmp / "plan.yaml", at_limit + "\n\n")
    assert_unreadable(runner, "plan.yaml", "plan.yaml: larger than 10 MiB, not read")


def test_too_many_values_are_not_read(
    runner: CliRunner, in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """10 MiB of `[a,a,a,…]` is five million values: reading stops at MAX_VALUES (a million;
    50 here, to keep the test fast)."""
    monkeypatch.setattr(source, "MAX_VALUES", 50)
    write(in_tmp / "plan.yaml", "title: [" + "a," * 100 + "]\n")
    assert_unreadable(runner, "plan.yaml", "plan.yaml: more than 50 values, not read")
    write(in_tmp / "plan.yaml", "title: [" + "a," * 40 + "]\n")
    assert invoke(runner, "check", "plan.yaml").exit_code == 1  # read: a schema finding


def test_a_very_long_line_is_cut_in_findings(runner: CliRunner, in_tmp: Path) -> None:
    """A 300 KB unit name: the message and the excerpt stay one readable line each."""
    name = "登" * 100_000
    write(in_tmp / "plan.yaml", VALID.replace("units: [戶籍登記課]", f"units: [{name}]"))
    hint = "add it to `units:` or use one of: 戶籍登記課"
    line = f"        units: [{name}]"
    findings = invoke(runner, "check", "plan.yaml").stdout
    assert findings == (
        f"plan.yaml:13:17: error PC201 unknown unit 「{'登' * 60}…」 "
        "[parts[0].tables[0].units[0]]\n"
        f"   13 | {line[:200]}…\n"
        f"      | {' ' * 16}^\n"
        f"      = hint: {hint}\n"
    )
    due = invoke(runner, "due", "--month", "3", "--format", "json", "plan.yaml")
    assert (due.exit_code, due.stdout, due.stderr.startswith(findings)) == (1, "", True)


def test_a_very_long_text_is_accepted(runner: CliRunner, in_tmp: Path) -> None:
    long_text = "清查" * 500_000
    write(in_tmp / "plan.yaml", VALID.replace("text: 清查百歲人瑞", f"text: {long_text}"))
    rows = assert_accepted(runner, "plan.yaml")
    assert rows[0]["task"] == long_text


def test_numbers_with_thousands_of_digits(runner: CliRunner, in_tmp: Path) -> None:
    """Python refuses to read integers over 4,300 digits (a ValueError: once an internal
    error here): such a scalar stays text. A shorter one where text is meant is a clipped
    PC103."""
    write(in_tmp / "plan.yaml", VALID.replace("text: 清查百歲人瑞", "text: " + "9" * 5000))
    assert assert_accepted(runner, "plan.yaml")[0]["task"] == "9" * 5000
    write(in_tmp / "plan.yaml", VALID.replace("text: 清查百歲人瑞", "text: " + "9" * 4000))
    message = f"PC103 expected text, got a number ({'9' * 20}…)"
    hint = "YAML reads this as a number; write it in quotes if text is meant"
    assert_invalid(
        runner,
        "plan.yaml",
        f"plan.yaml:19:23: error {message} [parts[0].tables[0].items[0].tasks[0].text]\n"
        f"   19 |                 text: {'9' * 178}…\n"
        "      |                       ^\n"
        f"      = hint: {hint}\n",
    )


def test_a_key_with_a_line_break_keeps_messages_on_one_line(
    runner: CliRunner, in_tmp: Path
) -> None:
    write(in_tmp / "plan.yaml", VALID.replace("text: 清查百歲人瑞", '"te\\nxt": 清查百歲人瑞'))
    message = "PC102 unknown key 'te\\nxt'"
    result = invoke(runner, "check", "--format", "json", "plan.yaml")
    messages = [f["code"] + " " + f["message"] for f in json.loads(result.stdout)["findings"]]
    assert messages == ["PC101 missing key 'text'", message]
    due = invoke(runner, "due", "--month", "3", "plan.yaml")
    assert (due.exit_code, due.stdout) == (1, "")
    refused = "planctl: plan.yaml: 2 error(s); not used (see the findings above)\n"
    assert due.stderr == invoke(runner, "check", "plan.yaml").stdout + refused
    # two findings of three lines (message, excerpt, caret), a hint, one last line
    assert due.stderr.count("\n") == 8


def test_a_key_longer_than_yaml_allows(runner: CliRunner, in_tmp: Path) -> None:
    key = "x" * 2000
    write(in_tmp / "plan.yaml", VALID.replace("title:", f"{key}: 1\ntitle:"))
    message = "PC001 YAML syntax error: mapping values are not allowed in this context"
    hint = "a YAML key is at most 1024 characters: is a line break missing?"
    assert_invalid(
        runner,
        "plan.yaml",
        f"plan.yaml:2:2001: error {message}\n"
        f"    2 | {'x' * 200}…\n"
        f"      | {' ' * 201}^\n"
        f"      = hint: {hint}\n",
    )


# -- YAML 1.1 traps ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "got", "means"),
    [
        ("no", "true/false (false)", "true/false"),
        ("yes", "true/false (true)", "true/false"),
        ("on", "true/false (true)", "true/false"),
        ("Off", "true/false (false)", "true/false"),
        ("~", "nothing", "nothing (null)"),
        ("1.", "a number (1.0)", "a number"),
        ("012", "a number (12)", "a number"),
    ],
)
def test_yaml_reads_text_as_something_else(
    runner: CliRunner, in_tmp: Path, written: str, got: str, means: str
) -> None:
    write(in_tmp / "plan.yaml", VALID.replace("text: 清查百歲人瑞", f"text: {written}"))
    message = f"PC103 expected text, got {got}"
    hint = f'YAML reads {written} as {means}; write "{written}" in quotes if text is meant'
    assert_invalid(
        runner,
        "plan.yaml",
        f"plan.yaml:19:23: error {message} [parts[0].tables[0].items[0].tasks[0].text]\n"
        f"   19 |                 text: {written}\n"
        "      |                       ^\n"
        f"      = hint: {hint}\n",
    )


def test_yaml_11_boolean_fixture(runner: CliRunner, in_tests: Path) -> None:
    path = "hostile/yaml11-boolean.yaml"
    message = "PC103 expected text, got true/false (false)"
    hint = 'YAML reads no as true/false; write "no" in quotes if text is meant'
    assert_invalid(
        runner,
        path,
        f"{path}:19:23: error {message} [parts[0].tables[0].items[0].tasks[0].text]\n"
        "   19 |                 text: no\n"
        "      |                       ^\n"
        f"      = hint: {hint}\n",
    )


def test_a_label_read_as_a_number(runner: CliRunner, in_tests: Path) -> None:
    path = "hostile/yaml11-number.yaml"
    message = "PC103 expected text, got a number (1.0)"
    hint = 'YAML reads 1. as a number; write "1." in quotes if text is meant'
    assert_invalid(
        runner,
        path,
        f"{path}:19:23: error {message} [parts[0].tables[0].items[0].tasks[0].note]\n"
        "   19 |                 note: 1.\n"
        "      |                       ^\n"
        f"      = hint: {hint}\n",
    )


def test_leading_zeros_are_decimal(runner: CliRunner, in_tests: Path) -> None:
    """`012` is 12 and `09` is 9 (YAML 1.1 would make them octal 10 and the text "09")."""
    rows = assert_accepted(runner, "hostile/yaml11-leading-zero.yaml")
    assert [(row["no"], row["months"]) for row in rows] == [("12", [3, 9])]


def test_dates_and_times_where_text_is_meant_stay_text(runner: CliRunner, in_tests: Path) -> None:
    """The loader keeps timestamps (and YAML 1.1's 9:30 = 570) as text, as written."""
    rows = assert_accepted(runner, "hostile/yaml11-date-as-text.yaml")
    assert rows[0]["task"] == "2015-02-04"
    parsed = source.parse((HOSTILE / "yaml11-date-as-text.yaml").read_text(), "x")
    assert parsed.data["parts"][0]["tables"][0]["items"][0]["tasks"][0]["note"] == "9:30"


def test_a_whole_number_is_written_as_one(runner: CliRunner, in_tmp: Path) -> None:
    """`number: yes` must not become 編號 1 (a 編號 is a whole number or a label as written:
    一、, (一), "1.")."""
    write(in_tmp / "plan.yaml", VALID.replace("- number: 1", "- number: yes"))
    message = "PC103 編號 is a whole number or a label as written (一、, (一), 1.)"
    assert_invalid(
        runner,
        "plan.yaml",
        f"plan.yaml:15:21: error {message} [parts[0].tables[0].items[0].number]\n"
        "   15 |           - number: yes\n"
        "      |                     ^\n",
    )


# -- wrong types -------------------------------------------------------------------------------

WRONG_TYPES = [
    (2, 8, "expected text, got a list", ""),
    (
        3,
        9,
        "expected text, got a number (2015)",
        'YAML reads 2015 as a number; write "2015" in quotes if text is meant',
    ),
    (4, 7, "expected a whole number, got text ('二〇一五')", ""),
    (7, 11, "a date is written YYYY-MM-DD, e.g. 2015-02-16", ""),
    (10, 14, "expected a list, got text ('登記課')", ""),
    (11, 11, "expected one of 'section', 'role' or 'all', got text ('office')", ""),
    (19, 21, "編號 is a whole number or a label as written (一、, (一), 1.)", ""),
    (20, 19, "expected text, got a mapping", ""),
    (
        23,
        23,
        "expected text, got true/false (true)",
        'YAML reads yes as true/false; write "yes" in quotes if text is meant',
    ),
    (24, 25, "expected a list, got a number (3)", ""),
    (25, 17, "expected a mapping of keys and values, got text ('清查死亡通報')", ""),
    (28, 10, "a date is written YYYY-MM-DD, e.g. 2015-02-16", ""),
    (29, 5, "expected a mapping of keys and values, got text ('附件')", ""),
]


def test_wrong_types_everywhere(runner: CliRunner, in_tests: Path) -> None:
    """Every wrong type of the file is found at once, each at its place."""
    path = "hostile/wrong-types.yaml"
    result = invoke(runner, "check", "--format", "json", path)
    report = json.loads(result.stdout)
    found = [(f["line"], f["column"], f["message"], f["hint"]) for f in report["findings"]]
    assert (result.exit_code, found) == (1, WRONG_TYPES)
    assert {f["code"] for f in report["findings"]} == {"PC103"}
    due = invoke(runner, "due", "--month", "3", path)
    assert (due.exit_code, due.stdout) == (1, "")
    assert due.stderr == invoke(runner, "check", path).stdout + (
        f"planctl: {path}: {len(WRONG_TYPES)} error(s); not used (see the findings above)\n"
    )


# -- Unicode as people type it -----------------------------------------------------------------


def test_full_width_months(runner: CliRunner, in_tests: Path) -> None:
    """`[１, ３－５]` typed with a Chinese input method means [1, 3-5]."""
    rows = assert_accepted(runner, "hostile/full-width-months.yaml")
    assert [(row["id"], row["months"], row["span"]) for row in rows] == [
        ("reg-1.1", [1, 3, 4, 5], "start")
    ]


# column, caret padding (CJK characters take two terminal columns), as written, registry name
VARIANTS = [
    (17, 16, "登<U+200B>記課", "登記課", "an invisible character (U+200B)"),
    (23, 25, "台北市政府", "臺北市政府", "台 for 臺"),
    (30, 37, "ＩＴ小組", "IT小組", "full-width characters"),
]


def test_unit_names_written_with_invisible_or_variant_characters(
    runner: CliRunner, in_tests: Path
) -> None:
    """Found (lookups fold them), but flagged PC204 so that the file gets cleaned."""
    path = "hostile/unit-variants.yaml"
    line = "        units: [登\u200b記課, 台北市政府, ＩＴ小組]"
    findings = "".join(
        f"{path}:15:{column}: warning PC204 unit 「{written}」 is written differently from "
        f"「{registered}」 in `units:`: {why} [parts[0].tables[0].units[{index}]]\n"
        f"   15 | {line}\n"
        f"      | {' ' * pad}^\n"
        f"      = hint: write 「{registered}」\n"
        for index, (column, pad, written, registered, why) in enumerate(VARIANTS)
    )
    rows = assert_accepted(runner, path, findings, warnings=3)
    assert rows[0]["units"] == ["戶籍登記課", "臺北市政府", "IT小組"]


def test_an_invisible_character_in_the_registry(runner: CliRunner, in_tmp: Path) -> None:
    write(in_tmp / "plan.yaml", VALID.replace("- name: 戶籍登記課", "- name: 戶籍\u200b登記課"))
    findings = (
        "plan.yaml:6:11: warning PC204 unit name 「戶籍<U+200B>登記課」 contains an invisible "
        "character (U+200B) [units[0].name]\n"
        "    6 |   - name: 戶籍\u200b登記課\n"
        "      |           ^\n"
        "      = hint: retype it as 「戶籍登記課」\n"
    )
    rows = assert_accepted(runner, "plan.yaml", findings, warnings=1)
    assert rows[0]["units"] == ["戶籍\u200b登記課"]


def test_surrounding_spaces(runner: CliRunner, in_tests: Path) -> None:
    """Trailing spaces, an ideographic space too (PC502): warned, and kept as written."""
    path = "hostile/surrounding-spaces.yaml"
    findings = (
        f"{path}:16:19: warning PC502 text begins or ends with spaces "
        "[parts[0].tables[0].items[0].name]\n"
        "   16 |             name: 清查人口\u3000\n"
        "      |                   ^\n"
        f"{path}:19:23: warning PC502 text begins or ends with spaces "
        "[parts[0].tables[0].items[0].tasks[0].text]\n"
        '   19 |                 text: "清查百歲人瑞 "\n'
        "      |                       ^\n"
    )
    rows = assert_accepted(runner, path, findings, warnings=2)
    assert (rows[0]["item"], rows[0]["task"]) == ("清查人口\u3000", "清查百歲人瑞 ")


# -- the one error path ------------------------------------------------------------------------


def test_planctl_debug_shows_the_traceback(in_tests: Path) -> None:
    """For bug reports: PLANCTL_DEBUG=1 lets the exception (and its traceback) through."""
    command = [sys.executable, "-m", "planctl", "due", "--month", "3", "hostile/tab-indent.yaml"]
    quiet = subprocess.run(command, capture_output=True, text=True, check=False)
    debug = subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PLANCTL_DEBUG": "1"},
    )
    assert quiet.returncode == 1
    assert "Traceback" not in quiet.stderr
    assert debug.returncode == 1
    assert "\nTraceback (most recent call last):\n" in debug.stderr
    assert debug.stderr.endswith(
        "planctl.repository.check.PlanRejected: hostile/tab-indent.yaml: 1 error(s); not used "
        "(see the findings above)\n"
    )


def test_an_internal_error_says_how_to_report_it(
    runner: CliRunner, in_tests: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_rule(plan: object) -> Any:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(checks, "RULES", [broken_rule])
    expected = (
        3,
        "",
        "planctl: internal error: ZeroDivisionError: division by zero\n"
        f"planctl: this is a bug; please report it to {REPORT}\n",
    )
    assert outcome(runner.invoke(cli, ["check", "hostile/valid.yaml"])) == expected
    debug = runner.invoke(cli, ["check", "hostile/valid.yaml"], env={"PLANCTL_DEBUG": "1"})
    assert isinstance(debug.exception, ZeroDivisionError)


def test_an_internal_error_in_due(
    runner: CliRunner, in_tests: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_due(*args: object, **kwargs: object) -> Any:
        raise KeyError("reg")

    monkeypatch.setattr("planctl.queries.due.due", broken_due)
    assert outcome(runner.invoke(cli, ["due", "--month", "3", "hostile/valid.yaml"])) == (
        3,
        "",
        "planctl: internal error: KeyError: 'reg'\n"
        f"planctl: this is a bug; please report it to {REPORT}\n",
    )


def test_one_bad_file_never_hides_the_others(runner: CliRunner, in_tests: Path) -> None:
    """Unreadable, invalid and valid files together: each is reported, exit 2 wins."""
    result = invoke(
        runner, "check", "hostile/tab-indent.yaml", "hostile/missing.yaml", "hostile/valid.yaml"
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "planctl: hostile/missing.yaml: no such file\n"
        "3 files checked: 1 error(s), 0 warning(s), 1 unreadable (PC001 ×1)\n"
    )
    assert result.stdout.startswith("hostile/tab-indent.yaml:12:1: error PC001 ")


def test_the_corpus_is_all_tested() -> None:
    """Every file in tests/hostile/ is named by a test here."""
    text = Path(__file__).read_text(encoding="utf-8")
    untested = [p.name for p in HOSTILE.iterdir() if p.stem not in text]
    assert untested == []


def test_a_file_is_read_whole_though_it_grew_since_its_size_was_taken(tmp_path: Path) -> None:
    """The read asks for the size `stat` gave and a byte more; a file that grew in between
    (or whose size the system does not tell, /proc) is read on to its end, to the limit."""
    from planctl.plan.reading import read_bytes

    plan = tmp_path / "plan.yaml"
    plan.write_bytes(b"x" * 5000)
    told = os.stat(plan)

    class Grown(type(plan)):  # type: ignore[misc]
        def stat(self, *, follow_symlinks: bool = True) -> os.stat_result:
            fields = list(told)
            fields[6] = 10  # st_size: as it was before 4,990 bytes were appended
            return os.stat_result(fields)

    assert read_bytes(Grown(plan)) == b"x" * 5000
    status = Path("/proc/self/status")
    if status.exists():  # Linux: size 0, contents there
        assert os.stat(status).st_size == 0
        assert read_bytes(status).startswith(b"Name:")
