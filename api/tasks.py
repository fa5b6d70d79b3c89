"""Celery tasks of the API."""

from celery import shared_task

from .tokens import delete_expired_tokens as delete_expired


@shared_task
def delete_expired_tokens() -> int:
    """Delete the expired API tokens (scheduled hourly by Celery beat; see :mod:`api.tokens`)."""
    return delete_expired()
