"""Rows (e), the targets of issue 24 (fast as the rules grow), each beside its target:

  e1. warm `due --format json --month 3` on plans/2015.yaml ≤1.5× the floor (FLOOR: python
      importing PyYAML and loading the plan with the C loader) and ≤2× `hledger reg` on the
      same tasks as a journal (when hledger is installed); cold `due` (an empty cache folder
      every run) ≤3× the floor. Interleaved, so the ratios share the machine's moment.
  e2. a bureau's CI: `check --no-cache` over 1,000 plans the size of 2015.yaml, each with its
      progress ledger (bench/ledgers.py), ≤1.3× the time PyYAML's C loader takes to load the
      same files (plans and ledgers) in a pool of as many processes as there are cores; the
      same check cached ≤3× a floor that stats and hashes every plan and ledger. Also the
      cold time per plan.
  The ratios of e1 and e2 are also given in CPU time (user + system of the process and of
  the worker processes it waited for, from `os.wait4`): on a machine shared with other work,
  wall time counts the waits for a core, CPU time does not.
  e3. growth with a plan's size: `check --no-cache` of one plan of 1×, 10× and 100× the
      bundled plan's 85 tasks: 10× the tasks ≤11× the time (linear, not worse).

The rule time of issue 24 (≤40 % of before, linear in the plan's size) is measured by its own
group, bench/rules.py, registered in bench/run.py (GROUPS), as are the web desk's pages
(rows w, bench/web.py).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from cache import HASH_FLOOR
from generate import TASKS_2015, generate_plan
from measure import FLOOR, PLAN_2015, Bench, Inputs, Spec, measure_together, utf8_env

from ledgers import write_ledgers

# The floor of (e2): reading the same files at all, with PyYAML's C loader, on every core:
# the files dealt to the processes in chunks of 16, as planctl's own pool does.
LOAD_FLOOR = """
import os, sys
from concurrent.futures import ProcessPoolExecutor
import yaml

def load(paths):
    for path in paths:
        with open(path, encoding="utf-8") as stream:
            yaml.load(stream.read(), Loader=yaml.CSafeLoader)
    return len(paths)

if __name__ == "__main__":
    files = sorted(
        os.path.join(top, name)
        for folder in sys.argv[1:]
        for top, _, names in os.walk(folder)
        for name in names
        if name.endswith(".yaml")
    )
    chunks = [files[start : start + 16] for start in range(0, len(files), 16)]
    with ProcessPoolExecutor(os.cpu_count()) as pool:
        assert sum(pool.map(load, chunks)) == len(files)
"""
SIZES = (1, 10, 100)
"""Plan sizes of (e3), in multiples of the bundled plan's tasks."""


def bureau(work: Path, many: Path) -> Path:
    """work/bureau/plans: the 1,000 plans of (b), each with its ledger in work/bureau/progress."""
    plans = work / "bureau" / "plans"
    if plans.is_dir() and len(list(plans.glob("*.yaml"))) == 1000:
        return plans
    plans.mkdir(parents=True, exist_ok=True)
    for path in sorted(many.glob("*.yaml")):
        shutil.copyfile(path, plans / path.name)
    write_ledgers(sorted(plans.glob("*.yaml")))
    return plans


def sized_plans(work: Path) -> dict[int, Path]:
    """One generated plan of each size of SIZES (reused from a kept folder)."""
    paths = {}
    for times in SIZES:
        path = work / f"plan-{TASKS_2015 * times}.yaml"
        if not path.is_file():
            path.write_text(generate_plan(TASKS_2015 * times), encoding="utf-8")
        paths[times] = path
    return paths


def run(bench: Bench, inputs: Inputs) -> None:
    _startup(bench, inputs)
    _bureau(bench, inputs)
    _growth(bench, inputs)


def _startup(bench: Bench, inputs: Inputs) -> None:
    start_repeats, _, _ = bench.repeats
    print("(e1) due warm and cold against the floor (and hledger)", file=sys.stderr)
    due = [*bench.planctl, "due", "--format", "json", "--month", "3", str(PLAN_2015)]
    warm = bench.caches.warm("e1-warm")
    specs = [
        Spec(
            "e1. floor: python -c 'import yaml; CSafeLoader load'",
            floor_command(),
            warm=True,
            planctl=False,
        ),
        Spec("e1. due --format json --month 3 2015.yaml: warm", due, env=warm, warm=True),
        Spec(
            "e1. due --format json --month 3 2015.yaml: cold",
            due,
            env=bench.caches.cold("e1-cold"),
            warm=True,
        ),
    ]
    hledger = shutil.which("hledger")
    if hledger and inputs.journal.is_file():
        specs.append(
            Spec(
                "e1. peer: hledger reg (the same tasks as a journal)",
                [hledger, "-f", str(inputs.journal), "reg"],
                env=utf8_env,
                warm=True,
                planctl=False,
            )
        )
    measured = measure_together(specs, start_repeats)
    floor, warm_due, cold_due = measured[:3]
    bench.filled(warm, warm_due.label)
    bench.row(floor, "(floor)", None)
    bench.row(warm_due, "", None)
    bench.row(cold_due, "", None)
    bench.ratio("e1. due warm / floor", warm_due.median / floor.median, 1.5)
    bench.ratio("e1. due cold / floor", cold_due.median / floor.median, 3)
    bench.ratio("e1. the same in CPU time: warm / floor", warm_due.cpu / floor.cpu, 1.5)
    bench.ratio("e1. the same in CPU time: cold / floor", cold_due.cpu / floor.cpu, 3)
    if len(measured) > 3:
        peer = measured[3]
        bench.row(peer, "(peer)", None)
        bench.ratio("e1. due warm / hledger reg", warm_due.median / peer.median, 2)
        bench.ratio("e1. the same in CPU time", warm_due.cpu / peer.cpu, 2)
    else:
        bench.note("e1: hledger is not installed: no peer row (the target ≤ 2× hledger reg)")


def floor_command() -> list[str]:
    return [sys.executable, "-c", FLOOR.format(path=str(PLAN_2015))]


def _bureau(bench: Bench, inputs: Inputs) -> None:
    _, big_repeats, _ = bench.repeats
    print("(e2) a bureau's CI: 1,000 plans with their ledgers", file=sys.stderr)
    plans = bureau(inputs.many.parent, inputs.many)
    progress = plans.parent / "progress"
    check = [*bench.planctl, "check", "--format", "json", str(plans)]
    cached = bench.caches.warm("e2-cached")
    specs = [
        Spec(
            "e2. floor: PyYAML C loader, the 2,000 files on every core",
            [sys.executable, "-c", LOAD_FLOOR, str(plans), str(progress)],
            warm=True,
            planctl=False,
        ),
        Spec(
            "e2. check --no-cache: 1,000 plans with ledgers",
            [*check, "--no-cache"],
            (0, 1),
            env=bench.caches.unused(),
        ),
        Spec(
            "e2. floor: stat and sha256 the 2,000 files",
            [sys.executable, "-c", HASH_FLOOR, str(plans.parent)],
            warm=True,
            planctl=False,
        ),
        Spec("e2. check, cached: 1,000 plans with ledgers", check, (0, 1), env=cached, warm=True),
    ]
    load_floor, afresh, hash_floor, from_cache = measure_together(specs, big_repeats)
    bench.filled(cached, from_cache.label)
    bench.row(load_floor, "(floor)", None)
    bench.row(afresh, "", None)
    bench.ratio("e2. check --no-cache / C loader", afresh.median / load_floor.median, 1.3)
    bench.ratio("e2. the same in CPU time (the workers' too)", afresh.cpu / load_floor.cpu, 1.3)
    per_plan = afresh.median * 1000 / len(list(plans.glob("*.yaml")))
    bench.rows.append(
        ("e2. cold time per plan (with its ledger)", f"{per_plan:.1f} ms", "", "(info)", "")
    )
    bench.row(hash_floor, "(floor)", None)
    bench.row(from_cache, "", None)
    bench.ratio("e2. check cached / hashing", from_cache.median / hash_floor.median, 3)
    bench.ratio("e2. the same in CPU time", from_cache.cpu / hash_floor.cpu, 3)


def _growth(bench: Bench, inputs: Inputs) -> None:
    _, big_repeats, _ = bench.repeats
    print("(e3) growth with the plan's size", file=sys.stderr)
    paths = sized_plans(inputs.many.parent)
    specs = [
        Spec(
            f"e3. check --no-cache: one plan of {TASKS_2015 * times:,} tasks",
            [*bench.planctl, "check", "--format", "json", "--no-cache", str(paths[times])],
            (0, 1),
            env=bench.caches.unused(),
        )
        for times in SIZES
    ]
    measured = measure_together(specs, big_repeats)
    for m in measured:
        bench.row(m, "", None)
    for smaller, larger, times in zip(measured, measured[1:], SIZES[1:], strict=False):
        ratio = larger.median / smaller.median
        bench.ratio(f"e3. {times}× / {times // 10}× the tasks", ratio, 11)
