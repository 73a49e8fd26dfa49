"""Revisions of the bundled plan, written as a clerk would edit it, for the diff tests.

Each edit names text that must occur exactly once in the bundled plan, so that a change to
the plan breaks these tests loudly instead of making them pass vacuously."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import PLAN_2015

ORIGINAL = PLAN_2015.read_text(encoding="utf-8")

MOVED_TASK = """              - id: acc-2.1
                text: 需求之彙整與提報
                months: [2-3]
"""

REVISION: list[tuple[str, str]] = [
    # the approval record: the plan revised again
    ("date: 2015-02-04  # 民國104年2月4日修訂", "date: 2015-03-10  # 民國104年3月10日修訂"),
    # a text reworded
    ("text: 提升服務品質，深化服務績效。", "text: 提升服務品質，強化服務效能。"),
    # a method's units
    ("                units: [行政庶務課, 戶籍登記課]\n", "                units: [行政庶務課]\n"),
    # deadlines and the dates their texts state
    ("各課室於104年2月4日前", "各課室於104年3月10日前"),
    ("deadline: 2015-02-04", "deadline: 2015-03-10"),
    ("本(104)年2月16日前函報", "本(104)年3月16日前函報"),
    ("deadline: 2015-02-16", "deadline: 2015-03-16"),
    # months moved
    (
        "text: 清查致贈百歲人瑞金鎖片，當事人不知去向者\n                months: [1-2]",
        "text: 清查致贈百歲人瑞金鎖片，當事人不知去向者\n                months: [3-4]",
    ),
    # a task removed
    (
        "              - id: acc-1.2\n"
        "                text: 提列預算分配之申請案\n"
        "                months: [1]\n",
        "",
    ),
    # a task moved to another item (acc-2.1 from 編號2 to 編號1)
    (MOVED_TASK, ""),
    (
        "              - id: acc-1.1\n",
        MOVED_TASK + "              - id: acc-1.1\n",
    ),
    # a task's ID changed, its text kept
    ("id: hr-4.1", "id: hr-4.2"),
    # a task added
    (
        "          - number: 2\n            name: 配合民政局辦理新進人員講習",
        "              - id: hr-1.4\n                text: 公告遷調結果並通知當事人\n"
        "                months: [5]\n"
        "          - number: 2\n            name: 配合民政局辦理新進人員講習",
    ),
]

UNIT_RENAMED: list[tuple[str, str]] = [
    ("  - name: 行政庶務課\n", "  - name: 綜合行政課\n    aliases: [行政庶務課]\n"),
]


def revise(edits: list[tuple[str, str]], text: str = ORIGINAL) -> str:
    for old, new in edits:
        assert text.count(old) == 1, f"not exactly once in the plan: {old!r}"
        text = text.replace(old, new)
    return text


def write_revision(folder: Path, edits: list[tuple[str, str]]) -> tuple[Path, Path]:
    """`2015.yaml` (the bundled plan) and `2015-revised.yaml` in `folder`."""
    old, new = folder / "2015.yaml", folder / "2015-revised.yaml"
    old.write_text(ORIGINAL, encoding="utf-8")
    new.write_text(revise(edits), encoding="utf-8")
    return old, new
