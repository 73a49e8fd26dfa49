"""Shared by the web desk's tests: a repository with the bundled plan and four accounts, and
a logged-in Flask test client."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from planctl.web.accounts import ACCOUNTS_FILE, add_account, new_account
from tests.conftest import PLAN_2015

TODAY = date(2015, 4, 8)
"""The desk's today: March is reported (the 10th is the reporting day)."""
PASSWORD = "correct horse"
ACCOUNTS = {
    "clerk": ("reporter", ("戶籍登記課",)),
    "ethics": ("reporter", ("政風",)),
    "yankao": ("reviewer", ("研考",)),
    "boss": ("viewer", ()),
}
_MADE: dict[str, bytes] = {}


def make_repository(folder: Path) -> Path:
    """`folder` with plans/2015.yaml and the accounts (hashed once per test run: scrypt is
    slow on purpose)."""
    (folder / "plans").mkdir(parents=True)
    shutil.copy(PLAN_2015, folder / "plans" / "2015.yaml")
    if not _MADE:
        for name, (role, units) in ACCOUNTS.items():
            add_account(folder, new_account(name, role, units, PASSWORD))
        _MADE["text"] = (folder / ACCOUNTS_FILE).read_bytes()
    else:
        (folder / ACCOUNTS_FILE).write_bytes(_MADE["text"])
        (folder / ACCOUNTS_FILE).chmod(0o600)
    return folder


def token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found[1]


def log_in(app: Flask, name: str, password: str = PASSWORD) -> tuple[FlaskClient, str]:
    """A client logged in as `name`, and its CSRF token."""
    client = app.test_client()
    first = token(client.get("/login").text)
    answer = client.post("/login", data={"name": name, "password": password, "csrf_token": first})
    assert answer.status_code == 302, answer.text
    return client, token(client.get("/p/0/").text)


def ledger_text(folder: Path) -> str | None:
    path = folder / "progress" / "2015.yaml"
    return path.read_text(encoding="utf-8") if path.exists() else None


def text_of(html: str) -> str:
    """A page's text, tags dropped and spaces squeezed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()
