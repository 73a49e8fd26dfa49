"""Checking plan files: every finding of every file, located in its file.

This is the one validation path. `planctl check` reports what `examine` finds; every command
that answers from a plan (`due`, `render`, …) loads it through `load_checked`, which runs the
same schema and consistency rules and refuses a plan with errors, with the same findings, and
gives the plan with its validated progress ledger (read from the same bytes as were checked).

With a `Cache` (`planctl.repository.cache`), a file checked before with the same contents (and
the same progress ledger) is answered from its entries: the plan's findings, omitted counts and
identity as checking gave them, its ledger's findings, and for commands that answer from the
plan, the plan and its ledger as Records (`planctl.plan.record`). A new version of the ledger
beside a plan in the cache is checked alone, against the plan's Records. Findings on a given
day (`as_of`) are never cached.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from planctl.errors import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    InvalidPlan,
    Position,
    UnreadableInput,
    UsageError,
)
from planctl.plan.findings import Finding, Located, Severity
from planctl.plan.load import (
    Loaded,
    discover,
    has_ledger,
    is_ledger,
    ledger_exists,
    ledger_path,
    plan_of,
    validated,
)
from planctl.plan.months import ROC_OFFSET
from planctl.plan.reading import read_bytes
from planctl.plan.units import normalise
from planctl.repository.cache import PLAN_NOT_KEPT, Cache, CheckedFile

if TYPE_CHECKING:  # the YAML parser, the model and the rules are imported where a file is
    # checked afresh: a plan answered from the cache needs none of them (nor pydantic)
    from planctl.plan.model import Plan
    from planctl.plan.source import Source
    from planctl.progress.model import Ledger
    from planctl.rules.selection import Selection

LedgerPart = tuple[list[Located], "Ledger | None"]
"""A progress ledger checked against its plan: its findings, and the validated ledger (None:
not valid)."""

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


def check_paths(
    paths: Sequence[str],
    as_of: date | None = None,
    progress: Callable[[int], Callable[[], None]] | None = None,
    cache: Cache | None = None,
) -> CheckResult:
    """Check each file; one file's problems never stop the others from being checked.

    A CI run over a repository of many plans uses every core: files are independent, and
    the results come back in the order the files were named. A plan's progress ledger is
    checked with it; `as_of` also reports the progress reports missing on that day.
    `progress(total)`, when given, returns the function to call after each file. With a
    `cache`, unchanged files are answered from it (but never findings on a day, `as_of`)."""
    files = _without_ledgers_of(discover(paths))
    if as_of is not None:
        cache = None  # what is missing depends on the day: never stored, never read
    advance = progress(len(files)) if progress else _nothing
    result = CheckResult(files=len(files))
    known = [_cached(path, cache) for path in files] if cache else [None] * len(files)
    for _ in filter(None, known):
        advance()
    afresh = [path for path, outcome in zip(files, known, strict=True) if outcome is None]
    checked = iter(_checked_afresh(afresh, as_of, cache, advance))
    outcomes = [next(checked) if outcome is None else outcome for outcome in known]
    overlapping = dict(overlaps([identity for *_, identity in outcomes]))
    for number, (findings, unreadable, omitted, _) in enumerate(outcomes):
        if number in overlapping:
            findings = sorted([*findings, overlapping[number]], key=lambda f: f.position)
        result.findings.extend(findings)
        result.unreadable.extend(unreadable)
        result.omitted.extend(omitted)
    return result


Outcome = tuple[list[Located], list[str], list[Omitted], "Identity | None"]


def _cached(path: Path, cache: Cache) -> Outcome | None:
    """The file's outcome from the cache, or None when it must be checked. Answered here
    before any worker starts: a CI re-run of unchanged files costs reading and hashing them,
    not a pool of processes that would find every answer cached. A file not in the cache is
    read and hashed again where it is checked (a worker process gets its path, not its
    bytes, and stores what it finds under the key of what it read)."""
    if is_ledger(path):
        return None
    try:
        inputs, _, planned, ledgered = _lookup(path, cache, keep_plan=False)
    except UnreadableInput:
        return None  # checked afresh, which says why
    entry = _answered(inputs, planned, ledgered, keep_plan=False)
    return None if entry is None else (entry.findings, [], entry.omitted, entry.identity)


def _checked_afresh(
    files: list[Path], as_of: date | None, cache: Cache | None, advance: Callable[[], None]
) -> list[Outcome]:
    """The files' outcomes, in order: in a pool of worker processes when there are enough
    of them to pay for starting it, else here."""
    workers = min(os.cpu_count() or 1, len(files) // PARALLEL_FROM)
    if workers > 1:
        from planctl.repository.workers import in_workers

        chunk = partial(_check_chunk, as_of, cache)
        outcomes = in_workers(chunk, files, workers, PARALLEL_FROM, advance)
        if outcomes is not None:
            return outcomes
    check_one = partial(_check_one, as_of=as_of, cache=cache)
    return list(_counted(map(check_one, files), advance))


def _nothing() -> None:
    """No progress to show."""


def _counted(outcomes: Iterable[Outcome], advance: Callable[[], None]) -> Iterable[Outcome]:
    """The outcomes, calling `advance` as each arrives (the progress bar of the CLI)."""
    for outcome in outcomes:
        yield outcome
        advance()


def selected(result: CheckResult, selection: Selection) -> CheckResult:
    """The result with only the codes `selection` (--select, --ignore) reports."""
    kept = [located for located in result.findings if selection.keeps(located.code)]
    omitted = [counted for counted in result.omitted if selection.keeps(counted.code)]
    return CheckResult(result.files, kept, result.unreadable, omitted)


def _without_ledgers_of(files: list[Path]) -> list[Path]:
    """The files, less the ledgers whose plan is among them (checked with their plan)."""
    if not any(is_ledger(path) for path in files):
        return files
    plans = {path.resolve() for path in files if not is_ledger(path)}
    return [path for path in files if not (is_ledger(path) and plan_of(path).resolve() in plans)]


def _check_chunk(as_of: date | None, cache: Cache | None, paths: list[Path]) -> list[Outcome]:
    """Check a chunk of files in a worker process (with the day to count reports to); given
    to the pool as a `partial` (a function and its arguments pickle: a dataclass here
    cost every start of planctl ~0.7 ms to create)."""
    return [_check_one(path, as_of, cache) for path in paths]


def _check_one(path: Path, as_of: date | None = None, cache: Cache | None = None) -> Outcome:
    """One file's findings (at most MAX_PER_CODE a code, the rest counted) and what it is a
    plan of, or the line saying why it could not be read."""
    try:
        if is_ledger(path):
            return _check_ledger_file(path, as_of), [], [], None
        entry = _entry(path, as_of, cache, keep_plan=False)
    except UnreadableInput as error:
        return [], [error.one_line()], [], None
    return entry.findings, [], entry.omitted, entry.identity


def check_file(path: Path, as_of: date | None = None) -> list[Located]:
    """The located findings of one file (and of its ledger), sorted by position."""
    return _check_one(path, as_of)[0]


def examine(path: Path, as_of: date | None = None) -> tuple[Loaded | None, list[Located]]:
    """Read, parse, validate and run every rule: the loaded file and its located findings
    (see `_examine`)."""
    loaded, found, _, part = _examine(path, as_of)
    return loaded, _joined(CheckedFile(found, [], None, None), part).findings


class _Inputs(NamedTuple):
    """A plan file's bytes and its progress ledger's (None: it has none), read once: the
    cache key is made of them, and a file checked afresh is checked from these very bytes
    (a file edited meanwhile must not be stored under the old contents' key). A NamedTuple:
    a dataclass costs every start ~0.7 ms to create, five times a NamedTuple."""

    plan: bytes
    ledger: bytes | None

    @classmethod
    def read(cls, path: Path) -> _Inputs:
        ledger = ledger_path(path)
        return cls(read_bytes(path), read_bytes(ledger) if ledger_exists(ledger) else None)


def _entry(path: Path, as_of: date | None, cache: Cache | None, keep_plan: bool) -> CheckedFile:
    """What checking the file gives: from the cache when it holds the plan and its ledger;
    when it holds the plan's Records but not this version of its ledger, the ledger checked
    against them (the plan is not read again); else the file checked, and its entries
    stored, the plan and its ledger as Records. Without a cache (or with `as_of`: findings
    of a day are not stored) they are the pydantic models themselves, None when the plan or
    the ledger has errors.

    `check` (keep_plan=False) stores the findings only: converting and pickling the plan
    would add a good part to checking a file afresh in CI, for a `due` that may never run
    there; a later `due` of the file checks it again and stores the plan."""
    if cache is None or as_of is not None:
        return _joined(*_fresh(path, as_of)[:2])
    inputs, key, planned, ledgered = _lookup(path, cache, keep_plan)
    entry = _answered(inputs, planned, ledgered, keep_plan)
    if entry is not None:
        return entry
    if planned is not None and planned.plan is not None and inputs.ledger is not None:
        findings, ledger = _ledger_checked(path, planned.plan, inputs.ledger)
        ledgered = _ledger_entry(planned, findings, _records(ledger))
        cache.put_ledger(cache.ledger_key(key, inputs.ledger), ledgered, key)
        return _with_ledger(planned, ledgered)
    planned, part, _ = _fresh(path, None, inputs)
    planned = replace(planned, plan=_kept(planned.plan, keep_plan))  # the model goes: memory
    cache.put(key, planned)
    if part is None or inputs.ledger is None:
        return planned
    ledgered = _ledger_entry(planned, part[0], _kept(part[1], keep_plan))
    cache.put_ledger(cache.ledger_key(key, inputs.ledger), ledgered, key)
    return _with_ledger(planned, ledgered)


def _kept(model: Any, keep_plan: bool) -> Any:
    """What an entry holds of a valid plan or ledger: its Records, or with `keep_plan=False`
    only that it was valid (PLAN_NOT_KEPT)."""
    if model is None:
        return None
    return _records(model) if keep_plan else PLAN_NOT_KEPT


def _records(model: Any) -> Any:
    """The model as Records (`planctl.plan.record`, imported only to store an entry)."""
    from planctl.plan.record import to_record

    return to_record(model)


def _lookup(
    path: Path, cache: Cache, keep_plan: bool
) -> tuple[_Inputs, str, CheckedFile | None, CheckedFile | None]:
    """The file's bytes, its plan's key, the plan's entry and its ledger's (each None when
    there is none, or when `keep_plan` asks for Records and `check` stored only the
    findings). `check` (keep_plan=False) reads the plan's entry only when there is no
    ledger's: the ledger's holds the plan's findings too."""
    inputs = _Inputs.read(path)
    key = cache.key(str(path), inputs.plan)
    ledgered = None
    if inputs.ledger is not None:
        ledgered = cache.get_ledger(cache.ledger_key(key, inputs.ledger), ledger=keep_plan)
        if ledgered is not None and keep_plan and ledgered.ledger == PLAN_NOT_KEPT:
            ledgered = None
        if ledgered is not None and not keep_plan:
            return inputs, key, None, ledgered
    planned = cache.get(key, plan=keep_plan)
    if planned is not None and keep_plan and planned.plan == PLAN_NOT_KEPT:
        planned = None
    return inputs, key, planned, ledgered


def _answered(
    inputs: _Inputs, planned: CheckedFile | None, ledgered: CheckedFile | None, keep_plan: bool
) -> CheckedFile | None:
    """The answer the entries give, or None when something must be checked. A ledger is
    checked with its plan only when the plan could be read and validated (it has an
    identity); else the plan's entry is the whole answer."""
    if ledgered is not None:
        if not keep_plan:
            return ledgered
        return None if planned is None else _with_ledger(planned, ledgered)
    if planned is None or (inputs.ledger is not None and planned.identity is not None):
        return None
    return planned


def _ledger_entry(planned: CheckedFile, findings: list[Located], ledger: Any) -> CheckedFile:
    """A ledger's entry: the findings of its plan and its own, by position, the plan's
    omitted counts and identity (all that `check` needs), and the ledger."""
    joined = sorted([*planned.findings, *findings], key=_where)
    return CheckedFile(joined, planned.omitted, planned.identity, None, ledger)


def _with_ledger(planned: CheckedFile, ledgered: CheckedFile) -> CheckedFile:
    """A plan's entry and its ledger's as one answer: the findings of both, and the plan and
    the ledger only when neither has errors."""
    if planned.plan is None or _has_errors(ledgered.findings):
        return replace(ledgered, ledger=None)
    return replace(ledgered, plan=planned.plan)


def _joined(planned: CheckedFile, part: LedgerPart | None) -> CheckedFile:
    """A plan checked now with its ledger (None: it has none, or it was not checked)."""
    return planned if part is None else _with_ledger(planned, _ledger_entry(planned, *part))


def _has_errors(findings: list[Located]) -> bool:
    return any(located.severity is Severity.ERROR for located in findings)


def _fresh(
    path: Path, as_of: date | None, inputs: _Inputs | None = None
) -> tuple[CheckedFile, LedgerPart | None, Source | None]:
    """The file checked now: the plan's findings, omitted counts, identity, and the plan (the
    model) when it has no errors; its ledger's findings and the ledger (None: it has none or
    it was not checked); and the plan's source, when it is YAML."""
    loaded, found, omitted, ledgered = _examine(path, as_of, inputs)
    plan = loaded.plan if loaded else None
    identity = Identity.of(plan, loaded.source) if loaded and plan else None
    kept = None if plan is None or _has_errors(found) else plan
    return CheckedFile(found, omitted, identity, kept), ledgered, loaded.source if loaded else None


def _examine(
    path: Path, as_of: date | None = None, inputs: _Inputs | None = None
) -> tuple[Loaded | None, list[Located], list[Omitted], LedgerPart | None]:
    """Read, parse, validate and run every rule, over the plan and its progress ledger: the
    loaded file (None when it is not YAML), its located findings, sorted by position,
    without the warnings the plan accepts (`check: {ignore: […]}`), the counts past the cap,
    and its ledger's findings with the validated ledger (None: it has none, or the plan is
    not valid enough to check it against). Unreadable input raises. With `inputs`, the
    files' bytes already read."""
    from planctl.plan.reading import decode, read_text
    from planctl.plan.source import parse
    from planctl.rules.consistency import each_finding
    from planctl.rules.selection import accepted

    text = read_text(path) if inputs is None else decode(inputs.plan, str(path))
    try:
        source = parse(text, str(path))
    except InvalidPlan as error:
        return None, [_located_error(error, text)], [], None
    loaded = validated(source)
    if loaded.plan is None:
        located = sorted((loaded.locate(f) for f in loaded.schema_findings), key=_where)
        return loaded, located, [], None
    kept, omitted = _capped(accepted(each_finding(loaded.plan), loaded.plan))
    found = sorted((loaded.locate(f) for f in kept), key=_where)
    counted = [Omitted(str(path), code, sev, n) for (code, sev), n in omitted.items()]
    ledger_file = ledger_path(path)
    if inputs is not None:
        written = None if inputs.ledger is None else decode(inputs.ledger, str(ledger_file))
    else:
        written = read_text(ledger_file) if has_ledger(path) else None
    if written is None:
        return loaded, found, counted, None
    ledger, in_ledger = _ledger_findings(loaded.plan, ledger_file, as_of, written)
    if as_of is not None and ledger is not None:
        from planctl.rules.ledger import missing_reports

        in_ledger += [loaded.locate(f) for f in missing_reports(loaded.plan, ledger, as_of)]
    return loaded, found, counted, (in_ledger, ledger)


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


def _where(located: Located) -> Position:
    return located.position


def _located_error(error: InvalidPlan, text: str) -> Located:
    """A YAML-level error (the file could not be read as data) as a finding."""
    from planctl.plan.codes import READING
    from planctl.plan.quoting import line_of

    assert error.position is not None
    finding = READING[error.code].finding(error.message, (), hint=error.hint)
    return Located(finding, error.position, line_of(text, error.position.line))


def _ledger_findings(
    plan: Plan, path: Path, as_of: date | None, text: str
) -> tuple[Ledger | None, list[Located]]:
    """The ledger in `text` (None when it is not valid) and its findings against its plan,
    which is valid as a schema (the model, or its Records: see `_PlanRecords`)."""
    from planctl.plan.source import parse
    from planctl.progress import load as ledgers
    from planctl.rules.ledger import check_ledger

    try:
        loaded = ledgers.validated_ledger(parse(text, str(path)))
    except InvalidPlan as error:
        return None, [_located_error(error, text)]
    if loaded.ledger is None:
        return None, [loaded.locate(f) for f in loaded.schema_findings]
    return loaded.ledger, [loaded.locate(f) for f in check_ledger(plan, loaded.ledger, as_of)]


def _ledger_checked(path: Path, plan: Any, data: bytes) -> LedgerPart:
    """A new version of the progress ledger of a plan whose entry holds its Records,
    checked against them: the plan is neither read, validated nor checked again (a report
    saved at the web desk costs the ledger's checking alone)."""
    from planctl.plan.reading import decode

    file = ledger_path(path)
    records = cast("Plan", _PlanRecords(plan))
    ledger, found = _ledger_findings(records, file, None, decode(data, str(file)))
    return found, ledger


class _PlanRecords:
    """A plan's Records as the ledger's rules read a plan: every field and property of the
    model, and `schedule_tables()`, the one method of it they call (through
    `planctl.rules.places.each_task`), here by the parts' `kind`, as Records are read.
    tests/test_cache.py checks that the rules find the same on it as on the model."""

    def __init__(self, plan: Any) -> None:
        self._plan = plan

    def __getattr__(self, name: str) -> Any:
        return getattr(self._plan, name)

    def schedule_tables(self) -> Iterator[tuple[tuple[int, int], Any]]:
        for part_index, part in enumerate(self._plan.parts):
            if part.kind == "schedules":
                for table_index, table in enumerate(part.tables):
                    yield (part_index, table_index), table


def _check_ledger_file(path: Path, as_of: date | None) -> list[Located]:
    """A ledger named on its own: checked against its plan, which must exist and be valid."""
    plan_file = plan_of(path)
    if not plan_file.exists():
        raise UnreadableInput(f"{path}: a progress ledger, but its plan {plan_file} is missing")
    loaded, findings = examine(plan_file)
    if loaded is None or loaded.plan is None:
        raise UnreadableInput(
            f"{path}: its plan {plan_file} is not valid: run `planctl check {plan_file}`"
        )
    own = str(path)
    return [located for located in findings if located.position.file == own]


@dataclass(frozen=True)
class Identity:
    """Which office's plan for which year a file holds, and where it says whose it is: two
    plans of one office and year in one run would be merged or reported as if they were
    one office's work, so they are an error (PC410)."""

    office: str
    year: int
    position: Position
    excerpt: str

    @classmethod
    def of(cls, plan: Plan, source: Source) -> Identity:
        position = source.position(("office",))
        return cls(plan.office, plan.year, position, source.line(position.line))

    @property
    def key(self) -> tuple[str, int]:
        return normalise(self.office), self.year

    def overlap(self, first: Identity) -> Located:
        """The finding on this file, naming the file that came first."""
        from planctl.rules.dates import TWO_PLANS  # the rules load only for a PC410 to report

        year = f"{self.year} (民國{self.year - ROC_OFFSET}年)"
        finding = TWO_PLANS.finding(
            f"a second plan for {self.office} {year}: {first.position.file} is for the "
            "same office and year",
            ("office",),
            hint="give one plan per office and year (a revised plan replaces the old file)",
        )
        return Located(finding, self.position, self.excerpt)


def overlaps(identities: Sequence[Identity | None]) -> Iterator[tuple[int, Located]]:
    """For each plan of an office and year already given earlier in the run: its index
    among `identities` and its PC410 finding."""
    first: dict[tuple[str, int], Identity] = {}
    for number, identity in enumerate(identities):
        if identity is not None:
            earlier = first.setdefault(identity.key, identity)
            if earlier is not identity:
                yield number, identity.overlap(earlier)


class PlanRejected(InvalidPlan):
    """A plan with errors given to a command that answers from it: no answer, the findings.

    The CLI prints the errors among `findings` as `planctl check` does, counts the warnings
    (`planctl check PLAN` shows them) and exits 1; the closing line names the file that holds
    the errors, the plan's progress ledger when it is the ledger that is wrong."""

    def __init__(self, path: Path, findings: list[Located]) -> None:
        errors = [located for located in findings if located.severity is Severity.ERROR]
        held = list(dict.fromkeys(located.position.file for located in errors))
        if held and str(path) not in held:  # the plan is fine, its progress ledger is not
            where = f"{', '.join(held)}: {len(errors)} error(s) (the progress ledger of {path})"
        else:
            where = f"{path}: {len(errors)} error(s)"
        super().__init__(f"{where}; not used (see the findings above)")
        self.findings = findings
        self.plan = str(path)


@dataclass(frozen=True)
class Checked:
    """A plan that passed every rule: its values, its file, the warnings it has and whose
    plan it is; `source` (its YAML with positions) when it was read afresh without a cache;
    `ledger`, its progress ledger as it was checked with it (None: it has none).

    With a cache, `plan` and `ledger` are `planctl.plan.record.Record` trees (typed as the
    models they mirror: they have every field and property of them), the same whether the
    file was just checked or read from the cache; without one they are the pydantic models
    themselves. Code that reads them from a cached command uses fields and properties only
    (and `planctl.progress.terms.effective`, not the model's method), so both answer alike
    (tests/test_cache.py compares them)."""

    plan: Plan
    file: str
    warnings: list[Located]
    identity: Identity
    source: Source | None = None
    ledger: Ledger | None = None


def load_checked(path: Path, cache: Cache | None = None) -> Checked:
    """The plan in `path` and its progress ledger if they have no errors, else PlanRejected
    with all their findings. Without a cache, the models themselves and the plan's source;
    with one, Records and no source."""
    if cache is None:
        planned, part, source = _fresh(path, None)
        entry = _joined(planned, part)
    else:
        entry, source = _entry(path, None, cache, keep_plan=True), None
    if entry.plan is None or entry.identity is None:
        raise PlanRejected(path, entry.findings)
    plan, ledger = cast("Plan", entry.plan), cast("Ledger | None", entry.ledger)
    return Checked(plan, str(path), entry.findings, entry.identity, source, ledger)


def check_source(source: Source) -> Checked:
    """A plan read from elsewhere than a file (a git revision): the same schema and rules,
    refused the same way (its progress ledger, if any, is not part of a revision)."""
    from planctl.rules.consistency import check_plan
    from planctl.rules.selection import accepted

    loaded = validated(source)
    findings = loaded.schema_findings if loaded.plan is None else check_plan(loaded.plan)
    located = sorted((loaded.locate(f) for f in accepted(findings, loaded.plan)), key=_where)
    if loaded.plan is None or any(f.severity is Severity.ERROR for f in located):
        raise PlanRejected(Path(source.name), located)
    identity = Identity.of(loaded.plan, loaded.source)
    return Checked(loaded.plan, source.name, located, identity, loaded.source)


def load_checked_plans(
    paths: Sequence[str], command: str = "", cache: Cache | None = None
) -> list[Checked]:
    """Every plan named by `paths` (see `discover`), each checked; the first with errors
    stops the command. With `command`, that command takes exactly one plan file."""
    files = discover(paths)
    if command and len(files) != 1:
        raise UsageError(f"{command} takes one plan file; got {len(files)}")
    plans = [load_checked(path, cache) for path in files]
    for number, located in overlaps([checked.identity for checked in plans]):
        raise PlanRejected(files[number], [located])
    return plans
