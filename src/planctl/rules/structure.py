"""Structure: task IDs, item numbers and tables that can be told apart, and strategy tables whose
columns hold every row (PC304–PC309, PC601–PC603)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from planctl.plan.findings import Code, Finding
from planctl.plan.quoting import clip

if TYPE_CHECKING:  # the registry reads the codes without the model (pydantic)
    from planctl.plan.model import Method
    from planctl.plan.source import YamlPath
    from planctl.rules.walk import Walk

TASK_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")


BAD_TASK_ID = Code.parse(
    """
PC304 error: a task ID that is not a short ASCII name (letters, digits, `.-_`)
why: Task IDs are used as keys by scripts, in URLs (the HTML row anchors) and in CSV files; spaces
  and Chinese characters break those, and an ID should stay the same when the 工作內容 is reworded.
fix: Use the table's code, the item's 編號 and the row: `reg-2.1`. At most 32 characters of letters,
  digits, `.`, `-` and `_`.
bad:
  tasks:
    - id: 登記 2.1
good:
  tasks:
    - id: reg-2.1
"""
)


TASK_ID_TWICE = Code.parse(
    """
PC305 error: a task ID used twice in the plan
why: An ID names one task everywhere (JSON and CSV output, the row anchors of the HTML); two tasks
  with one ID cannot be told apart.
fix: Give the second task its own ID, usually the next row number (`reg-1.2`). The hint names the
  task that already uses it.
bad:
  tasks:
    - id: reg-1.1
      …
    - id: reg-1.1
good:
  tasks:
    - id: reg-1.1
      …
    - id: reg-1.2
"""
)


TASK_ID_PREFIX = Code.parse(
    """
PC306 warning: a task ID that does not start with its table's code (`reg-`)
why: The prefix tells a reader of a JSON or CSV row which section the task belongs to; a task copied
  from another table often keeps the other table's prefix.
fix: Rename the ID to start with the table's `code` and a dash. Check nothing outside the plan
  refers to the old ID.
bad:
  - section: 人事
    code: hr
    items:
      - number: 9
        tasks:
          - id: reg-9.1
good:
  - section: 人事
    code: hr
    items:
      - number: 9
        tasks:
          - id: hr-9.1
"""
)


def task_ids(walk: Walk) -> Iterator[Finding]:
    """PC304: a task ID is a short ASCII name (a key for scripts, URLs and CSV); PC305: it is
    used once; PC306: it starts with its table's code, which tells a reader its section."""
    first: dict[str, str] = {}
    for path, table, task in walk.tasks:
        if not TASK_ID.match(task.id):
            yield BAD_TASK_ID.finding(
                f"task ID '{clip(task.id)}' is not a short ASCII name",
                (*path, "id"),
                hint="letters, digits, '.', '-' and '_', at most 32, e.g. reg-1.2",
            )
        elif task.id in first:
            yield TASK_ID_TWICE.finding(
                f"task ID '{clip(task.id)}' is used twice",
                (*path, "id"),
                hint=f"first used by 「{clip(first[task.id])}」",
            )
        elif not task.id.startswith(table.code + "-"):
            yield TASK_ID_PREFIX.finding(
                f"task ID '{clip(task.id)}' does not start with its table's code "
                f"'{clip(table.code)}-'",
                (*path, "id"),
            )
        first.setdefault(task.id, task.text)


ITEM_NUMBER_TWICE = Code.parse(
    """
PC307 error: the same 編號 twice in a table (an item repeated after a page break is one item)
why: Source documents printed over several pages often repeat an item's 編號 on the next page; typed
  in twice, the item would print as two rows with one 編號 and its tasks would be split.
fix: Merge the two items: move the second one's tasks under the first and delete the repeat.
bad:
  items:
    - number: 1
      name: 清查人口
      tasks: [ … ]
    - number: 1
      name: 清查人口
      tasks: [ … ]
good:
  items:
    - number: 1
      name: 清查人口
      tasks: [ … , … ]
"""
)


ITEM_NUMBER_ORDER = Code.parse(
    """
PC308 warning: 編號 out of order in a table
why: The printed 管制表 follows the file's order; 編號 3 before 2 reads as a mistake to whoever
  signs it, and often means an item was pasted in the wrong place.
fix: Move the item to its place, or renumber the items if the order is right.
bad:
  items:
    - number: 2
      …
    - number: 1
      …
good:
  items:
    - number: 1
      …
    - number: 2
      …
"""
)


def item_numbers(walk: Walk) -> Iterator[Finding]:
    """PC307 for a 編號 repeated, PC308 for whole numbers out of order (labels as written,
    一、 or (一), are only checked for repeats)."""
    for path, table in walk.tables:
        previous = 0
        labels: set[str] = set()
        for i, item in enumerate(table.items):
            where = (*path, "items", i, "number")
            if isinstance(item.number, str):
                if item.number in labels:
                    yield ITEM_NUMBER_TWICE.finding(
                        f"編號 {clip(item.number)} is used twice in {clip(table.section)}",
                        where,
                        hint="an item continued on a new page is one item: merge them",
                    )
                labels.add(item.number)
                continue
            if item.number <= previous:
                code = ITEM_NUMBER_TWICE if item.number == previous else ITEM_NUMBER_ORDER
                yield code.finding(
                    f"編號 {clip(str(item.number))} follows 編號 {clip(str(previous))} "
                    f"in {clip(table.section)}",
                    where,
                    hint="an item continued on a new page is one item: merge them",
                )
            previous = max(previous, item.number)


TABLE_TWICE = Code.parse(
    """
PC309 error: two schedule tables for one section, or with one code
why: `due --section` and `render --section` pick a table by its section name or code; two tables
  with one name make the choice ambiguous and the task-ID prefixes collide.
fix: Merge the two tables, or give the second its own `section` and `code`.
bad:
  tables:
    - section: 人事
      code: hr
      …
    - section: 會計
      code: hr
good:
  tables:
    - section: 人事
      code: hr
      …
    - section: 會計
      code: acc
"""
)


def table_sections(walk: Walk) -> Iterator[Finding]:
    """PC309: a section name or code picks one schedule table (`due --section`), and
    task-ID prefixes stay apart."""
    seen: set[str] = set()
    for base, table in walk.tables:
        for key, value in (("section", table.section), ("code", table.code)):
            if value in seen:
                message = f"{key} '{clip(value)}' has two schedule tables"
                yield TABLE_TWICE.finding(message, (*base, key))
            seen.add(value)


COLUMNS_SHORT = Code.parse(
    """
PC601 error: a strategy table's `columns:` do not reach its units column (one per numbering level,
  then the units; `{label: …, span: 2}` covers two)
why: Each numbering level of the strategy table (要領, 策略, 方法) is a column; with fewer labels
  than levels, a column of the plan's text would print under the wrong heading or not at all.
fix: Give one label per level, then the units column (and any further columns); a header that spans
  two levels is `{label: 工作要領, span: 2}`.
bad:
  columns: [工作要領, 業務單位]   # over principles, strategies and methods
good:
  columns: [{label: 工作要領, span: 2}, 工作重點, 業務單位]
"""
)


def strategy_columns(walk: Walk) -> Iterator[Finding]:
    """PC601: the header must cover the table's columns, one per numbering level plus the
    units column; a fourth level's texts with a three-label header would vanish from print."""
    for table in walk.strategy_tables:
        part = table.part
        if not part.columns:
            continue
        covered = sum(column.span for column in part.header)
        if covered < part.levels + 1:
            levels = "要領, 策略, 方法" if part.has_methods else "要領, 策略"
            yield COLUMNS_SHORT.finding(
                f"`columns:` cover {covered} columns but the table has {part.levels + 1} "
                f"({levels} and the units)",
                (*table.path, "columns"),
                hint="one label per column; a label over two columns is written "
                "{label: 工作要領, span: 2}",
            )


UNKNOWN_CELL = Code.parse(
    """
PC603 error: a row's `cells` name a column the table's `columns:` do not have
why: A cell under a heading the table does not have is never printed: its text would be lost from
  every output.
fix: Name the cell by one of the table's `columns:` labels, or add the column.
bad:
  columns: [實施策略, 推動方法, 完成期限, 執行單位]
  …
      cells: {完成日期: 3月底}
good:
  columns: [實施策略, 推動方法, 完成期限, 執行單位]
  …
      cells: {完成期限: 3月底}
"""
)


def row_cells(walk: Walk) -> Iterator[Finding]:
    """PC603: a row's `cells` are keyed by the headings of the table's columns after the
    numbering levels; a key that names none would be printed under no heading."""
    for table in walk.strategy_tables:
        known = [label for label in table.part.row_columns if label is not None]
        for path, row in table.rows:
            for label in row.cells:
                if label not in known:
                    shown = "、".join(clip(k) for k in known) or "none"
                    yield UNKNOWN_CELL.finding(
                        f"cell 「{clip(label)}」 is not a column of the table",
                        (*path, "cells", label),
                        hint=f"the columns after the numbering levels and units: {shown}",
                    )


UNITS_ON_STRATEGY_AND_METHOD = Code.parse(
    """
PC602 error: units on both a strategy and one of its methods
why: A unit cell shared by a strategy's rows and units on one of its methods cannot both be printed
  in one column: the table would say two things about who does it.
fix: Keep the units where the printed table has them: on the strategy (one spanning cell) or on each
  method.
bad:
  - text: 訂定計畫。
    units: [研考]
    methods:
      - text: 充實設備
        units: [總務]
good:
  - text: 訂定計畫。
    methods:
      - text: 充實設備
        units: [總務]
"""
)


def shared_units(walk: Walk) -> Iterator[Finding]:
    """PC602: units on a strategy with methods are one cell shared by its method rows; a
    method or sub-item that names its own units as well leaves no cell for them."""
    for table in walk.strategy_tables:
        for path, strategy in table.strategies:
            if not strategy.units:
                continue
            for m, method in enumerate(strategy.methods):
                where = _own_units(method, (*path, "methods", m))
                if where:
                    yield UNITS_ON_STRATEGY_AND_METHOD.finding(
                        "units on both a strategy and its method: the strategy's units are "
                        "one cell shared by all its methods",
                        where,
                        hint="keep the units on the strategy (one shared cell) or on each "
                        "method, not both",
                    )


def _own_units(method: Method, path: YamlPath) -> YamlPath | None:
    """Where a method (or one of its sub-items) names units of its own, if it does."""
    if method.units:
        return (*path, "units")
    for index, sub in enumerate(method.subitems):
        if sub.units:
            return (*path, "subitems", index, "units")
    return None
