"""Inputs are never outputs (issue 23, item 5): no `-o` (or `new --report`) writes a plan file
the command read, a progress ledger of any plan, or a ledger's lock file, however the path is
spelled; and `-o -` is stdout for every command that has `-o`.

Each refusal is exit 2 with one line naming the file, and every file of the office (plans,
ledgers, links) is byte for byte what it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.cli import cli
from tests.conftest import MINIMAL, ROOT, on_a_terminal

PLAN = "plans/2015.yaml"
LEDGER = "progress/2015.yaml"

COMMANDS: dict[str, Callable[[str], list[str]]] = {
    "render": lambda out: ["render", "--format", "md", "--what", "plan", "-o", out, PLAN],
    "export": lambda out: ["export", "--format", "csv", "-o", out, PLAN],
    "diff": lambda out: ["diff", "--format", "md", "-o", out, PLAN, PLAN],
    "new -o": lambda out: ["new", "2016", "--from", PLAN, "-o", out],
    "new --report": lambda out: ["new", "2016", "--from", PLAN, "--report", out],
}
"""Every command that writes a file it is given, as run with that file."""

SPELLINGS = {
    # the ledger of the plan read
    "ledger": (LEDGER, "is a progress ledger"),
    "ledger through ..": (f"plans/../{LEDGER}", "is a progress ledger"),
    "ledger through a symlink": ("link.md", f"is a progress ledger ({LEDGER})"),
    "ledger through a linked folder": ("ledgers/2015.yaml", f"is a progress ledger ({LEDGER})"),
    "ledger through a hard link": ("hard.md", f"is a progress ledger ({LEDGER})"),
    "ledger in another case": ("progress/2015.YAML", "is a progress ledger"),
    # on a case-insensitive disk PROGRESS/ is progress/; here a folder of that name stands in
    "ledger folder in another case": ("PROGRESS/2015.yaml", "is a progress ledger"),
    "lock file": ("progress/.2015.yaml.lock", "is a progress ledger's lock file"),
    # the ledger of another plan of the office, and one not written yet
    "another plan's ledger": ("progress/2014.yaml", "is a progress ledger"),
    "another plan's ledger, hard link": (
        "hard-2014.md",
        "is a progress ledger (progress/2014.yaml)",
    ),
    "a ledger to come": ("progress/2017.yaml", "is a progress ledger"),
    # the plan read
    "plan": (PLAN, "is an input plan file"),
    "plan through ..": (f"progress/../{PLAN}", "is an input plan file"),
    "plan through a symlink": ("plan-link.yaml", f"is an input plan file ({PLAN})"),
    "plan through a hard link": ("plan-hard.yaml", f"is an input plan file ({PLAN})"),
}


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An office's folder with a plan, its ledger (and lock) written by `done`, the ledger
    of last year's plan, and every other spelling of them."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plans").mkdir()
    shutil.copyfile(MINIMAL, PLAN)
    done = CliRunner().invoke(cli, ["done", "reg-1.1", "-m", "1", "-d", "2015-02-05", PLAN])
    assert done.exit_code == 0, done.output
    Path("progress/2014.yaml").write_text("entries: []\n", encoding="utf-8")
    Path("link.md").symlink_to(LEDGER)
    Path("ledgers").symlink_to("progress")
    Path("PROGRESS").mkdir()
    os.link(LEDGER, "hard.md")
    os.link("progress/2014.yaml", "hard-2014.md")
    Path("plan-link.yaml").symlink_to(PLAN)
    os.link(PLAN, "plan-hard.yaml")
    return tmp_path


def snapshot(folder: Path) -> dict[str, object]:
    """Every file, link and folder under `folder`: a link's target, a file's bytes and inode."""
    found: dict[str, object] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            found[str(path)] = ("link", os.readlink(path))
        elif path.is_file():
            found[str(path)] = (path.read_bytes(), path.stat().st_ino, path.stat().st_mode)
        else:
            found[str(path)] = "folder"
    return found


@pytest.mark.parametrize("spelling", SPELLINGS)
@pytest.mark.parametrize("command", COMMANDS)
def test_an_input_a_ledger_or_a_lock_is_never_written(
    runner: CliRunner, office: Path, command: str, spelling: str
) -> None:
    target, what = SPELLINGS[spelling]
    before = snapshot(office)
    result = runner.invoke(cli, COMMANDS[command](target))
    message = f"planctl: {target}: {what}; choose another output file\n"
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)
    assert snapshot(office) == before


def test_a_ledger_through_an_absolute_path(runner: CliRunner, office: Path) -> None:
    target = str(office / LEDGER)
    result = runner.invoke(cli, COMMANDS["render"](target))
    assert (result.exit_code, result.stderr) == (
        2,
        f"planctl: {target}: is a progress ledger; choose another output file\n",
    )


def test_the_ledgers_here_when_the_plan_read_is_elsewhere(runner: CliRunner, office: Path) -> None:
    """A plan from another folder: the ledgers of this folder's plans are still ledgers."""
    before = snapshot(office)
    result = runner.invoke(cli, ["render", "--format", "md", "-o", "hard-2014.md", str(MINIMAL)])
    assert (result.exit_code, result.stderr) == (
        2,
        "planctl: hard-2014.md: is a progress ledger (progress/2014.yaml); "
        "choose another output file\n",
    )
    assert snapshot(office) == before


def test_the_ledgers_of_the_plan_read_from_another_folder(
    runner: CliRunner, office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from elsewhere: the ledgers beside the plan read are known wherever linked."""
    before = snapshot(office)
    monkeypatch.chdir("PROGRESS")
    result = runner.invoke(cli, ["render", "-o", "../hard.md", f"../{PLAN}"])
    assert (result.exit_code, result.stderr) == (
        2,
        f"planctl: ../hard.md: is a progress ledger (../{LEDGER}); choose another output file\n",
    )
    assert snapshot(office) == before


def test_the_lock_beside_a_symlinked_ledgers_file(runner: CliRunner, office: Path) -> None:
    """A symlinked ledger is locked beside the file it points to: that lock is refused too."""
    Path("shared").mkdir()
    Path(LEDGER).rename("shared/2015.yaml")
    Path(LEDGER).symlink_to("../shared/2015.yaml")
    done = runner.invoke(cli, ["done", "reg-1.2", "-m", "3", "-d", "2015-04-05", PLAN])
    assert done.exit_code == 0, done.output
    assert Path("shared/.2015.yaml.lock").exists()
    before = snapshot(office)
    result = runner.invoke(cli, COMMANDS["render"]("shared/.2015.yaml.lock"))
    assert (result.exit_code, result.stderr) == (
        2,
        "planctl: shared/.2015.yaml.lock: is a progress ledger's lock file; "
        "choose another output file\n",
    )
    assert snapshot(office) == before


def test_the_new_plan_is_not_its_own_report(runner: CliRunner, office: Path) -> None:
    """`new -o X --report X`: the draft (not written yet) is an input of the report."""
    result = runner.invoke(
        cli, ["new", "2016", "--from", PLAN, "-o", "d.yaml", "--report", "d.yaml"]
    )
    assert (result.exit_code, result.stderr) == (
        2,
        "planctl: d.yaml: is an input plan file; choose another output file\n",
    )
    assert not Path("d.yaml").exists()


def test_dev_stdout_opened_on_the_ledger(office: Path) -> None:
    """`-o /dev/stdout >> progress/2015.yaml`: the stream the shell opened is the ledger."""
    before = Path(LEDGER).read_bytes()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    with Path(LEDGER).open("ab") as stream:
        done = subprocess.run(
            [sys.executable, "-m", "planctl", *COMMANDS["render"]("/dev/stdout")],
            stdout=stream,
            stderr=subprocess.PIPE,
            env=env,
            check=False,
        )
    assert (done.returncode, done.stderr.decode()) == (
        2,
        f"planctl: /dev/stdout: is a progress ledger ({LEDGER}); choose another output file\n",
    )
    assert Path(LEDGER).read_bytes() == before


def test_other_files_are_still_written(runner: CliRunner, office: Path) -> None:
    """The guards refuse what they must and no more: a file beside the ledger's folder, and
    one whose name only looks like a ledger's."""
    for target in ("2015.yaml.md", "plans/progress.md", "progress.yaml"):
        result = runner.invoke(cli, COMMANDS["render"](target))
        assert (result.exit_code, result.stderr) == (0, f"planctl: wrote {target}\n")


# -- `-o -` is stdout -------------------------------------------------------------------------

PRINTED = {
    "render": ["render", "--format", "md", PLAN],
    "export": ["export", "--format", "csv", PLAN],
    "diff": ["diff", "--format", "md", PLAN, PLAN],
}


@pytest.mark.parametrize("command", PRINTED)
def test_dash_is_stdout(runner: CliRunner, office: Path, command: str) -> None:
    before = snapshot(office)
    printed = runner.invoke(cli, PRINTED[command])
    dashed = runner.invoke(cli, [*PRINTED[command], "-o", "-"])
    assert printed.exit_code == 0 and printed.stdout
    assert (dashed.exit_code, dashed.stdout, dashed.stderr) == (0, printed.stdout, printed.stderr)
    assert snapshot(office) == before  # no file named `-`


def test_dash_is_stdout_for_a_binary_export(runner: CliRunner, office: Path) -> None:
    result = runner.invoke(cli, ["export", "--format", "ods", "-o", "-", PLAN])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout_bytes.startswith(b"PK")
    assert not Path("-").exists()


def test_a_binary_export_is_not_sent_to_a_terminal(office: Path) -> None:
    shown = on_a_terminal("export", "--format", "ods", "-o", "-", PLAN)
    assert shown == (
        "planctl: -o -: a binary file is not for the terminal; redirect stdout to a file\r\n"
    )


def test_new_prints_the_draft_and_its_list_goes_to_stderr(runner: CliRunner, office: Path) -> None:
    printed = runner.invoke(cli, ["new", "2016", "--from", PLAN, "-o", "-"])
    assert printed.exit_code == 0, printed.output
    assert not Path("plans/2016.yaml").exists() and not Path("-").exists()
    written = runner.invoke(cli, ["new", "2016", "--from", PLAN])
    assert written.exit_code == 0, written.output
    assert printed.stdout == Path("plans/2016.yaml").read_text(encoding="utf-8")
    listing = written.stdout.replace("→ plans/2016.yaml", "→ <stdout>", 1)
    assert printed.stderr == listing + "planctl: <stdout> checks clean (0 warning(s))\n"
    assert written.stderr == (
        "planctl: wrote plans/2016.yaml\nplanctl: plans/2016.yaml checks clean (0 warning(s))\n"
    )
