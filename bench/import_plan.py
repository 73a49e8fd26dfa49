"""Benchmark row of issue 21: `planctl import` of a 20-page plan document, target ≤2 s.

    python bench/import_plan.py [--repeats N]

The document is the bundled plan as an office would hand it in: `planctl export --format
odt`, converted by LibreOffice to .docx (19 pages as LibreOffice prints it: the 伍 strategy
table and six 管制表). Each run is a fresh `planctl import` process (the console script next to
this Python), timed from spawn to exit; the row shows the median. Kept apart from
bench/run.py, which other rows share: LibreOffice is needed only here.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLANCTL = str(Path(sys.executable).with_name("planctl"))
TARGET = 2.0


def document(folder: Path) -> Path:
    """The bundled plan as .docx, made by planctl and LibreOffice (a private profile)."""
    odt = folder / "plan.odt"
    subprocess.run(
        [PLANCTL, "export", "--format", "odt", "-o", str(odt), str(ROOT / "plans" / "2015.yaml")],
        check=True,
        capture_output=True,
    )
    soffice = shutil.which("soffice")
    if soffice is None:
        sys.exit("bench/import_plan.py needs LibreOffice (soffice) to make the .docx")
    profile = (folder / "profile").as_uri()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            str(folder),
            str(odt),
        ],
        check=True,
        capture_output=True,
    )
    return folder / "plan.docx"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    repeats = parser.parse_args().repeats
    with tempfile.TemporaryDirectory(prefix="planctl-bench-import-") as name:
        folder = Path(name)
        source = document(folder)
        times = []
        for run in range(repeats + 1):
            started = time.perf_counter()
            subprocess.run(
                [PLANCTL, "import", str(source), "-o", str(folder / "draft.yaml"), "--force"],
                check=True,
                capture_output=True,
            )
            if run:  # the first run warms the disk cache and writes the .pyc files
                times.append(time.perf_counter() - started)
    median = statistics.median(times)
    verdict = "ok" if median <= TARGET else "OVER"
    print(f"| import a 19-page plan (.docx) | {median:.2f} s | ≤{TARGET:.0f} s | {verdict} |")


if __name__ == "__main__":
    main()
