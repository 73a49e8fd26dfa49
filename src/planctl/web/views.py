"""The desk's pages. Each reads its parameters, calls the same core function a command
calls (`progress` as `status` does, `record_entry` as `report`, `review_entry` as
`review`, `render` and `export` as the print commands) and hands plain values to a template.
Who may do what is decided here, before any core function runs: a reporter saves only for
its own units, a reviewer reviews, a viewer reads (403 otherwise, the ledger untouched)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, cast

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from markupsafe import Markup
from werkzeug.wrappers import Response as BaseResponse

from planctl.errors import PlanctlError, Refusal
from planctl.plan.load import ledger_path
from planctl.plan.model import Plan
from planctl.plan.months import quarter_label, quarter_months, quarter_of, quarters_label
from planctl.plan.units import UnitIndex
from planctl.progress.entries import Filing, Progressed, typed_percent
from planctl.progress.measure import LIGHT_LABELS
from planctl.progress.model import DECISIONS, STATUSES, Entry, Ledger, Review
from planctl.progress.terms import effective
from planctl.queries.dashboard import Curves
from planctl.queries.status import Progress, TaskStatus, progress, status_month
from planctl.repository.cache import Cache
from planctl.repository.check import Checked, load_checked, load_checked_plans
from planctl.web.accounts import ROLE_LABELS, Account, password_matches, read_accounts
from planctl.web.app import Desk

desk = Blueprint("desk", __name__)
UNKNOWN = "scrypt:32768:8:1$planctl$" + "0" * 128
"""Checked against when the account does not exist, so that an unknown name takes as long
to refuse as a wrong password."""
FIELD_OPTIONS = {
    "--text": ("text", "執行情形說明"),
    "--reason": ("reason", "落後原因"),
    "--measure": ("measure", "因應對策"),
    "--evidence": ("evidence", "佐證"),
    "--percent": ("percent", "完成進度"),
    "--completed": ("completed", "完成日期"),
    "--note": ("note", "研考意見"),
}
"""The form field (and its label) a refusal is about, by the option of `planctl report` or
`review` that gives the value; any other (`--date`, the desk's today) is the whole form's."""
FORM_WORDS = {
    "blank": "請填寫{label}",
    "character": "{label}的第 {at} 個字是不允許的控制字元（{character}），請刪除後再儲存",
    "percent": "完成進度「{value}」不是 0 到 100 的數字，請填 0 到 100",
    "no date": "完成日期「{value}」不是日期，請依 年-月-日 填寫（例如 2015-03-31）",
    "completed outside": "完成日期 {day} 不在計畫年度（{year} 年）內",
    "completed after": "完成日期 {completed} 晚於今天（{day}）：只能填報已完成的工作",
    "too early": "這個期間 {begins} 才開始，今天（{day}）還不能填報；請選已開始的月份",
    "date outside": "今天（{day}）不在本計畫可填報、審核的期間（{first} 至 {last}）內",
    "reported": "這期間已有填報（{entry}），可能是同仁剛剛儲存的：請重新整理頁面後再更正",
    "no entry": "找不到這筆填報（{entry}），請重新整理頁面",
    "replaced": "這筆填報（{entry}）已由 {by} 更正，請重新整理頁面後審核更正後的填報",
}
"""Each refusal a form can reach, in the staff's words (they see fields, never options),
by its kind; `label` is its field's."""
FORM_FIELDS = ("status", "percent", "text", "reason", "measure", "evidence", "completed")


def the_desk() -> Desk:
    return cast(Desk, current_app.extensions["planctl"])


def account() -> Account:
    return cast(Account, g.account)


@desk.before_request
def logged_in() -> BaseResponse | None:
    """Every page but the login and the style sheet needs a live session: the account
    still there, with the password it logged in with."""
    if request.endpoint in ("desk.login", "static"):
        return None
    found = read_accounts(the_desk().home).get(session.get("user", ""))
    if found is None or session.get("stamp") != found.stamp:
        session.clear()
        return redirect(url_for("desk.login"))
    g.account = found
    return None


@desk.app_context_processor
def shown() -> dict[str, object]:
    return {
        "user": g.get("account"),
        "roles": ROLE_LABELS,
        "lights": LIGHT_LABELS,
        "pct": lambda value: f"{float(value * 100):.0f}%",
    }


@desk.route("/login", methods=["GET", "POST"])
def login() -> BaseResponse | tuple[str, int] | str:
    if request.method == "GET":
        return render_template("login.html")
    name = request.form.get("name", "")
    key = (name, request.remote_addr or "")
    throttle = the_desk().throttle
    wait = throttle.wait(key)
    if wait > 0:
        message = f"登入失敗次數過多，請於 {wait:.0f} 秒後再試"
        return render_template("login.html", error=message, name=name), 429
    found = read_accounts(the_desk().home).get(name)
    probe = found or Account(name, "viewer", (), UNKNOWN)
    if not password_matches(probe, request.form.get("password", "")) or found is None:
        throttle.failed(key)
        return render_template("login.html", error="帳號或密碼錯誤", name=name), 401
    throttle.passed(key)
    session.clear()
    session.update(user=found.name, stamp=found.stamp)
    return redirect(url_for("desk.index"))


@desk.route("/logout", methods=["POST"])
def logout() -> BaseResponse:
    session.clear()
    return redirect(url_for("desk.login"))


def plans() -> list[Checked]:
    """The desk's plans, checked as every command checks them (from the cache when the
    files have not changed)."""
    return load_checked_plans(the_desk().paths, cache=Cache.open(enabled=True))


def plan_at(number: int) -> Checked:
    """A plan by its place in the desk's list; 404 for any other number."""
    loaded = plans()
    if not 0 <= number < len(loaded):
        abort(404)
    return loaded[number]


def plan_page(template: str, number: int, plan: Plan, **values: object) -> str:
    """A page about plan `number`: each is given the plan and its number (its title and the
    links of its header), and what it shows besides."""
    return render_template(template, number=number, plan=plan, **values)


def ledger_of(checked: Checked) -> Ledger | None:
    """The plan's progress ledger as it was checked with it (from the cache: Records)."""
    return checked.ledger


@dataclass(frozen=True)
class Period:
    """What a page stands at: a month, or in a plan reported by quarter (季報) a quarter, at
    its last month (the month its report is the entry for), as `planctl status` stands."""

    month: int
    quarter: int | None

    @property
    def label(self) -> str:
        """3月, or 第1季."""
        return quarter_label(self.quarter) if self.quarter else f"{self.month}月"

    @property
    def unit(self) -> str:
        """月 or 季: 本月/本季, 下月/下季."""
        return "季" if self.quarter else "月"

    @property
    def months(self) -> range:
        """The months the page's reports are for: the month, or the quarter's three."""
        return quarter_months(self.quarter) if self.quarter else range(self.month, self.month + 1)

    @property
    def args(self) -> dict[str, Any]:
        """The page's query: `?month=M`, or `?quarter=N` (Any: as `url_for` takes it)."""
        return {"quarter": self.quarter} if self.quarter else {"month": self.month}

    def of(self, month: int) -> str:
        """What the report for `month` is for: 3月, or 第1季 (a quarter's report is its last
        month's entry)."""
        return quarter_label(quarter_of(month)) if self.quarter else f"{month}月"

    def missing(self, months: tuple[int, ...]) -> str:
        """Missing reports, as the printed review names them: 3、4月, or 第1、2季."""
        if self.quarter:
            return quarters_label(months)
        return "、".join(str(m) for m in months) + "月"

    def choices(self) -> list[tuple[dict[str, int], str, bool]]:
        """The period bar: each month (each quarter) with its query, its name, and whether
        it is this page's."""
        if self.quarter:
            return [({"quarter": q}, quarter_label(q), q == self.quarter) for q in range(1, 5)]
        return [({"month": m}, f"{m}月", m == self.month) for m in range(1, 13)]


def period_asked(plan: Plan, reporting: bool = False) -> Period:
    """`?month=M` (1-12), else the month of the desk's today in the plan year; on the pages
    that report and review, until the reporting day (the 10th) the month before it, whose
    report is due then. A plan reported by quarter stands at the end of that month's quarter
    or of `?quarter=N` (1-4)."""
    quarterly = plan.control.period == "quarter"
    quarter = request.args.get("quarter", type=int) if quarterly else None
    if quarter is not None:
        if not 1 <= quarter <= 4:
            abort(404)
        return Period(3 * quarter, quarter)
    month = _month_asked(plan, reporting)
    return Period(3 * quarter_of(month), quarter_of(month)) if quarterly else Period(month, None)


def _month_asked(plan: Plan, reporting: bool) -> int:
    asked = request.args.get("month", type=int)
    if asked is None:
        today = the_desk().today()
        month = status_month(plan, None, today)
        early = reporting and today.year == plan.year and today.day <= plan.control.report_day
        return max(1, month - 1) if early else month
    if not 1 <= asked <= 12:
        abort(404)
    return asked


def progress_at(checked: Checked, period: Period, unit: str | None = None) -> Progress:
    """`planctl status` at the page's month or quarter, counted to the desk's today."""
    return progress(
        checked.plan,
        ledger_of(checked),
        period.month,
        the_desk().today(),
        unit=unit,
        quarter=period.quarter,
    )


@desk.route("/")
def index() -> BaseResponse | str:
    """With one plan, its dashboard; with several (one per office and year), every office
    and year with its light, so that a bureau sees all its offices at once."""
    from planctl.queries.dashboard import bureau

    loaded = plans()
    if len(loaded) == 1:
        return redirect(url_for("desk.overview", number=0))
    asked = {str(n): (checked.plan, ledger_of(checked)) for n, checked in enumerate(loaded)}
    return render_template("offices.html", rows=bureau(asked, the_desk().today()))


@desk.route("/p/<int:number>/")
def overview(number: int) -> str:
    """The 總覽 at a month: per section the counts, planned vs actual and the light; the
    behind and missing lists, next month's tasks and the S-curves."""
    from planctl.queries.dashboard import dashboard

    checked = plan_at(number)
    period = period_asked(checked.plan)
    today = the_desk().today()
    answer = dashboard(checked.plan, ledger_of(checked), period.month, today, period.quarter)
    return plan_page(
        "dashboard.html",
        number,
        checked.plan,
        period=period,
        board=answer,
        answer=answer.progress,
        charts=_charts(answer.curves),
        units=_reporting_units(checked.plan),
    )


def _charts(curves: Curves) -> list[Markup]:
    """The office's S-curve and each section's, as inline SVG."""
    from planctl.outputs.chart import s_curve_svg

    drawn = [curves.office, *curves.sections]
    # bandit B704 accepted: s_curve_svg escapes every text of the plan it draws
    # (outputs/chart.py); the rest is numbers and planctl's own markup.
    return [
        Markup(s_curve_svg(c.key, c.label, c.planned, c.actual))  # nosec B704
        for c in drawn
    ]


def _reporting_units(plan: Plan) -> list[str]:
    """The units that have a page: those of the registry that are sections (not roles,
    not 各課室)."""
    return [unit.name for unit in plan.units if unit.kind not in ("role", "all")]


@dataclass(frozen=True)
class UnitRow:
    """A task on a unit's page: where it stands, its report for the month (the one a new
    save replaces) and what the form shows."""

    status: TaskStatus
    current: Entry | None
    values: dict[str, str]
    errors: dict[str, str]


def _unit(plan: Plan, name: str) -> str:
    """The unit's registered name; 404 for a name the plan does not know."""
    found = UnitIndex.of(plan).find(name)
    if found is None:
        abort(404)
    return found.name


def _unit_tasks(checked: Checked, unit: str, period: Period) -> list[TaskStatus]:
    """The unit's tasks to report at `period`: scheduled in its month (a month of its
    quarter), or behind, or missing a report."""
    return [
        task
        for task in progress_at(checked, period, unit).tasks
        if any(m in task.task.month_numbers for m in period.months) or task.behind or task.missing
    ]


def _current(task: TaskStatus, month: int) -> Entry | None:
    found = [entry for entry in task.entries if entry.month == month]
    return found[-1] if found else None


def _values(entry: Entry | None) -> dict[str, str]:
    """What the form shows: the month's report when there is one."""
    if entry is None:
        return {"status": "辦理中"}
    return {
        "status": entry.status,
        "percent": "" if entry.percent is None else f"{entry.percent:g}",
        "text": entry.text,
        "reason": entry.reason or "",
        "measure": entry.measure or "",
        "evidence": "\n".join(entry.evidence),
        "completed": entry.completed.isoformat() if entry.completed else "",
    }


@desk.route("/p/<int:number>/unit/<unit>/")
def unit_page(number: int, unit: str) -> str:
    return _unit_page(number, unit, None)


def _unit_page(
    number: int, unit: str, failed: tuple[str, dict[str, str], dict[str, str]] | None
) -> str:
    checked = plan_at(number)
    name = _unit(checked.plan, unit)
    period = period_asked(checked.plan, reporting=True)
    rows = []
    for task in _unit_tasks(checked, name, period):
        current = _current(task, period.month)
        if failed and failed[0] == task.task.id:
            rows.append(UnitRow(task, current, failed[1], failed[2]))
        else:
            rows.append(UnitRow(task, current, _values(current), {}))
    return plan_page(
        "unit.html",
        number,
        checked.plan,
        unit=name,
        period=period,
        rows=rows,
        statuses=STATUSES,
        may_report=account().reports_for(name),
    )


def _lines(text: str) -> str:
    """A text area's lines as one line: the ledger holds one-line texts."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


def _optional(text: str) -> str | None:
    return _lines(text) or None


def _percent(text: str) -> float | None:
    """完成進度 as typed, 0-100, as `--percent` takes it."""
    return typed_percent(text, "--percent") if text.strip() else None


def _day(text: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        message = f"--completed 「{text}」: give a date YYYY-MM-DD"
        raise Refusal(message, "no date", "--completed", value=text) from None


def in_words_of_the_form(error: PlanctlError) -> tuple[list[str], str]:
    """The form fields a refusal is about (the whole form when none) and what it says there;
    a refusal no form can reach keeps the command line's words."""
    from planctl.repository.ledger import Behind

    if isinstance(error, Behind):
        lacking = [field for field in ("reason", "measure") if f"--{field} (" in error.message]
        return lacking, error.in_words_of_the_form
    if not isinstance(error, Refusal) or error.kind not in FORM_WORDS:
        return ["form"], error.one_line()
    field, label = FIELD_OPTIONS.get(error.option or "", ("form", ""))
    return [field], FORM_WORDS[error.kind].format(label=label, **error.facts)


def _asked(task: TaskStatus, unit: str, month: int, form: dict[str, str]) -> Progressed:
    """The report the form asks for, as `planctl report` would be given it: a correction
    of the month's report when there is one."""
    current = _current(task, month)
    evidence = tuple(line.strip() for line in form.get("evidence", "").splitlines() if line.strip())
    filing = Filing(
        task.task.id,
        str(month),
        the_desk().today(),
        evidence,
        by=unit,
        replaces=current.id if current else None,
        reporter=account().name,
    )
    state = form.get("status", "")
    if state not in STATUSES:
        abort(400)
    return Progressed(
        filing,
        state,
        _lines(form.get("text", "")),
        _percent(form.get("percent", "")),
        _optional(form.get("reason", "")),
        _optional(form.get("measure", "")),
        _day(form.get("completed", "")),
    )


@desk.route("/p/<int:number>/unit/<unit>/task/<task_id>", methods=["POST"])
def save_report(number: int, unit: str, task_id: str) -> BaseResponse | tuple[str, int]:
    """Save a unit's report: the same entry, checks, lock and ledger as `planctl report`."""
    from planctl.repository.ledger import record_entry

    checked = plan_at(number)
    name = _unit(checked.plan, unit)
    if not account().reports_for(name):
        abort(403)
    period = period_asked(checked.plan, reporting=True)
    found = [task for task in _unit_tasks(checked, name, period) if task.task.id == task_id]
    if not found:
        abort(404)
    form = {key: request.form.get(key, "") for key in FORM_FIELDS}
    try:
        recorded = record_entry((checked.file,), _asked(found[0], name, period.month, form))
    except PlanctlError as error:
        fields, said = in_words_of_the_form(error)
        errors = dict.fromkeys(fields, said)
        return _unit_page(number, unit, (task_id, form, errors)), 422
    _committed(recorded.ledger, f"{task_id} {period.label} 填報 ({name})")
    flash(f"已儲存 {task_id} {period.label}的填報（{recorded.entry.id}）")
    return redirect(
        url_for("desk.unit_page", number=number, unit=name, **period.args) + f"#t-{task_id}"
    )


def _committed(ledger: Path, message: str) -> None:
    """With `--commit`, the saved ledger committed, the user as author."""
    from planctl.repository.commits import commit_file

    the = the_desk()
    if not the.commit:
        return
    with the.git_lock:
        why = commit_file(ledger, account().name, message)
    if why:
        flash(f"已寫入，但未提交到 git：{why}")


@desk.route("/p/<int:number>/review/")
def review_page(number: int) -> str:
    return _review_page(number, None)


def _review_page(number: int, failed: tuple[str, str] | None) -> str:
    """The month's (the quarter's) reports and behind tasks, each with its review; a refused
    review of an entry the page no longer shows (corrected since, or none) at its top."""
    checked = plan_at(number)
    period = period_asked(checked.plan, reporting=True)
    rows = [(task, _current(task, period.month)) for task in progress_at(checked, period).tasks]
    rows = [(task, entry) for task, entry in rows if entry is not None or task.behind]
    on_page = {entry.id for _, entry in rows if entry is not None}
    return plan_page(
        "review.html",
        number,
        checked.plan,
        period=period,
        rows=rows,
        decisions=DECISIONS,
        failed=failed,
        lost=failed[1] if failed and failed[0] not in on_page else None,
    )


@desk.route("/p/<int:number>/review/<entry_id>", methods=["POST"])
def save_review(number: int, entry_id: str) -> BaseResponse | tuple[str, int]:
    """研考's decision on an entry: the same correction-with-review as `planctl review`."""
    from planctl.repository.ledger import review_entry

    checked = plan_at(number)
    if not account().reviews:
        abort(403)
    period = period_asked(checked.plan, reporting=True)
    decision = request.form.get("decision", "")
    if decision not in DECISIONS:
        abort(400)
    by = next((u for u in account().units if UnitIndex.of(checked.plan).find(u)), None)
    note = _optional(request.form.get("note", ""))
    try:
        day, reviewer = the_desk().today(), account().name
        verdict = Review(decision=decision, date=day, note=note, by=by, reviewer=reviewer)
        entry = review_entry((checked.file,), entry_id, verdict)
    except PlanctlError as error:
        return _review_page(number, (entry_id, in_words_of_the_form(error)[1])), 422
    done = f"{entry.task} {period.of(entry.month)}"
    _committed(ledger_path(Path(checked.file)), f"{done} {decision}")
    flash(f"已記錄 {done}：{decision}")
    return redirect(url_for("desk.review_page", number=number, **period.args))


@desk.route("/p/<int:number>/task/<task_id>")
def history(number: int, task_id: str) -> str:
    """Every entry of a task, corrections and reviews included, in the order written."""
    from planctl.repository.ledger import tasks_of

    checked = load_checked(Path(plan_at(number).file))  # the model: tasks_of walks its tables

    found = tasks_of(checked.plan).get(task_id)
    if found is None:
        abort(404)
    ledger = ledger_of(checked)
    written = ledger.entries if ledger else []
    counted = {id(entry) for entry in effective(written)}  # the one rule `status` counts by
    entries = [e for e in written if e.task == task_id]
    replaced = {e.id for e in entries if id(e) not in counted}
    return plan_page(
        "history.html",
        number,
        checked.plan,
        period=period_asked(checked.plan),
        task=found[2],
        table=found[0],
        entries=entries,
        replaced=replaced,
    )


PRINTS = {"schedule": "管制表", "review": "管考報告", "results": "成果報告"}


@desk.route("/p/<int:number>/print/<what>.pdf")
def print_pdf(number: int, what: str) -> Response:
    """The 管制表, the review or the results report as PDF, as `planctl render --format pdf`
    prints it."""
    from planctl.outputs.documents.pdf import html_to_pdf
    from planctl.outputs.documents.render import render

    if what not in PRINTS:
        abort(404)
    listed = plan_at(number)
    checked = load_checked(Path(listed.file))  # the model itself, as `render` reads it
    period = period_asked(checked.plan)
    shown = None
    if what != "schedule":
        shown = progress_at(checked, period)
    data = html_to_pdf(render(checked.plan, "html", what, progress=shown))
    return _download(data, "application/pdf", f"{PRINTS[what]}.pdf")


@desk.route("/p/<int:number>/export.ods")
def export_ods(number: int) -> Response:
    """The 管制表 as an ODS spreadsheet, as `planctl export --format ods` writes it."""
    from planctl.outputs.exports.export import Request, export

    checked = load_checked(Path(plan_at(number).file))
    data = export([checked], Request("ods"))
    return _download(data, "application/vnd.oasis.opendocument.spreadsheet", "管制表.ods")


def _download(data: bytes, kind: str, name: str) -> Response:
    from urllib.parse import quote

    response = Response(data, mimetype=kind)
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
