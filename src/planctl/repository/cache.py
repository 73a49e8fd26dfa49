"""The checked-plan cache: a file checked once is not parsed, validated or checked again.

A plan's entry holds what checking the plan file gave: its located findings, the findings
counted past the cap of each code (`Omitted`), whose plan it is (`Identity`, for PC410 across
files) and, when it has no errors, the plan as Records (`planctl.plan.record`). Its progress
ledger has an entry of its own: the findings of the plan and the ledger together (all that
`check` reads), and the validated ledger as Records. A cached command with a ledger reads
neither file with YAML nor pydantic, and a new version of the ledger (every report a desk
saves) costs checking the ledger alone: the plan's entry still holds. A plan's entry is keyed
by a hash of

- the file's bytes (an edit is a new key; touching the file changes nothing),
- the name the file was given by (findings print it: `plans/2015.yaml:44:29`),
- planctl's version, Python's version and a hash of the source of every module that decides
  what a plan means or what its findings say (`plan/`, `progress/`, `rules/`, `errors.py`):
  a new release or a changed rule never reads an old entry;

a ledger's entry by a hash of its plan's key and the ledger's bytes (its findings depend on
both). So an entry can only be the answer checking would give now. Findings that depend on the day
(`check --as-of`) are never cached (`planctl.repository.check` bypasses the cache then). Anything
unexpected in an entry (a truncated write, another format, a key that does not match, a class
that is not one of ours) discards it, and the file is checked afresh: never a stale or wrong
answer, and never an error of its own. Entries are written atomically (a temporary file renamed
into place), so two processes filling the cache at once each leave a whole entry. A cache
folder that cannot be created or written only means no cache.

The cache stays bounded: an entry not read or stored for MAX_AGE (30 days) is removed, and
beyond MAX_BYTES (100 MiB) in all the least recently used entries go first. A desk that appends
reports to a ledger all day makes a new ledger entry at every report (the ledger's bytes are in
its key); the entries of the versions it has moved on from are never read again and go this
way, while the plan's entry, marked as used whenever one of its ledger's is stored, stays. The
folder is pruned by a process that stores an entry, at most once every PRUNE_EVERY (an hour,
the time of a marker file): a cache hit pays for no walk of the folder. A hit refreshes its
entry's time only when that is a day old or more, so reading costs one more `fstat`.

Where: `PLANCTL_CACHE_DIR`, else the platform's user cache folder (platformdirs:
`~/.cache/planctl` on Linux, `~/Library/Caches/planctl` on macOS, `%LOCALAPPDATA%\\planctl\\Cache`
on Windows). `--no-cache` bypasses it. Entries are unpickled, so a folder that another user
could write to (not ours, or group/world-writable) is not read.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import stat
import struct
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from planctl import __version__
from planctl.plan.findings import Located

FORMAT = b"planctl-checked-4\n"
LEDGER_FORMAT = b"planctl-ledger-4\n"
"""The first line of a plan's entry and of a ledger's: one is never read as the other."""
_LENGTH = struct.Struct("<Q")
_PACKAGE = Path(__file__).resolve().parent.parent
_MEANING = ("errors.py", "plan", "progress", "rules", "repository/check.py")
"""What decides a plan's findings and values (`progress/`: its ledger's model and measures):
a change to any of it is a new key."""

MAX_AGE = 30 * 24 * 3600
"""Seconds an entry is kept without being read or stored (its file has surely moved on)."""
MAX_BYTES = 100 * 1024 * 1024
"""The most the entries may take in all; beyond it the least recently used go first (a plan
the size of 2015.yaml with its Records is about 60 KB; one of 20,000 tasks about 10 MB)."""
PRUNE_EVERY = 3600
"""Seconds between two prunings of the folder (the time of its PRUNED marker file)."""
REFRESH_AFTER = 24 * 3600
"""A hit marks its entry as used (its time set to now) only when that is this old or more."""
PRUNED = ".pruned"
_TEMPORARY = ".tmp-"

PLAN_NOT_KEPT = "planctl: plan not kept"
"""An entry's plan (or ledger) when `check` stored only the findings (`due` then checks the
file again)."""

_ALLOWED = {
    ("planctl.plan.record", "Record"),
    ("planctl.plan.findings", "Finding"),
    ("planctl.plan.findings", "Located"),
    ("planctl.plan.findings", "Severity"),
    ("planctl.errors", "Position"),
    ("planctl.repository.check", "Omitted"),
    ("planctl.repository.check", "Identity"),
    *(("datetime", name) for name in ("date", "datetime", "time", "timedelta", "timezone")),
}
"""The only classes an entry may name: a findings list and a Record tree hold nothing else
(a model field of another type, an Enum say, would make every entry of such a plan unreadable:
always checked afresh, correct but slow — add its class here)."""


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a cache entry")
        return super().find_class(module, name)


@dataclass(frozen=True)
class CheckedFile:
    """What checking a file gave: its located findings, the findings counted past each
    code's cap (`planctl.repository.check.Omitted`), whose plan it is (`Identity`, None when it
    is not a valid plan) and its plan as Records when it has no errors (else None, or
    PLAN_NOT_KEPT when `check` stored the findings only), with its validated progress ledger
    as Records (None: it has none, or the plan is not kept). A plan's entry has no ledger;
    a ledger's entry has the findings of both, and the ledger but not the plan."""

    findings: list[Located]
    omitted: list[Any]
    identity: Any
    plan: Any
    ledger: Any = None


@dataclass(frozen=True)
class Cache:
    """A cache folder and the salt of every key (planctl's and Python's versions, the rules)."""

    folder: Path
    salt: bytes

    @classmethod
    def open(cls, enabled: bool = True) -> Cache | None:
        """The user's cache, or None when it is turned off or cannot be used safely."""
        if not enabled:
            return None
        folder = cache_folder()
        if not _ours(folder):
            return None
        return cls(folder, _salt())

    def key(self, name: str, data: bytes) -> str:
        """The key of a plan file given as `name` with contents `data`."""
        digest = hashlib.sha256(self.salt)
        digest.update(name.encode("utf-8", "surrogatepass") + b"\0")
        digest.update(hashlib.sha256(data).digest())
        return digest.hexdigest()

    def ledger_key(self, plan: str, ledger: bytes) -> str:
        """The key of a progress ledger with contents `ledger`, of the plan whose key is
        `plan` (the ledger's findings are of the two together)."""
        digest = hashlib.sha256(self.salt)
        digest.update(plan.encode("ascii") + b"L")
        digest.update(hashlib.sha256(ledger).digest())
        return digest.hexdigest()

    def _path(self, key: str) -> str:
        # A string, not a Path: a CI run of 1,000 cached plans builds two of these a plan.
        return os.path.join(self.folder, key[:2], key)

    def get(self, key: str, plan: bool = True) -> CheckedFile | None:
        """The plan's entry for `key`, or None (an unusable entry is deleted). With
        `plan=False` only the findings are read (what `check` needs), not the plan after
        them."""
        read = self._get(key, FORMAT, plan)
        if read is None:
            return None
        (findings, omitted, identity), kept = read
        return CheckedFile(findings, omitted, identity, kept)

    def get_ledger(self, key: str, ledger: bool = True) -> CheckedFile | None:
        """The ledger's entry for `key` (see `ledger_key`), or None; with `ledger=False`
        only its findings (with the plan's: `check` needs no other entry)."""
        read = self._get(key, LEDGER_FORMAT, ledger)
        if read is None:
            return None
        (findings, omitted, identity), kept = read
        return CheckedFile(findings, omitted, identity, None, kept)

    def _get(self, key: str, form: bytes, body: bool) -> tuple[tuple[Any, ...], Any] | None:
        path = self._path(key)
        try:
            stream = open(path, "rb")  # noqa: SIM115 (a missing entry is no error; closed below)
        except OSError:
            return None
        try:
            with stream:
                read = _read(stream, form, key, body)
                _mark_used(stream, path)
                return read
        except Exception:  # whatever is wrong with it, it is not an answer: check again
            _remove(path)
            return None

    def put(self, key: str, entry: CheckedFile) -> None:
        """Store a plan's entry (its ledger is not part of it: `put_ledger`)."""
        self._put(key, FORMAT, (entry.findings, entry.omitted, entry.identity), entry.plan)

    def put_ledger(self, key: str, entry: CheckedFile, plan: str) -> None:
        """Store a ledger's entry (see `ledger_key`) of the plan whose key is `plan`. The
        plan's entry is marked as used first: pruning then removes the ledger's versions a
        desk has moved on from before the plan's entry they all need (which a hit marks as
        used only once a day)."""
        with contextlib.suppress(OSError):
            os.utime(self._path(plan))
        self._put(key, LEDGER_FORMAT, (entry.findings, entry.omitted, entry.identity), entry.ledger)

    def _put(self, key: str, form: bytes, found: tuple[Any, ...], kept: Any) -> None:
        """Store an entry atomically; a folder we cannot write only means no cache."""
        import tempfile  # only when storing: a cache hit does not pay for it

        path = self._path(key)
        try:
            head = pickle.dumps(found, pickle.HIGHEST_PROTOCOL)
            body = pickle.dumps(kept, pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return  # a value pickle cannot store: no entry, the answer stands
        data = b"".join((form, key.encode("ascii"), _LENGTH.pack(len(head)), head, body))
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path), prefix=_TEMPORARY)
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(data)
                os.replace(temporary, path)
            except BaseException:
                _remove(temporary)
                raise
        except OSError:
            return
        if self._pruning_due():
            self.prune()

    def _pruning_due(self) -> bool:
        """Whether PRUNE_EVERY has passed since the folder was last pruned; if so, this
        process claims the pruning (the marker's time is now), so others storing at the same
        time do not walk the folder too."""
        marker = self.folder / PRUNED
        try:
            if time.time() - marker.stat().st_mtime < PRUNE_EVERY:
                return False
        except FileNotFoundError:
            pass
        except OSError:
            return False
        try:
            marker.touch()
        except OSError:
            return False
        return True

    def prune(self, now: float | None = None) -> None:
        """Remove the entries not used for MAX_AGE, then the least recently used until the
        rest take at most MAX_BYTES, and what a writer that died left (a temporary file an
        hour old). Another process removing the same files meanwhile is no error."""
        now = time.time() if now is None else now
        kept: list[tuple[float, int, str]] = []
        for path, status in _files(self.folder):
            age = now - status.st_mtime
            if os.path.basename(path).startswith(_TEMPORARY):
                if age > PRUNE_EVERY:
                    _remove(path)
            elif age > MAX_AGE:
                _remove(path)
            else:
                kept.append((status.st_mtime, status.st_size, path))
        total = sum(size for _, size, _ in kept)
        for _, size, path in sorted(kept):
            if total <= MAX_BYTES:
                break
            _remove(path)
            total -= size


def _read(stream: BinaryIO, form: bytes, key: str, body: bool) -> tuple[tuple[Any, ...], Any]:
    """An entry's head (its findings, omitted counts and identity) and, with `body`, what
    follows it (None without); raises on anything that is not a whole entry of this kind
    (`form`, its first line) for this key."""
    expected = form + key.encode("ascii")
    if stream.read(len(expected)) != expected:
        raise ValueError("not an entry for this key")
    (length,) = _LENGTH.unpack(stream.read(_LENGTH.size))
    head = stream.read(length)
    if len(head) != length:
        raise ValueError("truncated")
    found = _load(head)
    if type(found) is not tuple or len(found) != 3:
        raise ValueError("not an entry's head")
    findings, omitted, _ = found
    if not isinstance(findings, list) or not all(isinstance(f, Located) for f in findings):
        raise ValueError("not a findings list")
    if not isinstance(omitted, list):
        raise ValueError("not a list of omitted counts")
    return found, _load(stream.read()) if body else None


def _mark_used(stream: BinaryIO, path: str) -> None:
    """Set the time of an entry just read to now when it is REFRESH_AFTER old (pruning
    removes the least recently used: an entry read every day is never one of them)."""
    if time.time() - os.fstat(stream.fileno()).st_mtime >= REFRESH_AFTER:
        with contextlib.suppress(OSError):
            os.utime(path)


def _files(folder: Path) -> Iterator[tuple[str, os.stat_result]]:
    """Every file in the cache's subfolders (`ab/abcd…`), with its status; none of what
    vanishes or cannot be read meanwhile."""
    for subfolder in _scan(folder):
        if len(subfolder.name) != 2 or not subfolder.is_dir(follow_symlinks=False):
            continue
        for entry in _scan(Path(subfolder.path)):
            try:
                status = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if stat.S_ISREG(status.st_mode):
                yield entry.path, status


def _scan(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []


def _load(data: bytes) -> Any:
    stream = io.BytesIO(data)
    value = _Unpickler(stream).load()
    if stream.read(1):
        raise ValueError("trailing bytes")
    return value


def cache_folder() -> Path:
    """PLANCTL_CACHE_DIR, else the platform's user cache folder for planctl."""
    chosen = os.environ.get("PLANCTL_CACHE_DIR")
    if chosen:
        return Path(chosen)
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        # The XDG rule platformdirs applies here, written out: importing platformdirs costs
        # about 10 ms of a 100 ms answer (tests/test_cache.py checks that both agree).
        xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
        return Path(xdg or os.path.expanduser("~/.cache")) / "planctl"
    import platformdirs  # macOS, Windows: where their conventions are platformdirs' to know

    return Path(platformdirs.user_cache_dir("planctl", appauthor=False))


def _ours(folder: Path) -> bool:
    """Whether entries in `folder` can be trusted: it is ours and no one else may write it
    (an unpickled entry could run code). A folder not there yet is made (when we can)."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        status = folder.stat()
    except OSError:
        return False
    if os.name != "posix":
        return True
    return status.st_uid == os.getuid() and not status.st_mode & 0o022


def _salt() -> bytes:
    """planctl's and Python's versions and a hash of the modules that decide the findings
    (read at every start with a cache: found by os.walk, not Path.rglob, at half the cost)."""
    digest = hashlib.sha256(f"{__version__}\0{sys.version_info[:2]}\0".encode())
    for name in _MEANING:
        for path in _sources(os.path.join(_PACKAGE, name)):
            digest.update(os.path.relpath(path, _PACKAGE).replace(os.sep, "/").encode() + b"\0")
            try:
                with open(path, "rb") as source:
                    digest.update(source.read())
            except OSError:  # not readable as a file (a zip import): the version must do
                digest.update(b"?")
    return digest.digest()


def _sources(top: str) -> list[str]:
    """The .py files of a folder and its subfolders, in the order of their paths; or the one
    file `top` names."""
    if not os.path.isdir(top):
        return [top]
    return sorted(
        os.path.join(folder, name)
        for folder, _, names in os.walk(top)
        for name in names
        if name.endswith(".py")
    )


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
