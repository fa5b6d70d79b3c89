"""Spreadsheets in and out, in a real browser: download the template, upload a filled copy
with two bad rows (named, nothing saved), fix them, import, import again (no change), and
export → import (no change)."""

import re

import openpyxl
import pytest
from playwright.sync_api import expect

from neighbourhoods.models import Neighbourhood
from regions.tenancy import Role
from spreadsheets.models import ImportBatch

from .. import factories as f
from .conftest import log_in
from .test_accessibility import serious_violations


@pytest.fixture
def editor(disciplines):
    region = f.RegionFactory(code="utrecht-west", name="Regio Fictief Utrecht-West")
    f.NeighbourhoodFactory(region=region, name="Lombok", municipality="Utrecht")
    return f.MembershipFactory(region=region, role=Role.EDITOR, user__username="eva").user


def upload(page, path, kind="wijken"):
    page.get_by_role("link", name="Import en export", exact=True).first.click()
    page.get_by_label(kind, exact=True).check()
    page.get_by_label("Bestand").set_input_files(path)
    page.get_by_role("button", name="Voorvertoning bekijken").click()


def test_template_preview_fix_import_and_import_again(page, editor, tmp_path):
    log_in(page, editor, f.TEST_PASSWORD)
    page.get_by_role("link", name="Import en export", exact=True).click()
    expect(page.get_by_role("heading", name="Import en export")).to_be_visible()
    assert serious_violations(page) == []

    with page.expect_download() as download:
        page.get_by_role("link", name="Sjabloon wijken (.xlsx)").click()
    template = tmp_path / download.value.suggested_filename
    download.value.save_as(template)
    assert template.name == "sjabloon-wijken.xlsx"

    book = openpyxl.load_workbook(template)
    sheet = book["Wijken"]
    assert [cell.value for cell in sheet[1]] == ["Naam", "Gemeente", "Inwoners", "CBS-wijkcodes"]
    sheet.delete_rows(2)  # the example row
    for row in (
        ["Zuilen", "Utrecht", 12000, "WK034401"],
        ["Overvecht", "Utrecht", "veel", ""],
        ["Tuindorp", "", 11000, "WK034402"],
    ):
        sheet.append(row)
    filled = tmp_path / "wijken-utrecht.xlsx"
    book.save(filled)

    # two bad rows: both named with row and column, nothing saved, nothing to confirm
    upload(page, filled)
    errors = page.locator("#import-errors")
    expect(errors).to_contain_text("rij 3, kolom Inwoners: geen geheel getal")
    expect(errors).to_contain_text("rij 4, kolom Gemeente: niet ingevuld")
    expect(page.get_by_text("2 rijen worden geweigerd.")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Importeren"))).to_have_count(0)
    assert not Neighbourhood.objects.filter(name__in=["Zuilen", "Overvecht", "Tuindorp"]).exists()
    assert serious_violations(page) == []

    # fixed: the preview offers the import, which saves the rows and shows in the history
    sheet["C3"] = 14000
    sheet["B4"] = "Utrecht"
    book.save(filled)
    upload(page, filled)
    expect(
        page.get_by_text("Wijken: 3 nieuw, 0 gewijzigd, 0 ongewijzigd, 0 geweigerd.")
    ).to_be_visible()
    page.get_by_role("button", name="Importeren: 3 nieuw, 0 gewijzigd").click()
    expect(
        page.get_by_text("wijken-utrecht.xlsx is geïmporteerd: 3 nieuw, 0 gewijzigd.")
    ).to_be_visible()
    history = page.locator("section", has=page.get_by_role("heading", name="Importgeschiedenis"))
    expect(history.get_by_role("cell", name="wijken-utrecht.xlsx")).to_be_visible()
    expect(history.get_by_role("cell", name=editor.get_full_name())).to_be_visible()
    page.get_by_role("link", name="Wijken", exact=True).click()
    for name in ("Zuilen", "Overvecht", "Tuindorp"):
        expect(page.get_by_role("link", name=name, exact=True)).to_be_visible()

    # the same file again changes nothing
    upload(page, filled)
    expect(
        page.get_by_text("Wijken: 0 nieuw, 0 gewijzigd, 3 ongewijzigd, 0 geweigerd.")
    ).to_be_visible()
    expect(page.get_by_text("Dit bestand verandert niets")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Importeren"))).to_have_count(0)
    assert ImportBatch.objects.filter(status=ImportBatch.Status.IMPORTED).count() == 1

    # export → import: no change
    page.get_by_role("link", name="Import en export", exact=True).first.click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Alles exporteren (.xlsx)").click()
    export = tmp_path / download.value.suggested_filename
    download.value.save_as(export)
    upload(page, export)
    expect(
        page.get_by_text("Wijken: 0 nieuw, 0 gewijzigd, 4 ongewijzigd, 0 geweigerd.")
    ).to_be_visible()
    expect(page.get_by_text("Dit bestand verandert niets")).to_be_visible()
