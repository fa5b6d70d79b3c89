"""Who, when, what changed and from which request: context for the pghistory triggers.

The triggers of ``@pghistory.track`` write an event row for every insert, update and delete,
whatever wrote it (``save()``, ``QuerySet.update()``, bulk writes, raw SQL). What they attach as
context comes from here:

- :class:`RequestHistoryMiddleware` (in ``MIDDLEWARE`` instead of pghistory's own) records the
  user, the path, the HTTP method and a request id. The request id is taken from an incoming
  ``X-Request-ID`` header when it is sane, otherwise made up, and is sent back on the response so
  a log line, a bug report and a history row can be matched.
- :func:`acting_as` does the same for code outside a request: management commands and Celery
  tasks.
- :class:`HistoryEventsAdmin` is the admin's list of events (``PGHISTORY_ADMIN_CLASS``), with the
  author and the request next to each change.
- :func:`describe_changes` says what an event changed as a person reads it, for every view of the
  history (staff pages and admin); :func:`event_name` what kind of event it was.
"""

import json
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass

import pghistory
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.html import format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from pghistory.admin import EventsAdmin
from pghistory.middleware import HistoryMiddleware

from regions import formatting
from regions.history import NamedEvent

REQUEST_ID_HEADER = "X-Request-ID"
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def request_id_for(request) -> str:
    """The caller's ``X-Request-ID`` if it is 1-64 characters of ``[A-Za-z0-9._-]``, else new."""
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    if _SANE_REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestHistoryMiddleware(HistoryMiddleware):
    """pghistory's middleware, with the HTTP method and a request id in the context.

    The user stays up to date when it is set later (DRF authenticates in the view): the parent
    swaps the request class for one that updates the context when ``request.user`` is assigned.
    Which methods open a context is pghistory's ``PGHISTORY_MIDDLEWARE_METHODS``; a context row
    is only written when a tracked row changes, so read-only requests leave no trace.
    """

    def get_context(self, request):
        return {
            **super().get_context(request),
            "method": request.method,
            "request_id": request.request_id,
        }

    def __call__(self, request):
        request.request_id = request_id_for(request)
        response = super().__call__(request)
        response[REQUEST_ID_HEADER] = request.request_id
        return response


def acting_as(user, **extra):
    """Attribute the changes made inside the block to ``user`` (``None`` for the system).

    For management commands and Celery tasks, e.g.::

        with acting_as(user, command="import_mandates"):
            Mandate.objects.filter(...).update(...)

    Also usable as a decorator. Inside an already open context (a request), the metadata is
    merged into that context, as :class:`pghistory.context` does. pghistory hands the context
    to PostgreSQL with ``set_config(..., is_local => true)``: inside a surrounding
    ``transaction.atomic()``, writes after the block but in the same transaction still carry it.
    """
    return pghistory.context(user=user.pk if user is not None else None, **extra)


def anonymise_history(model, pks, **values) -> None:
    """Overwrite ``values`` in every history row of the rows ``pks`` of ``model`` and in the
    admin's log of them: personal data that was removed leaves no copy behind, while the
    number of history rows and what else they recorded stay."""
    pks = list(pks)
    model.pgh_event_model.objects.filter(pgh_obj_id__in=pks).update(**values)
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=[str(pk) for pk in pks],
    ).update(object_repr=formatting.ANONYMISED)


CONTEXT_KEYS = ("user", "method", "url", "request_id")


def describe_origin(context) -> str:
    """Where a change came from: ``POST /admin/... <request id>``, or ``command=...`` and the
    like for :func:`acting_as`; ``-`` for a change without context (raw SQL, a migration)."""
    context = context or {}
    parts = [str(context[key]) for key in CONTEXT_KEYS[1:] if context.get(key)]
    parts += [f"{key}={value}" for key, value in sorted(context.items()) if key not in CONTEXT_KEYS]
    return " ".join(parts) or "-"


EVENT_NAMES = {
    "insert": _("aangemaakt"),
    "update": _("gewijzigd"),
    "delete": _("verwijderd"),
}


def event_name(model, label: str) -> str:
    """What an event of ``model`` was: "aangemaakt", "gewijzigd", "verwijderd", or the name of
    a :class:`~regions.history.NamedEvent` such as "ingediend"."""
    for tracker in model.pgh_event_model.pgh_trackers:
        if isinstance(tracker, NamedEvent) and tracker.label == label:
            return str(tracker.name)
    return str(EVENT_NAMES.get(label, label))


# Columns that change with every save and say nothing about what was changed.
HIDDEN_COLUMNS = {"updated_at"}


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


def describe_changes(model, diff: dict | None, labels: dict | None = None) -> list[FieldChange]:
    """What one event changed (its ``pgh_diff``) on a row of ``model``, in the order of the
    model's fields: each field's label (``verbose_name``) with its old and new value in the
    active language (dates, numbers, choices and related rows as the pages show them).

    ``labels`` (from :func:`related_labels`) names the related rows without a query each."""
    diff = diff or {}
    changes = []
    for field in model._meta.concrete_fields:
        key = field.attname if field.attname in diff else field.name
        if key in diff and field.name not in HIDDEN_COLUMNS:
            before, after = diff[key]
            changes.append(
                FieldChange(
                    capfirst(field.verbose_name),
                    shown_value(field, before, labels),
                    shown_value(field, after, labels),
                )
            )
    return changes


def related_labels(events, naming: dict | None = None) -> dict:
    """The names of the related rows the diffs of ``events`` refer to, in one query per related
    model, for :func:`describe_changes`; with ``naming`` (model label -> field), also of the
    related row that names each event's row."""
    wanted = defaultdict(set)
    for event in events:
        model = apps.get_model(event.pgh_obj_model)
        diff = event.pgh_diff or {}
        for field in model._meta.concrete_fields:
            if field.is_relation and field.attname in diff:
                wanted[field.related_model].update(v for v in diff[field.attname] if v is not None)
        if event.pgh_obj_model in (naming or {}):
            field = model._meta.get_field(naming[event.pgh_obj_model])
            value = (event.pgh_data or {}).get(field.attname)
            if field.is_relation and value is not None:
                wanted[field.related_model].add(value)
    return {
        (model, row.pk): str(row)
        for model, pks in wanted.items()
        for row in model._base_manager.filter(pk__in=pks)
    }


def tracked_models() -> list:
    """The models whose every change the history records."""
    return [model for model in apps.get_models() if "pgh_event_models" in vars(model)]


def shown_value(field, value, labels: dict | None = None) -> str:
    if value is None or value == "" or value == []:
        return formatting.MISSING
    if isinstance(field, ArrayField):
        return ", ".join(shown_value(field.base_field, item, labels) for item in value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        if labels is not None:
            return labels.get((field.related_model, value), f"#{value}")
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value}"
    if isinstance(field, models.DateTimeField):
        return formatting.moment(value)
    if isinstance(field, models.DateField):
        return formatting.day(value)
    if isinstance(field, models.BooleanField):
        return str(_("ja") if value else _("nee"))
    if isinstance(field, models.DecimalField | models.FloatField):
        return formatting.decimal_number(value)
    if isinstance(field, models.IntegerField):
        return formatting.number(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


class HistoryEventsAdmin(EventsAdmin):
    """pghistory's events admin, showing the user (in one join) and the request of each event.

    Needs ``PGHISTORY_ADMIN_MODEL = "pghistory.MiddlewareEvents"`` for the ``user`` column.
    """

    list_select_related = ("user",)

    def get_list_display(self, request):
        return [
            "pgh_created_at",
            "event",
            "pgh_obj_model",
            "pgh_obj_id",
            "changes",
            "user",
            "origin",
        ]

    @admin.display(description=_("wat"))
    def event(self, event):
        return event_name(apps.get_model(event.pgh_obj_model), event.pgh_label)

    @admin.display(description=_("wijzigingen"))
    def changes(self, event):
        model = apps.get_model(event.pgh_obj_model)
        return format_html_join(
            "",
            "<div>{}: {} → {}</div>",
            ((c.label, c.before, c.after) for c in describe_changes(model, event.pgh_diff)),
        )

    @admin.display(description=_("verzoek"))
    def origin(self, event):
        return describe_origin(event.pgh_context)
