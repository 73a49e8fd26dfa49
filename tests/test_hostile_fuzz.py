"""Hostile input, fuzzed with hypothesis: mangled plans never crash planctl.

The default run is quick (PLANCTL_FUZZ_EXAMPLES, default 200, examples per property; the
mutations of the 2015 plan, about 15 times slower to check than the small plan's, get a
quarter of that, and `render`, slower again, a tenth). For a long run:

    PLANCTL_FUZZ_EXAMPLES=5000 python -m pytest tests/test_hostile_fuzz.py
"""

from __future__ import annotations

import atexit
import json
import re
import shutil
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from planctl.cli import cli
from tests.conftest import MINIMAL, PLAN_2015
from tests.strategies import EXAMPLES, FUZZ

SCALARS = [
    *("yes", "no", "~", "012", "09", "1.5", "-1", "2015-02-30", "9:30", "0x1F", "[]", "{}"),
    *("[a, b]", "{a: b}", "'x", '"x', "*x", "&x v", "!x v", "!!python/object/apply:os.getcwd []"),
    *("|", ">", "-", "? x", "<<: {}", "a: b: c", "３－５", "\t", "'\\0'", '"\\0"', '"\\e[2J"'),
    *('"a\\nb"', "9" * 5000, "1e999", "!!int x", "!!float", "!!bool 2"),
]
KEYS = ['"te\\nxt"', "'text'", "no", "012", "? x", "<<", "*k", "&k k", "!!str id", "[a]", "''"]
NOISE = st.text(
    st.sampled_from(list("\t\x00\x1b\r\n'\":*&!{}[]#|>-?%@`,~\\ \u200b\u3000\ufeff３臺台"))
    | st.characters(),
    min_size=1,
    max_size=4,
)


@st.composite
def mutated(draw: st.DrawFn, text: str) -> bytes:
    """`text` with one to three random edits, as a user or a broken editor makes them."""
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(lines) - 1))
        edits = ["delete", "duplicate", "indent", "scalar", "key", "insert", "swap"]
        edit = draw(st.sampled_from(edits))
        if edit == "delete":
            del lines[at]
        elif edit == "duplicate":
            lines.insert(at, lines[at])
        elif edit == "indent":
            indent = draw(st.sampled_from(["", " ", "   ", "\t", "  \t", " " * 40]))
            lines[at] = indent + lines[at].lstrip(" ")
        elif edit == "scalar" and ": " in lines[at]:
            lines[at] = lines[at].split(": ", 1)[0] + ": " + draw(st.sampled_from(SCALARS))
        elif edit == "key" and ": " in lines[at]:
            key, value = lines[at].split(": ", 1)
            indent = key[: len(key) - len(key.lstrip(" -"))]
            lines[at] = indent + draw(st.sampled_from(KEYS)) + ": " + value
        elif edit == "insert":
            column = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:column] + draw(NOISE) + lines[at][column:]
        elif edit == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        if not lines:
            lines = [""]
    data = "\n".join(lines).encode("utf-8", errors="surrogatepass")
    if draw(st.booleans()) and draw(st.integers(0, 9)) == 0:
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(st.binary(min_size=1, max_size=3)) + data[cut:]
    return data


WORK = Path(tempfile.mkdtemp(prefix="planctl-fuzz-"))
atexit.register(shutil.rmtree, WORK, ignore_errors=True)
WARNINGS_LINE = re.compile(r"planctl: \d+ warnings?; planctl check .* for details$")
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
RUNNER = CliRunner()


def assert_clean_exit(data: bytes) -> None:
    """check and due end with 0, 1 or 2, never an exception or a traceback, report what they
    say they report, and leave the file as it was."""
    path = WORK / "plan.yaml"
    path.write_bytes(data)
    check = RUNNER.invoke(cli, ["check", "--format", "json", str(path)])
    assert check.exception is None or isinstance(check.exception, SystemExit), check.exc_info
    assert "Traceback" not in check.output
    report = json.loads(check.stdout)
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    expected = 2 if report["unreadable"] else (1 if errors else 0)
    assert check.exit_code == expected
    line_count = len(LINE_BREAK.split(data.decode("utf-8", errors="replace"))) + 1
    for finding in report["findings"]:
        assert 1 <= finding["line"] <= line_count and finding["column"] >= 1, finding
    due = RUNNER.invoke(cli, ["due", "--month", "3", "--format", "json", str(path)])
    assert due.exception is None or isinstance(due.exception, SystemExit), due.exc_info
    assert "Traceback" not in due.output
    assert due.exit_code in (0, 1, 2)
    if due.exit_code == 1:  # refused: check's own findings, then one closing line
        refused = f"planctl: {path}: {len(errors)} error(s); not used (see the findings above)\n"
        assert due.stdout == "" and due.stderr.endswith(refused), due.stderr
        assert errors, due.stderr
    elif due.exit_code == 2:  # unreadable, or a year the plan is not for: one line
        said = [line for line in due.stderr.splitlines() if not WARNINGS_LINE.match(line)]
        assert due.stdout == "" and len(said) == 1, due.stderr
        assert not errors, due.stderr
    assert path.read_bytes() == data


@FUZZ
@given(mutated(MINIMAL.read_text(encoding="utf-8")))
def test_a_mangled_small_plan_never_crashes(data: bytes) -> None:
    assert_clean_exit(data)


@settings(FUZZ, max_examples=max(EXAMPLES // 4, 10))
@given(mutated(PLAN_2015.read_text(encoding="utf-8")))
def test_a_mangled_2015_plan_never_crashes(data: bytes) -> None:
    assert_clean_exit(data)


@settings(FUZZ, max_examples=max(EXAMPLES // 10, 10))
@given(mutated(MINIMAL.read_text(encoding="utf-8")), st.sampled_from(["md", "html"]))
def test_a_mangled_plan_renders_or_fails_in_one_line(data: bytes, fmt: str) -> None:
    """`render` shares the loading path: output, or one line and exit 1 or 2 (a tenth of the
    examples: rendering takes ten times as long as checking)."""
    path = WORK / "render.yaml"
    path.write_bytes(data)
    result = RUNNER.invoke(cli, ["render", "--format", fmt, str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    if result.exit_code:
        assert result.exit_code in (1, 2)
        assert result.stdout == "" and result.stderr.endswith("\n"), result.stderr
        closing = result.stderr.splitlines()[-1]
        assert closing.startswith("planctl: ") and "Error" not in closing, result.stderr
    else:
        assert result.stdout


@settings(FUZZ, max_examples=max(EXAMPLES // 4, 10))
@given(mutated(MINIMAL.read_text(encoding="utf-8")))
def test_a_mangled_plan_gives_duties_or_fails_in_one_line(data: bytes) -> None:
    """`duties` shares the loading path: a JSON list of rows, or a refusal and exit 1 or 2."""
    path = WORK / "duties.yaml"
    path.write_bytes(data)
    result = RUNNER.invoke(cli, ["duties", "--format", "json", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    if result.exit_code:
        assert result.exit_code in (1, 2)
        assert result.stdout == "" and result.stderr.startswith(("planctl: ", str(path)))
    else:
        assert isinstance(json.loads(result.stdout), list)
