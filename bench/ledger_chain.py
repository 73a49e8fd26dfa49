"""Benchmark rows of issue 19: `planctl check` of a ledger whose 40,000 entries are one chain
of corrections (each replaces the one before), and of the same chain closed into a cycle (the
first replaces the last: one PC709 naming all 40,000). Targets: each within seconds (≤10 s),
and linear: 10× the entries (4,000 → 40,000) ≤11× the time. A walk that followed the chain
from every entry would take 40,000² steps; most of the time is reading the YAML.

    python bench/ledger_chain.py [--entries N] [--repeats N]

Each run is a fresh `planctl check --no-cache` process (the console script next to this
Python) on the bundled plan and the generated ledger, timed from spawn to exit (wall) and by
its CPU time (user + system), which the targets use: on a machine shared with other work the
wall time is mostly waiting. Rows show medians, after one untimed run (disk cache, .pyc
files). Kept apart from bench/run.py, as
bench/import_plan.py is.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLANCTL = str(Path(sys.executable).with_name("planctl"))
TARGET = 10.0
RATIO = 11.0


def chain(entries: int, cycle: bool) -> str:
    """A ledger of reg-1.2's March report corrected `entries - 1` times, each correction
    replacing the one before; with `cycle`, the first replaces the last."""
    lines = ["entries:\n"]
    for number in range(entries):
        replaced = number - 1 if number else (entries - 1 if cycle else None)
        lines.append(
            f"  - id: reg-1.2-m03-{number:06x}\n    task: reg-1.2\n    month: 3\n"
            f"    status: 辦理中\n    percent: 50\n    text: 更正第{number}次\n"
            f"    date: 2015-04-08\n"
        )
        if replaced is not None:
            lines.append(f"    replaces: reg-1.2-m03-{replaced:06x}\n")
    return "".join(lines)


def timed(folder: Path, repeats: int) -> tuple[float, float, int]:
    """The median wall time and CPU time (user + system: what the run costs on a machine
    shared with other work) of `check` in the office folder, and its exit code."""
    walls, cpus, code = [], [], 0
    for _ in range(repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(
            [PLANCTL, "check", "--no-cache", "--format", "json"],
            cwd=folder,
            capture_output=True,
            check=False,
        )
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        code = done.returncode
    return statistics.median(walls), statistics.median(cpus), code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=40_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="planctl-bench-chain-") as name:
        folder = Path(name)
        (folder / "plans").mkdir()
        (folder / "progress").mkdir()
        shutil.copyfile(ROOT / "plans" / "2015.yaml", folder / "plans" / "2015.yaml")
        ledger = folder / "progress" / "2015.yaml"
        ledger.write_text(chain(10, False), encoding="utf-8")
        timed(folder, 1)  # untimed: the disk cache and the .pyc files
        for cycle, what, expected in ((False, "chain", 0), (True, "cycle", 1)):
            medians = []
            for entries in (args.entries // 10, args.entries):
                ledger.write_text(chain(entries, cycle), encoding="utf-8")
                wall, cpu, code = timed(folder, args.repeats)
                medians.append(cpu)
                verdict = "ok" if cpu <= TARGET and code == expected else "OVER"
                print(
                    f"| check: {entries:,} corrections in a {what} | {wall:.2f} s | "
                    f"{cpu:.2f} s CPU | exit {code} | ≤{TARGET:.0f} s CPU | {verdict} |"
                )
            ratio = medians[1] / medians[0]
            verdict = "ok" if ratio <= RATIO else "OVER"
            print(f"| check: 10× the {what} | | ×{ratio:.1f} CPU | | ≤×{RATIO:.0f} | {verdict} |")


if __name__ == "__main__":
    main()
