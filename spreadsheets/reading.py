"""An uploaded spreadsheet (XLSX or CSV) as a header and rows of plain values.

Hostile files are refused before they cost memory or time: the size is checked before
anything is parsed, an XLSX's zip directory (the uncompressed size it declares, which
:mod:`zipfile` never reads past) before openpyxl opens it, and encrypted workbooks (OLE
containers, not zip) by their signature. Formulas are never evaluated: openpyxl reads a formula
cell as its text (``data_only=False``), and the importers store text as text.
"""

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass

import openpyxl
from django.utils.translation import gettext as _

from regions.errors import DomainError
from regions.formatting import number

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000
MAX_COLUMNS = 50
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_ZIP_ENTRIES = 500
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"
XLSX_EXTENSIONS = (".xlsx", ".xlsm")
CSV_EXTENSIONS = (".csv", ".txt")
SEPARATORS = (";", ",", "\t")
# A CSV export writes a cell that a spreadsheet program would run as a formula behind a
# quote, which reading takes off again (see ``unquote``).
_QUOTED_FORMULA = re.compile(r"'+[=+\-@]")


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[tuple[int, list]]  # (row number as the spreadsheet shows it, one value a header)


def refuse(message: str, code: str) -> DomainError:
    return DomainError.single(message, field="file", code=code)


def unquote(text: str) -> str:
    """Take off the quote a CSV export put before a cell that starts like a formula."""
    return text[1:] if _QUOTED_FORMULA.match(text) else text


def read_table(file_name: str, content: bytes, sheet: str | None = None) -> Table:
    """The first non-empty row as headers and every non-empty row after it. An XLSX is read
    from the worksheet called ``sheet`` when it has one, else from its first worksheet."""
    if len(content) > MAX_BYTES:
        raise refuse(
            _("Het bestand is groter dan %(limit)s MB.")
            % {"limit": number(MAX_BYTES / 1024 / 1024)},
            "too_large",
        )
    if not content:
        raise refuse(_("Het bestand is leeg."), "empty")
    extension = "." + file_name.rpartition(".")[2].lower() if "." in file_name else ""
    if extension in XLSX_EXTENSIONS:
        rows = _xlsx_rows(content, sheet)
    elif extension in CSV_EXTENSIONS:
        rows = _csv_rows(content)
    else:
        raise refuse(_("Kies een bestand van het type .xlsx of .csv."), "file_type")
    return _table(rows)


def _table(rows) -> Table:
    headers = None
    data = []
    for row_number, values in rows:
        values = ["" if value is None else value for value in values]
        if not any(str(value).strip() for value in values):
            continue
        if headers is None:
            headers = [str(value).strip() for value in values]
            while headers and not headers[-1]:
                headers.pop()
            continue
        if len(data) == MAX_ROWS:
            raise refuse(
                _("Het bestand heeft meer dan %(limit)s rijen; splits het in kleinere bestanden.")
                % {"limit": number(MAX_ROWS)},
                "too_many_rows",
            )
        values = values[: len(headers)]
        data.append((row_number, values + [""] * (len(headers) - len(values))))
    if headers is None:
        raise refuse(_("Het bestand is leeg."), "empty")
    return Table(headers, data)


def _not_xlsx() -> DomainError:
    return refuse(
        _("Dit is geen geldig XLSX-bestand. Sla het in uw spreadsheetprogramma op als .xlsx."),
        "not_xlsx",
    )


def _xlsx_rows(content: bytes, sheet_name: str | None):
    if content.startswith(OLE_SIGNATURE):
        raise refuse(
            _(
                "Dit bestand is met een wachtwoord beveiligd of in het oude Excel-formaat (.xls). "
                "Sla het op als .xlsx zonder wachtwoord."
            ),
            "encrypted",
        )
    if not content.startswith(ZIP_SIGNATURE):
        raise _not_xlsx()
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise _not_xlsx() from None
    unpacked = sum(member.file_size for member in members)
    if len(members) > MAX_ZIP_ENTRIES or unpacked > MAX_UNCOMPRESSED_BYTES:
        raise refuse(
            _("Het bestand pakt uit tot meer dan %(limit)s MB; zo groot is een werkmap niet.")
            % {"limit": number(MAX_UNCOMPRESSED_BYTES / 1024 / 1024)},
            "zip_bomb",
        )
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(content), read_only=True, data_only=False, keep_links=False
        )
    except Exception:  # a damaged or foreign file fails anywhere in openpyxl's reader
        raise _not_xlsx() from None
    try:
        if not workbook.worksheets:
            raise _not_xlsx()
        names = {name.strip().casefold(): name for name in workbook.sheetnames}
        chosen = names.get((sheet_name or "").casefold())
        worksheet = workbook[chosen] if chosen else workbook.worksheets[0]
        rows = worksheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        # Read here, while the workbook is open; _table stops at the row limit.
        yield from enumerate(rows, start=1)
    except DomainError:
        raise
    except Exception:
        raise _not_xlsx() from None
    finally:
        workbook.close()


def decode(content: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252 (Excel's "CSV" in Dutch
    Windows)."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _wrong_encoding()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError:
            raise _wrong_encoding() from None
    if "\x00" in text:
        raise _wrong_encoding()
    return text


def _wrong_encoding() -> DomainError:
    return refuse(
        _(
            "Dit is geen leesbaar CSV-bestand: gebruik de tekencodering UTF-8 of Windows-1252 "
            "(in Excel: Opslaan als › CSV UTF-8), of upload het als .xlsx."
        ),
        "encoding",
    )


def separator(text: str) -> str:
    """``;`` (Excel in Dutch), ``,`` or a tab: whichever the header line has most of."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    return max(SEPARATORS, key=header.count)


def _csv_rows(content: bytes):
    text = decode(content)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator(text))
    row_number = 0
    try:
        for row_number, values in enumerate(reader, start=1):
            yield row_number, [unquote(value) for value in values[:MAX_COLUMNS]]
    except csv.Error:
        raise refuse(
            _("Het CSV-bestand is onleesbaar vanaf rij %(row)s.") % {"row": row_number + 1},
            "csv",
        ) from None
