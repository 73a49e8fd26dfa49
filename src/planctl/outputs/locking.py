"""An exclusive lock beside a ledger, so that appends from many processes never interleave."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from planctl.errors import UsageError


@contextmanager
def locked(ledger: Path) -> Iterator[None]:
    """Hold an exclusive lock on `.NAME.lock` beside the ledger (the ledger itself is replaced
    by a rename, so it cannot carry the lock). Creates the ledger's folder."""
    try:
        ledger.parent.mkdir(exist_ok=True)
        handle = os.open(ledger.parent / f".{ledger.name}.lock", os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as error:
        raise UsageError(f"{ledger}: cannot lock ({error.strerror})") from None
    try:
        _lock(handle)
        yield
    finally:
        os.close(handle)  # closing releases the lock


def _lock(handle: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        msvcrt.locking(handle, msvcrt.LK_LOCK, 1)
    else:
        import fcntl

        fcntl.flock(handle, fcntl.LOCK_EX)
