"""The real clients the exports are made for: LibreOffice (soffice) and khal; and the one way
every test says that a program or file it needs is missing (`unavailable`: a skip on a
developer's machine, a failure in CI).

Each call runs with its own HOME, XDG folders and LibreOffice profile in a scratch folder, so
nothing of the user's (or another test's) is read or written; soffice calls are serialised
by a lock file, since two headless LibreOffice processes starting at once on a shared machine
are slow and can time out.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import pytest

CSV_ALL_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
"""Comma, double quote, UTF-8 (76), from line 1, every sheet to its own file (-1)."""
LOCK = Path(tempfile.gettempdir()) / "planctl-tests-soffice.lock"


def insisted() -> bool:
    """Does this run insist on everything CI installs? CI (CI=true, as CI services set it, or
    PLANCTL_REQUIRE_CLIENTS=1 / PLANCTL_REQUIRE_BROWSER=1, as .ci/run does) must run every
    test: a skip there would hide a test that never ran behind a green run."""
    asked = ("PLANCTL_REQUIRE_CLIENTS", "PLANCTL_REQUIRE_BROWSER")
    return os.environ.get("CI", "").lower() == "true" or any(
        os.environ.get(name, "") not in ("", "0") for name in asked
    )


def unavailable(reason: str) -> NoReturn:
    """The one way a test gives up for want of something (a program, a file, a privilege):
    skipped on a developer's machine, failed in CI (see `insisted`)."""
    if insisted():
        pytest.fail(f"{reason}, and this run requires it (CI; see .ci/run)", pytrace=False)
    pytest.skip(reason)


def require(program: str) -> str:
    """The program's path; without it, the test is skipped, or fails in CI."""
    found = shutil.which(program)
    if found is None:
        unavailable(f"{program} is not installed")
    return found


def require_file(path: Path, what: str) -> Path:
    """`path`, which must exist; without it, the test is skipped, or fails in CI."""
    if not path.exists():
        unavailable(f"{what} is not at {path}")
    return path


PRINTING = ("chromium", "pdfinfo", "pdftotext")
"""What prints a PDF (Chromium) and reads it back (poppler)."""
MARKERS = {
    "chromium": "browser",
    "pdfinfo": "browser",
    "pdftotext": "browser",
    "soffice": "office",
    "khal": "calendar",
    "git": "git",
}
"""The marker of each slow real client (pyproject.toml registers them, docs/testing.md says how
to leave them out): a test marked `needs(program)` gets its program's marker (conftest.py)."""


def needs(*programs: str) -> pytest.MarkDecorator:
    """Mark a test (or a module, as `pytestmark`) that runs these programs: before it runs,
    each is looked up with `require` (tests/conftest.py, pytest_runtest_setup)."""
    return pytest.mark.needs(*programs)


def scratch_env(home: Path) -> dict[str, str]:
    """An environment whose HOME and XDG folders are under `home`."""
    env = dict(os.environ)
    for name, sub in {
        "HOME": "",
        "XDG_CONFIG_HOME": ".config",
        "XDG_DATA_HOME": ".local/share",
        "XDG_CACHE_HOME": ".cache",
        "XDG_RUNTIME_DIR": "run",
    }.items():
        path = home / sub
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        env[name] = str(path)
    return env


@contextmanager
def _soffice_turn() -> Iterator[None]:
    with LOCK.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def soffice_convert(source: Path, target: str, work: Path) -> Path:
    """`soffice --headless --convert-to TARGET source` into work/out, with a fresh profile;
    the folder of converted files."""
    soffice = require("soffice")
    home = work / "soffice-home"
    out = work / "out"
    out.mkdir(parents=True, exist_ok=True)
    command = [
        soffice,
        f"-env:UserInstallation={(home / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        target,
        "--outdir",
        str(out),
        str(source),
    ]
    with _soffice_turn():
        done = subprocess.run(
            command, env=scratch_env(home), capture_output=True, text=True, timeout=240
        )
    assert done.returncode == 0, done.stderr
    return out


def khal(work: Path, *args: str) -> str:
    """Run khal with a throw-away config whose one calendar is the folder work/calendar."""
    program = require("khal")
    calendar = work / "calendar"
    calendar.mkdir(parents=True, exist_ok=True)
    config = work / "khal.conf"
    config.write_text(
        "[calendars]\n[[planctl]]\n"
        f"path = {calendar}\ntype = calendar\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        f"[sqlite]\npath = {work / 'khal.db'}\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [program, "-c", str(config), *args],
        env=scratch_env(work / "khal-home"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)
