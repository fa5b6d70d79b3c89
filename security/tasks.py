"""Celery tasks of the security app: the life cycle of personal data."""

import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from config.history import acting_as
from mandates.services import anonymise_ended_mandates
from national.services import months_before
from neighbourhoods.services import anonymise_inactive_contacts

TASK_NAME = "anonymise_inactive_people"


@shared_task
def anonymise_inactive_people() -> int:
    """Anonymise the alliance contacts inactive, and the delegates of mandates ended, longer
    than ``ANONYMISE_INACTIVE_CONTACTS_AFTER_MONTHS`` months ago (scheduled daily by Celery beat;
    nothing when the setting is off). The history records the system as the author, with the
    task's name. Returns how many people were anonymised."""
    months = settings.ANONYMISE_INACTIVE_CONTACTS_AFTER_MONTHS
    if not months:
        return 0
    cutoff = months_before(timezone.localdate(), months)
    with acting_as(None, task=TASK_NAME):
        contacts = anonymise_inactive_contacts(
            None,
            inactive_before=timezone.make_aware(
                datetime.datetime.combine(cutoff, datetime.time.min)
            ),
        )
        delegates = anonymise_ended_mandates(None, ended_before=cutoff)
    return contacts + delegates
