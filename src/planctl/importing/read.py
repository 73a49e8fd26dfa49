"""Which reader reads a file: by its extension; .doc and .rtf through LibreOffice.

Word's old binary .doc (and RTF) has no reader in Python worth trusting with a table's
spans, so LibreOffice converts it to .docx first (`soffice --headless --convert-to docx`),
with a profile of its own in a temporary folder: a running LibreOffice of the user's is not
disturbed, and two imports at once do not wait for each other.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from planctl.errors import UnreadableInput, UsageError, visible
from planctl.importing.document import Document
from planctl.plan.reading import read_bytes

CONVERTED = (".doc", ".rtf")
SOFFICE_TIMEOUT = 120
"""Seconds LibreOffice may take to convert one document."""


def readers() -> dict[str, Callable[[bytes, Path], Document]]:
    from planctl.importing.docx import read_docx
    from planctl.importing.odf import read_odf
    from planctl.importing.xlsx import read_xlsx

    return {".docx": read_docx, ".odt": read_odf, ".ods": read_odf, ".xlsx": read_xlsx}


def read_document(path: Path) -> Document:
    """The file as the neutral document model, or a one-line error."""
    suffix = path.suffix.lower()
    known = readers()
    if suffix in CONVERTED:
        return _converted(path)
    if suffix not in known:
        kinds = ", ".join([*known, *CONVERTED])
        what = f"a {suffix} file" if suffix else "a file without an extension"
        raise UsageError(f"{visible(str(path))}: cannot import {what} (import reads {kinds})")
    return known[suffix](read_bytes(path), path)


def _converted(path: Path) -> Document:
    from planctl.importing.docx import read_docx

    read_bytes(path)  # a missing, special or oversized file fails here, with its own message
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise UnreadableInput(
            f"{visible(str(path))}: a {path.suffix} file is converted by LibreOffice, which is not "
            "installed (Debian/Ubuntu: apt install libreoffice-writer); or save it as .docx"
        )
    with tempfile.TemporaryDirectory(prefix="planctl-import-") as folder:
        profile = Path(folder, "profile").as_uri()
        command = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
            folder,
            str(path.resolve()),
        ]
        try:
            # A list of arguments, no shell: the document's path is one argument, never parsed.
            subprocess.run(  # nosec B603
                command, capture_output=True, timeout=SOFFICE_TIMEOUT, check=False
            )
        except subprocess.TimeoutExpired:
            raise UnreadableInput(
                f"{visible(str(path))}: LibreOffice took over {SOFFICE_TIMEOUT} s to convert it"
            ) from None
        converted = Path(folder, path.stem + ".docx")
        if not converted.is_file():
            raise UnreadableInput(
                f"{visible(str(path))}: LibreOffice could not convert it to .docx"
            )
        return read_docx(converted.read_bytes(), path)
