"""The render task: takes a document's id, makes its PDF, stores it, records how it went."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError

from . import rendering, services
from .models import DocumentFailure

logger = logging.getLogger(__name__)

# Worth another try: the database was briefly away (restart, failover, a dropped connection).
TRANSIENT_ERRORS = (OperationalError, InterfaceError)
MAX_RETRIES = 3
BACKOFF_SECONDS = 2  # 2, 4, 8 s


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    max_retries=MAX_RETRIES,
    soft_time_limit=settings.DOCUMENTS_RENDER_SOFT_TIME_LIMIT,
    time_limit=settings.DOCUMENTS_RENDER_TIME_LIMIT,
)
def render_document(self, document_id: int) -> None:
    """Render document ``document_id``; a document that is not (or no longer) pending is left
    alone, so a message delivered twice does no harm.

    Late acknowledgement and ``reject_on_worker_lost`` put the message back when the worker dies
    mid-render; the next worker finds the document ``rendering`` and renders it again.
    """
    document = None
    try:
        document = services.start_rendering(document_id)
        if document is None:
            return
        result = rendering.render(
            document.kind,
            document.region,
            document.agreement,
            period=document.period,
            requested_by=document.requested_by,
        )
        services.finish(
            document_id,
            services.RenderedPdf(
                content=result.pdf,
                page_count=result.page_count,
                fingerprint=result.fingerprint,
                seconds=result.timings.total,
            ),
        )
    except TRANSIENT_ERRORS as error:
        if self.request.retries < MAX_RETRIES:
            logger.warning(
                "Document %s (request %s): %s; trying again",
                document_id,
                _request_id(document),
                error,
            )
            raise self.retry(
                exc=error, countdown=BACKOFF_SECONDS * 2**self.request.retries
            ) from error
        logger.error(
            "Document %s (request %s): database unreachable after %s tries: %s",
            document_id,
            _request_id(document),
            MAX_RETRIES + 1,
            error,
        )
        services.fail(document_id, DocumentFailure.DATABASE)
    except SoftTimeLimitExceeded:
        logger.error(
            "Document %s (request %s): render stopped after %s s",
            document_id,
            _request_id(document),
            settings.DOCUMENTS_RENDER_SOFT_TIME_LIMIT,
        )
        services.fail(document_id, DocumentFailure.TIMEOUT)
    except Exception:
        logger.exception(
            "Document %s (request %s) could not be rendered", document_id, _request_id(document)
        )
        services.fail(document_id, DocumentFailure.RENDER)


def _request_id(document) -> str:
    return (document.request_id if document is not None else "") or "-"


@shared_task(ignore_result=True)
def resend_unsent_documents() -> int:
    """Every minute (beat): send the messages that could not be sent while the broker was away."""
    sent = services.resend_unsent()
    if sent:
        logger.info("Sent the messages of %s queued documents that had none", sent)
    return sent
