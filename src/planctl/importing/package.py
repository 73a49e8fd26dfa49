"""Opening a document's file safely, before any reader library sees it.

.docx, .xlsx, .odt and .ods are ZIP packages: a file that is not one, one whose parts would
unpack to more than MAX_UNPACKED (a zip bomb), or one with too many parts is refused with one
line. A password-protected Office file is not a ZIP at all but an OLE compound file with an
EncryptionInfo stream (as is an old .doc or .xls renamed); an encrypted ODF file says so in
its manifest. The declared sizes bound what unpacking can produce: Python's zipfile never
returns more than a part declares (and fails its CRC check instead).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from planctl.errors import UnreadableInput, visible

MAX_UNPACKED = 200 * 1024 * 1024
"""The most a document may unpack to: a 100-page plan with pictures is a few MiB."""
MAX_PARTS = 10_000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def is_ole(data: bytes) -> bool:
    """An OLE compound file: an old .doc/.xls, or an encrypted .docx/.xlsx."""
    return data.startswith(OLE_MAGIC)


def open_package(data: bytes, path: Path) -> zipfile.ZipFile:
    """The file as a ZIP package whose parts are safe to unpack, or UnreadableInput."""
    name = visible(str(path))
    if is_ole(data):
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise UnreadableInput(
                f"{name}: is encrypted (password-protected); save it without a password"
            )
        raise UnreadableInput(
            f"{name}: is an old binary Office file, not {path.suffix}; rename it .doc or .xls"
        )
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise UnreadableInput(f"{name}: is not a {path.suffix} file (not a ZIP package)") from None
    parts = package.infolist()
    if len(parts) > MAX_PARTS:
        raise UnreadableInput(f"{name}: has {len(parts)} parts; refused (more than {MAX_PARTS})")
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MAX_UNPACKED:
        raise UnreadableInput(
            f"{name}: would unpack to {unpacked // (1024 * 1024)} MiB; refused "
            f"(more than {MAX_UNPACKED // (1024 * 1024)} MiB: a zip bomb?)"
        )
    if any(part.flag_bits & 0x1 for part in parts):
        raise UnreadableInput(
            f"{name}: is encrypted (password-protected); save it without a password"
        )
    if _odf_encrypted(package):
        raise UnreadableInput(
            f"{name}: is encrypted (password-protected); save it without a password"
        )
    return package


def _odf_encrypted(package: zipfile.ZipFile) -> bool:
    try:
        manifest = package.read("META-INF/manifest.xml")
    except KeyError:
        return False
    return b"encryption-data" in manifest


def read_part(package: zipfile.ZipFile, part: str, path: Path) -> bytes:
    """One part's bytes; a missing or damaged part is UnreadableInput."""
    try:
        return package.read(part)
    except KeyError:
        raise UnreadableInput(
            f"{visible(str(path))}: has no {part}; not a {path.suffix} file"
        ) from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise UnreadableInput(f"{visible(str(path))}: is damaged ({error})") from None


def reason(error: Exception) -> str:
    """A reader library's error in a few words: its message, else its kind."""
    text = " ".join(str(error).strip("'\"").split())
    return visible(text[:120]) if text else type(error).__name__
