"""The ledger keeps what it is (issue 23, item 6): `done`, `report` and `review` append to a
progress ledger without changing its permissions, group or owner, and a symlinked ledger is
appended through its link (the link stays a link; the file it points to is replaced
atomically)."""

from __future__ import annotations

import os
import pwd
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.cli import cli
from tests.clients import unavailable
from tests.conftest import MINIMAL, ROOT
from tests.helpers import needs_unprivileged


@pytest.fixture
def as_root() -> None:
    """Only root may give a file to another user or set up a group's ledger."""
    if os.geteuid() != 0:
        unavailable("needs root to give files to other users")


PLAN = "plans/2015.yaml"
LEDGER = "progress/2015.yaml"

APPENDS = {
    "done": lambda first: ["done", "reg-1.2", "-m", "3", "-d", "2015-04-05", PLAN],
    "report": lambda first: [
        *("report", "reg-2.1", "-m", "1", "-s", "辦理中", "-p", "50", "-t", "受理中"),
        *("-d", "2015-02-05", PLAN),
    ],
    "review": lambda first: [
        *("review", first, "--decision", "解除列管", "-d", "2015-02-10", PLAN),
    ],
}
"""The three commands that append to a ledger, given the id of the entry already in it."""


def start(folder: Path) -> str:
    """An office in `folder` (the current folder) with a ledger of one entry: its id."""
    (folder / "plans").mkdir()
    shutil.copyfile(MINIMAL, folder / PLAN)
    done = CliRunner().invoke(cli, ["done", "reg-1.1", "-m", "1", "-d", "2015-02-05", PLAN])
    assert done.exit_code == 0, done.output
    return done.stdout.strip()


@pytest.fixture
def first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)
    return start(tmp_path)


def append(command: str, first: str) -> str:
    """Run the command; the id of the entry it appended."""
    result = CliRunner().invoke(cli, APPENDS[command](first))
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def appended_to(path: Path, before: bytes, entry: str) -> None:
    after = path.read_bytes()
    assert after.startswith(before) and f"id: {entry}" in after[len(before) :].decode()


@pytest.mark.parametrize("command", APPENDS)
def test_the_mode_is_kept(first: str, command: str) -> None:
    ledger = Path(LEDGER)
    ledger.chmod(0o660)
    before = ledger.read_bytes()
    appended_to(ledger, before, append(command, first))
    assert stat.S_IMODE(ledger.stat().st_mode) == 0o660


@pytest.mark.usefixtures("as_root")
@pytest.mark.parametrize("command", APPENDS)
def test_the_owner_and_group_are_kept(first: str, command: str) -> None:
    ledger = Path(LEDGER)
    os.chown(ledger, 1234, 4321)
    before = ledger.read_bytes()
    appended_to(ledger, before, append(command, first))
    found = ledger.stat()
    assert (found.st_uid, found.st_gid) == (1234, 4321)


@pytest.mark.parametrize("command", APPENDS)
def test_a_symlinked_ledger_is_appended_through_its_link(first: str, command: str) -> None:
    Path("shared").mkdir()
    Path(LEDGER).rename("shared/2015.yaml")
    Path(LEDGER).symlink_to("../shared/2015.yaml")
    Path("shared/2015.yaml").chmod(0o640)
    before = Path("shared/2015.yaml").read_bytes()
    appended_to(Path("shared/2015.yaml"), before, append(command, first))
    assert os.readlink(LEDGER) == "../shared/2015.yaml"
    assert stat.S_IMODE(Path("shared/2015.yaml").stat().st_mode) == 0o640
    # locked beside the file itself, where a writer through another link locks too
    assert sorted(os.listdir("shared")) == [".2015.yaml.lock", "2015.yaml"]
    assert sorted(os.listdir("progress")) == [".2015.yaml.lock", "2015.yaml"]


def test_a_link_to_a_ledger_not_written_yet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first report through a link to where the ledger will be writes it there."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "progress").mkdir()
    (tmp_path / "shared").mkdir()
    Path(LEDGER).symlink_to("../shared/2015.yaml")
    entry = start(tmp_path)
    assert Path(LEDGER).is_symlink()
    assert f"id: {entry}" in Path("shared/2015.yaml").read_text(encoding="utf-8")


@pytest.fixture
def clerks() -> Iterator[Path]:
    """A folder shared by a group of clerks (gid 4321), that `nobody` can enter."""
    folder = Path(tempfile.mkdtemp(prefix="planctl-clerks-"))
    folder.chmod(0o777)
    try:
        yield folder
    finally:
        shutil.rmtree(folder)


@needs_unprivileged
@pytest.mark.usefixtures("as_root")
def test_another_clerk_of_the_group_appends(clerks: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Root wrote the ledger (660, group 4321) and its lock (644, root's); a clerk of the group
    who may write neither file may still lock the ledger (read-only) and replace it (the
    folder is the group's). The ledger stays 660 and the group's; its owner is the clerk, as
    no one but root may give a file away."""
    monkeypatch.chdir(clerks)
    start(clerks)
    ledger, lock = clerks / LEDGER, clerks / "progress" / ".2015.yaml.lock"
    os.chown(ledger, 0, 4321)
    ledger.chmod(0o660)
    lock.chmod(0o644)
    os.chown(clerks / "progress", 0, 4321)
    (clerks / "progress").chmod(0o775)  # not set-group-ID: a new file would be the clerk's group
    before = ledger.read_bytes()
    clerk = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--groups=4321"]
    done = subprocess.run(
        [*clerk, sys.executable, "-m", "planctl", *APPENDS["done"]("")],
        cwd=clerks,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    appended_to(ledger, before, done.stdout.decode().strip())
    found = ledger.stat()
    assert (stat.S_IMODE(found.st_mode), found.st_gid) == (0o660, 4321)
    assert found.st_uid == pwd.getpwnam("nobody").pw_uid
