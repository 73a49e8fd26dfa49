"""Progress control (管考): units record what they did (`done`, `report`), 研考 reviews it
(`review`); `status` compares it with the plan. The ledger is progress/<plan>.yaml beside
plans/<plan>.yaml."""

from __future__ import annotations

import functools
import re
import shlex
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

import click

from planctl.cli.options import (
    ISO_DATE,
    by_option,
    date_option,
    ledger_text,
    month_option,
    percent,
    plan_paths,
)
from planctl.cli.present import say, today
from planctl.errors import UsageError

if TYPE_CHECKING:
    from planctl.progress.entries import Done, Filing, Progressed

STATUS_CHOICES = ("辦理中", "已完成", "停辦")


def entry_options(function: Callable[..., None]) -> Callable[..., None]:
    """The options `done` and `report` share: what, when, who, and the evidence; the command
    receives them, with its own --month, as one Filing."""

    @functools.wraps(function)
    def filed(
        task_id: str,
        day: datetime | None,
        evidence: tuple[str, ...],
        by: str | None,
        replaces: str | None,
        month: str | None,
        **own: object,
    ) -> None:
        from planctl.progress.entries import Filing

        function(Filing(task_id, month, today(day), evidence, by, replaces), **own)

    options = [
        click.argument("task_id", metavar="TASK_ID"),
        plan_paths,
        date_option("The day of the report, YYYY-MM-DD. Default: today."),
        click.option(
            "--evidence",
            "-e",
            callback=ledger_text,
            multiple=True,
            metavar="REF",
            help="Evidence: a 文號, a file path or a link (repeat for more).",
        ),
        by_option("The reporting unit (default: the section's)."),
        click.option("--replaces", metavar="ENTRY_ID", help="Correct this earlier entry (its id)."),
    ]
    for option in reversed(options):
        filed = option(filed)
    return filed


def _record(paths: tuple[str, ...], asked: Done | Progressed) -> None:
    """Append the entry to the ledger of the plan with the task; say what was written."""
    from planctl.repository.ledger import record_entry

    recorded = record_entry(paths, asked)
    entry = recorded.entry
    click.echo(entry.id)
    say(
        f"recorded {entry.id} in {recorded.ledger} ({entry.task}, month {entry.month}: "
        f"{entry.status})"
    )
    if (note := recorded.note()) is not None:
        say(f"note: {note}")


@click.command(short_help="Record that a task's work for a month is done.")
@entry_options
@month_option("The month done (default: of --date).")
@click.option(
    "--text",
    "-t",
    callback=ledger_text,
    default="依計畫辦理完成",
    show_default=True,
    help="執行情形說明.",
)
def done(filing: Filing, paths: tuple[str, ...], text: str) -> None:
    """Record that a task's work for a month is done (已完成).

    Appends one entry to the plan's progress ledger (progress/2015.yaml for plans/2015.yaml),
    keeping every byte already there; prints the new entry's id. Done in the task's last
    scheduled month completes the task.

    \b
    Examples:
      planctl done reg-1.1 --month 1 --date 2015-02-05
      planctl done reg-1.1 -m 2 -d 2015-03-06 -e 北市正戶登字第1043000123號
    """
    from planctl.progress.entries import Done
    from planctl.repository.ledger import Behind

    try:
        _record(paths, Done(filing, text))
    except Behind as behind:  # done takes no reason: say which command does, in full
        check = "check --month; or " if behind.off_schedule else ""
        command = " ".join(map(_shell_word, _as_report(filing, behind.month, text, paths)))
        raise UsageError(
            f"{behind.behind}; done takes no reason",
            hint=f"{check}give --percent with the share of the whole task done so far, or "
            f"--reason (落後原因) and --measure (因應對策), to {command}",
        ) from None


def _as_report(filing: Filing, month: int, text: str, paths: tuple[str, ...]) -> list[str]:
    """The `planctl report` that records what `done` was asked, as 已完成."""
    words = ["planctl", "report", filing.task, "-m", str(month), "-s", "已完成", "-t", text]
    words += ["-d", filing.date.isoformat()]
    words += [word for item in filing.evidence for word in ("-e", item)]
    words += ["--by", filing.by] if filing.by else []
    words += ["--replaces", filing.replaces] if filing.replaces else []
    return [*words, *paths]


def _shell_word(word: str) -> str:
    """`word` as a shell reads it: as it is (Chinese too), quoted only when it must be."""
    return word if re.fullmatch(r"[^\s'\"\\$`!*?&;|<>(){}\[\]#~]+", word) else shlex.quote(word)


@click.command(short_help="Record a unit's progress report on a task.")
@entry_options
@month_option("The month reported.", required=True)
@click.option(
    "--status",
    "-s",
    "state",
    type=click.Choice(STATUS_CHOICES),
    required=True,
    help="辦理中 (in progress), 已完成 (done) or 停辦 (stopped).",
)
@click.option(
    "--percent",
    "-p",
    metavar="0-100",
    callback=percent,
    help="Share of the whole task done, 0-100.",
)
@click.option(
    "--text", "-t", callback=ledger_text, required=True, help="執行情形說明: what was done."
)
@click.option(
    "--reason",
    callback=ledger_text,
    help="落後原因: why the task is behind (required when it is).",
)
@click.option(
    "--measure",
    callback=ledger_text,
    help="因應對策: what is done about it (required when behind).",
)
@click.option("--completed", type=ISO_DATE, help="The day the task was completed.")
def report(
    filing: Filing,
    paths: tuple[str, ...],
    state: str,
    percent: float | None,
    text: str,
    reason: str | None,
    measure: str | None,
    completed: datetime | None,
) -> None:
    """Report a task's progress for a month: status, percent, what was done, and, when it
    is behind, why (落後原因) and what is being done (因應對策).

    \b
    Examples:
      planctl report reg-1.2 --month 3 --status 辦理中 --percent 50 --text 已清查半數 -d 2015-04-08
      planctl report reg-1.4 -m 3 -s 辦理中 -p 10 -t 通報延遲 --reason 人力不足 --measure 加派人力
    """
    from planctl.progress.entries import Progressed

    finished = completed.date() if completed else None
    _record(paths, Progressed(filing, state, text, percent, reason, measure, finished))


@click.command(short_help="Record 研考's review of a report.")
@click.argument("entry_id", metavar="ENTRY_ID")
@plan_paths
@click.option(
    "--decision",
    type=click.Choice(("解除列管", "繼續列管")),
    required=True,
    help="研考's decision.",
)
@click.option("--note", "-t", callback=ledger_text, help="研考意見: the note that goes with it.")
@date_option("The day of the review. Default: today.")
@by_option("Who reviews (a unit of the plan, e.g. 研考).")
def review(
    entry_id: str,
    paths: tuple[str, ...],
    decision: str,
    note: str | None,
    day: datetime | None,
    by: str | None,
) -> None:
    """Record 研考's review of a report: 解除列管 (release it from control) or 繼續列管 (keep
    controlling it), with a note.

    The report is not rewritten: a correction of it that carries the review is appended
    (it `replaces` the entry reviewed). Prints the new entry's id.

    \b
    Examples:
      planctl review reg-1.1-m02-671a0c --decision 解除列管 --note 已完成 -d 2015-04-15
      planctl review reg-1.4-m03-5057a8 --decision 繼續列管 --note 四月底前完成 --by 研考
    """
    from planctl.progress.model import Review
    from planctl.repository.ledger import review_entry

    verdict = Review(decision=decision, date=today(day), note=note, by=by)
    entry = review_entry(paths, entry_id, verdict)
    click.echo(entry.id)
    say(f"recorded {decision} for {entry_id} as {entry.id}")
