"""What the domain models give ``@pghistory.track``: the events of a model, named where a status
moves, and a region on the event rows of models that have no ``region`` column of their own.

Read by :mod:`config.history` (the names of events) and every view of the history.
"""

import pghistory
import pgtrigger
from django.db import models
from django.utils.translation import gettext_lazy as _


class NamedEvent(pghistory.UpdateEvent):
    """An update the history calls by its name ("ingediend") instead of "gewijzigd"."""

    def __init__(self, label: str, name, *, condition):
        super().__init__(label, condition=condition)
        self.name = name


class _AnyChangeExcept(pgtrigger.Condition):
    """Any change of the row that ``named`` (a condition over OLD and NEW) does not describe."""

    def __init__(self, named: pgtrigger.Q):
        self.named = named

    def resolve(self, model):
        any_change = pgtrigger.AnyChange().resolve(model)
        return f"(({any_change}) AND NOT ({self.named.resolve(model)}))"


def status_events(field: str, names: dict) -> tuple:
    """The events of a model whose ``field`` moves through statuses: for each status in
    ``names`` (status -> (label, name)) a named event when the row moves to it, an update for
    every other change, and its insert and delete. Each write records one event."""
    moved = pgtrigger.Q(**{f"old__{field}__df": pgtrigger.F(f"new__{field}")})
    named = [
        NamedEvent(label, name, condition=moved & pgtrigger.Q(**{f"new__{field}": status}))
        for status, (label, name) in names.items()
    ]
    other = _AnyChangeExcept(moved & pgtrigger.Q(**{f"new__{field}__in": list(names)}))
    return (
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(condition=other),
        *named,
        pghistory.DeleteEvent(),
    )


def region_of_events(region_sql: str) -> dict:
    """``track()`` arguments for a model without a ``region`` column: its event rows get one,
    the value of ``region_sql`` (SQL over the new event row ``NEW``), so that a region's history
    lists them and no other region's does."""
    return {
        "attrs": {
            "region": models.ForeignKey(
                "regions.Region",
                on_delete=models.DO_NOTHING,
                db_constraint=False,
                null=True,
                related_name="+",
                related_query_name="+",
                verbose_name=_("regio"),
            )
        },
        "meta": {
            "triggers": [
                pgtrigger.Trigger(
                    name="event_region",
                    when=pgtrigger.Before,
                    operation=pgtrigger.Insert,
                    func=f"NEW.region_id := {region_sql}; RETURN NEW;",
                )
            ]
        },
    }


def region_of_object(model) -> dict:
    """:func:`region_of_events` for a per-object grant: the region of the row it is on."""
    table = model._meta.db_table
    return region_of_events(f'(SELECT region_id FROM "{table}" WHERE id = NEW.content_object_id)')
