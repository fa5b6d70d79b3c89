"""Celery tasks of the national dashboard."""

from celery import shared_task

from .services import take_snapshot


@shared_task
def take_national_snapshot() -> str:
    """Store today's national figures (scheduled daily by Celery beat); returns the date."""
    return take_snapshot().date.isoformat()
