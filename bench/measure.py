"""What every row of the benchmark suite measures with (bench/run.py runs them all): a planctl
process timed from spawn to exit with its own peak RSS (see WRAPPER), medians of repeated
runs, cache folders, and the table the rows fill.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAN_2015 = ROOT / "plans" / "2015.yaml"
FLOOR = "import yaml; yaml.load(open({path!r}, encoding='utf-8').read(), Loader=yaml.CSafeLoader)"


@dataclass
class Run:
    seconds: float
    peak_mb: float
    returncode: int
    cpu: float = 0.0  # user + system seconds of the child (and of the workers it waited for)


@dataclass
class Measured:
    label: str
    runs: list[Run]
    planctl: bool = True  # a planctl command (not a floor or a peer): counted by (d5)

    @property
    def median(self) -> float:
        return statistics.median(run.seconds for run in self.runs)

    @property
    def cpu(self) -> float:
        """The median CPU time (user + system): on a machine shared with other work, the
        steadier figure (wall time counts the waits for a core)."""
        return statistics.median(run.cpu for run in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(run.peak_mb for run in self.runs)


def planctl_command() -> list[str]:
    """The installed console script beside this interpreter (not a pyenv/asdf shell shim,
    whose own start-up would be timed); else `planctl` on PATH; else `python -m planctl`."""
    folder = Path(sys.executable).parent
    for name in ("planctl", "planctl.exe"):
        if (folder / name).is_file():
            return [str(folder / name)]
    found = shutil.which("planctl")
    return [found] if found else [sys.executable, "-m", "planctl"]


# A small fresh process starts each measured command and reports its wall time and peak RSS.
# Linux carries a process's peak RSS across fork and exec, so a command started straight from
# this script (which holds the generated plans) would inherit this script's peak; the wrapper,
# run with -I -S (no site-packages), stays at a few MB, below any command measured.
WRAPPER = """
import json, os, subprocess, sys, time
command = json.loads(sys.argv[1])
start = time.perf_counter()
child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
_pid, status, usage = os.wait4(child.pid, 0)
seconds = time.perf_counter() - start
cpu = usage.ru_utime + usage.ru_stime
print(json.dumps([seconds, usage.ru_maxrss, os.waitstatus_to_exitcode(status), cpu]))
"""


# As installed by pip, planctl runs from compiled .pyc files; a PYTHONDONTWRITEBYTECODE in the
# environment (an editable install in a container, say) would recompile it in every run.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_once(
    command: list[str], ok: tuple[int, ...] = (0,), env: dict[str, str] | None = None
) -> Run:
    """One process: wall time from spawn to exit, and its own peak RSS (`ru_maxrss` of the
    child, from `os.wait4` in the wrapper). `env` is the child's environment (CHILD_ENV)."""
    with tempfile.TemporaryFile() as errors:
        done = subprocess.run(
            [sys.executable, "-I", "-S", "-c", WRAPPER, json.dumps(command)],
            stdout=subprocess.PIPE,
            stderr=errors,
            check=True,
            env=CHILD_ENV if env is None else env,
        )
        seconds, maxrss, returncode, cpu = json.loads(done.stdout)
        if returncode not in ok:
            errors.seek(0)
            message = errors.read().decode("utf-8", "replace").strip()[-2000:]
            raise SystemExit(f"bench: {' '.join(command)} exited {returncode}:\n{message}")
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return Run(seconds, maxrss / scale, returncode, cpu)


class Caches:
    """Temporary PLANCTL_CACHE_DIR folders, all under one root removed at the end."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="planctl-bench-cache-"))

    def _fresh(self, name: str) -> Path:
        return Path(tempfile.mkdtemp(prefix=f"{name}-", dir=self.root))  # empty, mode 0700

    def cold(self, name: str) -> Callable[[], dict[str, str]]:
        """The environment of a run with a new empty cache folder each time (the previous
        run's folder is removed first, between runs)."""
        previous: list[Path] = []

        def env() -> dict[str, str]:
            while previous:
                shutil.rmtree(previous.pop(), ignore_errors=True)
            folder = self._fresh(name)
            previous.append(folder)
            return {**CHILD_ENV, "PLANCTL_CACHE_DIR": str(folder)}

        return env

    def warm(self, name: str) -> WarmCache:
        """One cache folder for every run: filled by the first (untimed) run."""
        return WarmCache(self._fresh(name))

    def unused(self) -> Callable[[], dict[str, str]]:
        """For `--no-cache` runs: a cache folder of their own all the same, never the user's."""
        folder = self._fresh("unused")
        return lambda: {**CHILD_ENV, "PLANCTL_CACHE_DIR": str(folder)}

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


@dataclass
class WarmCache:
    folder: Path

    def __call__(self) -> dict[str, str]:
        return {**CHILD_ENV, "PLANCTL_CACHE_DIR": str(self.folder)}

    def entries(self) -> int:
        return sum(1 for p in self.folder.rglob("*") if p.is_file() and p.name[:1] != ".")


@dataclass
class Spec:
    """One row to measure: its command, the exit codes that are fine, the environment of each
    run (called once per run: a cold cache is a new folder each time) and whether to run it
    once untimed first (disk cache, .pyc files; for a warm cache, the run that fills it)."""

    label: str
    command: list[str]
    ok: tuple[int, ...] = (0,)
    env: Callable[[], dict[str, str]] = field(default=lambda: CHILD_ENV)
    warm: bool = False
    planctl: bool = True


def measure_together(specs: list[Spec], repeats: int) -> list[Measured]:
    """Each spec `repeats` times, interleaved: run 1 of each in turn, then run 2 …"""
    for spec in specs:
        if spec.warm:
            run_once(spec.command, spec.ok, spec.env())  # not counted
    runs: list[list[Run]] = [[] for _ in specs]
    for _ in range(repeats):
        for spec, done in zip(specs, runs, strict=True):
            done.append(run_once(spec.command, spec.ok, spec.env()))
    results = []
    for spec, done in zip(specs, runs, strict=True):
        result = Measured(spec.label, done, spec.planctl)
        print(
            f"  {spec.label}: {result.median * 1000:,.0f} ms (CPU {result.cpu * 1000:,.0f} ms), "
            f"{result.peak_mb:.0f} MB",
            file=sys.stderr,
        )
        results.append(result)
    return results


def measure(
    label: str,
    command: list[str],
    repeats: int,
    ok: tuple[int, ...] = (0,),
    warm: bool = False,
    env: Callable[[], dict[str, str]] | None = None,
    planctl: bool = True,
) -> Measured:
    spec = Spec(label, command, ok, env or (lambda: CHILD_ENV), warm, planctl)
    return measure_together([spec], repeats)[0]


def has_no_cache(planctl: list[str], command: str) -> bool:
    """Whether `planctl COMMAND` has `--no-cache` (a planctl before the cache has not)."""
    probe = subprocess.run(
        [*planctl, command, "--help"], capture_output=True, text=True, check=False
    )
    return probe.returncode == 0 and "--no-cache" in probe.stdout


def utf8_env() -> dict[str, str]:
    """CHILD_ENV with a UTF-8 locale: hledger (GHC) reads files in the locale's encoding."""
    locale = os.environ.get("LC_ALL") or os.environ.get("LC_CTYPE") or os.environ.get("LANG")
    if locale and "utf" in locale.lower().replace("-", ""):
        return CHILD_ENV
    return {**CHILD_ENV, "LC_ALL": "C.UTF-8"}


def render_command(planctl: list[str]) -> list[str] | None:
    """`render --format html` when this planctl has the command, else None."""
    probe = subprocess.run(
        [*planctl, "render", "--help"], capture_output=True, text=True, check=False
    )
    if probe.returncode != 0:
        return None
    what = ["--what", "all"] if "--what" in probe.stdout else []
    return [*planctl, "render", "--format", "html", *what]


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}, {time.strftime('%Y-%m-%d')}"
    )


def verdict(ok: bool) -> str:
    return "pass" if ok else "MISS"


@dataclass
class Inputs:
    """The generated plans and journal the rows read (bench/run.py, prepare)."""

    many: Path  # 1,000 plans the size of 2015.yaml (b, d3)
    few: Path  # 100 of them (b)
    sizes: dict[int, Path]  # a plan of 2,000 and one of 20,000 tasks (c, d4)
    journal: Path  # the hledger journal of (d2)
    journal_tasks: int


@dataclass
class Bench:
    """One run of the suite: the planctl measured, the repeats of each kind of row, the cache
    folders, and the table every group of rows adds to (the rows, the notes, and every row
    measured, for d5)."""

    planctl: list[str]
    repeats: tuple[int, int, int]  # start-up (a, d1, d2), big (b, c 2,000, d3), huge (c, d4)
    caches: Caches = field(default_factory=Caches)
    rows: list[tuple[str, str, str, str, str]] = field(default_factory=list)  # what, median,
    # peak, target, verdict
    notes: list[str] = field(default_factory=list)
    measured: list[Measured] = field(default_factory=list)

    def row(self, m: Measured, target: str, ok: bool | None) -> None:
        self.measured.append(m)
        self.rows.append(
            (
                m.label,
                f"{m.median * 1000:,.0f} ms",
                f"{m.peak_mb:.0f} MB",
                target,
                "" if ok is None else verdict(ok),
            )
        )

    def ratio(self, what: str, value: float, limit: float | None) -> None:
        if limit is None:  # for information
            self.rows.append((what, f"{value:.2f}×", "", "(info)", ""))
        else:
            self.rows.append((what, f"{value:.2f}×", "", f"≤ {limit}×", verdict(value <= limit)))

    def note(self, text: str) -> None:
        self.notes.append(text)
        print("  note: " + text, file=sys.stderr)

    def fresh(
        self, command: list[str], name: str
    ) -> tuple[list[str], Callable[[], dict[str, str]]]:
        """A command checking afresh every run, as rows a–c were measured before the cache:
        with `--no-cache` when the command has it, else with a new empty cache folder."""
        if has_no_cache(self.planctl, command[len(self.planctl)]):
            return [*command, "--no-cache"], self.caches.unused()
        return command, self.caches.cold(name)

    def filled(self, cache: WarmCache, label: str) -> None:
        if cache.entries() == 0:
            self.note(f"{label}: the first run stored no cache entry, so this row is not warm")
