"""Agreements as the API shows them, built from plain rows in a fixed number of queries.

One query for the page of agreements (with region and latest version number), then one per
part (:data:`agreements.content.PARTS`) for all the page's agreements together: six in all,
whatever the page size. Building dicts from ``values()`` rows keeps the list endpoint close to
a bare ``values()`` view; :class:`agreements.api.serializers.AgreementSerializer` documents the
shape and the order of its keys.

:func:`fingerprint` is what conditional requests compare: one query over the same rows that
changes whenever the representation can.
"""

import datetime
from typing import NamedTuple

from django.db import connection
from django.db.models import Count, OuterRef, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from rest_framework.fields import DateTimeField

from api.models import REFERENCE, ChangeStamp
from api.prepared import execute_prepared
from mandates.models import Mandate

from ..content import OWN_FIELDS, own_content, part_rows
from ..models import (
    Agreement,
    AgreementDiscipline,
    AgreementGoal,
    AgreementParty,
    AgreementVersion,
    BudgetLine,
    Review,
    Signature,
    Target,
)
from ..services import mandate_check, positions
from .serializers import AgreementSerializer

# The agreement's columns besides its own content (content.OWN_FIELDS).
COLUMNS = (
    "id",
    *OWN_FIELDS,
    "status",
    "created_at",
    "updated_at",
    "region__code",
    "region__name",
    "latest_version",
)
# The keys of an agreement in the order the serializer documents them.
KEYS = tuple(AgreementSerializer().fields)

datetime_text = DateTimeField().to_representation  # the same format as every other API field


def agreement_rows(queryset):
    """The columns :func:`represent_agreements` needs, from an already scoped queryset."""
    latest_version = (
        AgreementVersion.objects.filter(agreement=OuterRef("pk"))
        .order_by("-number")
        .values("number")[:1]
    )
    return queryset.annotate(latest_version=Subquery(latest_version)).values(*COLUMNS)


def page_rows(ids: list[int]) -> list[dict]:
    """:func:`agreement_rows` of the agreements ``ids`` (found by a scoped query), in order."""
    rows = {row["id"]: row for row in agreement_rows(Agreement.objects.filter(pk__in=ids))}
    return [rows[pk] for pk in ids if pk in rows]


def represent_agreements(rows) -> list[dict]:
    """``rows`` from :func:`agreement_rows` as the API's dicts, their parts included.

    The parts are fetched by agreement id only: the agreements were scoped, and their rows
    belong to the same region (the database enforces it).
    """
    ids = [row["id"] for row in rows]
    if not ids:
        return []
    parts = part_rows(ids)
    zone = timezone.get_current_timezone()
    return [_represent(row, parts, zone) for row in rows]


def _moment(value: datetime.datetime, zone) -> str:
    """:data:`datetime_text` of an aware ``value``, with the current time zone looked up once
    for a page rather than twice per row (DRF's field looks it up per call)."""
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _represent(row, parts, zone) -> dict:
    pk = row["id"]
    values = {
        "id": pk,
        **own_content(row),
        **{name: rows.get(pk, []) for name, rows in parts.items()},
        "status": row["status"],
        "version": row["latest_version"],
        "region": {"code": row["region__code"], "name": row["region__name"]},
        "created_at": _moment(row["created_at"], zone),
        "updated_at": _moment(row["updated_at"], zone),
    }
    return {key: values[key] for key in KEYS}


def represent_mandate_check(agreement) -> list[dict]:
    return [
        {
            "discipline": line.discipline.code,
            "covered": line.ok,
            "mandate": None if line.mandate is None else _mandate(line.mandate),
            "reason": str(line.reason),
        }
        for line in mandate_check(agreement)
    ]


def represent_positions(agreement) -> list[dict]:
    """Per party where it stands (``services.positions``): what the insurers party to an
    agreement see of their own and each other's decisions (all on the latest version)."""
    latest = agreement.versions.order_by("-number").values_list("number", flat=True).first()
    return [
        {
            "organisation": {
                "id": position.party.organisation_id,
                "name": position.party.organisation.name,
            },
            "role": position.role,
            "decision": None
            if position.decision is None
            else {
                "version": latest,
                "decision": position.decision.decision,
                "comment": position.decision.comment,
                "contract_reference": position.decision.contract_reference,
                "created_at": datetime_text(position.decision.created_at),
            },
            "signature": None
            if position.signature is None
            else {
                "signatory": position.signature.signatory,
                "signed_on": position.signature.signed_on.isoformat(),
            },
            "contracted": position.contracted,
            "follow_requested_at": None
            if position.party.follow_requested_at is None
            else datetime_text(position.party.follow_requested_at),
        }
        for position in positions(agreement)
    ]


def _mandate(mandate: Mandate) -> dict:
    return {
        "id": mandate.pk,
        "organisation": mandate.organisation.name,
        "delegate_name": mandate.delegate_name,
        "valid_from": mandate.valid_from.isoformat(),
        "valid_until": mandate.valid_until.isoformat() if mandate.valid_until else None,
    }


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


# Rows under an agreement that its representation shows or counts (reviews: none yet, but a
# review is news to whoever polls the agreement); their latest change is the detail's
# Last-Modified.
CHILD_TABLES = (
    AgreementParty,
    AgreementDiscipline,
    AgreementGoal,
    BudgetLine,
    Target,
    AgreementVersion,
    Review,
    Signature,
)


# The stamps the database raises on every change of those rows and of the reference data they
# name (api.models.ChangeStamp).
STAMPED_SQL = (
    "SELECT string_agg(p.id || '@' || coalesce(s.version, 0), ',' ORDER BY p.id) "
    f"FROM page p LEFT JOIN {_table(ChangeStamp)} s ON s.agreement_id = p.id",
    f"SELECT version FROM {_table(ChangeStamp)} WHERE agreement_id = {REFERENCE}",
)
# The mandate check of a detail: the region's mandates (their organisations' names are
# reference data).
MANDATES = f"{_table(Mandate)} WHERE region_id IN (SELECT region_id FROM page)"


class Fingerprint(NamedTuple):
    count: int | None  # rows of the whole filtered queryset (None for an empty page)
    ids: list[int]  # the page's agreements, in order
    state: tuple  # what the representation shows, as text
    latest: datetime.datetime | None  # the latest change (detail only: Last-Modified)


def fingerprint(queryset, start=0, stop=1, *, detail=False) -> Fingerprint:
    """What the representation of ``queryset[start:stop]`` (scoped and ordered) depends on, in
    one query: each agreement's id and last change; the change stamps of its rows and of the
    reference data (:data:`STAMPED_SQL`); and how many rows ``queryset`` has. A ``detail``
    adds the region's mandates (the mandate check) and the latest change of its rows
    (Last-Modified).
    """
    return run_fingerprint(fingerprint_query(queryset, start, stop, detail=detail), detail=detail)


def fingerprint_query(queryset, start=0, stop=1, *, detail=False) -> tuple[str, tuple]:
    """The SQL and parameters of :func:`fingerprint`: they depend on the queryset's filters and
    the caller's scope only, never on the rows, so a caller may keep them for the same request
    (:func:`run_fingerprint` then runs them without building the queryset again)."""
    ordering = queryset.query.order_by or queryset.model._meta.ordering
    page = queryset.annotate(
        total=Window(Count("id")), position=Window(RowNumber(), order_by=list(ordering))
    )[start:stop]
    page_sql, params = page.values(
        "id", "updated_at", "region_id", "total", "position"
    ).query.sql_with_params()
    parts = [
        "SELECT max(total) FROM page",
        "SELECT string_agg(id::text, ',' ORDER BY position) FROM page",
        "SELECT string_agg(id || '@' || updated_at, ',' ORDER BY id) FROM page",
        *STAMPED_SQL,
    ]
    if detail:
        nested = [
            *(
                f"{_table(model)} WHERE agreement_id IN (SELECT id FROM page)"
                for model in CHILD_TABLES
            ),
            MANDATES,
        ]
        latest = ", ".join(f"(SELECT max(updated_at) FROM {rows})" for rows in nested)
        parts += [
            f"SELECT count(*) || '@' || coalesce(max(updated_at)::text, '') FROM {MANDATES}",
            f"SELECT greatest((SELECT max(updated_at) FROM page), {latest})",
        ]
    sql = f"WITH page AS ({page_sql}) SELECT " + ", ".join(f"({part})" for part in parts)
    return sql, tuple(params)


def run_fingerprint(query: tuple[str, tuple], *, detail=False) -> Fingerprint:
    """:func:`fingerprint` from its :func:`fingerprint_query`."""
    sql, params = query
    with connection.cursor() as cursor:
        execute_prepared(cursor, sql, params)
        count, ids, *state = cursor.fetchone()
    ids = [int(pk) for pk in ids.split(",")] if ids else []
    return Fingerprint(count, ids, tuple(state), state[-1] if detail else None)
