"""Hostile and broken files: each gets a clear Dutch error and nothing is written; formulas
are never run, neither on the way in nor on the way out."""

import csv
import io
import zipfile

import openpyxl
import pytest

from neighbourhoods.models import AllianceContact, Neighbourhood
from regions.errors import DomainError
from spreadsheets import services
from spreadsheets.models import ImportBatch
from spreadsheets.reading import MAX_BYTES, MAX_ROWS, read_table

from . import factories as f
from .spreadsheets import CONTACT_HEADERS, NEIGHBOURHOOD_HEADERS, csv_file, xlsx

pytestmark = pytest.mark.django_db


def refusal(world, name, content, kind="neighbourhoods") -> DomainError:
    with pytest.raises(DomainError) as refused:
        services.preview(world.editor, world.region, kind, name, content)
    assert not ImportBatch.objects.exists()
    assert Neighbourhood.objects.filter(region=world.region).count() == 2
    return refused.value


def test_a_file_over_5_mb_is_refused(world):
    error = refusal(world, "groot.xlsx", b"PK\x03\x04" + b"0" * MAX_BYTES)
    assert error.codes == ["too_large"]
    assert error.problems[0].message == "Het bestand is groter dan 5 MB."


def test_a_file_over_5000_rows_is_refused(world):
    rows = [[f"Wijk {n}", "Utrecht", "15000", ""] for n in range(MAX_ROWS + 1)]
    error = refusal(world, "lang.csv", csv_file(NEIGHBOURHOOD_HEADERS, *rows))
    assert error.codes == ["too_many_rows"]
    assert error.problems[0].message == (
        "Het bestand heeft meer dan 5.000 rijen; splits het in kleinere bestanden."
    )


def test_5000_rows_and_empty_rows_between_them_are_read():
    rows = [[f"Wijk {n}", "Utrecht", "15000", ""] for n in range(MAX_ROWS)]
    table = read_table("lang.csv", csv_file(NEIGHBOURHOOD_HEADERS, [], *rows, ["", ""]))
    assert len(table.rows) == MAX_ROWS
    assert table.rows[0] == (3, ["Wijk 0", "Utrecht", "15000", ""])


NOT_XLSX = "Dit is geen geldig XLSX-bestand. Sla het in uw spreadsheetprogramma op als .xlsx."


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n1 0 obj << >> endobj\n",  # a PDF renamed to .xlsx
        b"Naam;Gemeente\nZuilen;Utrecht\n",  # a CSV renamed to .xlsx
        b"PK\x03\x04" + b"\x00" * 200,  # starts like a zip, is none
    ],
    ids=["pdf", "csv", "broken-zip"],
)
def test_a_renamed_file_is_not_taken_for_xlsx(world, content):
    error = refusal(world, "wijken.xlsx", content)
    assert error.codes == ["not_xlsx"]
    assert error.problems[0].message == NOT_XLSX


def zip_of(members: dict[str, bytes]) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return output.getvalue()


def test_a_zip_that_is_no_workbook_is_refused(world):
    error = refusal(world, "wijken.xlsx", zip_of({"readme.txt": b"hallo"}))
    assert error.codes == ["not_xlsx"]


def test_a_zip_bomb_is_refused_before_it_is_unpacked(world):
    bomb = zip_of({"xl/worksheets/sheet1.xml": b"\x00" * (60 * 1024 * 1024)})
    assert len(bomb) < 100 * 1024  # 60 MB packed into less than 100 kB

    error = refusal(world, "wijken.xlsx", bomb)

    assert error.codes == ["zip_bomb"]
    assert error.problems[0].message == (
        "Het bestand pakt uit tot meer dan 50 MB; zo groot is een werkmap niet."
    )


def test_a_zip_of_very_many_small_files_is_refused(world):
    error = refusal(world, "wijken.xlsx", zip_of({f"x/{n}.xml": b"" for n in range(1000)}))
    assert error.codes == ["zip_bomb"]


def test_entity_expansion_in_the_worksheet_xml_is_refused(world):
    """A billion laughs (a few hundred bytes that expand to gigabytes): the XML parser refuses
    the expansion, so the file is no workbook."""
    entities = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    laughs = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY lol0 "lol">{entities}]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    book = xlsx(NEIGHBOURHOOD_HEADERS, ["Zuilen", "Utrecht", 1, ""])
    with zipfile.ZipFile(io.BytesIO(book)) as original:
        members = {item.filename: original.read(item) for item in original.infolist()}
    members["xl/worksheets/sheet1.xml"] = laughs

    error = refusal(world, "wijken.xlsx", zip_of(members))

    assert error.codes == ["not_xlsx"]


def test_an_encrypted_workbook_is_named_as_such(world):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024  # how an encrypted .xlsx starts
    error = refusal(world, "beveiligd.xlsx", ole)
    assert error.codes == ["encrypted"]
    assert error.problems[0].message == (
        "Dit bestand is met een wachtwoord beveiligd of in het oude Excel-formaat (.xls). "
        "Sla het op als .xlsx zonder wachtwoord."
    )


WRONG_ENCODING = (
    "Dit is geen leesbaar CSV-bestand: gebruik de tekencodering UTF-8 of Windows-1252 "
    "(in Excel: Opslaan als › CSV UTF-8), of upload het als .xlsx."
)


@pytest.mark.parametrize(
    "content",
    [
        "Naam;Gemeente;Inwoners\nZuilen;Utrecht;1\n".encode("utf-16"),  # Excel's "Unicode text"
        "Naam;Gemeente;Inwoners\nZuilen;Utrecht;1\n".encode("utf-16-le"),  # without its mark
        b"Naam;Gemeente;Inwoners\nZ\x81len;Utrecht;1\n",  # neither UTF-8 nor Windows-1252
        xlsx(NEIGHBOURHOOD_HEADERS),  # a workbook renamed to .csv
    ],
    ids=["utf-16", "utf-16-le", "undefined-byte", "xlsx"],
)
def test_a_csv_in_another_encoding_is_refused(world, content):
    error = refusal(world, "wijken.csv", content)
    assert error.codes == ["encoding"]
    assert error.problems[0].message == WRONG_ENCODING


@pytest.mark.parametrize("name", ["wijken.xls", "wijken.ods", "wijken.pdf", "wijken"])
def test_other_file_types_are_refused(world, name):
    error = refusal(world, name, b"whatever")
    assert error.codes == ["file_type"]
    assert error.problems[0].message == "Kies een bestand van het type .xlsx of .csv."


def test_an_empty_file_is_refused(world):
    assert refusal(world, "leeg.csv", b"").codes == ["empty"]
    assert refusal(world, "leeg.csv", b"\xef\xbb\xbf\r\n;;\r\n").codes == ["empty"]


FORMULAS = ['=HYPERLINK("http://example.test","klik")', "@SUM(1+1)*cmd|' /C calc'!A0", "-2+3"]


def import_contacts(world, name, content):
    batch = services.preview(world.editor, world.region, "contacts", name, content)
    assert batch.error_count == 0, batch.rows
    services.confirm(world.editor, batch)


def test_formulas_in_a_workbook_are_stored_as_their_text(world):
    content = xlsx(
        CONTACT_HEADERS,
        *[
            ["Oog in Al", "huisartsenzorg", formula, "", "", f"f{n}@example.test", "+31 6 1", "ja"]
            for n, formula in enumerate(FORMULAS)
        ],
    )
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet["C2"].data_type == "f"  # a real formula cell, which is never evaluated

    import_contacts(world, "formules.xlsx", content)

    stored = AllianceContact.objects.filter(region=world.region).order_by("email")
    assert [(c.name, c.phone) for c in stored] == [(formula, "+31 6 1") for formula in FORMULAS]


def test_formulas_in_a_csv_are_stored_as_their_text(world):
    rows = [
        ["Oog in Al", "huisartsenzorg", formula, "", "", f"f{n}@example.test", "", "ja"]
        for n, formula in enumerate(FORMULAS)
    ]
    import_contacts(world, "formules.csv", csv_file(CONTACT_HEADERS, *rows))

    stored = AllianceContact.objects.filter(region=world.region).order_by("email")
    assert [c.name for c in stored] == FORMULAS


def test_exports_write_formula_like_cells_as_text(world):
    for n, formula in enumerate(FORMULAS):
        f.AllianceContactFactory(
            neighbourhood=world.neighbourhood, name=formula, phone="+31 6 1", email=f"f{n}@x.nl"
        )

    sheet = openpyxl.load_workbook(io.BytesIO(services.export_workbook(world.region)))[
        "Contactpersonen"
    ]
    cells = [row[2] for row in sheet.iter_rows(min_row=2)]
    assert sorted((c.value, c.data_type, c.quotePrefix) for c in cells) == sorted(
        (formula, "s", True) for formula in FORMULAS
    )
    phone = CONTACT_HEADERS.index("Telefoon")
    assert {row[phone].value for row in sheet.iter_rows(min_row=2)} == {"+31 6 1"}
    assert all(row[phone].data_type == "s" for row in sheet.iter_rows(min_row=2))

    text = services.export_csv(world.region, "contacts").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))[1:]
    assert sorted(row[2] for row in rows) == sorted("'" + formula for formula in FORMULAS)
    assert {row[phone] for row in rows} == {"'+31 6 1"}
