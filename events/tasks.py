from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def deliver(delivery_id: int) -> None:
    services.deliver(delivery_id)


@shared_task(ignore_result=True)
def resend_due_deliveries() -> int:
    """Every minute (beat): deliveries whose message was lost or never sent."""
    return services.resend_due()
