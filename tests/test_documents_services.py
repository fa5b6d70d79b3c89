"""Asking for documents: who may, idempotence, the fingerprint, and the steps of a render."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from documents import services
from documents.fingerprints import fingerprint
from documents.models import Document, DocumentFailure, DocumentKind, DocumentStatus
from documents.services import RenderedPdf, request_document
from regions.errors import DomainError
from regions.models import IndicatorKind, RegionIndicator
from regions.tenancy import Action

from . import factories as f
from .tenancy import assert_reachable, assert_unreachable

PDF = RenderedPdf(content=b"%PDF-1.7 proef", page_count=3, fingerprint="f" * 64, seconds=0.5)


@pytest.fixture
def storage_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_a_request_queues_one_document_and_starts_its_render_after_commit(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        document = request_document(world.viewer, DocumentKind.REGIOBEELD, world.region)

    assert document.status == DocumentStatus.QUEUED
    assert document.requested_by == world.viewer
    assert document.fingerprint == fingerprint(DocumentKind.REGIOBEELD, world.region.pk)
    assert len(callbacks) == 1


def test_asking_again_while_pending_gives_the_same_document(
    world, django_capture_on_commit_callbacks
):
    first = request_document(world.editor, DocumentKind.REGIOPLAN, world.region)
    Document.objects.filter(pk=first.pk).update(enqueued_at=timezone.now())
    with django_capture_on_commit_callbacks() as callbacks:
        again = request_document(world.admin, DocumentKind.REGIOPLAN, world.region)
    other_kind = request_document(world.editor, DocumentKind.REGIOBEELD, world.region)

    assert again == first
    assert callbacks == [], "its message went: nothing to send"
    assert other_kind != first
    assert Document.objects.count() == 2


def test_asking_again_for_a_document_whose_message_did_not_go_sends_it(
    world, django_capture_on_commit_callbacks
):
    first = request_document(world.editor, DocumentKind.REGIOPLAN, world.region)
    assert first.awaits_message  # the commit, and so the message, never came in this test
    with django_capture_on_commit_callbacks() as callbacks:
        again = request_document(world.admin, DocumentKind.REGIOPLAN, world.region)
    assert again == first
    assert len(callbacks) == 1


def test_the_database_refuses_a_second_pending_document_for_the_same_data(world):
    first = request_document(world.editor, DocumentKind.REGIOBEELD, world.region)
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(region=world.region, kind=first.kind, fingerprint=first.fingerprint)
    first.status = DocumentStatus.FAILED
    first.failure = DocumentFailure.RENDER
    first.save()
    assert request_document(world.editor, DocumentKind.REGIOBEELD, world.region) != first


def test_a_change_in_the_data_makes_a_new_document(world):
    first = request_document(world.editor, DocumentKind.REGIOBEELD, world.region)
    f.BottleneckFactory(neighbourhood=world.neighbourhood)
    second = request_document(world.editor, DocumentKind.REGIOBEELD, world.region)
    assert second != first
    assert second.fingerprint != first.fingerprint


def all_fingerprints(world) -> dict:
    return {
        kind: fingerprint(
            kind, world.region.pk, world.agreement.pk if kind == "progress_report" else None
        )
        for kind in DocumentKind
    }


def test_the_fingerprint_follows_only_the_documents_own_inputs(world):
    region = world.region
    before = all_fingerprints(world)

    f.RegionGoalFactory(region=region)
    RegionIndicator.objects.create(
        region=world.other_region, kind=IndicatorKind.GPS_PER_10000, year=2025, value=Decimal(6)
    )
    after = all_fingerprints(world)

    # A new regioplan goal; another region's indicator changes the national figure.
    assert after[DocumentKind.REGIOPLAN] != before[DocumentKind.REGIOPLAN]
    assert after[DocumentKind.REGIOBEELD] != before[DocumentKind.REGIOBEELD]
    assert after[DocumentKind.PROGRESS_REPORT] != before[DocumentKind.PROGRESS_REPORT]
    f.TargetFactory(agreement=f.AgreementFactory(region=region))
    assert (
        fingerprint("progress_report", region.pk, world.agreement.pk)
        == after[DocumentKind.PROGRESS_REPORT]
    ), "another agreement's target is not an input of this progress report"


def test_query_counts_of_a_request_and_of_a_repeat(world, django_assert_num_queries):
    # may ask, fingerprint, give up lost, look up pending, insert; 4 savepoint statements
    with django_assert_num_queries(9):
        request_document(world.editor, DocumentKind.REGIOBEELD, world.region)
    # may ask, fingerprint, give up lost, look up pending: the same one; 2 savepoint statements
    with django_assert_num_queries(6):
        request_document(world.editor, DocumentKind.REGIOBEELD, world.region)


@pytest.mark.parametrize(
    ("kind", "with_subject", "code"),
    [
        (DocumentKind.PROGRESS_REPORT, False, "required"),
        (DocumentKind.REGIOBEELD, True, "no_subject"),
        (DocumentKind.REGIOPLAN, True, "no_subject"),
        ("jaarverslag", False, "invalid"),
    ],
)
def test_the_subject_must_fit_the_kind(world, kind, with_subject, code):
    subject = world.agreement if with_subject else None
    with pytest.raises(DomainError) as error:
        request_document(world.editor, kind, world.region, subject)
    assert error.value.codes == [code]
    assert not Document.objects.exists()


def test_a_progress_report_of_another_regions_agreement_is_refused(world):
    foreign = f.AgreementFactory(region=world.other_region)
    with pytest.raises(DomainError) as error:
        request_document(world.editor, DocumentKind.PROGRESS_REPORT, world.region, foreign)
    assert error.value.codes == ["region"]
    assert "andere regio" in error.value.problems[0].message


@pytest.mark.parametrize(
    "who", ["party_insurer_member", "coordinator", "other_region_editor", "national"]
)
def test_only_staff_of_the_region_may_ask(world, who):
    with pytest.raises(PermissionDenied):
        request_document(getattr(world, who), DocumentKind.REGIOBEELD, world.region)
    assert not Document.objects.exists()


def test_a_lost_pending_document_is_given_up_when_asked_again(world, settings):
    lost = request_document(world.editor, DocumentKind.REGIOBEELD, world.region)
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.DOCUMENTS_PENDING_TIMEOUT + 1)
    Document.objects.filter(pk=lost.pk).update(updated_at=long_ago)

    fresh = request_document(world.editor, DocumentKind.REGIOBEELD, world.region)

    lost.refresh_from_db()
    assert fresh != lost
    assert lost.status == DocumentStatus.FAILED
    assert lost.failure == DocumentFailure.LOST
    assert "Vraag het opnieuw aan" in lost.error


def test_a_render_is_claimed_once_finished_once_and_ignored_afterwards(world, storage_in_tmp):
    document = request_document(world.editor, DocumentKind.REGIOBEELD, world.region)

    claimed = services.start_rendering(document.pk)
    assert claimed.status == DocumentStatus.RENDERING
    # A redelivered message for a render whose worker died claims it again.
    assert services.start_rendering(document.pk).attempts == 2

    done = services.finish(document.pk, PDF)
    assert done.status == DocumentStatus.DONE
    assert (done.page_count, done.size_bytes, done.fingerprint) == (
        3,
        len(PDF.content),
        PDF.fingerprint,
    )
    assert done.file.read() == PDF.content

    # A late duplicate finds the document done: it neither renders nor writes a second file.
    assert services.start_rendering(document.pk) is None
    assert services.finish(document.pk, PDF) is None
    assert len(list((storage_in_tmp / "documents").rglob("*.pdf"))) == 1


def test_a_file_left_by_a_run_that_died_before_commit_is_replaced(world, storage_in_tmp):
    document = request_document(world.editor, DocumentKind.REGIOPLAN, world.region)
    services.start_rendering(document.pk)
    name = document.file.field.generate_filename(document, document.filename)
    document.file.storage.save(name, ContentFile(b"half"))

    done = services.finish(document.pk, PDF)

    assert done.file.name == name
    assert done.file.read() == PDF.content


def test_documents_are_reachable_by_staff_and_progress_reports_by_party_insurers(world):
    regiobeeld = request_document(world.editor, DocumentKind.REGIOBEELD, world.region)
    report = request_document(
        world.editor, DocumentKind.PROGRESS_REPORT, world.region, world.agreement
    )
    for document in (regiobeeld, report):
        assert_reachable(document, world.viewer, world.editor, world.admin)
        assert_unreachable(document, *world.outsiders.values(), world.coordinator)
    assert_reachable(report, world.party_insurer_member)
    assert_unreachable(regiobeeld, world.party_insurer_member)
    assert_unreachable(report, world.party_insurer_member, action=Action.CHANGE)
