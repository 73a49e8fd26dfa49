"""The checked-plan cache (issue 15) never changes an answer: the same output, findings and
warnings with and without it, whatever happens to the file or to the cache folder."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from planctl.cli import cli
from planctl.plan.record import Record, model_name, to_record
from planctl.repository import cache as cache_module
from planctl.repository.check import MAX_PER_CODE, PARALLEL_FROM, load_checked
from tests.conftest import MINIMAL, PLAN_2015, ROOT, TESTS

HEAD = len(cache_module.FORMAT) + 64 + 8
"""Where an entry's first pickle (its findings) starts: after the format, key and length."""
CHECK_CORPUS = sorted((TESTS / "check").glob("*.yaml"))


def entries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name != cache_module.PRUNED)


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result: Result = runner.invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of the test's own."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("PLANCTL_CACHE_DIR", str(cache))
    return cache


def same_three_ways(runner: CliRunner, folder: Path, *args: str) -> tuple[int, str, str]:
    """Run `args` afresh (--no-cache), then filling the cache, then from it: all identical."""
    command, paths = args[0], args[1:]
    before = entries(folder)
    afresh = run(runner, command, "--no-cache", *paths)
    assert entries(folder) == before  # --no-cache neither reads nor writes
    filling = run(runner, *args)
    stored = entries(folder)
    cached = run(runner, *args)
    assert entries(folder) == stored  # the third run was answered from the cache
    assert filling == afresh
    assert cached == afresh
    return afresh


@pytest.mark.parametrize(
    "args",
    [
        ("due", "-m", "3"),
        ("due", "-m", "3", "--format", "json"),
        ("due", "-m", "2", "--format", "csv", "--unit", "登記課"),
        ("due", "-m", "6", "--format", "md", "--section", "會計"),
        ("check",),
        ("check", "--format", "json"),
        ("check", "--format", "github"),
        ("duties",),
        ("duties", "--format", "json", "--unit", "登記課"),
        ("duties", "--format", "md", "--section", "會計"),
        ("status", "-m", "3", "--as-of", "2015-04-11"),
        ("status", "-m", "3", "--as-of", "2015-04-11", "--format", "json"),
        ("render", "--format", "md"),
        ("render", "--format", "html", "--what", "all"),
        ("render", "--format", "md", "--what", "schedule", "--section", "會計"),
        ("export", "--format", "csv", "-o", "-"),
        ("export", "--format", "csv", "--what", "due", "-m", "3", "-o", "-"),
        ("export", "--format", "ics", "-o", "-"),
    ],
    ids=" ".join,
)
def test_the_bundled_plan_answers_the_same_with_and_without_the_cache(
    runner: CliRunner, folder: Path, args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1425254400")  # the ICS's DTSTAMP, fixed
    code, stdout, stderr = same_three_ways(runner, folder, *args, str(PLAN_2015))
    assert code == 0
    assert stdout
    if args[0] != "check":  # the warnings line is the same on a cache hit
        assert " warnings; planctl check" in stderr
    assert entries(folder)


@pytest.mark.parametrize("path", CHECK_CORPUS, ids=lambda p: p.name)
def test_findings_are_the_same_with_and_without_the_cache(
    runner: CliRunner, folder: Path, path: Path
) -> None:
    """Every check code's example: the same findings, and a refused plan refused alike."""
    for command in (("check",), ("check", "--format", "json"), ("due", "-m", "3")):
        _code, stdout, _stderr = same_three_ways(runner, folder, *command, str(path))
        if command == ("check",):  # it really found what the example is about
            assert f" {path.name[:5]} " in stdout


def test_many_files_are_checked_alike_in_workers_and_from_the_cache(
    runner: CliRunner, folder: Path, tmp_path: Path
) -> None:
    """Enough files for the process pool; a few edited between runs are checked again."""
    plans = tmp_path / "plans"
    plans.mkdir()
    sources = [*CHECK_CORPUS, MINIMAL] * 2
    for n, source in enumerate(sources):
        (plans / f"{n:02}.yaml").write_bytes(source.read_bytes())
    expected = run(runner, "check", "--no-cache", "--format", "json", str(plans))
    assert run(runner, "check", "--format", "json", str(plans)) == expected
    assert len(entries(folder)) == len(sources)
    assert run(runner, "check", "--format", "json", str(plans)) == expected
    (plans / "00.yaml").write_bytes(MINIMAL.read_bytes())
    edited = run(runner, "check", "--no-cache", "--format", "json", str(plans))
    assert edited != expected
    assert run(runner, "check", "--format", "json", str(plans)) == edited


def test_only_the_files_not_in_the_cache_go_to_the_workers(
    runner: CliRunner, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cache hits are answered before any worker starts: a CI re-run of unchanged files
    starts no process pool, and one edited file among many is checked here, alone."""
    from planctl.repository import workers

    plans = tmp_path / "plans"
    plans.mkdir()
    for n in range(PARALLEL_FROM * 2):
        (plans / f"{n:02}.yaml").write_bytes(MINIMAL.read_bytes().replace(b"2015", b"2016"))
    (plans / "00.yaml").write_bytes(PLAN_2015.read_bytes())
    pooled: list[int] = []
    in_workers = workers.in_workers

    def counted(work, items, *args):  # type: ignore[no-untyped-def]
        pooled.append(len(items))
        return in_workers(work, items, *args)

    monkeypatch.setattr(workers, "in_workers", counted)
    expected = run(runner, "check", "--no-cache", "--format", "json", str(plans))
    assert pooled == [PARALLEL_FROM * 2]
    assert run(runner, "check", "--format", "json", str(plans)) == expected
    assert pooled == [PARALLEL_FROM * 2] * 2  # filling the cache: every file afresh
    assert run(runner, "check", "--format", "json", str(plans)) == expected
    assert pooled == [PARALLEL_FROM * 2] * 2  # all cached: no pool
    (plans / "05.yaml").write_bytes(PLAN_2015.read_bytes().replace(b"2015", b"2017"))
    edited = run(runner, "check", "--no-cache", "--format", "json", str(plans))
    assert run(runner, "check", "--format", "json", str(plans)) == edited
    assert pooled == [PARALLEL_FROM * 2] * 3  # the one edited file was checked here


def test_an_edited_file_is_checked_again(runner: CliRunner, folder: Path, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    text = MINIMAL.read_text(encoding="utf-8")
    plan.write_text(text, encoding="utf-8")
    assert "辦理文康活動" in run(runner, "due", "-m", "3", "--format", "csv", str(plan))[1]
    plan.write_text(text.replace("辦理文康活動", "辦理自強活動"), encoding="utf-8")
    code, stdout, _ = run(runner, "due", "-m", "3", "--format", "csv", str(plan))
    assert code == 0
    assert "辦理自強活動" in stdout and "辦理文康活動" not in stdout
    plan.write_text(text.replace("units: [登記課]", "units: [登紀課]"), encoding="utf-8")
    code, stdout, stderr = run(runner, "due", "-m", "3", "--format", "csv", str(plan))
    assert (code, stdout) == (1, "")
    assert "PC201 unknown unit 「登紀課」" in stderr
    plan.write_text(text, encoding="utf-8")  # back as it was: the first entry answers again
    before = entries(folder)
    assert "辦理文康活動" in run(runner, "due", "-m", "3", "--format", "csv", str(plan))[1]
    assert entries(folder) == before


def test_a_touched_file_is_still_answered_from_the_cache(
    runner: CliRunner, folder: Path, tmp_path: Path
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(MINIMAL.read_bytes())
    first = run(runner, "due", "-m", "3", "--format", "json", str(plan))
    stored = {p: p.stat().st_mtime_ns for p in entries(folder)}
    os.utime(plan, ns=(1, 1))
    assert run(runner, "due", "-m", "3", "--format", "json", str(plan)) == first
    assert {p: p.stat().st_mtime_ns for p in entries(folder)} == stored


def test_the_same_contents_under_another_name_has_its_own_findings(
    runner: CliRunner, folder: Path, tmp_path: Path
) -> None:
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_bytes((TESTS / "check" / "PC201-unknown-unit.yaml").read_bytes())
    for name in ("a.yaml", "b.yaml"):
        _code, stdout, _ = run(runner, "check", str(tmp_path / name))
        assert stdout.startswith(f"{tmp_path / name}:")


def test_another_planctl_version_does_not_read_old_entries(
    runner: CliRunner, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = run(runner, "due", "-m", "3", "--format", "json", str(MINIMAL))
    old = entries(folder)
    monkeypatch.setattr(cache_module, "__version__", "99.0")
    assert run(runner, "due", "-m", "3", "--format", "json", str(MINIMAL)) == first
    assert len(entries(folder)) == len(old) + 1


def test_a_changed_rule_does_not_read_old_entries(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key's salt hashes the source of plan/ and rules/: an edited rule is a new salt."""
    salt = cache_module._salt()
    fake = Path(cache_module.__file__).parent.parent / "rules" / "zz_fake_rule_for_test.py"
    try:
        fake.write_text("RULE = 1\n", encoding="utf-8")
        assert cache_module._salt() != salt
    finally:
        fake.unlink()
    assert cache_module._salt() == salt


class Planted:
    """An entry naming a class outside the cache's own: unpickling it would run code."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch planted-by-a-cache-entry",))


@pytest.mark.parametrize(
    "corrupt",
    [
        lambda data: b"",
        lambda data: data[: len(data) // 2],
        lambda data: data[:-1],
        lambda data: data + b"x",
        lambda data: b"garbage" + data,
        lambda data: data.replace(b"planctl-checked-2", b"planctl-checked-1"),
        lambda data: data[:100] + bytes(len(data) - 100),
        lambda data: data[:-200] + pickle.dumps(Planted()),
        lambda data: data[:HEAD] + pickle.dumps(Planted()) + data[HEAD:],
    ],
    ids=[
        "empty",
        "half",
        "one-byte-short",
        "trailing",
        "prefixed",
        "old-format",
        "zeroed",
        "planted-plan",
        "planted-findings",
    ],
)
def test_a_corrupt_entry_is_discarded_and_rebuilt(
    runner: CliRunner,
    folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    corrupt: object,
) -> None:
    monkeypatch.chdir(tmp_path)
    args = ("due", "-m", "3", "--format", "json", str(PLAN_2015))
    expected = run(runner, *args)
    checked = run(runner, "check", "--format", "json", str(PLAN_2015))
    (entry,) = entries(folder)
    good = entry.read_bytes()
    for command, answer in (
        (args, expected),
        (("check", "--format", "json", str(PLAN_2015)), checked),
    ):
        entry.write_bytes(corrupt(good))  # type: ignore[operator]
        assert run(runner, *command) == answer
        assert entry.read_bytes() == good or command[0] == "check"
    assert not (tmp_path / "planted-by-a-cache-entry").exists()


def test_an_entry_for_another_key_is_not_read(
    runner: CliRunner, folder: Path, tmp_path: Path
) -> None:
    """An entry renamed to another file's key (a copied cache folder, say) is not its answer."""
    one, two = tmp_path / "one.yaml", tmp_path / "two.yaml"
    one.write_bytes(MINIMAL.read_bytes())
    two.write_text(
        MINIMAL.read_text(encoding="utf-8").replace("辦理文康活動", "辦理自強活動"),
        encoding="utf-8",
    )
    run(runner, "due", "-m", "3", "--format", "csv", str(one))
    (first,) = entries(folder)
    expected = run(runner, "due", "-m", "3", "--format", "csv", str(two))
    (second,) = set(entries(folder)) - {first}
    second.write_bytes(first.read_bytes())
    assert run(runner, "due", "-m", "3", "--format", "csv", str(two)) == expected


@pytest.mark.parametrize("where", ["under-a-file", "group-writable", "not-ours"])
def test_an_unusable_cache_folder_means_no_cache(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    folder = blocker / "cache" if where == "under-a-file" else tmp_path / "cache"
    if where == "group-writable":
        folder.mkdir(mode=0o775)
        folder.chmod(0o775)
    if where == "not-ours":
        folder.mkdir()
        monkeypatch.setattr(os, "getuid", lambda: os.stat(folder).st_uid + 1)
    monkeypatch.setenv("PLANCTL_CACHE_DIR", str(folder))
    expected = run(runner, "due", "-m", "3", "--no-cache", str(PLAN_2015))
    assert run(runner, "due", "-m", "3", str(PLAN_2015)) == expected
    assert run(runner, "check", str(PLAN_2015))[0] == 0
    assert not folder.is_dir() or entries(folder) == []


def test_an_unwritable_cache_folder_means_no_cache(
    runner: CliRunner, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder is usable but writing fails (a full disk, a read-only mount)."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    expected = run(runner, "due", "-m", "3", "--no-cache", str(PLAN_2015))
    assert run(runner, "due", "-m", "3", str(PLAN_2015)) == expected
    assert entries(folder) == []


CONCURRENT = """
import subprocess, sys
commands = [[sys.executable, "-m", "planctl", *sys.argv[1:]] for _ in range(4)]
running = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for c in commands]
outputs = {p.communicate() for p in running}
assert all(p.returncode == 0 for p in running), outputs
sys.stdout.buffer.write(b"".join(outputs.pop()))
assert not outputs, "the processes disagree"
"""


def test_processes_filling_the_cache_at_once_agree(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    env = {**os.environ, "PLANCTL_CACHE_DIR": str(folder)}
    args = ["due", "-m", "3", "--format", "json", str(PLAN_2015)]
    afresh = subprocess.run(
        [sys.executable, "-m", "planctl", *args, "--no-cache"],
        capture_output=True,
        check=True,
        env=env,
        cwd=ROOT,
    )
    for _ in range(3):
        done = subprocess.run(
            [sys.executable, "-c", CONCURRENT, *args],
            capture_output=True,
            env=env,
            cwd=ROOT,
            check=False,
        )
        assert done.returncode == 0, done.stderr.decode()
        assert done.stdout == afresh.stdout + afresh.stderr
        stored = entries(folder)
        assert len(stored) == 1  # one whole entry, no temporary file left behind
        assert not stored[0].name.startswith(".tmp-")


def test_records_mirror_every_field_and_property_of_the_model() -> None:
    plan = load_checked(PLAN_2015).plan
    record = to_record(plan)
    assert model_name(record) == model_name(plan) == "Plan"
    assert record.roc_year == plan.roc_year == 104
    assert record.title == plan.title and record.last_approval.line == plan.last_approval.line
    tables = [table for _, table in plan.schedule_tables()]
    tasks = [t for table in tables for item in table.items for t in item.tasks]
    mirrored = [
        t
        for part in record.parts
        if part.kind == "schedules"
        for table in part.tables
        for item in table.items
        for t in item.tasks
    ]
    assert [(t.id, t.months, t.month_numbers, t.note) for t in mirrored] == [
        (t.id, t.months, t.month_numbers, t.note) for t in tasks
    ]
    assert pickle.loads(pickle.dumps(record)) == record
    with pytest.raises(AttributeError, match="Plan is read-only"):
        record.title = "x"
    assert isinstance(record.units[0], Record)


@pytest.mark.parametrize("xdg", [None, "", "  ", "/srv/cache"])
def test_the_cache_folder_is_where_platformdirs_puts_it(
    monkeypatch: pytest.MonkeyPatch, xdg: str | None
) -> None:
    import platformdirs  # a dependency of planctl itself (pyproject)

    monkeypatch.delenv("PLANCTL_CACHE_DIR", raising=False)
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    expected = platformdirs.user_cache_dir("planctl", appauthor=False)
    assert cache_module.cache_folder() == Path(expected)
    monkeypatch.setenv("PLANCTL_CACHE_DIR", "/elsewhere")
    assert cache_module.cache_folder() == Path("/elsewhere")


def test_check_keeps_the_findings_and_due_then_adds_the_plan(
    runner: CliRunner, folder: Path
) -> None:
    """`check` stores findings only (CI need not pay for the plan); a `due` after it checks
    the file again, answers the same as without the cache, and keeps the plan for next time."""
    args = ("due", "-m", "3", "--format", "json", str(PLAN_2015))
    checked = run(runner, "check", str(PLAN_2015))
    (entry,) = entries(folder)
    findings_only = entry.stat().st_size
    assert run(runner, "check", str(PLAN_2015)) == checked
    expected = run(runner, "due", "--no-cache", *args[1:])
    assert run(runner, *args) == expected
    assert entry.stat().st_size > findings_only  # the plan was added
    assert run(runner, *args) == expected
    assert run(runner, "check", str(PLAN_2015)) == checked


def test_every_test_plan_is_answered_from_its_entry(tmp_path: Path) -> None:
    """A valid plan's entry is read back whole (not discarded and rebuilt at every run, which
    would still answer right, only slowly): each value of the Records is a class the cache
    reads. Run in one process with the cache's own functions."""
    from planctl.repository.cache import Cache

    cache = Cache(tmp_path, b"salt")
    plans = [PLAN_2015, *sorted((TESTS / "plans").glob("*.yaml"))]
    for path in plans:
        checked = load_checked(path, cache)
        key = cache.key(str(path), path.read_bytes())
        entry = cache.get(key)
        assert entry is not None, path
        assert entry.plan == checked.plan
        assert entry.findings == checked.warnings
        assert entry.identity == checked.identity == load_checked(path).identity


# -- what main's checking adds: ledgers, days, PC410 across files, omitted counts -------------


def office(tmp_path: Path, ledger: str | None = None) -> Path:
    """plans/2015.yaml, and progress/2015.yaml beside it when `ledger` is given."""
    plan = tmp_path / "plans" / "2015.yaml"
    plan.parent.mkdir()
    plan.write_bytes(PLAN_2015.read_bytes())
    if ledger is not None:
        (tmp_path / "progress").mkdir()
        (tmp_path / "progress" / "2015.yaml").write_text(ledger, encoding="utf-8")
    return plan


LEDGER = (TESTS / "ledgers" / "2015.yaml").read_text(encoding="utf-8")
UNKNOWN_TASK = LEDGER.replace("task: reg-1.2", "task: reg-9.9", 1)


def test_a_plan_is_checked_again_when_its_ledger_changes(
    runner: CliRunner, folder: Path, tmp_path: Path
) -> None:
    """The plan's bytes are unchanged, its ledger is added, edited, removed: each is a new
    answer, the same as without the cache."""
    plan = office(tmp_path)
    ledger = tmp_path / "progress" / "2015.yaml"
    answers = []
    for text in (None, LEDGER, UNKNOWN_TASK, LEDGER, None):
        if text is None:
            ledger.unlink(missing_ok=True)
        else:
            ledger.parent.mkdir(exist_ok=True)
            ledger.write_text(text, encoding="utf-8")
        for args in (("check", "--format", "json"), ("due", "-m", "3", "--format", "json")):
            answer = same_three_ways(runner, folder, *args, str(plan))
            answers.append(answer)
    assert answers[0] == answers[8] and answers[2] == answers[6]
    assert answers[4] != answers[2]
    assert '"file": "' + str(ledger) in answers[4][1]  # the unknown task, in the ledger
    assert answers[5][0] == 1  # due refuses a plan whose ledger has errors
    assert len(entries(folder)) == 3  # the plan's, the ledger's, the edited ledger's


@pytest.mark.parametrize(
    "args",
    [
        ("status", "-m", "3", "--as-of", "2015-04-11", "--format", "json"),
        ("status", "-m", "6", "--as-of", "2015-07-20", "--format", "md"),
        ("render", "--format", "md", "--what", "review", "-m", "3", "--as-of", "2015-04-11"),
        ("render", "--format", "html", "--what", "results", "-m", "3", "--as-of", "2015-04-11"),
        ("due", "-m", "3", "--format", "json"),
    ],
    ids=" ".join,
)
def test_a_plan_with_a_ledger_answers_the_same_with_and_without_the_cache(
    runner: CliRunner, folder: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    """What was reported comes from the ledger, beside the plan from the cache."""
    plan = office(tmp_path, LEDGER)
    code, stdout, _stderr = same_three_ways(runner, folder, *args, str(plan))
    assert code == 0
    assert "reg-1" in stdout or "清查" in stdout  # it really answered about the plan
    assert entries(folder)


LEDGERS = sorted((TESTS / "ledgers").glob("*.yaml"))
"""The ledgers of the tests (each checked against the bundled plan in
tests/findings_recorded.json)."""


@pytest.mark.parametrize("ledger", LEDGERS, ids=lambda path: path.name)
def test_a_new_ledger_beside_a_cached_plan_is_checked_alone_with_the_same_findings(
    runner: CliRunner,
    folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    ledger: Path,
) -> None:
    """The plan's entry holds its Records; a ledger added beside it (a report saved) is
    checked against them alone — the plan is not read again — and the findings, the answer
    and `check`'s output are those of checking both afresh (the recorded ones)."""
    from planctl.repository import check

    plan = office(tmp_path)
    cache = cache_module.Cache.open()
    load_checked(plan, cache)  # the plan's entry, with its Records
    (tmp_path / "progress").mkdir()
    (tmp_path / "progress" / "2015.yaml").write_bytes(ledger.read_bytes())
    examined: list[Path] = []
    examine = check._examine
    monkeypatch.setattr(
        check, "_examine", lambda path, *a: examined.append(path) or examine(path, *a)
    )
    assert outcome(plan, cache) == outcome(plan, None)
    assert examined == [plan]  # the second outcome, without the cache; the first checked the ledger
    args = ("check", "--format", "json", str(plan))
    assert run(runner, *args) == run(runner, "check", "--no-cache", *args[1:])


def test_check_reads_a_plan_with_a_ledger_from_the_ledgers_entry_alone(
    runner: CliRunner, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ledger's entry holds the plan's findings too: a CI re-run of plans with ledgers
    opens one entry a plan, as many as before the two were apart."""
    from planctl.repository import check

    plan = office(tmp_path, UNKNOWN_TASK)
    args = ("check", "--format", "json", str(plan))
    expected = run(runner, *args)
    monkeypatch.setattr(check, "_examine", lambda *a: pytest.fail("checked again"))
    monkeypatch.setattr(cache_module.Cache, "get", lambda *a, **k: pytest.fail("plan's entry"))
    assert run(runner, *args) == expected
    assert expected[0] == 1 and "PC7" in expected[1]  # the plan's warnings and the ledger's error


def outcome(plan: Path, cache: cache_module.Cache | None) -> tuple[object, ...]:
    """What `load_checked` gives: the findings, and the ledger's entries when it answers."""
    from planctl.repository.check import PlanRejected

    try:
        checked = load_checked(plan, cache)
    except PlanRejected as rejected:
        return "rejected", rejected.findings, str(rejected)
    assert checked.ledger is not None
    ledger = to_record(checked.ledger) if cache is None else checked.ledger
    return "answered", checked.warnings, ledger


@pytest.mark.parametrize("ledger", LEDGERS, ids=lambda path: path.name)
def test_the_ledger_rules_find_the_same_on_the_plans_records(ledger: Path) -> None:
    """The ledger's rules read a plan's fields and `schedule_tables()`; the cached plan's
    Records stand in for the model (check._PlanRecords) with every finding the same, in the
    same order, on any day."""
    from datetime import date

    from planctl.progress.load import parse_ledger
    from planctl.repository.check import _PlanRecords
    from planctl.rules.ledger import check_ledger

    model = load_checked(PLAN_2015).plan
    records = _PlanRecords(to_record(model))
    entries_ = parse_ledger(ledger.read_text(encoding="utf-8"), str(ledger))
    for day in (None, date(2015, 5, 1), date(2016, 1, 11)):
        on_records = check_ledger(records, entries_, day)  # type: ignore[arg-type]
        assert on_records == check_ledger(model, entries_, day)
        assert on_records or ledger.name == "2015.yaml"


CORRECTED = (
    LEDGER
    + """\
  - id: reg-1.2-m03-5e0f11
    task: reg-1.2
    month: 3
    status: 辦理中
    percent: 80
    text: 已清查八成（190 人）
    date: 2015-04-09
    replaces: reg-1.2-m03-86c48a
"""
)
"""The tests' ledger with a correction of reg-1.2's report for month 3 appended."""


@pytest.mark.parametrize(
    ("args", "was", "now"),
    [
        (
            ("status", "-m", "3", "--as-of", "2015-04-11", "--format", "json"),
            "已清查半數（120 人）",
            "已清查八成（190 人）",
        ),
        (("due", "-m", "3", "--format", "json"), '"辦理中 50%"', '"辦理中 80%"'),
    ],
    ids=["status", "due"],
)
def test_a_ledger_edited_after_its_answer_was_cached_is_a_new_answer(
    runner: CliRunner, folder: Path, tmp_path: Path, args: tuple[str, ...], was: str, now: str
) -> None:
    """The ledger is cached with its plan: a report appended to it (as the web desk and
    `planctl report` append) is the answer at once, never the cached one (never stale)."""
    plan = office(tmp_path, LEDGER)
    before = same_three_ways(runner, folder, *args, str(plan))
    (tmp_path / "progress" / "2015.yaml").write_text(CORRECTED, encoding="utf-8")
    after = same_three_ways(runner, folder, *args, str(plan))
    assert was in before[1] and now not in before[1]
    assert now in after[1] and was not in after[1]


@pytest.mark.parametrize("ledger", [None, CORRECTED], ids=["no ledger", "a ledger"])
def test_the_cached_ledger_is_the_checked_one_as_records(
    folder: Path, tmp_path: Path, ledger: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`Checked.ledger`: the model without a cache, its Records with one (just stored or
    read back), counted by the one rule of effective entries either way."""
    from planctl.progress.terms import effective
    from planctl.repository import check

    plan = office(tmp_path, ledger)
    cache = cache_module.Cache.open()
    fresh = load_checked(plan)
    stored = load_checked(plan, cache)
    monkeypatch.setattr(check, "_examine", None)  # a hit checks nothing
    read = load_checked(plan, cache)
    if ledger is None:
        assert fresh.ledger is stored.ledger is read.ledger is None
        return
    assert fresh.ledger is not None and stored.ledger is not None and read.ledger is not None
    assert model_name(fresh.ledger) == "Ledger" and type(fresh.ledger) is not Record
    assert stored.ledger == read.ledger == to_record(fresh.ledger)
    assert type(read.ledger) is Record and type(read.ledger.entries[0]) is Record
    counted = [entry.id for entry in fresh.ledger.effective()]
    assert [entry.id for entry in effective(read.ledger.entries)] == counted
    assert "reg-1.2-m03-5e0f11" in counted and "reg-1.2-m03-86c48a" not in counted


def test_findings_on_a_day_are_neither_cached_nor_read_from_the_cache(
    runner: CliRunner, folder: Path, tmp_path: Path
) -> None:
    """`check --as-of` reports what is missing on that day: another day, another answer."""
    plan = office(tmp_path, LEDGER)
    run(runner, "check", str(plan))  # an entry without the missing reports
    stored = {p: p.read_bytes() for p in entries(folder)}
    answers = []
    for day in ("2015-03-01", "2015-12-31"):
        args = ("check", "--format", "json", "--as-of", day, str(plan))
        afresh = run(runner, "check", "--no-cache", *args[1:])
        assert run(runner, *args) == afresh
        answers.append(afresh)
    assert answers[0] != answers[1]
    assert "PC708" in answers[1][1]
    assert {p: p.read_bytes() for p in entries(folder)} == stored
    assert "PC708" not in run(runner, "check", str(plan))[1]


def test_two_cached_plans_of_one_office_and_year_are_still_pc410(
    runner: CliRunner, folder: Path, tmp_path: Path
) -> None:
    """Each file's entry keeps whose plan it is: the overlap is found from the cache too."""
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_bytes(MINIMAL.read_bytes())
    text = MINIMAL.read_text(encoding="utf-8").replace("辦理文康活動", "辦理自強活動")
    second.write_text(text, encoding="utf-8")
    for path in (first, second):  # each cached alone: no overlap within one run
        assert run(runner, "check", str(path))[0] == 0
        assert run(runner, "due", "-m", "3", str(path))[0] == 0
    both = (str(first), str(second))
    code, stdout, _ = same_three_ways(runner, folder, "check", *both)
    assert code == 1
    assert f"{second}:3:9: error PC410 a second plan for " in stdout
    code, stdout, stderr = same_three_ways(runner, folder, "due", "-m", "3", *both)
    assert (code, stdout) == (1, "")
    assert "PC410" in stderr


def test_omitted_counts_come_back_from_the_cache(
    runner: CliRunner, folder: Path, tmp_path: Path
) -> None:
    """Findings past each code's cap are counted, and the counts are cached with them."""
    text = MINIMAL.read_text(encoding="utf-8")
    bad = text.replace("months: [1-2]", "months: [" + ", ".join(["0"] * 450) + "]", 1)
    plan = tmp_path / "a.yaml"
    plan.write_text(bad, encoding="utf-8")
    for fmt in ("text", "json", "github"):
        code, stdout, _ = same_three_ways(runner, folder, "check", "--format", fmt, str(plan))
        assert code == 1
        omitted = 450 - MAX_PER_CODE
        assert f'"count": {omitted}' in stdout if fmt == "json" else f"{omitted} more" in stdout
    assert "450 error(s)" in run(runner, "check", str(plan))[2]


@pytest.mark.parametrize("unit", ["測量課", "地價課"])
def test_an_office_wide_table_narrowed_to_a_unit_answers_the_same_from_records(
    runner: CliRunner, folder: Path, unit: str
) -> None:
    """`--section UNIT` narrows an office-wide table (units per row) with `replaced`, which
    copies a Record as `model_copy` copies the model: the same rows both ways."""
    plan = str(TESTS / "plans" / "office-wide-schedule.yaml")
    found = 0
    for month in range(1, 13):
        args = ("due", "-m", str(month), "--section", unit, "--format", "json", plan)
        code, stdout, _ = same_three_ways(runner, folder, *args)
        assert code == 0
        found += len(json.loads(stdout))
    assert found  # the narrowed table really had rows


def test_replaced_copies_a_record_and_a_model_alike() -> None:
    from planctl.plan.record import replaced

    plan = load_checked(TESTS / "plans" / "office-wide-schedule.yaml").plan
    table = next(table for _, table in plan.schedule_tables())
    record = to_record(table)
    kept = table.items[:1]
    assert replaced(record, items=to_record(kept)) == to_record(replaced(table, items=kept))
    assert len(record.items) == len(table.items) > 1  # the original is unchanged
    with pytest.raises(AttributeError, match="has no field colour"):
        replaced(record, colour="red")


def test_the_web_desk_answers_its_pages_from_the_cache_and_a_save_at_once(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page costs the query, not the parse: the 總覽 and a unit's page check nothing while
    the files are unchanged; after a save (the ledger's bytes are a new key) the next page
    checks the new ledger once against the plan's cached Records — the plan is not read
    again — shows the report, and the pages after it are answered from the cache again."""
    from planctl.repository import check
    from planctl.web.app import create_app
    from tests.web_helpers import TODAY, log_in, make_repository, text_of

    repo = make_repository(tmp_path / "repo")
    app = create_app([str(repo / "plans" / "2015.yaml")], today=TODAY)
    examined: list[str] = []
    ledgers: list[str] = []
    examine, ledger_checked = check._examine, check._ledger_checked

    def counted(path: Path, *args: object, **kwargs: object) -> object:
        examined.append(str(path))
        return examine(path, *args, **kwargs)  # type: ignore[arg-type]

    def counted_ledger(path: Path, *args: object) -> object:
        ledgers.append(str(path))
        return ledger_checked(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(check, "_examine", counted)
    monkeypatch.setattr(check, "_ledger_checked", counted_ledger)
    client, csrf = log_in(app, "clerk")  # its first page fills the cache
    unit, dashboard = "/p/0/unit/戶籍登記課/", "/p/0/"
    examined.clear()
    for page in (dashboard, unit, dashboard, unit):
        assert client.get(page).status_code == 200
    assert examined == ledgers == []
    form = {"status": "辦理中", "percent": "50", "text": "已清查半數", "csrf_token": csrf}
    saved = client.post("/p/0/unit/戶籍登記課/task/reg-1.2?month=3", data=form)
    assert saved.status_code == 302
    examined.clear()
    after = client.get(unit)
    assert examined == []
    assert ledgers == [str(repo / "plans" / "2015.yaml")]
    assert "已清查半數" in text_of(after.text)
    for page in (dashboard, unit):
        assert client.get(page).status_code == 200
    assert examined == []
    assert ledgers == [str(repo / "plans" / "2015.yaml")]
