"""Hypothesis strategies of plans: every model class built from awkward text (YAML 1.1 traps,
control and invisible characters), dates and months in and out of range, for the fuzz tests
of several modules; and their budget (PLANCTL_FUZZ_EXAMPLES, default 200, examples per
property).
"""

from __future__ import annotations

import os
from datetime import date
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from planctl.plan import model

EXAMPLES = int(os.environ.get("PLANCTL_FUZZ_EXAMPLES", "200"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# -- valid plans -------------------------------------------------------------------------------

TRAPS = [
    *("yes", "no", "on", "Off", "true", "~", "null", ""),
    *("012", "08", "09", "-3", "+4", "1.", "1.5", ".inf", "1e3", "0x1F", "1_000", "9:30"),
    *("2015-02-04", "104-02-04", "- a", "a: b", "a:b", "#x", "x #y", "*a", "&a", "!x", "!!str"),
    *("%x", "@x", "`x", "'", '"', "[", "{", "? x", "<<", "=", "|", ">", " x", "x ", "\tx"),
    *("３－５", "登\u200b記課", "台北", "\u3000", "a\nb", "---", "...", "\ufeffx", "\u2028"),
]
TEXT = st.one_of(
    st.sampled_from(TRAPS),
    st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=12),
    st.text("登記課臺台 -:#'\"[]{}*&!|>%@`,?~\t\n0123456789ａ３", max_size=12),
)
LABEL = st.none() | TEXT
DATE = st.dates(min_value=date(1912, 1, 1), max_value=date(9999, 12, 31))
MONTH = st.integers(-3, 40) | st.tuples(st.integers(0, 99), st.integers(0, 99)).map(
    lambda pair: f"{pair[0]}-{pair[1]}"
)


def short(strategy: st.SearchStrategy[Any], most: int = 2) -> st.SearchStrategy[list[Any]]:
    return st.lists(strategy, max_size=most)


UNIT = st.builds(
    model.Unit, name=TEXT, aliases=short(TEXT), kind=st.sampled_from(["section", "role", "all"])
)
PARAGRAPH = st.builds(
    model.Paragraph, number=LABEL, text=TEXT, deadline=st.none() | DATE, note=LABEL
)
TEXT_PART = st.builds(
    model.TextPart,
    kind=st.sampled_from(["objectives", "basis", "audience", "steps", "evaluation", "clause"]),
    number=LABEL,
    heading=LABEL,
    text=LABEL,
    items=short(PARAGRAPH),
    note=LABEL,
)
GOALS_PART = st.builds(
    model.GoalsPart,
    kind=st.just("goals"),
    number=LABEL,
    text=LABEL,
    acronym=st.none()
    | st.builds(
        model.Acronym,
        word=TEXT,
        letters=short(st.builds(model.Letter, letter=TEXT, word=TEXT, meaning=TEXT)),
    ),
    items=short(PARAGRAPH),
)
PERIOD_PART = st.builds(
    model.PeriodPart,
    kind=st.just("period"),
    heading=LABEL,
    text=TEXT,
    start=st.none() | DATE,
    end=st.none() | DATE,
)
SUBITEM = st.builds(model.SubItem, number=LABEL, text=TEXT, units=short(TEXT), note=LABEL)
CELLS = st.dictionaries(st.sampled_from(["完成期限", "預期效益", "yes", ""]), TEXT, max_size=2)
METHOD = st.builds(
    model.Method,
    number=LABEL,
    text=TEXT,
    units=short(TEXT),
    subitems=short(SUBITEM),
    cells=CELLS,
    deadline=st.none() | DATE,
    note=LABEL,
)
COLUMN = TEXT | st.builds(
    model.Column,
    label=st.sampled_from(["完成期限", "預期效益", "yes", ""]) | TEXT,
    span=st.integers(1, 3),
    units=st.booleans(),
)
STRATEGY_PART = st.builds(
    model.StrategyPart,
    kind=st.just("strategies"),
    columns=short(COLUMN, 6),
    principles=short(
        st.builds(
            model.Principle,
            number=LABEL,
            text=TEXT,
            strategies=short(
                st.builds(
                    model.Strategy,
                    number=LABEL,
                    text=TEXT,
                    methods=short(METHOD),
                    units=short(TEXT),
                    cells=CELLS,
                    deadline=st.none() | DATE,
                    note=LABEL,
                )
            ),
            note=LABEL,
        )
    ),
    note=LABEL,
)
TASK = st.builds(
    model.Task,
    id=TEXT,
    text=TEXT,
    months=short(MONTH, 4),
    units=short(TEXT),
    remark=LABEL,
    note=LABEL,
)
TABLE = st.builds(
    model.ScheduleTable,
    section=TEXT,
    code=TEXT,
    units=short(TEXT),
    units_heading=LABEL,
    title=LABEL,
    items=short(
        st.builds(
            model.Item,
            number=st.integers(-5, 10**6) | TEXT,
            name=LABEL,
            tasks=short(TASK),
            note=LABEL,
        )
    ),
    note=LABEL,
)
SCHEDULE_PART = st.builds(model.SchedulePart, kind=st.just("schedules"), tables=short(TABLE))
PLAN = st.builds(
    model.Plan,
    title=TEXT,
    office=TEXT,
    year=st.integers(1912, 9999),
    approvals=short(
        st.builds(
            model.Approval,
            kind=st.sampled_from(["核定", "核備", "修訂", "函頒"]),
            date=DATE,
            ref=LABEL,
            note=LABEL,
        )
    ),
    units=short(UNIT),
    parts=short(st.one_of(TEXT_PART, GOALS_PART, PERIOD_PART, STRATEGY_PART, SCHEDULE_PART), 3),
)
