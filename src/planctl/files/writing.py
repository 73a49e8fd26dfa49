"""Writing output files so that `-o` never destroys what it should not.

What sits at the path decides how it is written:

- an input of this run (a plan file it read), a progress ledger of any plan or a ledger's
  lock file, however spelled (a symbolic link, `..`, a hard link, another case on a
  case-insensitive disk): refused, before anything else;
- nothing, or a regular file: a temporary file beside it is renamed into place (a reader never
  sees half a file), keeping the existing file's permissions, group and owner; a symbolic
  link is followed and its target written, the link kept;
- a terminal, a pipe, another character device (`/dev/null`), or one of this process's own
  streams (`/dev/stdout`, `/dev/fd/1`, `/proc/self/fd/1`): written through, never replaced;
- a folder, a block device, a socket: refused;
- any other file that reads as a plan: refused unless `force`.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NoReturn

from planctl.errors import PlanctlError, UsageError, visible
from planctl.plan.load import LEDGER_FOLDER, ledger_path, lock_path
from planctl.plan.reading import read_text
from planctl.plan.source import parse

_OWN_STREAM = re.compile(
    r"/(?:dev/fd|proc/self/fd|proc/thread-self/fd)/([0-9]+)|/dev/std(in|out|err)"
)
"""Paths naming a file descriptor of this process: writing them means writing that stream."""
_STREAM_FDS = {"in": 0, "out": 1, "err": 2}
_PLAN_KEYS = {"title", "office", "year", "units", "parts"}


_INPUT = "an input plan file"
_LEDGER = "a progress ledger"
_LOCK = "a progress ledger's lock file"


def refuse_inputs(output: Path, inputs: Iterable[Path]) -> None:
    """`-o plans/2015.yaml` would destroy the plan being rendered, `-o progress/2015.yaml` a
    year of reports: refuse an output that is, however spelled, one of the `inputs` (plan
    files this run read), a progress ledger or a ledger's lock file. A ledger is known by
    where it is (every file in a `progress/` folder is a ledger or its lock, as `check`
    takes them), and by its real path and inode when it is reached from elsewhere."""
    marks = _marks(output)
    for path, kind in _protected(inputs):
        if marks & _marks(path):
            _refuse(output, kind, path)
    real = Path(os.path.realpath(output))
    if real.parent.name.casefold() == LEDGER_FOLDER:  # PROGRESS/ on a case-insensitive disk
        _refuse(output, _ledger_kind(real.name), real)


def _protected(inputs: Iterable[Path]) -> Iterator[tuple[Path, str]]:
    """The files no output may be, with what each is: the inputs, and every file in the
    ledger folders of the inputs and of the current folder's `plans/` (the ledger of a plan
    not in this run is a year of reports too). A ledger or lock not written yet is refused
    by where it would be (see `refuse_inputs`)."""
    plans = list(inputs)
    yield from ((plan, _INPUT) for plan in plans)
    folders: dict[str, Path] = {}  # each folder once, as first named
    for folder in [*(ledger_path(plan).parent for plan in plans), Path(LEDGER_FOLDER)]:
        folders.setdefault(os.path.realpath(folder), folder)
    for folder in folders.values():
        for name in _names(folder):
            kind = _ledger_kind(name)
            yield folder / name, kind
            if kind == _LEDGER:  # a symlinked ledger is locked beside the file it points to
                yield lock_path(Path(os.path.realpath(folder / name))), _LOCK


def _ledger_kind(name: str) -> str:
    """What a file of this name in a `progress/` folder is: a lock file (`.2015.yaml.lock`,
    in any case) or a ledger."""
    folded = name.casefold()
    return _LOCK if folded.startswith(".") and folded.endswith(".lock") else _LEDGER


def _names(folder: Path) -> list[str]:
    """The names in `folder`; none when it is not there or cannot be read (a ledger in it is
    then still refused by where it is, only a hard link to it goes unseen)."""
    try:
        return os.listdir(folder)
    except OSError:
        return []


def _marks(path: Path) -> set[object]:
    """What identifies the file at `path` however it is spelled: its real path (links and
    `..` resolved, case folded where the system folds it) and, when it exists, its device
    and inode (a hard link, or another case on a case-insensitive disk)."""
    real = os.path.realpath(path)
    marks: set[object] = {os.path.normcase(real)}
    try:
        found = os.stat(real)
    except (OSError, ValueError):
        return marks
    marks.add((found.st_dev, found.st_ino))
    return marks


def _refuse(output: Path, kind: str, path: Path) -> NoReturn:
    """Refuse `output` as being `kind`, naming the file it is when it is spelled otherwise."""
    other = "" if os.path.abspath(output) == os.path.abspath(path) else f" ({_name(path)})"
    raise UsageError(f"{_name(output)}: is {kind}{other}; choose another output file")


def write_output(
    output: Path, data: bytes, inputs: Iterable[Path] = (), force: bool = False
) -> None:
    """Write `data` to `output` by the rules in this module's docstring."""
    refuse_inputs(output, inputs)
    descriptor = _own_descriptor(output)
    if descriptor is not None:
        _write_descriptor(output, descriptor, data)
        return
    try:
        status = output.stat()
    except FileNotFoundError:
        write_atomic(Path(os.path.realpath(output)), data, shown=output)
        return
    except OSError as error:
        raise UsageError(f"{_name(output)}: cannot write ({error.strerror})") from None
    mode = status.st_mode
    if stat.S_ISREG(mode):
        _refuse_plan(output, force)
        write_atomic(Path(os.path.realpath(output)), data, status, shown=output)
    elif stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        _write_through(output, data)
    else:
        raise UsageError(f"{_name(output)}: is {_kind(mode)}; choose a file to write")


def _own_descriptor(output: Path) -> int | None:
    """The descriptor number when `output` names one of this process's streams."""
    match = _OWN_STREAM.fullmatch(os.path.normpath(str(output)))
    if match is None:
        return None
    return int(match[1]) if match[1] is not None else _STREAM_FDS[match[2]]


def _write_descriptor(output: Path, descriptor: int, data: bytes) -> None:
    """`-o /dev/stdout` writes to the stream the shell gave us: whatever it is (a file opened
    for appending, a pipe, a terminal), it is used as it is and never replaced."""
    try:
        copy = os.dup(descriptor)
    except OSError:
        raise UsageError(f"{_name(output)}: no such stream is open") from None
    _write_all(output, copy, data)


def _write_through(output: Path, data: bytes) -> None:
    """A device or a pipe is opened for writing as it is: never truncated, replaced or created."""
    try:
        # Not blocking: a named pipe that no one reads would wait for a reader for ever.
        descriptor = os.open(output, os.O_WRONLY | os.O_NOCTTY | os.O_NONBLOCK)
    except OSError as error:
        if error.errno == errno.ENXIO:
            raise UsageError(f"{_name(output)}: no one reads this named pipe") from None
        raise UsageError(f"{_name(output)}: cannot write ({_reason(error)})") from None
    os.set_blocking(descriptor, True)
    _write_all(output, descriptor, data)


def _write_all(output: Path, descriptor: int, data: bytes) -> None:
    """Write all of `data` and close `descriptor`. A reader that went away (a closed pipe) is
    not an error of ours, as with stdout."""
    view = memoryview(data)
    try:
        while view:
            view = view[os.write(descriptor, view) :]
    except BrokenPipeError:
        pass
    except OSError as error:
        raise UsageError(f"{_name(output)}: cannot write ({_reason(error)})") from None
    finally:
        os.close(descriptor)


def _refuse_plan(output: Path, force: bool) -> None:
    """A file that reads as a plan is someone's work: overwriting it takes `--force`."""
    if force or not _is_plan(output):
        return
    raise UsageError(
        f"{_name(output)}: is a plan file; choose another output file (or --force to overwrite it)"
    )


def _is_plan(path: Path) -> bool:
    try:
        data = parse(read_text(path), str(path)).data
    except (PlanctlError, RecursionError, MemoryError):
        return False
    return isinstance(data, dict) and len(_PLAN_KEYS & data.keys()) >= 3


def write_atomic(
    output: Path,
    data: bytes,
    keep: os.stat_result | None = None,
    shown: Path | None = None,
    replace: bool = True,
    mode: int | None = None,
) -> None:
    """Write `data` to a temporary file beside `output`, then rename it into place: an
    interrupted write leaves the old file (or none), never a truncated one. The new file gets
    the permissions, group and owner of `keep` (the file it replaces: a ledger shared with a
    group at 660 stays so), else the usual mode for a new file. `output` is the real file,
    not a symbolic link to it (which the rename would replace). With `replace=False` an
    existing `output` is never touched (linked, not renamed, into place: no window in which
    another writer's file could be overwritten). `mode` gives the file these permissions
    instead (0600 for the web desk's accounts and secret: the file is never readable by
    others, not even for a moment)."""
    name = _name(shown or output)
    directory = output.parent if str(output.parent) else Path(".")
    try:
        # A short name: `.{output.name}.tmp` would be too long for a 250-character file name.
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".planctl-", suffix=".tmp")
    except FileNotFoundError:
        raise UsageError(f"{name}: cannot write here (no folder {_name(directory)})") from None
    except OSError as error:
        raise UsageError(f"{name}: cannot write here ({_reason(error)})") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        _take_on(temporary, keep, mode)
        if replace:
            os.replace(temporary, output)
        else:
            os.link(temporary, output)
            Path(temporary).unlink()
    except FileExistsError:
        Path(temporary).unlink(missing_ok=True)
        raise UsageError(f"{name}: already exists; not overwritten") from None
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise UsageError(f"{name}: cannot write ({_reason(error)})") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _take_on(temporary: str, keep: os.stat_result | None, mode: int | None = None) -> None:
    """Give the new file the owner, group and permissions of the one it replaces (owner and
    group before permissions: a change of owner clears the set-id bits), or `mode`."""
    if keep is None:
        os.chmod(temporary, 0o666 & ~_umask() if mode is None else mode)
        return
    _take_owner(temporary, keep)
    os.chmod(temporary, stat.S_IMODE(keep.st_mode) if mode is None else mode)


def _take_owner(temporary: str, keep: os.stat_result) -> None:
    """The replaced file's owner and group where this user may give them (root may; anyone
    may keep the group of which they are a member); else the file is theirs, as a new one."""
    made = os.stat(temporary)
    if (made.st_uid, made.st_gid) == (keep.st_uid, keep.st_gid) or not hasattr(os, "chown"):
        return
    for owner in (keep.st_uid, -1):
        try:
            os.chown(temporary, owner, keep.st_gid)
            return
        except OSError:
            continue


def _reason(error: OSError) -> str:
    return error.strerror or errno.errorcode.get(error.errno or 0, "error")


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _name(path: Path) -> str:
    return visible(str(path))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
