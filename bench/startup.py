"""Row (a), start-up (issue 6): `planctl due --month 3 --no-cache` on plans/2015.yaml against
the floor, a `python -c` that only imports yaml and loads the file with the C loader."""

from __future__ import annotations

import sys

from measure import FLOOR, PLAN_2015, Bench, Inputs, measure


def run(bench: Bench, inputs: Inputs) -> None:
    start_repeats, _, _ = bench.repeats
    print("(a) start-up", file=sys.stderr)
    command, env = bench.fresh([*bench.planctl, "due", "--month", "3", str(PLAN_2015)], "a")
    due = measure(
        "a. planctl due --month 3 plans/2015.yaml",
        command,
        start_repeats,
        warm=True,
        env=env,
    )
    floor = measure(
        "a. floor: python -c 'import yaml; CSafeLoader load'",
        [sys.executable, "-c", FLOOR.format(path=str(PLAN_2015))],
        start_repeats,
        warm=True,
        planctl=False,
    )
    bench.row(due, "≤ 100 ms", due.median <= 0.100)
    bench.row(floor, "(floor)", None)
    bench.ratio("a. due / floor", due.median / floor.median, 3.5)
