"""/api/v1/agreements/{id}/documents/: insurers list and download progress reports of their
agreements; staff ask for them (202 at once, with a status URL)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from documents.models import Document, DocumentKind, DocumentStatus
from documents.services import request_document

from . import factories as f
from .api_helpers import ROLES, assert_problem, client_for

PDF_BYTES = b"%PDF-1.7\n% proef\n"


@pytest.fixture(autouse=True)
def storage_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def done_report(world, agreement=None):
    agreement = agreement or world.agreement
    document = request_document(
        world.editor, DocumentKind.PROGRESS_REPORT, agreement.region, agreement
    )
    document.file.save(document.filename, ContentFile(PDF_BYTES), save=False)
    document.status = DocumentStatus.DONE
    document.page_count = 4
    document.size_bytes = len(PDF_BYTES)
    document.save()
    return document


def list_url(agreement):
    return reverse("api:agreement-document-list", args=[agreement.pk])


def detail_url(document):
    return reverse("api:agreement-document-detail", args=[document.agreement_id, document.pk])


def download_url(document):
    return reverse("api:agreement-document-download", args=[document.agreement_id, document.pk])


def test_a_party_insurer_lists_and_downloads_the_progress_reports(world):
    document = done_report(world)
    request_document(world.editor, DocumentKind.REGIOBEELD, world.region)  # not the insurer's
    client = client_for(world, "party_insurer")

    response = client.get(list_url(world.agreement))

    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["id"] == document.pk
    assert row["status"] == "done"
    assert row["page_count"] == 4
    assert row["out_of_date"] is False
    assert row["download_url"].endswith(download_url(document))
    download = client.get(download_url(document), HTTP_ACCEPT="application/pdf")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_a_report_is_out_of_date_once_the_agreement_changes(world):
    done_report(world)
    f.TargetFactory(agreement=world.agreement)
    [row] = client_for(world, "party_insurer").get(list_url(world.agreement)).json()["results"]
    assert row["out_of_date"] is True


def test_staff_ask_for_a_report_and_get_202_with_a_status_url(
    world, django_capture_on_commit_callbacks
):
    client = client_for(world, "region_staff")
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(list_url(world.agreement), {}, format="json")

    assert response.status_code == 202
    body = response.json()
    document = Document.objects.get()
    assert body["id"] == document.pk
    assert body["status"] == "queued"
    assert body["download_url"] is None
    assert response["Location"] == body["status_url"]
    assert body["status_url"].endswith(detail_url(document))
    assert len(callbacks) == 1

    again = client.post(list_url(world.agreement), format="json")
    assert again.status_code == 202
    assert again.json()["id"] == document.pk
    status = client.get(detail_url(document)).json()
    assert status["status"] == "queued"


def test_unknown_fields_in_a_request_are_refused(world):
    response = client_for(world, "region_staff").post(
        list_url(world.agreement), {"kind": "regiobeeld"}, format="json"
    )
    body = assert_problem(response, 400)
    assert body["invalid_params"][0]["name"] == "kind"
    assert not Document.objects.exists()


def test_a_party_insurer_may_not_ask_for_a_report(world):
    response = client_for(world, "party_insurer").post(list_url(world.agreement), format="json")
    assert_problem(response, 403)
    assert not Document.objects.exists()


def test_a_report_not_done_yet_cannot_be_downloaded(world):
    document = request_document(
        world.editor, DocumentKind.PROGRESS_REPORT, world.region, world.agreement
    )
    response = client_for(world, "party_insurer").get(download_url(document))
    body = assert_problem(response, 409, "not_ready")
    assert "nog niet klaar" in body["detail"]


@pytest.mark.parametrize("role", ["other_region_staff", "unrelated_insurer", "national"])
def test_others_get_404_for_every_operation(world, role):
    document = done_report(world)
    client = client_for(world, role)
    for url in (list_url(world.agreement), detail_url(document), download_url(document)):
        assert_problem(client.get(url), 404)
    assert_problem(client.post(list_url(world.agreement), format="json"), 404)
    assert Document.objects.count() == 1


def test_a_document_of_another_agreement_is_404_under_this_one(world):
    other = f.AgreementFactory(region=world.region)
    document = done_report(world, other)
    client = client_for(world, "region_staff")
    url = reverse("api:agreement-document-detail", args=[world.agreement.pk, document.pk])
    assert_problem(client.get(url), 404)


def test_anonymous_gets_401(world):
    assert ROLES["anonymous"] is None
    assert_problem(client_for(world, "anonymous").get(list_url(world.agreement)), 401)
