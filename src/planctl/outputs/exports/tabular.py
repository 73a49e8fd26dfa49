"""The schedule as CSV (one row per task, twelve month columns) and plans as JSON."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import asdict

from planctl.outputs.cells import csv_cell
from planctl.outputs.jsontext import json_text
from planctl.queries.schedule import MONTHS, ScheduleSheet
from planctl.repository.check import Checked

CSV_HEADERS = {
    "zh": (
        *("計畫", "課室", "編號", "計畫項目", "ID", "工作內容"),
        *(f"{m}月" for m in MONTHS),
        "備註",
    ),
    "en": (
        *("plan", "section", "no", "item", "id", "task"),
        *(f"m{m:02}" for m in MONTHS),
        "remark",
    ),
}
JSON_VERSION = 1


def schedule_csv(
    plans: Sequence[tuple[Checked, Sequence[ScheduleSheet]]],
    header_lang: str = "zh",
    bom: bool = False,
) -> str:
    """One row per task: its plan, section, 編號, 計畫項目, ID, 工作內容, ■ in each scheduled
    month's column, and 備註 (the document's own remark, never an editor's note).
    Cells a spreadsheet would run as formulas get a leading '."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADERS[header_lang])
    for loaded, sheets in plans:
        for sheet in sheets:
            for row in sheet.rows:
                marks = ("■" if marked else "" for marked in row.marks)
                cells = (loaded.plan.title, sheet.section, str(row.no), row.item, row.id, row.task)
                writer.writerow([*map(csv_cell, cells), *marks, csv_cell(row.remark or "")])
    return ("\ufeff" if bom else "") + buffer.getvalue()


def schedule_json(plans: Sequence[tuple[Checked, Sequence[ScheduleSheet]]]) -> str:
    """`{"version": 1, "plans": [{"file", "title", "year", "tables": [sheet …]}]}`."""
    return json_text(
        {
            "version": JSON_VERSION,
            "plans": [
                {
                    "file": loaded.file,
                    "title": loaded.plan.title,
                    "year": loaded.plan.year,
                    "tables": [asdict(sheet) for sheet in sheets],
                }
                for loaded, sheets in plans
            ],
        }
    )


def plans_json(plans: Sequence[Checked]) -> str:
    """`{"version": 1, "plans": [{"file", "plan": …}]}`: each whole validated plan, with the
    keys of the YAML file (dates as YYYY-MM-DD)."""
    return json_text(
        {
            "version": JSON_VERSION,
            "plans": [
                {"file": loaded.file, "plan": loaded.plan.model_dump(mode="json")}
                for loaded in plans
            ],
        }
    )
