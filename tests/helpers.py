"""Plain helpers several test modules share: running the CLI in-process and reading its outcome,
the small plan's text, the fuzz budget, and the mark of the permission tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from planctl.cli import cli
from tests.conftest import MINIMAL, ROOT

PLAN = MINIMAL.read_text(encoding="utf-8")


def planctl_process(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m planctl ARGS` as a process of its own, its output read back as UTF-8 text:
    for what only a real process shows (a converter it starts, its exit, a fresh import)."""
    return subprocess.run(
        [sys.executable, "-m", "planctl", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        cwd=cwd,
        env=env,
    )


def invoke(runner: CliRunner, *args: str) -> Result:
    result = runner.invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


def outcome(result: Result) -> tuple[int, str, str]:
    return result.exit_code, result.stdout, result.stderr


def rendered(runner: CliRunner, *args: str) -> str:
    result = invoke(runner, "render", "--format", "md", *args, str(MINIMAL))
    assert result.exit_code == 0, result.output
    return result.stdout


needs_unprivileged = pytest.mark.usefixtures("unprivileged")


FUZZ_EXAMPLES = max(int(os.environ.get("PLANCTL_FUZZ_EXAMPLES", "200")) // 10, 10)
"""Examples per fuzzed template or path property: each runs the CLI, so a tenth of the budget."""


def warnings_of_2015() -> int:
    """The bundled plan's warnings (its tasks without months), to count on in many copies."""
    from planctl.repository.check import check_paths

    return len(check_paths([str(ROOT / "plans" / "2015.yaml")]).findings)


def findings(runner: CliRunner, tmp_path: Path, text: str) -> list[tuple[object, ...]]:
    """Each finding of a plan written from `text`: code, line, column, path, message, hint."""
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    result = runner.invoke(cli, ["check", "--format", "json", str(plan)])
    keys = ("code", "line", "column", "path", "message", "hint")
    return [tuple(f[key] for key in keys) for f in json.loads(result.stdout)["findings"]]
