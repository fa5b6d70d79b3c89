"""The region's change history ("Wijzigingen"), for its admins and platform admins: who changed
what and when, filtered by kind, person and period, a page at a time or as a CSV file."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from pghistory.models import MiddlewareEvents

from config.history import (
    FieldChange,
    describe_changes,
    event_name,
    related_labels,
    shown_value,
    tracked_models,
)
from regions import formatting
from regions.permissions import Action
from spreadsheets.exporting import CSV_TYPE, csv_bytes

from ..access import region_page, workspace
from ..forms import ChangeFilterForm
from .common import page

PAGE_SIZE = 50

# The page that shows a row of each kind (its own history where it has one): the URL name and
# the key in the row's data of the object that page is about (None: a page of the region).
OBJECT_PAGES = {
    "neighbourhoods.Neighbourhood": ("staff:neighbourhood_detail", "id"),
    "neighbourhoods.AllianceContact": ("staff:neighbourhood_detail", "neighbourhood_id"),
    "neighbourhoods.Bottleneck": ("staff:neighbourhood_detail", "neighbourhood_id"),
    "mandates.Mandate": ("staff:mandate_detail", "id"),
    "agreements.Agreement": ("staff:agreement_detail", "id"),
    "agreements.AgreementParty": ("staff:agreement_detail", "agreement_id"),
    "agreements.BudgetLine": ("staff:agreement_detail", "agreement_id"),
    "agreements.Target": ("staff:agreement_detail", "agreement_id"),
    "progress.ReportingSchedule": ("staff:agreement_progress", "agreement_id"),
    "progress.TargetKpi": ("staff:agreement_progress", "agreement_id"),
    "progress.Measurement": ("staff:agreement_progress", "agreement_id"),
    "progress.BudgetRealisation": ("staff:agreement_progress", "agreement_id"),
    "progress.RegionChange": ("staff:development", None),
    "regions.Region": ("staff:development", None),
    "regions.RegionTask": ("staff:development", None),
    "regions.RegionMembership": ("staff:members", None),
    "regions.RegionGoal": ("staff:plan", None),
    "regions.RegionAction": ("staff:plan", None),
    "regions.RegionIndicator": ("staff:indicator_list", None),
    "neighbourhoods.NeighbourhoodUserObjectPermission": (
        "staff:neighbourhood_detail",
        "content_object_id",
    ),
    "agreements.AgreementGroupObjectPermission": ("staff:agreement_detail", "content_object_id"),
}
# The fields of a row's data that name it, the first one present wins.
NAME_KEYS = ("reference", "title", "name", "delegate_name", "description")
# Rows without a name of their own are named by this field: the person a membership or a
# coordinator's grant is for, the insurer's group of a grant, the main task, the indicator.
NAMED_BY = {
    "regions.RegionMembership": "user",
    "neighbourhoods.NeighbourhoodUserObjectPermission": "user",
    "agreements.AgreementGroupObjectPermission": "group",
    "regions.RegionTask": "task",
    "regions.RegionIndicator": "kind",
}


def region_models() -> list:
    return [model for model in tracked_models() if model._meta.label in OBJECT_PAGES]


def region_events(region):
    """Every recorded change of the rows of ``region``, newest first. Every event row carries
    its region (``regions.history.region_of_events`` for the rows that have none)."""
    return (
        MiddlewareEvents.objects.across(*(model.pgh_event_model for model in region_models()))
        .filter(pgh_data__region_id=region.pk)
        .select_related("user")
        .order_by("-pgh_created_at", "-pgh_id", "-pgh_model")
    )


@dataclass(frozen=True)
class ChangeRow:
    when: object
    who: str
    kind: str
    name: str
    url: str | None
    action: str
    changes: list[FieldChange]
    named: bool  # an event with a name of its own ("ingediend"), shown beside its changes


def person(user) -> str:
    if user is None:
        return _("systeem")
    return user.get_full_name() or user.username


def name_of(model, data: dict, pk, labels: dict) -> str:
    name = next((str(data[k]) for k in NAME_KEYS if data.get(k)), None)
    if name is None and model._meta.label in NAMED_BY:
        field = model._meta.get_field(NAMED_BY[model._meta.label])
        name = shown_value(field, data.get(field.attname), labels)
    return name or f"#{pk}"


def change_rows(code, events) -> list[ChangeRow]:
    events = list(events)
    labels = related_labels(events, naming=NAMED_BY)
    rows = []
    for event in events:
        model = next(m for m in region_models() if m._meta.label == event.pgh_obj_model)
        data = event.pgh_data or {}
        url_name, key = OBJECT_PAGES[event.pgh_obj_model]
        if key is None:
            url = reverse(url_name, args=[code])
        elif event.pgh_label == "delete" and key == "id":
            url = None
        else:
            url = reverse(url_name, args=[code, data[key]])
        name = name_of(model, data, event.pgh_obj_id, labels)
        rows.append(
            ChangeRow(
                when=event.pgh_created_at,
                who=person(event.user),
                kind=capfirst(model._meta.verbose_name),
                name=name[:80],
                url=url,
                action=event_name(model, event.pgh_label),
                changes=describe_changes(model, event.pgh_diff, labels),
                named=event.pgh_label not in ("insert", "update", "delete"),
            )
        )
    return rows


@login_required
@region_page(Action.ADMINISTER)
def changes(request, code):
    space = workspace(request, code)
    events = region_events(space.region)
    filters = ChangeFilterForm(
        request.GET or None,
        kinds=[(m._meta.label, capfirst(m._meta.verbose_name_plural)) for m in region_models()],
        people=get_user_model()
        .objects.filter(pk__in=events.values("user"))
        .order_by("last_name", "username"),
    )
    if filters.is_valid():
        wanted = filters.cleaned_data
        if wanted["kind"]:
            events = events.filter(pgh_obj_model=wanted["kind"])
        if wanted["person"]:
            events = events.filter(user=wanted["person"])
        if wanted["since"]:
            events = events.filter(pgh_created_at__date__gte=wanted["since"])
        if wanted["until"]:
            events = events.filter(pgh_created_at__date__lte=wanted["until"])
    if request.GET.get("formaat") == "csv":
        return changes_csv(space, change_rows(code, events))
    listed = Paginator(events, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return page(
        request,
        space,
        "staff/changes.html",
        {
            "filters": filters,
            "listed": listed,
            "rows": change_rows(code, listed.object_list),
            "query": query.urlencode(),
        },
    )


def changes_csv(space, rows: list[ChangeRow]) -> HttpResponse:
    """One line per changed field (one for a row made or removed)."""
    lines = []
    for row in rows:
        moment = formatting.moment(row.when)
        start = [moment, row.who, row.kind, row.name, row.action]
        if not row.changes:
            lines.append([*start, "", "", ""])
        for change in row.changes:
            lines.append([*start, change.label, change.before, change.after])
    headers = [
        _("Wanneer"),
        _("Wie"),
        _("Soort"),
        _("Wat"),
        _("Wijziging"),
        _("Veld"),
        _("Was"),
        _("Wordt"),
    ]
    response = HttpResponse(csv_bytes(headers, lines), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="wijzigingen-{space.region.code}.csv"'
    return response
