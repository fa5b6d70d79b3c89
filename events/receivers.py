"""Where events come from: the agreements' services (``agreements.signals.agreement_event``,
sent inside their transaction) and finished progress reports."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from agreements.signals import agreement_event
from documents.models import Document, DocumentKind, DocumentStatus

from . import services


@receiver(agreement_event)
def record_agreement_event(sender, agreement, kind, details, **kwargs):
    services.record(agreement, kind, details)


@receiver(post_save, sender=Document)
def record_progress_report(sender, instance, **kwargs):
    if instance.kind == DocumentKind.PROGRESS_REPORT and instance.status == DocumentStatus.DONE:
        services.record(
            instance.agreement,
            "agreement.progress_report_ready",
            {"document": instance.pk},
            key=f"progress_report_ready:{instance.pk}",
        )
