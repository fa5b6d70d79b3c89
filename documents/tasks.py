"""The render task: takes a document's id, makes its PDF, stores it, records how it went."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import translation
from django.utils.translation import gettext as _

from . import rendering, services

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
    with translation.override("nl"):
        try:
            document = services.start_rendering(document_id)
            if document is None:
                return
            result = rendering.render(
                document.kind,
                document.region,
                document.agreement,
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
                logger.warning("Document %s: %s; trying again", document_id, error)
                raise self.retry(
                    exc=error, countdown=BACKOFF_SECONDS * 2**self.request.retries
                ) from error
            services.fail(
                document_id,
                _(
                    "De database was na %(tries)s pogingen niet bereikbaar. Vraag het document "
                    "over een paar minuten opnieuw aan."
                )
                % {"tries": MAX_RETRIES + 1},
            )
        except SoftTimeLimitExceeded:
            services.fail(
                document_id,
                _(
                    "Het maken duurde langer dan %(seconds)s seconden en is afgebroken. Vraag "
                    "het document opnieuw aan; gebeurt dit weer, meld het dan aan de beheerder "
                    "met documentnummer %(id)s."
                )
                % {"seconds": settings.DOCUMENTS_RENDER_SOFT_TIME_LIMIT, "id": document_id},
            )
        except Exception as error:
            logger.exception("Document %s could not be rendered", document_id)
            services.fail(
                document_id,
                _(
                    "Het maken van de PDF is mislukt: %(error)s. Vraag het document opnieuw "
                    "aan; gebeurt dit weer, meld het dan aan de beheerder met documentnummer "
                    "%(id)s."
                )
                % {"error": f"{type(error).__name__}: {error}", "id": document_id},
            )
