"""An exclusive lock beside a ledger, so that appends from many processes never interleave."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from planctl.errors import UsageError
from planctl.plan.load import lock_path


@contextmanager
def locked(ledger: Path) -> Iterator[None]:
    """Hold an exclusive lock on `.NAME.lock` beside the ledger (see `lock_path`). Creates
    the ledger's folder."""
    try:
        ledger.parent.mkdir(exist_ok=True)
        handle = _open(lock_path(ledger))
    except OSError as error:
        raise UsageError(f"{ledger}: cannot lock ({error.strerror})") from None
    try:
        _lock(handle)
        yield
    finally:
        os.close(handle)  # closing releases the lock


def _open(lock: Path) -> int:
    """The lock file, created if need be. A ledger shared with a group has a lock file that
    its first writer created and owns: another clerk of the group may not write it, but
    locking needs no more than reading it (flock)."""
    try:
        return os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
    except PermissionError:
        return os.open(lock, os.O_RDONLY)


def _lock(handle: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        msvcrt.locking(handle, msvcrt.LK_LOCK, 1)
    else:
        import fcntl

        fcntl.flock(handle, fcntl.LOCK_EX)
