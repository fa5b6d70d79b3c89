"""Spreadsheet import: preview row by row, confirm through the domain services in one
transaction, history, the natural keys, round trips and the management command."""

import datetime
import io
import re

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from pghistory.models import Context, Events

from mandates import services as mandate_services
from mandates.models import Mandate, MandateScope
from neighbourhoods import services as neighbourhood_services
from neighbourhoods.models import AllianceContact, Neighbourhood
from regions.errors import DomainError
from regions.tenancy import Role
from spreadsheets import services
from spreadsheets.models import ImportBatch

from . import factories as f
from .spreadsheets import (
    CONTACT_HEADERS,
    MANDATE_HEADERS,
    NEIGHBOURHOOD_HEADERS,
    actions,
    csv_file,
    errors,
    xlsx,
)

pytestmark = pytest.mark.django_db


def neighbourhood_file(*rows):
    return xlsx(NEIGHBOURHOOD_HEADERS, *rows)


def preview(world, kind, content, name="bestand.xlsx", user=None):
    return services.preview(user or world.editor, world.region, kind, name, content)


def test_the_preview_says_per_row_what_happens_and_writes_nothing(world):
    content = neighbourhood_file(
        ["Oog in Al", "Gemeente Fictief", 15000, "WK999901"],  # as it is
        ["Lombok", "Utrecht", 16000, "WK999901"],  # two changes
        ["Zuilen", "Utrecht", 12000, "WK034401, wk034402"],  # new
        ["Overvecht", "Utrecht", "veel", ""],  # not a number
        ["", "Utrecht", 10000, ""],  # no name
    )
    before = Events.objects.count()

    batch = preview(world, "neighbourhoods", content)

    assert actions(batch) == {2: "unchanged", 3: "update", 4: "create", 5: "refused", 6: "refused"}
    assert errors(batch) == [
        "rij 5, kolom Inwoners: geen geheel getal",
        "rij 6, kolom Naam: niet ingevuld",
    ]
    update = batch.rows[1]
    assert update["changes"] == [
        ["Gemeente", "Gemeente Fictief", "Utrecht"],
        ["Inwoners", "15.000", "16.000"],
    ]
    assert batch.rows[2]["values"]["cbs_codes"] == ["WK034401", "WK034402"]
    assert (batch.created_count, batch.updated_count, batch.unchanged_count, batch.error_count) == (
        1,
        1,
        1,
        2,
    )
    assert not Neighbourhood.objects.filter(name="Zuilen").exists()
    assert Neighbourhood.objects.get(name="Lombok").population == 15000
    assert Events.objects.count() == before
    with pytest.raises(DomainError) as refused:
        services.confirm(world.editor, batch)
    assert refused.value.codes == ["refused_rows"]
    assert not Neighbourhood.objects.filter(name="Zuilen").exists()


def test_model_rules_are_errors_with_row_and_column(world):
    content = neighbourhood_file(
        ["Nul", "Utrecht", 0, ""],
        ["Code", "Utrecht", 15000, "WK0123456789"],
        ["Groot", "Utrecht", 10**12, ""],
    )

    batch = preview(world, "neighbourhoods", content)

    assert errors(batch) == [
        "rij 2, kolom Inwoners: Een wijk heeft ten minste één inwoner.",
        "rij 3, kolom CBS-wijkcodes: Geen CBS-wijkcode: WK0123456789. Een wijkcode is WK met "
        "zes cijfers, vier voor de gemeente en twee voor de wijk, bijvoorbeeld WK036301.",
        "rij 4, kolom Inwoners: Zorg ervoor dat deze waarde hoogstens 2147483647 is.",
    ]


def test_confirm_writes_every_row_through_the_services_as_one_history_context(world):
    content = neighbourhood_file(
        ["Lombok", "Utrecht", 16000, "WK999901"],
        ["Zuilen", "Utrecht", 12000, "WK034401"],
        ["Tuindorp", "Utrecht", 11000, ""],
    )
    batch = preview(world, "neighbourhoods", content, name="wijken 2026.xlsx")

    batch = services.confirm(world.editor, batch)

    assert batch.status == ImportBatch.Status.IMPORTED
    assert (batch.created_count, batch.updated_count) == (2, 1)
    assert batch.rows == []
    assert Neighbourhood.objects.get(region=world.region, name="Zuilen").cbs_codes == ["WK034401"]
    assert Neighbourhood.objects.get(region=world.region, name="Lombok").population == 16000
    context = Context.objects.get(pk=batch.history_context)
    assert context.metadata == {
        "user": world.editor.pk,
        "import_file": "wijken 2026.xlsx",
        "import_kind": "neighbourhoods",
        "import_created": 2,
        "import_updated": 1,
    }
    events = Events.objects.filter(pgh_context_id=batch.history_context)
    assert sorted(event.pgh_label for event in events) == ["insert", "insert", "update"]


def test_importing_the_same_file_again_changes_nothing(world):
    content = neighbourhood_file(
        ["Lombok", "Utrecht", 16000, "WK999901"], ["Zuilen", "Utrecht", 12000, ""]
    )
    services.confirm(world.editor, preview(world, "neighbourhoods", content))
    events = Events.objects.count()

    again = preview(world, "neighbourhoods", content)

    assert set(actions(again).values()) == {"unchanged"}
    assert not again.changes_anything
    services.confirm(world.editor, again)
    assert Events.objects.count() == events


def test_all_or_nothing_when_a_row_changed_since_the_preview(world):
    content = neighbourhood_file(
        ["Zuilen", "Utrecht", 12000, ""], ["Lombok", "Utrecht", 16000, "WK999901"]
    )
    batch = preview(world, "neighbourhoods", content)
    lombok = Neighbourhood.objects.get(region=world.region, name="Lombok")
    neighbourhood_services.update_neighbourhood(
        world.admin, lombok, token=lombok.edit_token, population=17000
    )

    with pytest.raises(DomainError) as refused:
        services.confirm(world.editor, batch)

    assert refused.value.codes == ["stale"]
    assert refused.value.problems[0].message.startswith("rij 3: Iemand anders heeft dit")
    assert not Neighbourhood.objects.filter(name="Zuilen").exists()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW


def test_an_expired_preview_is_refused(world):
    batch = preview(world, "neighbourhoods", neighbourhood_file(["Zuilen", "Utrecht", 1, ""]))
    ImportBatch.objects.filter(pk=batch.pk).update(expires_at=timezone.now())

    with pytest.raises(DomainError) as refused:
        services.confirm(world.editor, batch)

    assert refused.value.codes == ["expired"]
    assert not Neighbourhood.objects.filter(name="Zuilen").exists()


def test_a_preview_cannot_be_confirmed_twice(world):
    batch = preview(world, "neighbourhoods", neighbourhood_file(["Zuilen", "Utrecht", 1, ""]))
    services.confirm(world.editor, batch)

    with pytest.raises(DomainError) as refused:
        services.confirm(world.editor, batch)

    assert refused.value.codes == ["already_imported"]
    assert Neighbourhood.objects.filter(name="Zuilen").count() == 1


def test_a_new_preview_clears_the_regions_expired_ones(world):
    old = preview(world, "neighbourhoods", neighbourhood_file(["Zuilen", "Utrecht", 1, ""]))
    ImportBatch.objects.filter(pk=old.pk).update(expires_at=timezone.now())

    preview(world, "neighbourhoods", neighbourhood_file(["Zuilen", "Utrecht", 1, ""]))

    assert not ImportBatch.objects.filter(pk=old.pk).exists()


def test_headers_match_without_case_accents_or_punctuation_and_unknown_ones_are_named(world):
    content = xlsx(
        ["NAAM", "gemeénte", "aantal inwoners", "Cbs wijkcodes", "Opmerking"],
        ["Zuilen", "Utrecht", 12000, "WK034401"],
    )

    batch = preview(world, "neighbourhoods", content)

    assert actions(batch) == {2: "create"}
    assert batch.warnings == ["Deze kolommen kennen we niet; ze worden niet ingelezen: Opmerking."]


def test_missing_and_doubled_columns_are_named(world):
    with pytest.raises(DomainError) as refused:
        preview(world, "neighbourhoods", xlsx(["Naam", "Naam", "Wijkcodes"], ["Zuilen"]))

    assert [problem.message for problem in refused.value.problems] == [
        "Deze verplichte kolommen ontbreken: Gemeente, Inwoners. Is dit een bestand met wijken?",
        "Deze kolommen staan er meer dan één keer in: Naam.",
    ]


def test_duplicate_keys_in_the_file_are_refused(world):
    content = neighbourhood_file(["Zuilen", "Utrecht", 1, ""], ["Zuilen", "Utrecht", 2, ""])

    batch = preview(world, "neighbourhoods", content)

    assert errors(batch) == ["rij 3: staat al in het bestand, in rij 2"]


@pytest.mark.parametrize(
    ("separator", "encoding"),
    [(";", "cp1252"), (",", "utf-8-sig"), (";", "utf-8"), ("\t", "utf-8")],
)
def test_csv_in_the_encodings_and_separators_of_excel(world, separator, encoding):
    content = csv_file(
        ["Naam", "Gemeente", "Inwoners", "CBS-wijkcodes"],
        ["Hoogkerk", "’s-Hertogenbosch", "12.000", "WK034401, WK034402"],
        separator=separator,
        encoding=encoding,
    )

    batch = preview(world, "neighbourhoods", content, name="wijken.csv")
    services.confirm(world.editor, batch)

    hood = Neighbourhood.objects.get(region=world.region, name="Hoogkerk")
    assert (hood.municipality, hood.population) == ("’s-Hertogenbosch", 12000)
    assert hood.cbs_codes == ["WK034401", "WK034402"]


# --- contacts -----------------------------------------------------------------------------


def test_contacts_match_on_neighbourhood_discipline_and_email_or_name(world):
    by_email = f.AllianceContactFactory(
        neighbourhood=world.neighbourhood, name="A. Oud", email="a@example.test"
    )
    by_name = f.AllianceContactFactory(
        neighbourhood=world.neighbourhood,
        discipline=f.discipline("pharmacy"),
        name="B. Apotheker",
        email="",
    )
    content = xlsx(
        CONTACT_HEADERS,
        [
            "Oog in Al",
            "huisartsenzorg",
            "A. Nieuw",
            "Praktijk Nieuw",
            "",
            "A@example.test",
            "",
            "ja",
        ],
        ["Oog in Al", "Apotheek", "B. Apotheker", "", "", "", "030 1", "nee"],
        ["Lombok", "sociaal domein", "C. Sociaal", "Buurtteam", "", "c@example.test", "", ""],
    )

    batch = preview(world, "contacts", content)
    assert actions(batch) == {2: "update", 3: "update", 4: "create"}
    services.confirm(world.editor, batch)

    by_email.refresh_from_db()
    by_name.refresh_from_db()
    assert (by_email.name, by_email.organisation, by_email.email) == (
        "A. Nieuw",
        "Praktijk Nieuw",
        "A@example.test",
    )
    assert (by_name.phone, by_name.active) == ("030 1", False)
    created = AllianceContact.objects.get(name="C. Sociaal")
    assert (created.neighbourhood, created.organisation, created.region, created.active) == (
        world.other_neighbourhood_same_region,
        "Buurtteam",
        world.region,
        True,
    )


def test_contacts_of_another_regions_neighbourhood_are_refused(world):
    f.NeighbourhoodFactory(region=world.other_region, name="Elders")
    content = xlsx(
        CONTACT_HEADERS,
        ["Elders", "huisartsenzorg", "X", "", "", "x@example.test", "", "ja"],
        ["Oog in Al", "tandarts", "Y", "", "", "y@example.test", "", "misschien"],
    )

    batch = preview(world, "contacts", content)

    assert errors(batch) == [
        "rij 2, kolom Wijk: geen wijk van deze regio: ‘Elders’",
        "rij 3, kolom Discipline: onbekende discipline ‘tandarts’",
        "rij 3, kolom Actief: geen ja of nee",
    ]
    assert not AllianceContact.objects.filter(name__in=["X", "Y"]).exists()


def test_a_contact_key_that_two_existing_contacts_share_is_refused(world):
    for _ in range(2):
        f.AllianceContactFactory(neighbourhood=world.neighbourhood, name="Dubbel", email="")
    content = xlsx(CONTACT_HEADERS, ["Oog in Al", "huisartsenzorg", "Dubbel", "", "", "", "", "ja"])

    batch = preview(world, "contacts", content)

    assert errors(batch) == ["rij 2: past bij meer dan één bestaande rij; pas die eerst aan"]


# --- mandates -----------------------------------------------------------------------------


@pytest.fixture
def rho(world):
    return f.OrganisationFactory(mono=True, name="RHO Fictief West", regions=[world.region])


def mandate_row(**changes):
    row = {
        "Discipline": "huisartsenzorg",
        "Mandaterende organisatie": "RHO Fictief West",
        "Gemandateerde": "D. Elegaat",
        "E-mailadres gemandateerde": "",
        "Reikwijdte": "contractering met zorgverzekeraars, Regiobeeld en regioplan",
        "Geldig vanaf": datetime.date(2026, 1, 1),
        "Geldig tot en met": "31-12-2027",
        "Zorgverleners achter het mandaat": 80,
        "Zorgverleners in de regio": 100,
    }
    row.update(changes)
    return [row[header] for header in MANDATE_HEADERS]


def test_mandates_are_created_and_matched_on_discipline_delegate_and_start(world, rho):
    services.confirm(world.editor, preview(world, "mandates", xlsx(MANDATE_HEADERS, mandate_row())))
    mandate = Mandate.objects.get(region=world.region, delegate_name="D. Elegaat")
    assert mandate.scope == [MandateScope.CONTRACTING, MandateScope.REGIONAL_PLAN]
    assert mandate.valid_until == datetime.date(2027, 12, 31)

    batch = preview(
        world,
        "mandates",
        xlsx(MANDATE_HEADERS, mandate_row(**{"Zorgverleners achter het mandaat": 90})),
    )

    assert actions(batch) == {2: "update"}
    assert batch.rows[0]["changes"] == [["Zorgverleners achter het mandaat", "80", "90"]]


def test_mandate_rules_and_other_regions_organisations_are_refused(world, rho):
    f.OrganisationFactory(mono=True, name="RHO Elders", regions=[world.other_region])
    content = xlsx(
        MANDATE_HEADERS,
        mandate_row(**{"Mandaterende organisatie": "RHO Elders"}),
        mandate_row(**{"Zorgverleners achter het mandaat": 120}),
        mandate_row(Reikwijdte="alles", Gemandateerde="E. Ander"),
        mandate_row(Discipline="apotheek", Gemandateerde="F. Ander"),
    )

    batch = preview(world, "mandates", content)

    assert errors(batch) == [
        "rij 2, kolom Mandaterende organisatie: geen organisatie van deze regio: ‘RHO Elders’",
        "rij 3, kolom Zorgverleners achter het mandaat: Er kunnen niet meer zorgverleners "
        "achter het mandaat staan dan er zijn.",
        "rij 4, kolom Reikwijdte: onbekende waarde ‘alles’ (kies uit: contractering met "
        "zorgverzekeraars, regiobeeld en regioplan, ROAZ en acute zorg, zorgprogramma's, "
        "afspraken met gemeenten, transmurale afspraken, overbruggingszorg)",
        "rij 5, kolom Mandaterende organisatie: Deze organisatie vertegenwoordigt een andere "
        "discipline.",
    ]


def test_a_revoked_mandate_is_not_changed_by_an_import(world, rho):
    mandate = f.MandateFactory(
        region=world.region,
        organisation=rho,
        delegate_name="D. Elegaat",
        valid_from=datetime.date(2026, 1, 1),  # as in mandate_row()
        valid_until=None,
    )
    mandate_services.revoke_mandate(
        world.editor, mandate, on=datetime.date(2026, 2, 1), reason="Vertrokken"
    )

    batch = preview(world, "mandates", xlsx(MANDATE_HEADERS, mandate_row()))

    assert errors(batch) == ["rij 2: Een ingetrokken mandaat kan niet meer worden gewijzigd."]


# --- round trips ------------------------------------------------------------------------


@pytest.fixture
def filled_region(world, rho):
    hood = world.neighbourhood
    f.AllianceContactFactory(
        neighbourhood=hood, name='=HYPERLINK("http://x")', phone="+31 30 123", email=""
    )
    f.AllianceContactFactory(
        neighbourhood=hood, name="@Naam", organisation="+Praktijk", role="-rol", active=False
    )
    f.AllianceContactFactory(neighbourhood=world.other_neighbourhood_same_region, name="'=citaat")
    f.MandateFactory(region=world.region, organisation=rho, valid_until=None)
    f.MandateFactory(region=world.region, organisation=rho, scope=[MandateScope.ACUTE_CARE])
    f.NeighbourhoodFactory(region=world.region, name="+Plus", cbs_codes=[])
    return world


@pytest.mark.parametrize("kind", ["neighbourhoods", "contacts", "mandates"])
def test_export_then_import_changes_nothing(filled_region, kind):
    world = filled_region
    workbook = services.export_workbook(world.region)
    csv_export = services.export_csv(world.region, kind)

    for name, content in (("export.xlsx", workbook), ("export.csv", csv_export)):
        batch = preview(world, kind, content, name=name)
        assert batch.error_count == 0, batch.rows
        assert set(actions(batch).values()) == {"unchanged"}, (name, batch.rows)
        assert (
            batch.unchanged_count
            == {
                "neighbourhoods": 3,
                "contacts": 3,
                "mandates": 2,
            }[kind]
        )


def test_an_export_imported_into_another_region_recreates_its_rows(filled_region, rho):
    world = filled_region
    target = f.RegionFactory()
    rho.regions.add(target)
    f.MembershipFactory(region=target, user=world.editor, role=Role.EDITOR)
    workbook = services.export_workbook(world.region)

    for kind in ("neighbourhoods", "contacts", "mandates"):
        batch = services.preview(world.editor, target, kind, "export.xlsx", workbook)
        assert batch.error_count == 0, batch.rows
        services.confirm(world.editor, batch)

    assert sheets(services.export_workbook(target)) == sheets(workbook)


def sheets(content):
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [[list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book]


# --- management command -------------------------------------------------------------------


def test_command_dry_run_prints_the_preview_and_writes_nothing(world, tmp_path):
    path = tmp_path / "wijken.xlsx"
    path.write_bytes(
        neighbourhood_file(["Zuilen", "Utrecht", 12000, ""], ["Lombok", "Utrecht", 16000, ""])
    )
    out = io.StringIO()

    call_command(
        "import_spreadsheet",
        str(path),
        region=world.region.code,
        kind="neighbourhoods",
        dry_run=True,
        stdout=out,
    )

    printed = out.getvalue()
    assert "wijken.xlsx (wijken): 1 new, 1 updated, 0 unchanged, 0 refused" in printed
    assert "row 2: new – Zuilen" in printed
    assert (
        "row 3: updated – Lombok (Gemeente: Gemeente Fictief → Utrecht; Inwoners: 15.000 → 16.000"
        in printed
    )
    assert "Dry run: nothing was saved." in printed
    assert not Neighbourhood.objects.filter(name="Zuilen").exists()
    assert not ImportBatch.objects.exists()


def test_command_imports_as_the_user_and_records_the_import(world, tmp_path):
    path = tmp_path / "wijken.csv"
    path.write_bytes(csv_file(NEIGHBOURHOOD_HEADERS, ["Zuilen", "Utrecht", "12000", ""]))
    out = io.StringIO()

    call_command(
        "import_spreadsheet",
        str(path),
        region=world.region.code,
        kind="neighbourhoods",
        user=world.editor.username,
        stdout=out,
    )

    assert "Imported: 1 new, 0 updated." in out.getvalue()
    batch = ImportBatch.objects.get(region=world.region)
    assert (batch.status, batch.uploaded_by, batch.file_name) == (
        "imported",
        world.editor,
        "wijken.csv",
    )
    assert Context.objects.get(pk=batch.history_context).metadata["user"] == world.editor.pk


def test_command_refuses_a_file_with_refused_rows(world, tmp_path):
    path = tmp_path / "wijken.xlsx"
    path.write_bytes(neighbourhood_file(["Zuilen", "Utrecht", "veel", ""]))
    out = io.StringIO()

    with pytest.raises(CommandError, match=re.escape("1 row(s) refused; nothing was imported.")):
        call_command(
            "import_spreadsheet",
            str(path),
            region=world.region.code,
            kind="neighbourhoods",
            stdout=out,
        )

    assert "rij 2, kolom Inwoners: geen geheel getal" in out.getvalue()
    assert not Neighbourhood.objects.filter(name="Zuilen").exists()
