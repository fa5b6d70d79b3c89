"""A real Celery worker on the real Redis broker renders each kind of document for the demo data.

The worker runs in a thread of this process with its own database connection, so the data it
renders must be committed: these tests use a transactional database (restored afterwards from
the serialized test database, so later tests still find the reference data).
"""

import io
import time

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from pypdf import PdfReader

from accounts.models import User
from agreements.models import Agreement
from documents import content, rendering
from documents.models import Document, DocumentFailure, DocumentKind, DocumentStatus
from documents.services import request_document
from regions.formatting import decimal_number
from regions.models import Region

RENDER_TIMEOUT = 90

transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def document_worker(celery_worker, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    # The worker thread's connection is closed after each task instead of kept for a minute,
    # so none is left open when the test database is flushed and dropped.
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 0)
    return celery_worker


def wait_until_settled(*documents, timeout=RENDER_TIMEOUT) -> list[Document]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        current = list(Document.objects.filter(pk__in=[d.pk for d in documents]).order_by("pk"))
        if all(not d.is_pending for d in current):
            return current
        time.sleep(0.2)
    raise AssertionError(f"not rendered within {timeout} s: {current}")


def pdf_text(document: Document) -> tuple[PdfReader, str]:
    with document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())
    return {
        "region": Region.objects.get(code="amstelland-zuid"),
        "staff": User.objects.get(username="demo-bewerker"),
        "agreement": Agreement.objects.get(reference="AMZ-OI-01"),
    }


@transactional
def test_a_worker_renders_each_kind_for_the_demo_data(document_worker, demo):
    region, staff, agreement = demo["region"], demo["staff"], demo["agreement"]
    regiobeeld = request_document(staff, DocumentKind.REGIOBEELD, region)
    regioplan = request_document(staff, DocumentKind.REGIOPLAN, region)
    report = request_document(staff, DocumentKind.PROGRESS_REPORT, region, agreement)
    assert {d.status for d in (regiobeeld, regioplan, report)} == {DocumentStatus.QUEUED}

    regiobeeld, regioplan, report = wait_until_settled(regiobeeld, regioplan, report)

    expected_pages = {regiobeeld: 7, regioplan: 4, report: 4}
    for document, minimum_pages in expected_pages.items():
        assert document.status == DocumentStatus.DONE, document.error
        reader, text = pdf_text(document)
        assert document.page_count == len(reader.pages) >= minimum_pages
        assert document.size_bytes == document.file.size
        assert document.attempts == 1
        assert document.render_seconds > 0
        assert "Regio Fictief Amstelland-Zuid" in text
        assert "Inhoud" in text
        assert reader.metadata.title, "a tagged PDF needs a title"
        assert "/StructTreeRoot" in reader.trailer["/Root"], "the PDF is not tagged"

    _, text = pdf_text(regiobeeld)
    for heading in (
        "Samenvatting",
        "Bevolking en wijken",
        "Hechte wijkverbanden",
        "Mandaten van de disciplines",
        "Knelpunten",
        "Hoofdtaken van het samenwerkingsverband",
    ):
        assert heading in text
    assert "Veenmeer-Centrum" in text
    assert "De regio telt 138.000 inwoners." in text  # as recorded, in Dutch notation
    assert "Totaal 117.350" in text  # in its neighbourhoods

    _, text = pdf_text(regioplan)
    assert "Doel 5: Hechte samenwerking in de wijk" in text
    assert "Wijkscan in alle wijken" in text
    assert "Gefinancierd door" in text
    assert "AMZ-OI-01" in text

    _, text = pdf_text(report)
    for heading in (
        "De afspraak",
        "Budget",
        "Doelstellingen",
        "Wat is er veranderd sinds de vorige rapportage",
        "Beoordelingen",
    ):
        assert heading in text
    # A target with its baseline, its latest measurement (the demo measures the quarters that
    # ended within the period) and goal, and the review that asked for a change.
    target = agreement.targets.get(name="Wijken met een compleet hecht wijkverband")
    latest = target.measurements.order_by("period_end").last()
    shown = (
        f"{decimal_number(latest.value)} ({latest.period_label}"
        if latest
        else "nog niet gemeten Streefwaarde 90"
    )
    assert (
        f"Wijken met een compleet hecht wijkverband (%) Nulmeting 40 Laatste meting {shown}" in text
    )
    assert "Zorgverzekeraar Fictief Noord" in text
    assert "wijziging gevraagd" in text
    assert "€ 915.000" in text  # the total budget


@transactional
def test_a_failing_render_ends_failed_with_its_error_and_the_next_request_succeeds(
    document_worker, demo, monkeypatch
):
    region, staff = demo["region"], demo["staff"]
    # A configuration WeasyPrint refuses: a PDF variant it does not know.
    monkeypatch.setitem(rendering.PDF_OPTIONS, "pdf_variant", "pdf/onbekend")
    failed = request_document(staff, DocumentKind.REGIOPLAN, region)
    [failed] = wait_until_settled(failed)

    assert (failed.status, failed.failure) == (DocumentStatus.FAILED, DocumentFailure.RENDER)
    assert "Het maken van de PDF is mislukt" in failed.error
    assert "pdf/onbekend" not in failed.error, "the log has the details, the reader not"
    assert f"documentnummer {failed.pk}" in failed.error
    assert not failed.file

    monkeypatch.undo()
    again = request_document(staff, DocumentKind.REGIOPLAN, region)
    assert again.pk != failed.pk
    [again] = wait_until_settled(again)
    assert again.status == DocumentStatus.DONE
    assert again.file


@transactional
def test_a_transient_database_error_is_retried(document_worker, demo, monkeypatch):
    real = content.regioplan
    calls = []

    def database_away_once(*args, **kwargs):
        calls.append(time.monotonic())
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(*args, **kwargs)

    monkeypatch.setattr(content, "regioplan", database_away_once)
    document = request_document(demo["staff"], DocumentKind.REGIOPLAN, demo["region"])
    [document] = wait_until_settled(document)

    assert document.status == DocumentStatus.DONE, document.error
    assert document.attempts == 2
    assert len(calls) == 2
    assert calls[1] - calls[0] >= 2  # the first retry waits BACKOFF_SECONDS
