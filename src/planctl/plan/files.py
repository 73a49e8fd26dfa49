"""Reading a plan file's bytes, with the limits and messages every command shares.

Kept apart from `source` (which imports PyYAML) so that a command answered from the cache
reads and hashes the file without loading the YAML parser."""

from __future__ import annotations

import stat
from pathlib import Path

from planctl.errors import UnreadableInput

MAX_BYTES = 10 * 1024 * 1024
"""Largest plan file read, 10 MiB: a 20,000-task plan is about 2 MiB."""


def read_bytes(path: Path, name: str | None = None) -> bytes:
    """The file's bytes, or an UnreadableInput that says why it cannot be read."""
    name = name or str(path)
    try:
        status = path.stat()
        _refuse_special(status.st_mode, name)
        size = min(status.st_size, MAX_BYTES)
        with path.open("rb") as stream:
            # Asked for its size (and a byte more): asking for the limit would have every read
            # allocate 10 MiB, a good part of a CI re-check of 1,000 cached plans.
            data = stream.read(size + 1)
            if len(data) > size:  # it grew since, or its size is not told (/proc): read on
                data += stream.read(MAX_BYTES + 1 - len(data))
    except FileNotFoundError:
        raise UnreadableInput(f"{name}: no such file") from None
    except IsADirectoryError:
        raise UnreadableInput(f"{name}: is a directory, not a plan file") from None
    except PermissionError:
        raise UnreadableInput(f"{name}: permission denied") from None
    except OSError as error:
        raise UnreadableInput(f"{name}: cannot read ({error.strerror})") from None
    if len(data) > MAX_BYTES:
        raise UnreadableInput(f"{name}: larger than {MAX_BYTES // (1024 * 1024)} MiB, not read")
    return data


_SPECIAL_FILES = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
}


def _refuse_special(mode: int, name: str) -> None:
    """A named pipe would block the read for ever, a device would pour endless data: a plan
    is a regular file, and anything else (but a folder, reported as such) is refused unread."""
    kind = _SPECIAL_FILES.get(stat.S_IFMT(mode))
    if kind:
        raise UnreadableInput(f"{name}: is {kind}, not a plan file")
