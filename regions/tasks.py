"""Celery tasks of the regions app."""

from celery import shared_task


@shared_task
def ping() -> str:
    """Answer "pong": proves that a worker takes tasks from the broker and returns results."""
    return "pong"
