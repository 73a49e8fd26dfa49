"""A saved ledger committed to git (`planctl serve --commit`): the office's history of who
changed what, in the repository it already backs up. Without git, or outside a repository,
the ledger is still written; the commit is skipped and the reason returned."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

GIT_TIMEOUT = 60


def commit_file(path: Path, author: str, message: str) -> str | None:
    """Commit `path` alone (whatever else is staged stays staged) with `author` (a name;
    the address is made up: the desk knows no e-mail) and the desk as its committer; None
    when committed, else why not."""
    git = shutil.which("git")
    if git is None:
        return "git is not installed"
    folder, name = str(path.parent), path.name
    env = {**os.environ, "GIT_COMMITTER_NAME": "planctl serve"}
    env["GIT_COMMITTER_EMAIL"] = "serve@planctl.invalid"
    steps = (
        ("add", "--", name),
        (
            "commit",
            "--quiet",
            "--only",
            f"--author={author} <{author}@planctl.invalid>",
            "-m",
            message,
            "--",
            name,
        ),
    )
    for step in steps:
        try:
            # bandit B603 accepted: no shell; the file's name after `--`, the author an
            # account name (letters, digits, . - _), the message made by planctl.
            done = subprocess.run(  # nosec B603
                [git, "-C", folder, *step],
                capture_output=True,
                timeout=GIT_TIMEOUT,
                check=False,
                env=env,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            return f"git failed ({error})"
        if done.returncode != 0:
            lines = done.stderr.decode("utf-8", "replace").strip().splitlines() or ["git failed"]
            return lines[0].removeprefix("fatal: ")
    return None
