"""The staff pages of spreadsheets in and out: who reaches what, the upload → preview →
confirm flow in the browser's terms, downloads, and the import history."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from neighbourhoods.models import Neighbourhood
from spreadsheets import services
from spreadsheets.models import ImportBatch

from . import factories as f
from .spreadsheets import CONTACT_HEADERS, NEIGHBOURHOOD_HEADERS, xlsx
from .tenancy import assert_url_not_found

pytestmark = pytest.mark.django_db


def url(world, name, *args):
    return reverse(f"spreadsheets:{name}", args=[world.region.code, *args])


def upload(client, world, content, name="wijken.xlsx", kind="neighbourhoods"):
    return client.post(
        url(world, "upload"), {"kind": kind, "file": SimpleUploadedFile(name, content)}
    )


GOOD = xlsx(NEIGHBOURHOOD_HEADERS, ["Zuilen", "Utrecht", 12000, "WK034401"])


@pytest.fixture
def batch(world):
    return services.preview(world.editor, world.region, "neighbourhoods", "wijken.xlsx", GOOD)


@pytest.fixture
def pages(world, batch):
    """(url, method, only for those who may change the region)."""
    return [
        (url(world, "overview"), "get", False),
        (url(world, "template_xlsx", "wijken"), "get", False),
        (url(world, "template_csv", "contactpersonen"), "get", False),
        (url(world, "export_xlsx"), "get", False),
        (url(world, "export_csv", "mandaten"), "get", False),
        (url(world, "upload"), "post", True),
        (url(world, "preview", batch.pk), "get", True),
        (url(world, "confirm", batch.pk), "post", True),
    ]


def test_every_url_is_covered(pages):
    from spreadsheets import urls

    assert len(pages) == len(urls.urlpatterns)


def test_other_regions_and_insurers_get_404_everywhere(client, world, pages):
    for page_url, method, _changes in pages:
        assert_url_not_found(client, page_url, *world.outsiders.values(), method=method)
    assert ImportBatch.objects.get().status == ImportBatch.Status.PREVIEW


def test_anonymous_users_are_sent_to_the_login(client, pages):
    for page_url, method, _changes in pages:
        response = getattr(client, method)(page_url)
        assert response.status_code == 302, page_url
        assert response.url.startswith(reverse("login"))


def test_coordinators_get_403_everywhere(client, world, pages):
    client.force_login(world.coordinator)
    for page_url, method, _changes in pages:
        assert getattr(client, method)(page_url).status_code == 403, page_url


def test_viewers_export_but_may_not_import(client, world, pages):
    client.force_login(world.viewer)
    for page_url, method, changes in pages:
        status = getattr(client, method)(page_url).status_code
        assert status == (403 if changes else 200), page_url
    overview = client.get(url(world, "overview")).text
    assert url(world, "upload") not in overview
    assert ImportBatch.objects.get().status == ImportBatch.Status.PREVIEW


def test_a_preview_is_only_for_the_one_who_uploaded_it(client, world, batch):
    client.force_login(world.admin)
    assert client.get(url(world, "preview", batch.pk)).status_code == 404
    assert client.post(url(world, "confirm", batch.pk)).status_code == 404
    assert not Neighbourhood.objects.filter(name="Zuilen").exists()


def test_a_preview_under_another_region_is_404(client, world, batch):
    f.MembershipFactory(region=world.other_region, user=world.editor)
    client.force_login(world.editor)
    other = reverse("spreadsheets:preview", args=[world.other_region.code, batch.pk])
    assert client.get(other).status_code == 404


def test_upload_preview_and_confirm(client, world):
    client.force_login(world.editor)
    content = xlsx(
        NEIGHBOURHOOD_HEADERS,
        ["Zuilen", "Utrecht", 12000, "WK034401"],
        ["Lombok", "Utrecht", 15000, "WK999901"],
    )

    response = upload(client, world, content)

    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response.url == url(world, "preview", batch.pk)
    page = client.get(response.url).text
    assert "Wijken: 1 nieuw, 1 gewijzigd, 0 ongewijzigd, 0 geweigerd." in page
    assert "Importeren: 1 nieuw, 1 gewijzigd" in page
    assert not Neighbourhood.objects.filter(name="Zuilen").exists()
    changed = client.get(response.url + "?toon=gewijzigd").text
    assert 'Gemeente Fictief</span> → <span class="diff-added">Utrecht' in changed

    response = client.post(url(world, "confirm", batch.pk), follow=True)

    assert response.redirect_chain == [(url(world, "overview"), 302)]
    assert "wijken.xlsx is geïmporteerd: 1 nieuw, 1 gewijzigd." in response.text
    assert Neighbourhood.objects.get(name="Zuilen").region == world.region
    history = response.text[response.text.index("Importgeschiedenis") :]
    assert "wijken.xlsx" in history and world.editor.get_full_name() in history


def test_a_preview_with_refused_rows_names_them_and_offers_no_import(client, world):
    client.force_login(world.editor)
    content = xlsx(
        NEIGHBOURHOOD_HEADERS, ["Zuilen", "Utrecht", "veel", ""], ["Oost", "", 12000, ""]
    )

    page = client.get(upload(client, world, content).url).text

    assert "2 rijen worden geweigerd." in page
    assert "rij 2, kolom Inwoners: geen geheel getal" in page
    assert "rij 3, kolom Gemeente: niet ingevuld" in page
    assert url(world, "confirm", ImportBatch.objects.get().pk) not in page


def test_a_file_that_changes_nothing_offers_no_import(client, world):
    client.force_login(world.editor)
    content = xlsx(NEIGHBOURHOOD_HEADERS, ["Lombok", "Gemeente Fictief", 15000, "WK999901"])

    page = client.get(upload(client, world, content).url).text

    assert "Dit bestand verandert niets: elke rij staat er al zo in." in page
    assert url(world, "confirm", ImportBatch.objects.get().pk) not in page


def test_a_bad_file_is_named_beside_the_upload_field(client, world):
    client.force_login(world.editor)

    response = upload(client, world, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)

    assert response.status_code == 200
    assert "met een wachtwoord beveiligd" in response.text
    assert not ImportBatch.objects.exists()


def test_a_refused_confirm_returns_with_the_reason(client, world, batch):
    f.NeighbourhoodFactory(region=world.region, name="Zuilen")  # added since the preview
    client.force_login(world.editor)

    response = client.post(url(world, "confirm", batch.pk), follow=True)

    assert response.redirect_chain == [(url(world, "overview"), 302)]
    assert "rij 2" in response.text
    assert Neighbourhood.objects.filter(name="Zuilen").count() == 1


def test_templates_have_the_columns_and_an_example_row(client, world):
    client.force_login(world.viewer)
    response = client.get(url(world, "template_xlsx", "wijken"))

    assert response["Content-Disposition"] == 'attachment; filename="sjabloon-wijken.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Wijken", "Toelichting"]
    rows = [list(row) for row in book["Wijken"].iter_rows(values_only=True)]
    assert rows == [NEIGHBOURHOOD_HEADERS, ["Oog in Al", "Utrecht", 15000, "WK034401, WK034402"]]

    csv_template = client.get(url(world, "template_csv", "mandaten"))
    assert csv_template["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_template.content.decode("utf-8-sig").startswith("Discipline;Mandaterende")

    contacts = client.get(url(world, "template_csv", "contactpersonen"))
    header = contacts.content.decode("utf-8-sig").splitlines()[0]
    assert header == ";".join(CONTACT_HEADERS)


def test_the_export_has_a_sheet_per_kind(client, world):
    client.force_login(world.viewer)
    response = client.get(url(world, "export_xlsx"))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Wijken", "Contactpersonen", "Mandaten"]
    assert [row[0] for row in book["Wijken"].iter_rows(min_row=2, values_only=True)] == [
        "Lombok",
        "Oog in Al",
    ]


def test_an_unknown_kind_is_404(client, world):
    client.force_login(world.editor)
    assert client.get(url(world, "export_csv", "knelpunten")).status_code == 404
    assert client.get(url(world, "template_xlsx", "knelpunten")).status_code == 404


def test_the_region_menu_links_to_the_page_for_staff_only(client, world):
    link = url(world, "overview")
    client.force_login(world.viewer)
    assert link in client.get(reverse("staff:neighbourhood_list", args=[world.region.code])).text
    client.force_login(world.coordinator)
    assert (
        link not in client.get(reverse("staff:neighbourhood_list", args=[world.region.code])).text
    )


def test_the_overview_query_count_does_not_grow_with_the_history(
    client, world, django_assert_num_queries
):
    def imported(n):
        for index in range(n):
            ImportBatch.objects.create(
                region=world.region,
                kind="neighbourhoods",
                file_name=f"wijken-{index}.xlsx",
                uploaded_by=world.editor,
                status=ImportBatch.Status.IMPORTED,
                imported_at="2026-03-01T10:00:00+01:00",
                expires_at="2026-03-01T10:30:00+01:00",
            )

    client.force_login(world.editor)
    imported(1)
    # session, user, region with role, the history with who imported
    with django_assert_num_queries(4):
        few = client.get(url(world, "overview"))
    imported(10)
    with django_assert_num_queries(4):
        many = client.get(url(world, "overview"))
    assert few.text.count("wijken-0.xlsx") == 1
    assert many.text.count('<td class="num">') == 2 * 11
    assert "1 maart 2026, 10:00" in many.text
