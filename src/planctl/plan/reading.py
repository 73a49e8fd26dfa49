"""Reading a plan file: its bytes within limits, its text as UTF-8, and otherwise what it is.

A folder, a named pipe, a file too large, UTF-16 or Big5 text: each is told apart with a message
and a way out, rather than a YAML error further on. Kept apart from `source` (which imports
PyYAML) so that a command answered from the cache reads and hashes the file without loading
the YAML parser."""

from __future__ import annotations

import codecs
import stat
from pathlib import Path

from planctl.errors import UnreadableInput

MAX_BYTES = 10 * 1024 * 1024
"""Largest plan file read, 10 MiB: a 20,000-task plan is about 2 MiB."""

_SAVE_AS_UTF8 = "in Notepad: 另存新檔 → 編碼 UTF-8"


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


def read_text(path: Path, name: str | None = None) -> str:
    """The file's text as UTF-8, or an UnreadableInput that says what the file is instead."""
    name = name or str(path)
    return decode(read_bytes(path, name), name)


def decode(data: bytes, name: str) -> str:
    """Decode UTF-8 (a BOM is allowed); recognise the encodings plans really arrive in."""
    utf16 = _utf16(data)
    if utf16:
        raise UnreadableInput(
            f"{name}: file is UTF-16{utf16}; save it as UTF-8",
            hint=_SAVE_AS_UTF8,
        )
    if b"\x00" in data:
        raise UnreadableInput(f"{name}: binary data (NUL bytes), not a YAML plan")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _not_utf8(data, name, error) from None
    return text.removeprefix("\ufeff")


def _utf16(data: bytes) -> str:
    """ " (with a BOM)" or " (little-endian, no BOM)" … when `data` is UTF-16 text, else "".

    Without a BOM, UTF-16 shows as a NUL byte in every ASCII character (keys, spaces, line
    ends), all on one side of each pair; it must not be reported as mere binary data."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return " (with a BOM)"
    if b"\x00" not in data or len(data) % 2:
        return ""
    little = data[1::2].count(0) > data[0::2].count(0)
    try:
        text = data.decode("utf-16-le" if little else "utf-16-be")
    except UnicodeDecodeError:
        return ""
    if not text.replace("\n", "").replace("\r", "").replace("\t", "").isprintable():
        return ""
    return " (little-endian, no BOM)" if little else " (big-endian, no BOM)"


def _not_utf8(data: bytes, name: str, error: UnicodeDecodeError) -> UnreadableInput:
    """Big5 (CP950) is what files from Taiwanese government offices are most often saved in:
    say so, and how to convert it, on Windows and elsewhere."""
    line = data[: error.start].count(b"\n") + 1
    try:
        data.decode("cp950")
    except UnicodeDecodeError:
        return UnreadableInput(
            f"{name}:{line}: not UTF-8 text (invalid byte at offset {error.start})",
            hint=_SAVE_AS_UTF8,
        )
    converted = Path(name).with_stem(Path(name).stem + "-utf8")
    return UnreadableInput(
        f"{name}:{line}: not UTF-8; it looks like Big5 (CP950)",
        hint=f"convert it: `iconv -f CP950 -t UTF-8 {name} > {converted}`, or {_SAVE_AS_UTF8}",
    )
