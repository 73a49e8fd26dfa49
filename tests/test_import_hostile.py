"""`planctl import` of files that are not what they claim, or are built to hurt: one line and
exit 2, or a bounded result — never a traceback (issue 21)."""

from __future__ import annotations

import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml

from planctl.importing.package import MAX_UNPACKED, OLE_MAGIC
from tests.helpers import planctl_process


def run_import(*args: str) -> subprocess.CompletedProcess[str]:
    return planctl_process("import", *args)


def refused(path: Path) -> str:
    """The one line `import` ends with, exit 2, nothing on stdout."""
    done = run_import(str(path))
    assert (done.returncode, done.stdout) == (2, ""), done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    return done.stderr


def test_a_zip_bomb_is_refused_unpacked(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    with (
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as package,
        package.open("word/document.xml", "w", force_zip64=True) as part,
    ):
        chunk = b"\0" * (1 << 20)
        for _ in range(MAX_UNPACKED // len(chunk) + 1):
            part.write(chunk)
    assert bomb.stat().st_size < 1_000_000
    assert refused(bomb) == (
        f"planctl: {bomb}: would unpack to 201 MiB; refused (more than 200 MiB: a zip bomb?)\n"
    )


def test_a_docx_that_is_not_a_zip(tmp_path: Path) -> None:
    fake = tmp_path / "計畫.docx"
    fake.write_text("壹、計畫目標\n", encoding="utf-8")
    assert refused(fake) == f"planctl: {fake}: is not a .docx file (not a ZIP package)\n"


def test_a_zip_that_is_no_word_document(tmp_path: Path) -> None:
    fake = tmp_path / "計畫.docx"
    with zipfile.ZipFile(fake, "w") as package:
        package.writestr("hello.txt", "hello")
    assert refused(fake) == (
        f"planctl: {fake}: is not a readable .docx "
        "(There is no item named '[Content_Types].xml' in the archive)\n"
    )


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_a_password_protected_office_file(tmp_path: Path, suffix: str) -> None:
    """Office encrypts into an OLE compound file with an EncryptionInfo stream."""
    locked = tmp_path / f"locked{suffix}"
    locked.write_bytes(OLE_MAGIC + bytes(504) + "EncryptionInfo".encode("utf-16-le") + bytes(512))
    expected = f"planctl: {locked}: is encrypted (password-protected); save it without a password\n"
    assert refused(locked) == expected


def test_an_old_doc_renamed_docx(tmp_path: Path) -> None:
    renamed = tmp_path / "old.docx"
    renamed.write_bytes(OLE_MAGIC + bytes(1024))
    expected = (
        f"planctl: {renamed}: is an old binary Office file, not .docx; rename it .doc or .xls\n"
    )
    assert refused(renamed) == expected


def test_an_encrypted_odt(tmp_path: Path) -> None:
    locked = tmp_path / "locked.odt"
    with zipfile.ZipFile(locked, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest><manifest:file-entry manifest:full-path="content.xml">'
            "<manifest:encryption-data/></manifest:file-entry></manifest:manifest>",
        )
        package.writestr("content.xml", bytes(64))
    expected = f"planctl: {locked}: is encrypted (password-protected); save it without a password\n"
    assert refused(locked) == expected


def test_an_unknown_kind_of_file(tmp_path: Path) -> None:
    pdf = tmp_path / "計畫.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    done = run_import(str(pdf))
    assert done.returncode == 2
    assert done.stderr == (
        f"planctl: {pdf}: cannot import a .pdf file "
        "(import reads .docx, .odt, .ods, .xlsx, .doc, .rtf)\n"
    )


def test_a_doc_without_libreoffice_names_the_package(tmp_path: Path) -> None:
    old = tmp_path / "計畫.doc"
    old.write_bytes(OLE_MAGIC + bytes(1024))
    env = {"PATH": str(tmp_path), "PYTHONPATH": ":".join(sys.path)}
    done = planctl_process("import", str(old), env=env)
    assert done.returncode == 2
    assert done.stderr == (
        f"planctl: {old}: a .doc file is converted by LibreOffice, which is not installed "
        "(Debian/Ubuntu: apt install libreoffice-writer); or save it as .docx\n"
    )


def test_a_ten_thousand_row_table_is_read_in_bounded_time(tmp_path: Path) -> None:
    source = tmp_path / "big.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["臺北市測試地政事務所(登記課)105年度重要工作計畫作業時程管制表"])
    sheet.append(["編號", "計畫項目", "工作內容", *[f"{m}月" for m in range(1, 13)]])
    for number in range(1, 10_001):
        sheet.append(
            [number, f"項目{number}", f"工作{number}", *(["■"] if number % 2 else ["", "■"])]
        )
    book.save(source)
    started = time.monotonic()
    done = run_import(str(source))
    assert done.returncode == 0, done.stderr[-500:]
    assert time.monotonic() - started < 60
    plan = yaml.safe_load(done.stdout)
    items = plan["parts"][0]["tables"][0]["items"]
    assert len(items) == 10_000
    assert items[-1]["tasks"] == [{"id": "reg-10000.1", "text": "工作10000", "months": [2]}]


def test_rows_past_the_cap_of_an_ods_are_counted_in_the_report(tmp_path: Path) -> None:
    """A sheet of 100,005 rows (one row repeated, as Calc writes identical rows, then empty
    rows to the millionth): the first 100,000 are read, the report says 5 were not."""
    from odfdo import Cell, Document, Row, Table

    from planctl.importing.odf import MAX_ROWS

    source = tmp_path / "長表.ods"
    document = Document("spreadsheet")
    document.body.clear()
    table = Table("名冊")
    for texts, repeated in (
        (["姓名", "電話"], None),
        (["王小明", "1234"], MAX_ROWS + 3),
        (["李大華", "5678"], None),
        ([], 1_000_000),
    ):
        row = Row(repeated=repeated)
        for text in texts:
            row.append(Cell(text))
        table.append(row)
    document.body.append(table)
    document.save(str(source))
    done = run_import(str(source), "--year", "105")
    assert done.returncode == 0, done.stderr[-500:]
    assert (
        f"  表 1: 5 more rows not read (import reads the first {MAX_ROWS} rows of a table)\n"
        in done.stderr
    )


def test_rows_past_the_cap_of_an_xlsx_are_counted_in_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same for Excel, with the cap lowered to 10 rows (an .xlsx of 100,000 rows takes
    openpyxl a minute): rows 11 to 14 hold text, 15 only a fill (counted as empty)."""
    from openpyxl.styles import PatternFill

    from planctl.importing import xlsx
    from planctl.importing.run import import_plan

    monkeypatch.setattr(xlsx, "MAX_ROWS", 10)
    source = tmp_path / "長表.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名", "電話"])
    for number in range(2, 15):
        sheet.append([f"同仁{number}", number])
    sheet["A13"] = None  # an empty row among the unread ones is counted, as in the sheet
    sheet["B13"] = None
    sheet["A16"].fill = PatternFill("solid", fgColor="FFFF00")
    book.save(source)
    report = import_plan(source, "draft.yaml", year=2016).report
    assert [(line.where, line.what) for line in report.unplaced][-1] == (
        "表 1",
        "4 more rows not read (import reads the first 10 rows of a table)",
    )
