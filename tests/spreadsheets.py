"""Spreadsheet files for the import tests, made in memory."""

import csv
import io

import openpyxl

NEIGHBOURHOOD_HEADERS = ["Naam", "Gemeente", "Inwoners", "CBS-wijkcodes"]
CONTACT_HEADERS = [
    "Wijk",
    "Discipline",
    "Naam",
    "Organisatie",
    "Functie",
    "E-mailadres",
    "Telefoon",
    "Actief",
]
MANDATE_HEADERS = [
    "Discipline",
    "Mandaterende organisatie",
    "Gemandateerde",
    "E-mailadres gemandateerde",
    "Reikwijdte",
    "Geldig vanaf",
    "Geldig tot en met",
    "Zorgverleners achter het mandaat",
    "Zorgverleners in de regio",
]


def xlsx(*rows, title="Blad1") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def csv_file(*rows, separator=";", encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def sheet_rows(content: bytes, title: str) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(content))[title]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def actions(plan_or_batch) -> dict[int, str]:
    return {row["row"]: row["action"] for row in plan_or_batch.rows}


def errors(plan_or_batch) -> list[str]:
    return [error for row in plan_or_batch.rows for error in row["errors"]]
