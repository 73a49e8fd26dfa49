"""Row (b), `planctl check --no-cache` over many files in one invocation (issue 6): 1,000
plans the size of 2015.yaml, and 100 of them for the ratio."""

from __future__ import annotations

import sys

from measure import Bench, Inputs, measure


def run(bench: Bench, inputs: Inputs) -> None:
    _, big_repeats, _ = bench.repeats
    print("(b) check over many files", file=sys.stderr)
    check = [*bench.planctl, "check", "--format", "json"]
    command, env = bench.fresh([*check, str(inputs.many)], "b-1000")
    check_many = measure(
        "b. planctl check: 1,000 plans (85 tasks)",
        command,
        big_repeats,
        (0, 1),
        env=env,
    )
    command, env = bench.fresh([*check, str(inputs.few)], "b-100")
    check_few = measure(
        "b. planctl check: 100 plans (85 tasks)", command, big_repeats, (0, 1), env=env
    )
    bench.row(check_many, "≤ 5,000 ms", check_many.median <= 5.0)
    bench.row(check_few, "", None)
    bench.ratio("b. 1,000 / 100 files", check_many.median / check_few.median, 11)
