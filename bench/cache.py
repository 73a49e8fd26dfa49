"""Rows (d) of issue 15, the checked-plan cache: `due` on plans/2015.yaml warm and cold
against the start-up floor (d1) and hledger as a peer (d2), `check` over 1,000 files cold and
cached against a floor that stats and hashes them (d3), the 20,000-task plan cold and warm
(d4), and the largest peak memory of every planctl row measured (d5)."""

from __future__ import annotations

import shutil
import sys

from measure import FLOOR, PLAN_2015, Bench, Inputs, Spec, measure_together, utf8_env, verdict

# The floor of (d3): what any content-hash cache must do for every file, in a plain `python -c`
# (the same interpreter start-up as FLOOR and the console script). sha256 is what
# src/planctl/repository/cache.py hashes a file's bytes with (`Cache.key`).
HASH_FLOOR = """
import hashlib, os, sys
for top, folders, files in os.walk(sys.argv[1]):
    folders.sort()
    for name in sorted(files):
        if name.endswith(".yaml"):
            path = os.path.join(top, name)
            os.stat(path)
            with open(path, "rb") as stream:
                hashlib.sha256(stream.read()).digest()
"""


def run(bench: Bench, inputs: Inputs) -> None:
    """The rows of issue 15 (d1–d4; d5 is `memory`, after every other row)."""
    planctl, caches = bench.planctl, bench.caches
    many, huge = inputs.many, inputs.sizes[20000]
    journal, journal_tasks = inputs.journal, inputs.journal_tasks
    start_repeats, big_repeats, huge_repeats = bench.repeats
    row, ratio, note, filled = bench.row, bench.ratio, bench.note, bench.filled
    due = [*planctl, "due", "--month", "3"]
    due_json = [*planctl, "due", "--format", "json", "--month", "3"]
    check = [*planctl, "check", "--format", "json"]

    print("(d1, d2) due on plans/2015.yaml with the cache; hledger", file=sys.stderr)
    warm_text, warm_json = caches.warm("d1-text"), caches.warm("d1-json")
    specs = [
        Spec(
            "d1. floor: python -c 'import yaml; CSafeLoader load'",
            [sys.executable, "-c", FLOOR.format(path=str(PLAN_2015))],
            warm=True,
            planctl=False,
        ),
        Spec("d1. due --month 3 2015.yaml: warm", [*due, str(PLAN_2015)], env=warm_text, warm=True),
        Spec(
            "d1. due --format json --month 3 2015.yaml: warm",
            [*due_json, str(PLAN_2015)],
            env=warm_json,
            warm=True,
        ),
        Spec(
            "d1. due --month 3 2015.yaml: cold",
            [*due, str(PLAN_2015)],
            env=caches.cold("d1-text-cold"),
            warm=True,
        ),
        Spec(
            "d1. due --format json --month 3 2015.yaml: cold",
            [*due_json, str(PLAN_2015)],
            env=caches.cold("d1-json-cold"),
            warm=True,
        ),
    ]
    hledger = shutil.which("hledger")
    if hledger:
        specs.append(
            Spec(
                f"d2. peer: hledger -f 2015.journal reg ({journal_tasks} entries)",
                [hledger, "-f", str(journal), "reg"],
                env=utf8_env,
                warm=True,
                planctl=False,
            )
        )
    else:
        note("d2. skipped: no `hledger` on PATH")
    floor, text_w, json_w, text_c, json_c, *peer = measure_together(specs, start_repeats)
    filled(warm_text, "d1. due warm")
    filled(warm_json, "d1. due --format json warm")
    for m, target, ok in (
        (text_w, "", None),
        (json_w, "", None),
        (text_c, "", None),
        (json_c, "", None),
        (floor, "(floor)", None),
    ):
        row(m, target, ok)
    ratio("d1. due warm / floor", text_w.median / floor.median, 1.5)
    ratio("d1. due --format json warm / floor", json_w.median / floor.median, 1.5)
    ratio("d1. due cold / floor", text_c.median / floor.median, 3)
    ratio("d1. due --format json cold / floor", json_c.median / floor.median, 3)
    if peer:
        row(peer[0], "(peer)", None)
        ratio("d2. hledger reg / due warm", peer[0].median / text_w.median, None)

    print("(d3) check over 1,000 files with the cache", file=sys.stderr)
    cached = caches.warm("d3-cached")
    floor, cold, warm = measure_together(
        [
            Spec(
                "d3. floor: python -c walk, stat, sha256 the 1,000 plans",
                [sys.executable, "-c", HASH_FLOOR, str(many)],
                warm=True,
                planctl=False,
            ),
            Spec(
                "d3. check 1,000 plans: cold",
                [*check, str(many)],
                (0, 1),
                env=caches.cold("d3-cold"),
            ),
            Spec(
                "d3. check 1,000 plans: cached", [*check, str(many)], (0, 1), env=cached, warm=True
            ),
        ],
        big_repeats,
    )
    filled(cached, "d3. check cached")
    row(cold, "", None)
    row(warm, "", None)
    row(floor, "(floor)", None)
    ratio("d3. check cached / hash+stat floor", warm.median / floor.median, 3)
    ratio("d3. check cold / cached", cold.median / warm.median, None)

    print("(d4) the 20,000-task plan with the cache", file=sys.stderr)
    due_warm, check_cached = caches.warm("d4-due"), caches.warm("d4-check")
    due_c, due_w, check_c, check_w = measure_together(
        [
            Spec(
                "d4. due --format json --month 3, 20,000 tasks: cold",
                [*due_json, str(huge)],
                env=caches.cold("d4-due-cold"),
            ),
            Spec(
                "d4. due --format json --month 3, 20,000 tasks: warm",
                [*due_json, str(huge)],
                env=due_warm,
                warm=True,
            ),
            Spec(
                "d4. check, 20,000 tasks: cold",
                [*check, str(huge)],
                (0, 1),
                env=caches.cold("d4-check-cold"),
            ),
            Spec(
                "d4. check, 20,000 tasks: cached",
                [*check, str(huge)],
                (0, 1),
                env=check_cached,
                warm=True,
            ),
        ],
        huge_repeats,
    )
    filled(due_warm, "d4. due warm")
    filled(check_cached, "d4. check cached")
    row(due_c, "", None)
    row(due_w, "≤ 500 ms", due_w.median <= 0.5)
    row(check_c, "", None)
    row(check_w, "", None)


def memory(bench: Bench, only: set[str]) -> None:
    """(d5): the largest peak RSS of any planctl row measured in this run (not the floors
    and the peer)."""
    planctl_rows = [m for m in bench.measured if m.planctl]
    if planctl_rows:
        top = max(planctl_rows, key=lambda m: m.peak_mb)
        bench.rows.append(
            (
                f"d5. memory: max peak RSS of the {len(planctl_rows)} planctl rows "
                f"(rows {', '.join(sorted(only))})",
                "",
                f"{top.peak_mb:.0f} MB",
                "≤ 200 MB",
                verdict(top.peak_mb <= 200),
            )
        )
        bench.notes.append(f"d5. the largest peak is {top.label} ({top.peak_mb:.0f} MB)")
