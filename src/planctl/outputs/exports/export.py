"""`planctl export`: one place that turns plans into the files an office exchanges.

Which format holds what (`--what`), the first being the default:

    ods   schedule | due        one sheet per section, or the month's control list
    odt   plan | schedule       the whole document, or only the schedule tables
    ics   schedule              task runs and deadlines as all-day events
    csv   schedule | due        one row per task with twelve month columns, or `due`'s CSV
    json  plan | schedule | due the whole validated plan, the schedule rows, or `due`'s JSON

The ODF and iCalendar libraries are imported only for their format.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from planctl.errors import UsageError
from planctl.plan.months import Month, parse_month
from planctl.queries.due import due
from planctl.queries.schedule import ScheduleSheet, schedule_sheets
from planctl.repository.check import Checked

WHAT: dict[str, tuple[str, ...]] = {
    "ods": ("schedule", "due"),
    "odt": ("plan", "schedule"),
    "ics": ("schedule",),
    "csv": ("schedule", "due"),
    "json": ("plan", "schedule", "due"),
}
BINARY = ("ods", "odt")


@dataclass(frozen=True)
class Request:
    """What was asked for: the format, what to export, and the filters."""

    fmt: str
    what: str | None = None
    section: str | None = None
    unit: str | None = None
    month: Month | None = None
    todo: bool = False
    header_lang: str = "zh"
    bom: bool = False

    def chosen(self) -> str:
        """`--what`, or the format's default; a pair the format cannot hold is an error."""
        what = self.what or WHAT[self.fmt][0]
        if what not in WHAT[self.fmt]:
            raise UsageError(
                f"--format {self.fmt} cannot hold --what {what}",
                hint=f"{self.fmt} holds: {', '.join(WHAT[self.fmt])}",
            )
        return what


def export(plans: Sequence[Checked], request: Request) -> bytes:
    """The file's bytes."""
    what = request.chosen()
    if request.fmt in BINARY and len(plans) != 1:
        raise UsageError(f"--format {request.fmt} takes one plan file; got {len(plans)}")
    if what == "due":
        return _due(plans, request)
    if request.fmt == "json" and what == "plan":
        from planctl.outputs.exports.tabular import plans_json

        return plans_json(plans).encode("utf-8")
    return _schedule(plans, request, what)


def _sheets(
    plans: Sequence[Checked], request: Request
) -> list[tuple[Checked, list[ScheduleSheet]]]:
    month = _month_of_year(plans, request.month)
    return [
        (loaded, schedule_sheets(loaded.plan, request.section, request.unit, month))
        for loaded in plans
    ]


def _month_of_year(plans: Sequence[Checked], month: Month | None) -> int | None:
    """The month number to filter by; a month of another year than the plans' is an error."""
    if month is None:
        return None
    if month.year is not None and all(loaded.plan.year != month.year for loaded in plans):
        years = "、".join(str(loaded.plan.year) for loaded in plans)
        raise UsageError(f"{month.year}-{month.month:02} is outside the plan year ({years})")
    return month.month


def _schedule(plans: Sequence[Checked], request: Request, what: str) -> bytes:
    chosen = _sheets(plans, request)
    if request.fmt == "csv":
        from planctl.outputs.exports.tabular import schedule_csv

        return schedule_csv(chosen, request.header_lang, request.bom).encode("utf-8")
    if request.fmt == "json":
        from planctl.outputs.exports.tabular import schedule_json

        return schedule_json(chosen).encode("utf-8")
    if request.fmt == "ics":
        from planctl.outputs.exports.ics import to_ics

        month = request.month.month if request.month else None
        return to_ics(chosen, request.todo, with_deadlines=request.section is None, month=month)
    loaded, sheets = chosen[0]
    if request.fmt == "odt":
        from planctl.outputs.documents.odt import to_odt

        return to_odt(loaded.plan, sheets, what)
    from planctl.outputs.exports.ods import to_ods
    from planctl.outputs.grid import schedule_grid

    return to_ods([schedule_grid(sheet, loaded.plan.roc_year) for sheet in sheets])


def _due(plans: Sequence[Checked], request: Request) -> bytes:
    month = request.month or parse_month(None)
    rows = due(plans, month, section=request.section, unit=request.unit)
    label = month.label(month.year or plans[0].plan.year)
    if request.fmt == "ods":
        from planctl.outputs.exports.ods import to_ods
        from planctl.outputs.grid import due_grid

        return to_ods([due_grid(rows, label)])
    from planctl.outputs.tables.due_table import as_csv, as_json

    if request.fmt == "csv":
        return as_csv(rows, label, bom=request.bom).encode("utf-8")
    return as_json(rows, label).encode("utf-8")
