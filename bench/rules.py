"""Rows (r), the rules (issue 24): the time `check_plan` takes on the bundled plan and on
generated plans of 1×, 10× and 100× its tasks, in this process (the rules alone: no start-up,
no reading, no validation).

    python bench/rules.py              # the rows alone
    python bench/rules.py --profile    # and where the rule time goes (cProfile)

Targets: rule time on the bundled plan ≤ 40 % of the time before the one-walk engine, and
linear in the plan's size (10× the tasks ≤ 11× the time). Times in ms differ from machine to
machine, so the comparison with the time before is made against the time reading the same
plan takes (parsing its YAML and validating it, what `check` does before the rules), measured
in the same run: BEFORE is that ratio as measured on the code before the engine
(docs/performance.md, "The rules engine").

Each time is the least CPU time of this process (`time.process_time`) over repeated runs,
with the cycle collector off as in the CLI (`planctl.cli.main`): on the shared 2-core machine
wall-clock medians of the same code varied by 2×, the least CPU time by about 10 %. The plans
are timed in turn, round after round, each as often as the others (`interleaved`): timed one
after the other, within one budget each, the 100× plan got a tenth of the runs of the 10×
one and met whatever load came later, and the least of 10 runs is a higher figure than the
least of 100 on a busy machine, which alone made the 100× / 10× ratio look worse."""

from __future__ import annotations

import argparse
import cProfile
import gc
import itertools
import pstats
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import TASKS_2015, generate_plan
from measure import PLAN_2015, Bench, Inputs, verdict

from planctl.plan.model import Plan
from planctl.plan.source import Source, parse
from planctl.plan.validate import validate
from planctl.rules.consistency import check_plan
from planctl.rules.walk import Walk, walk

BEFORE = 0.54
"""Rule time / reading time of the bundled plan before the engine (the median of 3 runs of
this module on the code before it, on the development machine, 2026-12-03)."""

SIZES = (1, 10, 100)
"""The generated plans, as multiples of the bundled plan's tasks."""


ROUNDS = 9
"""Rounds of `interleaved`: each plan is timed RUNS times a round."""
RUNS = 3
READING = "reading"
"""The work of reading the bundled plan, timed among the rules' (`rows`)."""


def interleaved(works: dict[str, Callable[[], object]]) -> dict[str, float]:
    """The least CPU time of each of `works`, timed in turn in ROUNDS rounds of RUNS runs
    each, with the cycle collector off: every work as often as the others, and under the
    same load."""
    least = dict.fromkeys(works, float("inf"))
    collecting = gc.isenabled()
    gc.disable()
    try:
        for _round in range(ROUNDS):
            for name, work in works.items():
                for _run in range(RUNS):
                    start = time.process_time()
                    work()
                    least[name] = min(least[name], time.process_time() - start)
    finally:
        if collecting:
            gc.enable()
    return least


def read(text: str) -> Plan:
    """The plan in `text`, parsed and validated."""
    return validated(parse(text, "plan.yaml"))


def validated(source: Source) -> Plan:
    plan = validate(source)[0]
    assert plan is not None, f"{source.name} is not a valid plan"
    return plan


def plans() -> dict[str, str]:
    """The texts of the bundled plan and the generated ones."""
    found = {"plans/2015.yaml": PLAN_2015.read_text(encoding="utf-8")}
    for times in SIZES:
        tasks = TASKS_2015 * times
        found[f"generated, {tasks:,} tasks ({times}×)"] = generate_plan(tasks)
    return found


def rows() -> list[tuple[str, str, str, str, str]]:
    """The rows of the table: each plan's rule time, then the ratios with their targets."""
    table: list[tuple[str, str, str, str, str]] = []
    texts = plans()
    read_plans = {name: read(text) for name, text in texts.items()}
    works = {name: partial(check_plan, plan) for name, plan in read_plans.items()}
    timed = interleaved({**works, READING: partial(read, texts["plans/2015.yaml"])})
    reading = timed.pop(READING)
    walks = {name: walk(plan) for name, plan in read_plans.items()}
    touched = list(interleaved({name: partial(touch, w) for name, w in walks.items()}).values())
    for name, seconds in timed.items():
        table.append((f"r. rules: {name}", f"{seconds * 1000:,.2f} ms", "", "", ""))
    table.append(("r. reading plans/2015.yaml (YAML, validation)", f"{reading * 1000:,.2f} ms"))
    table[-1] += ("", "(floor)", "")
    ratio = timed["plans/2015.yaml"] / reading
    table.append(("r. rules / reading, plans/2015.yaml", f"{ratio:.2f}×", "", "(info)", ""))
    share = ratio / BEFORE
    table.append(("r. rules now / before (as ratios to reading)", f"{share:.2f}×", ""))
    table[-1] += ("≤ 0.4×", verdict(share <= 0.4))
    generated = list(timed.values())[1:]
    for (small, big), (less, more), (near, far) in zip(
        itertools.pairwise(SIZES),
        itertools.pairwise(generated),
        itertools.pairwise(touched[1:]),
        strict=True,
    ):
        growth = more / less
        label = f"r. rules: {big}× / {small}× tasks"
        table.append((label, f"{growth:.2f}×", "", "≤ 11×", verdict(growth <= 11)))
        label = f"r. floor: reading each task's months once, {big}× / {small}× tasks"
        table.append((label, f"{far / near:.2f}×", "", "(info)", ""))
    return table


def touch(walked: Walk) -> None:
    """A loop that only reads each task's months, as a rule goes through the walk's tasks:
    what one pass over the tasks costs on this machine, whose time per task grows when the
    plan no longer fits the CPU's caches."""
    for _path, _table, task in walked.tasks:
        task.months  # noqa: B018  (read, to be timed)


def run(bench: Bench, inputs: Inputs) -> None:
    print("(r) rules", file=sys.stderr)
    bench.rows += rows()


def profile(top: int = 25) -> None:
    """Where the rule time on the bundled plan goes, by function (cumulative)."""
    plan = read(plans()["plans/2015.yaml"])
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(200):
        check_plan(plan)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="planctl's rule time (issue 24)")
    parser.add_argument("--profile", action="store_true", help="also print a cProfile")
    args = parser.parse_args(argv)
    for row in rows():
        print(" | ".join(cell for cell in row if cell))
    if args.profile:
        profile()
    return 0


if __name__ == "__main__":
    sys.exit(main())
