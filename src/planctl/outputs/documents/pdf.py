"""Printing the rendered HTML to PDF with headless Chromium.

Chromium (Debian's `chromium` package) rather than WeasyPrint: it is the browser the office's
staff print from, it lays out CJK text and tables exactly as on screen, honours CSS paged
media (`@page size`, named pages for portrait and landscape in one PDF, `@page` margin boxes
with `counter(page)`/`counter(pages)` for the footer since Chromium 131, repeated `<thead>`,
`break-inside`/`break-before: avoid`), and needs no Python dependency; the tests measure the
same engine that prints. Its own header and footer (date, file URL) stay off: the page's
CSS writes the footer.

The page comes from templates, and an office's own templates are not trusted: the browser
reads the page and nothing else (docs/security.md). Each guard is independent of the others,
so one that a Chromium release stops honouring leaves the rest standing:

- a Content-Security-Policy ahead of everything the template wrote refuses every request
  that is not the page itself (`file://`, network, scripts), at once rather than waited for;
- JavaScript is off in the browser's profile;
- the network goes through a proxy that refuses every connection (loopback included), and
  no host name resolves;
- the print has a time limit, after which the browser's whole process group is killed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from planctl.errors import UnreadableInput, UsageError

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
    "--run-all-compositor-stages-before-draw",
)
TIMEOUT = 120
"""Seconds a print may take (the bundled plan takes about two): then the browser is killed."""

POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "base-uri 'none'; form-action 'none'"
)
"""What the page may load: its own inline CSS, and images and fonts embedded as data: URLs
(the shipped templates need nothing else; their fonts are the system's). No scripts, frames,
objects, style sheets, `file://` or network URLs, relative ones included."""

# A browser skips these characters before a doctype, and ends a doctype at its first `>`
# whatever quotes it holds: so only blanks and the doctype come before the policy. Comments
# are not skipped here (to a browser `<!-->` is a whole comment, to a pattern it is not).
_DOCTYPE = re.compile(r"\A\ufeff?[\t\n\f\r ]*<!doctype[^>]*>", re.IGNORECASE)

NO_SCRIPTS = {"profile": {"default_content_setting_values": {"javascript": 2}}}
"""The profile's content settings with JavaScript blocked (2), as the settings page writes
them. Not `--blink-settings=scriptEnabled=false`: with it Chromium 156 prints no PDF."""


def find_browser() -> str:
    """Chromium's path: $PLANCTL_CHROMIUM, or the first browser on PATH."""
    chosen = os.environ.get("PLANCTL_CHROMIUM")
    found = (
        shutil.which(chosen) if chosen else next(filter(None, map(shutil.which, BROWSERS)), None)
    )
    if not found:
        raise UsageError(
            "PDF needs Chromium: install it (Debian: apt-get install chromium "
            "fonts-noto-cjk) or set PLANCTL_CHROMIUM to its path"
        )
    return found


def require_cjk_font() -> None:
    """Without a Traditional Chinese font the PDF would show empty boxes: refuse instead."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return  # no fontconfig to ask; Chromium will use what it has
    # bandit B603 accepted: fc-list found on PATH, fixed arguments, no shell.
    listing = subprocess.run(  # nosec B603
        [fc_list, ":lang=zh-tw", "family"], capture_output=True, text=True, check=False
    ).stdout
    if not listing.strip():
        raise UsageError(
            "PDF needs a Traditional Chinese font: install fonts-noto-cjk "
            "(Debian: apt-get install fonts-noto-cjk)"
        )


def with_policy(html: str) -> str:
    """`html` with the content security policy as its first element: right after the doctype
    (the parser puts it in the head, and `<html lang>` keeps its attributes), or before
    everything when there is none. A policy in a `<meta>` governs only what comes after it."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
    doctype = _DOCTYPE.match(html)
    at = doctype.end() if doctype else 0
    return f"{html[:at]}{meta}{html[at:]}"


def block_scripts(profile: Path) -> None:
    """A new browser profile in `profile` that runs no JavaScript."""
    settings = Path(profile, "Default")
    settings.mkdir(parents=True)
    Path(settings, "Preferences").write_text(json.dumps(NO_SCRIPTS), encoding="utf-8")


def network_flags(closed_port: int) -> list[str]:
    """Every connection through a proxy on `closed_port`, which refuses it at once (loopback
    too: `<-loopback>` removes Chromium's exception for it); no name resolves, and the rule
    also covers addresses written as numbers."""
    return [
        f"--proxy-server=http://127.0.0.1:{closed_port}",
        "--proxy-bypass-list=<-loopback>",
        "--host-resolver-rules=MAP * ~NOTFOUND",
    ]


@contextmanager
def closed_port() -> Iterator[int]:
    """A loopback port that refuses connections for as long as it is held: bound by this
    process and never listened on, so no other program can take it meanwhile."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as held:
        held.bind(("127.0.0.1", 0))
        yield int(held.getsockname()[1])


def html_to_pdf(html: str) -> bytes:
    """The PDF Chromium prints from `html` (paper sizes and footers come from the page's CSS)."""
    browser = find_browser()
    require_cjk_font()
    with tempfile.TemporaryDirectory(prefix="planctl-pdf-") as work, closed_port() as port:
        page, pdf, profile = Path(work, "page.html"), Path(work, "page.pdf"), Path(work, "profile")
        page.write_text(with_policy(html), encoding="utf-8")
        block_scripts(profile)
        run_browser(
            [
                browser,
                *FLAGS,
                *network_flags(port),
                f"--user-data-dir={profile}",
                f"--print-to-pdf={pdf}",
                page.as_uri(),
            ]
        )
        if not pdf.is_file() or pdf.stat().st_size == 0:
            raise UnreadableInput(f"Chromium printed no PDF ({browser})")
        return pdf.read_bytes()


def run_browser(command: list[str]) -> None:
    """Run the browser in a process group of its own and kill the whole group (renderer,
    GPU and zygote processes with it) when the print is over, past TIMEOUT, or on Ctrl-C."""
    # bandit B603 accepted: a list of arguments, no shell; the browser is the user's choice.
    process = subprocess.Popen(  # nosec B603
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        process.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise UnreadableInput(
            f"Chromium did not finish printing in {TIMEOUT} s: stopped it"
        ) from None
    finally:
        _kill_group(process)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill what is left of the browser's process group, then reap the browser."""
    if sys.platform == "win32":
        process.kill()
    else:
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    process.wait()
