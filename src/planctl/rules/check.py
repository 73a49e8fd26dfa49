"""`planctl check`: every finding of every plan file, located in its file."""

from __future__ import annotations

import os
import signal
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from planctl.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, InvalidPlan, UnreadableInput
from planctl.plan.findings import Finding, Located, Severity
from planctl.plan.load import discover, validated
from planctl.plan.source import line_of, parse, read_text
from planctl.rules.consistency import each_finding

MAX_PER_CODE = 200
"""Findings of one code shown per file; the rest are counted. A generated plan with 990,000
bad months must end with a clear summary, not run out of memory placing every one."""


@dataclass(frozen=True)
class Omitted:
    """Findings of one code in one file past MAX_PER_CODE: counted, not shown."""

    file: str
    code: str
    severity: Severity
    count: int


@dataclass
class CheckResult:
    """What `check` found: located findings, and the files that could not be read at all."""

    files: int = 0
    findings: list[Located] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    omitted: list[Omitted] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        shown = sum(1 for located in self.findings if located.severity is severity)
        return shown + sum(o.count for o in self.omitted if o.severity is severity)

    def exit_code(self, strict: bool) -> int:
        if self.unreadable:
            return EXIT_USAGE
        failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
        return EXIT_FINDINGS if any(f.severity in failing for f in self.findings) else EXIT_OK


PARALLEL_FROM = 16
"""Fewer files than this are checked in this process: starting workers would cost more."""


def check_paths(paths: Sequence[str]) -> CheckResult:
    """Check each file; one file's problems never stop the others from being checked.

    A CI run over a repository of many plans uses every core: files are independent, and
    the results come back in the order the files were named."""
    files = discover(paths)
    result = CheckResult(files=len(files))
    workers = min(os.cpu_count() or 1, len(files) // PARALLEL_FROM)
    outcomes = _in_workers(files, workers) if workers > 1 else None
    if outcomes is None:
        outcomes = [_check_one(path) for path in files]
    for findings, unreadable, omitted in outcomes:
        result.findings.extend(findings)
        result.unreadable.extend(unreadable)
        result.omitted.extend(omitted)
    return result


Outcome = tuple[list[Located], list[str], list[Omitted]]


def _in_workers(files: list[Path], workers: int) -> list[Outcome] | None:
    """The files checked by a pool of worker processes; None when the system will not give
    us processes or threads (a process limit, `prlimit --nproc`): then the caller checks them
    here, one by one. Whatever happens (Ctrl-C too), no worker is left behind: a worker that
    waits for work would keep planctl from ever exiting."""
    if not _room_for(workers + 4):
        return None
    pool = ProcessPoolExecutor(workers, initializer=_ignore_interrupts)
    chunks = [files[start : start + PARALLEL_FROM] for start in range(0, len(files), PARALLEL_FROM)]
    try:
        # Not `pool.map`: it cancels the work left when interrupted, and Python 3.11's pool
        # then fails with a traceback of its own when the workers are ended.
        with _interrupts_held():
            futures = [pool.submit(_check_chunk, chunk) for chunk in chunks]
        outcomes = [outcome for future in futures for outcome in future.result()]
    except (OSError, RuntimeError, BrokenProcessPool):
        _stop(pool)
        return None
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown()
    return outcomes


def _stop(pool: ProcessPoolExecutor) -> None:
    """End the pool's workers now (a worker started before the next could not be waits for
    work for ever); the pool then fails what was not done, which no one waits for."""
    # No public way to reach the workers before Python 3.14 (`terminate_workers`).
    workers = list((getattr(pool, "_processes", None) or {}).values())
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.join()
    pool.shutdown(wait=False)  # its manager thread may never have started: nothing to wait for


def _room_for(tasks: int) -> bool:
    """Can this user start `tasks` more processes and threads? A pool that gets some and not
    all can hang inside Python (a thread of its own fails to start), so a tight process limit
    (`ulimit -u`, `prlimit --nproc`) is checked before starting one: it counts every thread of
    every process of the user."""
    try:
        import resource
    except ImportError:  # not a Unix: no such limit
        return True
    limit = resource.getrlimit(resource.RLIMIT_NPROC)[0]
    if limit == resource.RLIM_INFINITY or os.geteuid() == 0:  # root is not held to it
        return True
    return _threads_of_user(limit) + tasks <= limit


def _threads_of_user(enough: int) -> int:
    """Threads of the processes this user runs, from /proc, counted up to `enough`; where
    there is no /proc to read, `enough` (no room)."""
    uid, total = str(os.getuid()), 0
    try:
        entries = [entry for entry in os.listdir("/proc") if entry.isdigit()]
    except OSError:
        return enough
    for entry in entries:
        try:
            with open(f"/proc/{entry}/status", encoding="ascii", errors="replace") as status:
                fields = dict(line.split(":", 1) for line in status if ":" in line)
        except OSError:
            continue  # ended meanwhile
        if fields.get("Uid", "").split()[:1] == [uid]:
            total += int(fields.get("Threads", "1").strip() or 1)
        if total >= enough:
            break
    return total


def _check_chunk(paths: list[Path]) -> list[Outcome]:
    return [_check_one(path) for path in paths]


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C back while the workers are started: a worker interrupted before it ignores
    SIGINT would print a traceback of its own. Held back, not lost: it arrives afterwards."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _ignore_interrupts() -> None:
    """Ctrl-C reaches every process of the terminal: the workers leave it to planctl itself,
    which stops them, instead of each printing a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _check_one(path: Path) -> Outcome:
    """One file's findings, or the line saying why it could not be read."""
    try:
        findings, omitted = _check_capped(path)
        return findings, [], omitted
    except UnreadableInput as error:
        return [], [error.one_line()], []


def check_file(path: Path) -> list[Located]:
    """The located findings of one file, sorted by position (at most MAX_PER_CODE a code)."""
    return _check_capped(path)[0]


def _check_capped(path: Path) -> tuple[list[Located], list[Omitted]]:
    """The located findings of one file, sorted by position, and the count of the rest."""
    text = read_text(path)
    try:
        source = parse(text, str(path))
    except InvalidPlan as error:
        assert error.position is not None
        finding = Finding(error.code, Severity.ERROR, error.message, (), hint=error.hint)
        return [Located(finding, error.position, line_of(text, error.position.line))], []
    loaded = validated(source)
    found = loaded.schema_findings if loaded.plan is None else each_finding(loaded.plan)
    kept, omitted = _capped(found)
    located = sorted((loaded.locate(f) for f in kept), key=lambda f: f.position)
    return located, [Omitted(str(path), code, sev, n) for (code, sev), n in omitted.items()]


def _capped(findings: Iterable[Finding]) -> tuple[list[Finding], Counter[tuple[str, Severity]]]:
    """The first MAX_PER_CODE findings of each code, and how many of each code are left over
    (placing a finding in its file is what costs; counting one is cheap)."""
    kept: list[Finding] = []
    shown: Counter[str] = Counter()
    omitted: Counter[tuple[str, Severity]] = Counter()
    for finding in findings:
        if shown[finding.code] < MAX_PER_CODE:
            shown[finding.code] += 1
            kept.append(finding)
        else:
            omitted[finding.code, finding.severity] += 1
    return kept, omitted
