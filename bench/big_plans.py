"""Rows (c), the queries on big plans (issue 6): `check`, `due --format json --month 3` and
`render --format html` on a plan of 20,000 tasks and one of 2,000."""

from __future__ import annotations

import sys

from measure import Bench, Inputs, Measured, measure, render_command


def run(bench: Bench, inputs: Inputs) -> None:
    _, big_repeats, huge_repeats = bench.repeats
    planctl = bench.planctl
    print("(c) big plans", file=sys.stderr)
    commands: dict[str, list[str] | None] = {
        "check": [*planctl, "check", "--format", "json"],
        "due --format json --month 3": [
            *planctl,
            "due",
            "--format",
            "json",
            "--month",
            "3",
        ],
        "render --format html": render_command(planctl),
    }
    for name, base in commands.items():
        if base is None:
            bench.note(f"c. {name}: skipped, this planctl has no `render` command yet")
            continue
        timed: dict[int, Measured] = {}
        for tasks, path in sorted(inputs.sizes.items(), reverse=True):
            repeats = huge_repeats if tasks >= 20000 else big_repeats
            ok = (0, 1) if name == "check" else (0,)
            command, env = bench.fresh([*base, str(path)], f"c-{tasks}")
            timed[tasks] = measure(f"c. {name}: {tasks:,} tasks", command, repeats, ok, env=env)
        for tasks in sorted(timed, reverse=True):
            m = timed[tasks]
            ok_c = m.median <= 2.0 and m.peak_mb <= 300
            bench.row(m, "≤ 2,000 ms, ≤ 300 MB", ok_c)
        bench.ratio(
            f"c. {name}: 20,000 / 2,000 tasks",
            timed[20000].median / timed[2000].median,
            11,
        )
