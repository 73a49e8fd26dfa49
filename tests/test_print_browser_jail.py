"""The print browser reads only its page (issue 23): a template's `file://` frames, images
and style sheets, its scripts and its requests to a server never reach the PDF, and a print
that does not end is stopped with its browser's whole process group.

Every guard of `outputs/documents/pdf.py` is tested alone, the others switched off, so that a guard
that stops working fails a test even while the others still hold. The server is the test's
own, on loopback, and never answers: a request sent to it would hang the print.

Skipped where Chromium or poppler is missing, except in CI (PLANCTL_REQUIRE_BROWSER=1).
"""

from __future__ import annotations

import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from planctl.cli import cli
from planctl.outputs.documents import pdf
from tests.clients import PRINTING, needs, require_file
from tests.conftest import MINIMAL

browser = needs(*PRINTING)
PRINT_LIMIT = 30
"""The time limit of the prints here: a request that is waited for, or a script that loops,
ends the print with exit 2 after this many seconds instead of hanging the suite."""
SECRET = "機密-7f3a9c"
PAGE_TEXT = "頁面本身"


class Trap:
    """A server on 127.0.0.1 that accepts connections and never answers; it counts them."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.1)
        self.port: int = self.server.getsockname()[1]
        self.connections: list[socket.socket] = []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.stopped.is_set():
            try:
                connection, _ = self.server.accept()
            except TimeoutError:
                continue
            self.connections.append(connection)

    def requests(self) -> list[bytes]:
        """What each connection sent (the browser is gone: it has sent all it will)."""
        sent = []
        for connection in self.connections:
            try:
                sent.append(connection.recv(4096, socket.MSG_DONTWAIT))
            except BlockingIOError:
                sent.append(b"")
        return sent

    def close(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=5)
        for connection in [*self.connections, self.server]:
            connection.close()


@pytest.fixture
def trap() -> Iterator[Trap]:
    server = Trap()
    yield server
    server.close()


@pytest.fixture
def print_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "TIMEOUT", PRINT_LIMIT)


def only(monkeypatch: pytest.MonkeyPatch, guard: str) -> None:
    """Switch off every guard of the print browser but `guard` (`all` keeps them all)."""
    if guard == "all":
        return
    if guard != "policy":
        monkeypatch.setattr(pdf, "with_policy", lambda html: html)
    if guard != "profile":
        monkeypatch.setattr(pdf, "block_scripts", lambda profile: None)
    kept = {"proxy": "--proxy-", "resolver": "--host-resolver-rules="}.get(guard)
    flags = pdf.network_flags
    monkeypatch.setattr(
        pdf, "network_flags", lambda port: [f for f in flags(port) if kept and f.startswith(kept)]
    )


def print_page(folder: Path, body: str) -> tuple[int, str, str]:
    """Exit code, stderr and the PDF's text of `render --format pdf` with a user template
    `page.html` that extends the shipped one and has `body` as its body."""
    templates = folder / "templates"
    templates.mkdir()
    (templates / "page.html").write_text(
        '{% extends "default:page.html" %}{% block body %}<p>' + PAGE_TEXT + "</p>"
        "{% raw %}" + body + "{% endraw %}{% endblock %}",
        encoding="utf-8",
    )
    out = folder / "out.pdf"
    args = ["render", "--format", "pdf", "--templates", str(templates), "-o", str(out)]
    result = CliRunner().invoke(cli, [*args, str(MINIMAL)])
    text = ""
    if out.exists():
        text = subprocess.run(
            ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
        ).stdout
    return result.exit_code, result.stderr, text


def leaky_files(folder: Path) -> str:
    """A body that shows a secret file of the test's own every way a page can: frames,
    objects, a style sheet that writes text, an SVG image with text; by absolute and by
    relative URL (the page lies in a temporary folder: `../..` climbs to the root)."""
    secret = folder / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    (folder / "secret.css").write_text(f'body::after {{ content: "{SECRET}-css" }}')
    (folder / "secret.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="40">'
        f'<text x="0" y="30">{SECRET}-svg</text></svg>'
    )
    relative = "../../../../../../../.." + str(secret)
    return (
        f'<iframe src="{secret.as_uri()}"></iframe>'
        f'<iframe src="{relative}"></iframe>'
        '<iframe src="file:///etc/passwd"></iframe>'
        f'<object data="{secret.as_uri()}" type="text/plain"></object>'
        f'<embed src="{secret.as_uri()}" type="text/plain">'
        f'<link rel="stylesheet" href="{(folder / "secret.css").as_uri()}">'
        f'<img src="{(folder / "secret.svg").as_uri()}">'
    )


SCRIPTS = (
    '<p id="said">腳本沒有執行</p>'
    '<script>document.getElementById("said").textContent = "腳本執行了";</script>'
    "<script>for (;;) {}</script>"
)


def requests_to(port: int) -> str:
    """A body that asks the loopback server `port` for an image, a frame, a style sheet,
    a font and a connection ahead of time, by address and by name."""
    return (
        f'<img src="http://127.0.0.1:{port}/image.png">'
        f'<iframe src="http://127.0.0.1:{port}/frame"></iframe>'
        f'<link rel="stylesheet" href="http://localhost:{port}/style.css">'
        f'<link rel="preconnect" href="http://127.0.0.1:{port}">'
        f"<style>@font-face {{ font-family: far; src: url(http://127.0.0.1:{port}/f.woff) }}"
        "p { font-family: far, sans-serif }</style>"
    )


@browser
@pytest.mark.usefixtures("print_limit")
@pytest.mark.parametrize("guard", ["all", "policy"])
def test_no_file_reaches_the_pdf(
    guard: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    only(monkeypatch, guard)
    code, stderr, text = print_page(tmp_path, leaky_files(tmp_path))
    assert (code, PAGE_TEXT in text) == (0, True), stderr
    assert SECRET not in text
    assert "root:" not in text


@browser
@pytest.mark.usefixtures("print_limit")
@pytest.mark.parametrize("guard", ["all", "policy", "profile"])
def test_no_script_runs(guard: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The script would change the text, and then loop until the time limit."""
    only(monkeypatch, guard)
    code, stderr, text = print_page(tmp_path, SCRIPTS)
    assert code == 0, stderr
    assert "腳本沒有執行" in text and "腳本執行了" not in text


@browser
@pytest.mark.usefixtures("print_limit")
@pytest.mark.parametrize("guard", ["all", "policy", "proxy", "resolver"])
def test_no_request_leaves_the_page(
    guard: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, trap: Trap
) -> None:
    """Refused, not waited for: a request that reached the server would hang the print
    until the time limit."""
    only(monkeypatch, guard)
    started = time.monotonic()
    code, stderr, text = print_page(tmp_path, requests_to(trap.port))
    assert (code, PAGE_TEXT in text) == (0, True), stderr
    sent = trap.requests()
    assert not any(sent)  # the policy refuses each request before it is sent
    if guard != "policy":  # the network guards refuse even the connection ahead of time
        assert sent == []  # (`<link rel=preconnect>`), which no policy governs
    assert time.monotonic() - started < PRINT_LIMIT


def alive(pid: int) -> bool:
    """Whether process `pid` runs (a zombie waiting for its parent does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def test_a_print_that_does_not_end_is_stopped_with_all_its_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A browser that never prints (here a script that waits, with a child of its own, as
    Chromium has renderers): stopped at the limit with one line, and no process left."""
    require_file(Path("/proc/self/stat"), "/proc (to see the processes left)")
    child = tmp_path / "child.pid"
    fake = tmp_path / "chromium"
    fake.write_text(f"#!/bin/sh\nsleep 60 &\necho $! > {child}\nexec sleep 60\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PLANCTL_CHROMIUM", str(fake))
    monkeypatch.setattr(pdf, "require_cjk_font", lambda: None)
    monkeypatch.setattr(pdf, "TIMEOUT", 2)
    out = tmp_path / "out.pdf"
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["render", "--format", "pdf", "-o", str(out), str(MINIMAL)])
    assert time.monotonic() - started < 30
    assert (result.exit_code, result.stderr) == (
        2,
        "planctl: Chromium did not finish printing in 2 s: stopped it\n",
    )
    assert not out.exists()
    pid = int(child.read_text())
    deadline = time.monotonic() + 5
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(pid)


@pytest.mark.parametrize(
    ("html", "at"),
    [
        ("<!DOCTYPE html>\n<html lang=zh><head>", 15),
        ("\ufeff \n<!doctype html><p>", 18),
        ('<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01//EN" "x>"><p>', 53),
        ("<p>no doctype</p><!DOCTYPE html>", 0),
        # A comment before the doctype: `<!-->` is a whole comment to a browser, so a
        # doctype found after it may follow the template's first elements.
        ("<!--><iframe src=file:///etc/passwd>--><!DOCTYPE html>", 0),
        ("<!-- a --><!DOCTYPE html>", 0),
    ],
)
def test_the_policy_comes_before_anything_a_template_writes(html: str, at: int) -> None:
    meta = f'<meta http-equiv="Content-Security-Policy" content="{pdf.POLICY}">'
    assert pdf.with_policy(html) == html[:at] + meta + html[at:]


@browser
@pytest.mark.usefixtures("print_limit")
def test_a_page_that_moves_away_prints_nothing_of_where_it_goes(tmp_path: Path) -> None:
    """No policy governs `<meta http-equiv=refresh>`: Chromium then prints no PDF (one line,
    exit 2), or the page as it was; never the file it was sent to."""
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    body = f'<meta http-equiv="refresh" content="0;url={secret.as_uri()}">'
    code, stderr, text = print_page(tmp_path, body)
    assert SECRET not in text
    refused = f"planctl: Chromium printed no PDF ({pdf.find_browser()})\n"
    assert (code, stderr) == (2, refused) or (code, PAGE_TEXT in text) == (0, True)
