"""The documents panel on the staff pages: request buttons, status, out of date, download."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from documents.models import Document, DocumentFailure, DocumentKind, DocumentStatus
from documents.services import request_document

from . import factories as f
from .tenancy import assert_url_not_found

PDF_BYTES = b"%PDF-1.7\n% proef\n"


@pytest.fixture(autouse=True)
def storage_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def done_document(world, kind=DocumentKind.REGIOBEELD, agreement=None, fingerprint=None):
    document = request_document(world.editor, kind, world.region, agreement)
    document.file.save(document.filename, ContentFile(PDF_BYTES), save=False)
    document.status = DocumentStatus.DONE
    document.page_count = 2
    document.size_bytes = len(PDF_BYTES)
    if fingerprint:
        document.fingerprint = fingerprint
    document.save()
    return document


def urls(world, document):
    code = world.region.code
    return {
        "panel": reverse("documents:panel", args=[code]),
        "agreement_panel": reverse("documents:panel", args=[code])
        + f"?afspraak={world.agreement.pk}",
        "download": reverse("documents:download", args=[code, document.pk]),
    }


def test_the_panel_lists_documents_with_status_and_says_when_out_of_date(world, client):
    done = done_document(world)
    f.BottleneckFactory(neighbourhood=world.neighbourhood)  # the data changes afterwards
    pending = request_document(world.editor, DocumentKind.REGIOPLAN, world.region)
    client.force_login(world.viewer)

    response = client.get(reverse("documents:panel", args=[world.region.code]))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Maak een nieuw regiobeeld" in body
    assert "Maak een nieuw regioplan" in body
    assert "Verouderd" in body
    assert reverse("documents:download", args=[world.region.code, done.pk]) in body
    assert pending.get_status_display() in body
    assert 'data-pending="true"' in body  # the page's script keeps refreshing the panel


def test_an_up_to_date_panel_stops_refreshing(world, client):
    done_document(world)
    client.force_login(world.editor)
    body = client.get(reverse("documents:panel", args=[world.region.code])).content.decode()
    assert "De nieuwste PDF is actueel." in body
    assert "data-pending" not in body


def test_a_failed_document_shows_its_error(world, client):
    document = request_document(world.editor, DocumentKind.REGIOBEELD, world.region)
    Document.objects.filter(pk=document.pk).update(
        status=DocumentStatus.FAILED, failure=DocumentFailure.TIMEOUT
    )
    client.force_login(world.editor)
    body = client.get(reverse("documents:panel", args=[world.region.code])).content.decode()
    assert "Het maken duurde langer dan 120 seconden en is afgebroken." in body


def test_a_viewer_asks_for_a_regiobeeld_and_returns_to_the_page(
    world, client, django_capture_on_commit_callbacks
):
    client.force_login(world.viewer)
    home = reverse("staff:region_home", args=[world.region.code])
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            reverse("documents:request", args=[world.region.code]),
            {"kind": "regiobeeld", "next": home},
        )

    assert response.status_code == 302
    assert response["Location"] == home
    document = Document.objects.get()
    assert (document.kind, document.region, document.requested_by) == (
        DocumentKind.REGIOBEELD,
        world.region,
        world.viewer,
    )
    assert len(callbacks) == 1


def test_a_progress_report_is_asked_for_from_the_agreement(world, client):
    client.force_login(world.editor)
    response = client.post(
        reverse("documents:request", args=[world.region.code]),
        {"kind": "progress_report", "afspraak": world.agreement.pk, "next": "https://evil.test/"},
    )
    assert response["Location"] == reverse("staff:region_home", args=[world.region.code])
    assert Document.objects.get().agreement == world.agreement


def test_a_refused_request_says_why_and_changes_nothing(world, client):
    client.force_login(world.editor)
    response = client.post(
        reverse("documents:request", args=[world.region.code]),
        {"kind": "progress_report"},
        follow=True,
    )
    assert "kies de afspraak" in response.content.decode()
    assert not Document.objects.exists()


def test_download_gives_the_pdf(world, client):
    document = done_document(world)
    client.force_login(world.viewer)
    response = client.get(reverse("documents:download", args=[world.region.code, document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert document.filename in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_a_document_not_done_cannot_be_downloaded(world, client):
    document = request_document(world.editor, DocumentKind.REGIOBEELD, world.region)
    client.force_login(world.editor)
    response = client.get(reverse("documents:download", args=[world.region.code, document.pk]))
    assert response.status_code == 404


def test_outsiders_get_404_everywhere(world, client):
    document = done_document(world)
    outsiders = [*world.outsiders.values(), world.party_insurer_member]
    for url in urls(world, document).values():
        assert_url_not_found(client, url, *outsiders)
    assert_url_not_found(
        client,
        reverse("documents:request", args=[world.region.code]),
        *outsiders,
        method="post",
        data={"kind": "regiobeeld"},
    )
    assert not Document.objects.exclude(pk=document.pk).exists()


def test_another_regions_agreement_or_document_is_404_for_staff(world, client):
    foreign_agreement = f.AgreementFactory(region=world.other_region)
    foreign = request_document(
        world.other_region_editor, DocumentKind.REGIOBEELD, world.other_region
    )
    code = world.region.code
    assert_url_not_found(
        client,
        reverse("documents:panel", args=[code]) + f"?afspraak={foreign_agreement.pk}",
        world.editor,
    )
    assert_url_not_found(
        client, reverse("documents:download", args=[code, foreign.pk]), world.editor
    )
    assert_url_not_found(
        client,
        reverse("documents:request", args=[code]),
        world.editor,
        method="post",
        data={"kind": "progress_report", "afspraak": foreign_agreement.pk},
    )


def test_coordinators_see_the_region_but_not_its_documents(world, client):
    document = done_document(world)
    client.force_login(world.coordinator)
    for url in urls(world, document).values():
        assert client.get(url).status_code == 403
    response = client.post(
        reverse("documents:request", args=[world.region.code]), {"kind": "regiobeeld"}
    )
    assert response.status_code == 403
    assert Document.objects.count() == 1


def test_anonymous_users_are_sent_to_log_in(world, client):
    response = client.get(reverse("documents:panel", args=[world.region.code]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_region_home_and_the_agreement_page_carry_the_panel(world, client):
    code = world.region.code
    client.force_login(world.editor)

    home = client.get(reverse("staff:region_home", args=[code])).content.decode()
    detail = client.get(
        reverse("staff:agreement_detail", args=[code, world.agreement.pk])
    ).content.decode()

    assert 'id="documenten"' in home
    assert "Maak een nieuw regiobeeld" in home
    assert "documents/panel.js" in home
    assert "Maak een nieuwe voortgangsrapportage" in detail
    assert f'name="afspraak" value="{world.agreement.pk}"' in detail


def test_the_panel_takes_a_fixed_number_of_queries(world, client, django_assert_num_queries):
    """Session, user, region with the user's role, the documents, and the fingerprints of
    both kinds in one query: 5, however many documents there are."""
    client.force_login(world.editor)
    url = reverse("documents:panel", args=[world.region.code])
    done_document(world)
    with django_assert_num_queries(5):
        client.get(url)
    done_document(world, DocumentKind.REGIOPLAN)
    request_document(world.editor, DocumentKind.REGIOBEELD, world.region)
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200
