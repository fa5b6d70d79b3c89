"""Documents: asking for one, and the steps of its render (started, done, failed).

A request returns at once with a queued document; a Celery worker renders it
(:func:`documents.tasks.render_document`). The committed row is the promise: its message is
sent after the commit, and a document whose message could not be sent (the broker was away)
is sent again by :func:`resend_unsent` (every minute) or when it is asked for again. Every
step locks the document's row, so a message delivered twice (a worker died, the broker handed
it out again, a re-send) ends in exactly one done document with one file.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerUnreachable

from agreements.models import Agreement
from progress.services import Period, due_period, period_containing, rhythm_of
from regions import formatting
from regions.errors import DomainError
from regions.permissions import Action, require

from .fingerprints import fingerprint, fingerprints
from .models import Document, DocumentFailure, DocumentKind, DocumentStatus

logger = logging.getLogger(__name__)

# How hard a request tries to reach the broker (about half a second) before it leaves the
# message to the sweep; a person is waiting for the answer.
PUBLISH_RETRY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
# A queued document without a message is sent again once it is this old: younger ones may
# still be on their way (committed, not yet sent).
RESEND_AFTER = datetime.timedelta(minutes=1)


def current_fingerprint(kind, region, agreement: Agreement | None = None) -> str:
    return fingerprint(kind, region.pk, agreement.pk if agreement else None)


def current_fingerprints(kinds, region, agreement: Agreement | None = None) -> dict[str, str]:
    return fingerprints(kinds, region.pk, agreement.pk if agreement else None)


def _check_subject(kind, region, subject) -> None:
    kind = DocumentKind(kind)
    if kind == DocumentKind.PROGRESS_REPORT:
        if subject is None:
            raise DomainError.single(
                _("Een voortgangsrapportage gaat over een afspraak: kies de afspraak."),
                field="agreement",
                code="required",
            )
        if subject.region_id != region.pk:
            raise DomainError.single(
                _("Deze afspraak hoort bij een andere regio."), field="agreement", code="region"
            )
    elif subject is not None:
        raise DomainError.single(
            _("Een %(kind)s gaat over de hele regio, niet over één afspraak.")
            % {"kind": kind.label},
            field="agreement",
            code="no_subject",
        )


# --- the period of a progress report ------------------------------------------------------


def report_periods(agreement: Agreement, today: datetime.date | None = None) -> list[Period]:
    """The periods of the agreement's reporting rhythm a progress report can be about: those
    of its running time that have begun by ``today``, the latest first."""
    today = today or timezone.localdate()
    rhythm = rhythm_of(agreement)
    periods = []
    period = period_containing(rhythm, min(today, agreement.period_end))
    while period.end >= agreement.period_start and period.start <= today:
        periods.append(period)
        period = period_containing(rhythm, period.start - datetime.timedelta(days=1))
    return periods


def default_period(agreement: Agreement, today: datetime.date | None = None) -> Period | None:
    """The last complete period of the agreement's rhythm, or the current one while none of its
    running time has ended; ``None`` before it starts."""
    today = today or timezone.localdate()
    periods = report_periods(agreement, today)
    return due_period(agreement, rhythm_of(agreement), today) or next(iter(periods), None)


def report_period(
    agreement: Agreement, day: datetime.date | None = None, today: datetime.date | None = None
) -> Period:
    """The period of the agreement's rhythm holding ``day`` (none: :func:`default_period`),
    refused when it lies outside the agreement's running time or has not begun."""
    today = today or timezone.localdate()
    if day is None:
        period = default_period(agreement, today)
        if period is None:
            raise DomainError.single(
                _(
                    "De looptijd van de afspraak is nog niet begonnen: er is nog geen periode om "
                    "over te rapporteren."
                ),
                field="period",
                code="not_started",
            )
        return period
    period = period_containing(rhythm_of(agreement), day)
    if period.end < agreement.period_start or period.start > agreement.period_end:
        raise DomainError.single(
            _("Kies een periode binnen de looptijd van de afspraak (%(start)s – %(end)s).")
            % {
                "start": formatting.day(agreement.period_start),
                "end": formatting.day(agreement.period_end),
            },
            field="period",
            code="outside_term",
        )
    if period.start > today:
        raise DomainError.single(
            _("Deze periode is nog niet begonnen; kies een periode die al loopt of voorbij is."),
            field="period",
            code="future",
        )
    return period


def request_document(
    actor,
    kind,
    region,
    subject: Agreement | None = None,
    *,
    period_day: datetime.date | None = None,
    request_id: str = "",
) -> Document:
    """Queue a document of ``kind`` about ``region`` (a progress report: about ``subject``,
    over the period of its rhythm holding ``period_day``, by default the last complete one).

    Asked again while the same document (same kind, subject and data) is queued or rendering,
    it returns that one instead of queueing a second (and sends its message if that had not
    gone). The message is sent after the commit; when the broker cannot be reached the document
    stays queued without one (:attr:`Document.awaits_message`) and is sent later.
    ``request_id`` (the asking request's X-Request-ID) goes with every log line of the render.
    """
    if kind not in DocumentKind.values:
        raise DomainError.single(_("Onbekende soort document."), field="kind", code="invalid")
    require(actor, Action.REQUEST_DOCUMENT, region)
    _check_subject(kind, region, subject)
    period = None
    if kind == DocumentKind.PROGRESS_REPORT:
        period = report_period(subject, period_day)
    elif period_day is not None:
        raise DomainError.single(
            _("Alleen een voortgangsrapportage gaat over een periode."),
            field="period",
            code="no_period",
        )
    print_of = current_fingerprint(kind, region, subject)
    same = Document.objects.pending().filter(
        region=region,
        kind=kind,
        agreement=subject,
        period_end=period.end if period else None,
        fingerprint=print_of,
    )
    with transaction.atomic():
        _give_up_lost(same)
        existing = same.first()
        if existing is not None:
            if existing.awaits_message:
                transaction.on_commit(lambda: send(existing))
            return existing
        try:
            with transaction.atomic():
                document = Document.objects.create(
                    region=region,
                    kind=kind,
                    agreement=subject,
                    period_start=period.start if period else None,
                    period_end=period.end if period else None,
                    requested_by=actor,
                    fingerprint=print_of,
                    request_id=request_id,
                )
        except IntegrityError:
            # Someone asked for the same document at the same moment: theirs is ours.
            return same.get()
        transaction.on_commit(lambda: send(document))
    return document


def send(document: Document) -> bool:
    """Send the render message of ``document`` and record when it went; ``False`` when the
    broker cannot be reached (the document keeps waiting for :func:`resend_unsent`)."""
    from .tasks import render_document

    try:
        render_document.apply_async((document.pk,), retry_policy=PUBLISH_RETRY)
    except BrokerUnreachable as error:
        logger.warning(
            "Document %s (request %s): broker unreachable, sent later: %s",
            document.pk,
            document.request_id or "-",
            error,
        )
        return False
    document.enqueued_at = timezone.now()
    Document.objects.filter(pk=document.pk, enqueued_at__isnull=True).update(
        enqueued_at=document.enqueued_at
    )
    return True


def resend_unsent() -> int:
    """Send the messages of queued documents that have none and are older than
    ``RESEND_AFTER``; how many were sent. Stops at the first that cannot be sent."""
    unsent = Document.objects.filter(
        status=DocumentStatus.QUEUED,
        enqueued_at__isnull=True,
        created_at__lt=timezone.now() - RESEND_AFTER,
    ).order_by("created_at")
    sent = 0
    for document in unsent:
        if not send(document):
            break
        sent += 1
    return sent


def _give_up_lost(pending) -> None:
    """Mark pending documents that have not moved for far longer than a render may take as
    failed: their worker and their message are gone, and they would block a new request."""
    cutoff = timezone.now() - datetime.timedelta(seconds=settings.DOCUMENTS_PENDING_TIMEOUT)
    pending.filter(updated_at__lt=cutoff).update(
        status=DocumentStatus.FAILED,
        failure=DocumentFailure.LOST,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )


# --- the steps of a render (called by the task) ----------------------------------------------


def start_rendering(document_id: int) -> Document | None:
    """Claim the document for a render; ``None`` when there is nothing (left) to do.

    A document found ``rendering`` was claimed by a worker that died or was given up on by the
    broker: it is rendered again.
    """
    with transaction.atomic():
        document = (
            Document.objects.select_for_update(of=("self",))
            .select_related("region", "agreement", "requested_by")
            .filter(pk=document_id)
            .first()
        )
        if document is None or not document.is_pending:
            return None
        document.status = DocumentStatus.RENDERING
        document.attempts += 1
        document.started_at = timezone.now()
        document.save(update_fields=["status", "attempts", "started_at", "updated_at"])
    return document


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    page_count: int
    fingerprint: str
    seconds: float


def finish(document_id: int, pdf: RenderedPdf) -> Document | None:
    """Store the PDF and mark the document done; ``None`` when another run already did."""
    with transaction.atomic():
        document = (
            Document.objects.select_for_update(of=("self",))
            .select_related("region", "agreement")
            .get(pk=document_id)
        )
        if not document.is_pending:
            return None
        name = document.filename
        storage = document.file.storage
        # A run that died after writing its file but before committing left it behind.
        stored_name = document.file.field.generate_filename(document, name)
        if storage.exists(stored_name):
            storage.delete(stored_name)
        document.file.save(name, ContentFile(pdf.content), save=False)
        document.status = DocumentStatus.DONE
        document.page_count = pdf.page_count
        document.size_bytes = len(pdf.content)
        document.render_seconds = round(pdf.seconds, 3)
        document.fingerprint = pdf.fingerprint
        document.finished_at = timezone.now()
        document.save()
    return document


def fail(document_id: int, failure: DocumentFailure) -> None:
    """Record why the render failed (:attr:`Document.error` says it to the person who asked)."""
    Document.objects.filter(
        pk=document_id, status__in=[DocumentStatus.QUEUED, DocumentStatus.RENDERING]
    ).update(
        status=DocumentStatus.FAILED,
        failure=failure,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
