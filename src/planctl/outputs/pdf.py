"""Printing the rendered HTML to PDF with headless Chromium.

Chromium (Debian's `chromium` package) rather than WeasyPrint: it is the browser the office's
staff print from, it lays out CJK text and tables exactly as on screen, honours CSS paged
media (`@page size`, named pages for portrait and landscape in one PDF, `@page` margin boxes
with `counter(page)`/`counter(pages)` for the footer since Chromium 131, repeated `<thead>`,
`break-inside`/`break-before: avoid`), and needs no Python dependency; the tests measure the
same engine that prints. Its own header and footer (date, file URL) stay off: the page's
CSS writes the footer.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
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
    listing = subprocess.run(
        [fc_list, ":lang=zh-tw", "family"], capture_output=True, text=True, check=False
    ).stdout
    if not listing.strip():
        raise UsageError(
            "PDF needs a Traditional Chinese font: install fonts-noto-cjk "
            "(Debian: apt-get install fonts-noto-cjk)"
        )


def html_to_pdf(html: str) -> bytes:
    """The PDF Chromium prints from `html` (paper sizes and footers come from the page's CSS)."""
    browser = find_browser()
    require_cjk_font()
    with tempfile.TemporaryDirectory(prefix="planctl-pdf-") as work:
        page, pdf = Path(work, "page.html"), Path(work, "page.pdf")
        page.write_text(html, encoding="utf-8")
        command = [
            browser,
            *FLAGS,
            f"--user-data-dir={work}/profile",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise UnreadableInput(f"Chromium did not finish printing in {TIMEOUT} s") from None
        if not pdf.is_file() or pdf.stat().st_size == 0:
            raise UnreadableInput(f"Chromium printed no PDF ({browser})")
        return pdf.read_bytes()
