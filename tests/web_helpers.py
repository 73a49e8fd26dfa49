"""Shared by the web desk's tests: a repository with the bundled plan and four accounts, and
a logged-in Flask test client."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from planctl.web.accounts import ACCOUNTS_FILE, add_account, new_account
from tests.conftest import PLAN_2015, ROOT

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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def served(repo: Path, *options: str) -> Iterator[str]:
    """`planctl serve` on waitress, as its own process on a free loopback port, in `repo`;
    its address while it runs (stopped with Ctrl-C's signal after)."""
    port = free_port()
    command = [sys.executable, "-m", "planctl", "serve", "--port", str(port)]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    # Its output goes to a file, not a pipe: a pipe nobody reads fills up (the warnings line
    # of every check) and then blocks the server in the middle of a page.
    log = repo.parent / f"serve-{port}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*command, "--date", TODAY.isoformat(), *options],
            cwd=repo,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(port, process, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(log.read_text(encoding="utf-8", errors="replace"))
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError("the desk did not start in 60 s")


class Session:
    """A logged-in user talking HTTP to the real server (no browser): its cookie and CSRF
    token. Safe to use from several threads (one connection per request)."""

    def __init__(self, base: str, name: str, password: str = PASSWORD) -> None:
        self.base = base
        self.cookie = ""
        self.csrf = token(self.get("/login")[1])
        status, _ = self.post("/login", {"name": name, "password": password})
        assert status == 302
        self.csrf = token(self.get("/p/0/")[1])

    def _request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, str]:
        host = self.base.removeprefix("http://")
        connection = http.client.HTTPConnection(host, timeout=120)
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, urllib.parse.quote(path, safe="/?=&"), body, headers)
        answer = connection.getresponse()
        cookie = answer.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        text = answer.read().decode("utf-8")
        connection.close()
        return answer.status, text

    def get(self, path: str) -> tuple[int, str]:
        return self._request("GET", path)

    def post(self, path: str, form: dict[str, str]) -> tuple[int, str]:
        body = urllib.parse.urlencode({**form, "csrf_token": self.csrf}).encode()
        return self._request("POST", path, body)
