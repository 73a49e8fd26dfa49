"""Benchmark rows of issue 21: `planctl import` of a 20-page plan document, target ≤2 s; and
of a 10,000-row 管制表 kept in Excel: bounded (≤30 s), a hostile size rather than a plan.

    python bench/import_plan.py [--repeats N]

The document is the bundled plan as an office would hand it in: `planctl export --format
odt`, converted by LibreOffice to .docx (19 pages as LibreOffice prints it: the 伍 strategy
table and six 管制表). The spreadsheet is the one tests/test_import_hostile.py builds: 10,000
items of one task each. Each run is a fresh `planctl import` process (the console script next
to this Python), timed from spawn to exit; the row shows the median. Most of the big sheet's
time is openpyxl reading it, `check` parsing the draft back and PyYAML's pure-Python dumper
writing it (plan/dump.py, 5-10 s; libyaml's emitter cannot indent a list under its key, and a
writer of our own was judged not worth its risk for a size no office's plan has). Kept apart
from bench/run.py, which other rows share: LibreOffice is needed only here.
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
BIG_ROWS = 10_000
BIG_TARGET = 30.0


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


def spreadsheet(folder: Path) -> Path:
    """A 管制表 of BIG_ROWS items in one sheet, as tests/test_import_hostile.py builds it."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["臺北市測試地政事務所(登記課)105年度重要工作計畫作業時程管制表"])
    sheet.append(["編號", "計畫項目", "工作內容", *[f"{m}月" for m in range(1, 13)]])
    for number in range(1, BIG_ROWS + 1):
        sheet.append(
            [number, f"項目{number}", f"工作{number}", *(["■"] if number % 2 else ["", "■"])]
        )
    path = folder / "big.xlsx"
    book.save(path)
    return path


def median_import(source: Path, folder: Path, repeats: int) -> float:
    """The median seconds of `repeats` runs of `planctl import`, after one warming run."""
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
    return statistics.median(times)


def row(what: str, median: float, target: float) -> str:
    verdict = "ok" if median <= target else "OVER"
    return f"| {what} | {median:.2f} s | ≤{target:.0f} s | {verdict} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    repeats = parser.parse_args().repeats
    with tempfile.TemporaryDirectory(prefix="planctl-bench-import-") as name:
        folder = Path(name)
        plan = median_import(document(folder), folder, repeats)
        print(row("import a 19-page plan (.docx)", plan, TARGET))
        big = median_import(spreadsheet(folder), folder, max(1, repeats // 3))
        print(row(f"import a {BIG_ROWS:,}-row 管制表 (.xlsx)", big, BIG_TARGET))


if __name__ == "__main__":
    main()
