"""Writing sheets as XLSX and CSV so that no spreadsheet program runs a cell as a formula."""

import csv
import datetime
import io
import re
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
CSV_SEPARATOR = ";"  # what Excel expects in Dutch; reading takes ";" and ","
DATE_FORMAT = "d-m-yyyy"
# A spreadsheet program runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@")
# In a CSV file such a cell goes behind a quote, and so does one that starts like that behind
# quotes already: reading takes one quote off again (reading.unquote).
_CSV_QUOTED = re.compile(r"'*[=+\-@]")


@dataclass
class Sheet:
    title: str
    headers: list[str]
    rows: list[list]
    widths: list[int] | None = None


def formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def xlsx(sheets: list[Sheet]) -> bytes:
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet in sheets:
        worksheet = workbook.create_sheet(sheet.title)
        for index, width in enumerate(sheet.widths or [], start=1):
            worksheet.column_dimensions[get_column_letter(index)].width = width
        header = []
        for text in sheet.headers:
            cell = WriteOnlyCell(worksheet, value=str(text))
            cell.font = bold
            header.append(cell)
        worksheet.append(header)
        for row in sheet.rows:
            worksheet.append([_xlsx_cell(worksheet, value) for value in row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _xlsx_cell(worksheet, value):
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(worksheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if formula_like(value):
        cell = WriteOnlyCell(worksheet, value=value)
        cell.data_type = "s"  # openpyxl takes a string starting with "=" for a formula
        cell.quotePrefix = True  # and the spreadsheet program keeps it text when edited
        return cell
    return value


def csv_bytes(headers: list[str], rows: list[list]) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads the accents), ``;`` between cells, a cell
    that starts like a formula behind a quote, dates as 2026-03-01."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=CSV_SEPARATOR)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def _csv_cell(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str) and _CSV_QUOTED.match(value):
        return "'" + value
    return "" if value is None else value
