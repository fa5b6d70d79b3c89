"""Mandates: validity on a date, coverage per discipline, revocation."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from config.history import acting_as, anonymise_history
from regions.errors import DomainError, save_validated
from regions.formatting import ANONYMISED
from regions.models import Discipline
from regions.services import create_rows, row_at, update_row, update_rows

from .models import Mandate, MandateScope, MandateStatus

# Most useful first: a valid mandate beats an expiring one, which beats the reasons it fails.
STATUS_RANK = [
    MandateStatus.VALID,
    MandateStatus.EXPIRING,
    MandateStatus.NOT_YET_VALID,
    MandateStatus.EXPIRED,
    MandateStatus.REVOKED,
]


@dataclass(frozen=True)
class DisciplineCoverage:
    discipline: Discipline
    status: MandateStatus | None  # None: the region has no mandate for the discipline at all
    mandate: Mandate | None


def best_mandate(mandates, day: datetime.date) -> tuple[MandateStatus | None, Mandate | None]:
    ranked = sorted(
        mandates, key=lambda m: (STATUS_RANK.index(m.status_on(day)), -m.valid_from.toordinal())
    )
    if not ranked:
        return None, None
    return ranked[0].status_on(day), ranked[0]


def mandate_coverage(region, day: datetime.date, scope: str | None = None):
    """Per primary-care discipline: the best mandate of the region on ``day`` and its status.

    With ``scope``, only mandates whose scope includes it count. Two queries in all.
    """
    mandates = Mandate.objects.in_region(region).select_related("organisation")
    if scope:
        mandates = mandates.covering(scope)
    by_discipline: dict[int, list[Mandate]] = {}
    for mandate in mandates:
        by_discipline.setdefault(mandate.discipline_id, []).append(mandate)
    coverage = []
    for discipline in Discipline.objects.primary_care():
        status, mandate = best_mandate(by_discipline.get(discipline.pk, []), day)
        coverage.append(DisciplineCoverage(discipline, status, mandate))
    return coverage


def why_not_valid(status: MandateStatus | None, mandate: Mandate | None, scope: str) -> str:
    """A Dutch sentence saying why no mandate covers ``scope`` on the day checked."""
    if mandate is None:
        return _("geen mandaat voor %(scope)s") % {"scope": MandateScope(scope).label}
    if status == MandateStatus.REVOKED:
        return _("mandaat ingetrokken op %(day)s") % {"day": date_format(mandate.revoked_on)}
    if status == MandateStatus.EXPIRED:
        return _("mandaat verlopen op %(day)s") % {"day": date_format(mandate.valid_until)}
    if status == MandateStatus.NOT_YET_VALID:
        return _("mandaat gaat pas in op %(day)s") % {"day": date_format(mandate.valid_from)}
    return ""


def create_mandate(actor, region, **fields) -> Mandate:
    with transaction.atomic(), acting_as(actor):
        return save_validated(Mandate(region=region, **fields))


def revoke_mandate(actor, mandate: Mandate, *, on: datetime.date, reason: str) -> Mandate:
    if not reason or not reason.strip():
        raise DomainError.single(
            _("Geef een reden voor de intrekking."), field="revocation_reason", code="required"
        )
    with transaction.atomic(), acting_as(actor):
        current = Mandate.objects.select_for_update().get(pk=mandate.pk)
        if current.revoked_on is not None:
            raise DomainError.single(
                _("Dit mandaat is al ingetrokken."), code="already_revoked", conflict=True
            )
        if on < current.valid_from:
            raise DomainError.single(
                _("Een mandaat kan niet worden ingetrokken vóór het ingaat."),
                field="revoked_on",
                code="before_start",
            )
        current.revoked_on = on
        current.revocation_reason = reason.strip()
        current.save(update_fields=["revoked_on", "revocation_reason", "updated_at"])
    return current


# A delegate's personal data and what replaces it once the delegate is anonymised.
DELEGATE_PERSONAL_DATA = {"delegate_name": ANONYMISED, "delegate_email": ""}


def anonymise_delegate(actor, mandate: Mandate, *, today: datetime.date | None = None) -> Mandate:
    """The delegate of a mandate that has ended (revoked or expired) has left: their name and
    e-mail address go, from the mandate and from its history. The mandate itself stays."""
    today = today or timezone.localdate()
    with transaction.atomic(), acting_as(actor):
        current = Mandate.objects.select_for_update().get(pk=mandate.pk)
        if current.is_anonymised:
            raise DomainError.single(
                _("De gemandateerde van dit mandaat is al geanonimiseerd."),
                code="already_anonymised",
                conflict=True,
            )
        if current.status_on(today) not in (MandateStatus.REVOKED, MandateStatus.EXPIRED):
            raise DomainError.single(
                _(
                    "Alleen de gemandateerde van een ingetrokken of verlopen mandaat kan worden "
                    "geanonimiseerd."
                ),
                code="not_ended",
                conflict=True,
            )
        _anonymise_delegates([current.pk])
    current.refresh_from_db()
    return current


def anonymise_ended_mandates(actor, *, ended_before: datetime.date) -> int:
    """Anonymise the delegates of every mandate revoked or expired before ``ended_before``;
    returns how many."""
    with transaction.atomic(), acting_as(actor):
        pks = list(
            Mandate.objects.select_for_update()
            .filter(Q(revoked_on__lt=ended_before) | Q(valid_until__lt=ended_before))
            .exclude(delegate_name=ANONYMISED)
            .values_list("pk", flat=True)
        )
        _anonymise_delegates(pks)
    return len(pks)


def _anonymise_delegates(pks: list[int]) -> None:
    Mandate.objects.filter(pk__in=pks).update(**DELEGATE_PERSONAL_DATA, updated_at=timezone.now())
    anonymise_history(Mandate, pks, **DELEGATE_PERSONAL_DATA)


def refuse_if_revoked(mandate: Mandate) -> None:
    """A revoked mandate stays as it was when it was revoked."""
    if mandate.revoked_on is not None:
        raise DomainError.single(
            _("Een ingetrokken mandaat kan niet meer worden gewijzigd."),
            code="revoked",
            conflict=True,
        )


def update_mandate(actor, mandate: Mandate, *, token, **fields) -> Mandate:
    """Correct a mandate's details; a revoked mandate stays as it was when it was revoked, and
    an anonymised delegate stays anonymous."""
    refuse_if_revoked(mandate)
    if mandate.is_anonymised:
        raise DomainError.single(
            _(
                "De gemandateerde van dit mandaat is geanonimiseerd; "
                "het kan niet meer worden gewijzigd."
            ),
            code="anonymised",
            conflict=True,
        )
    for field in ("revoked_on", "revocation_reason"):
        if field in fields:
            raise TypeError("revoke a mandate with revoke_mandate()")
    return update_row(actor, mandate, token=token, **fields)


# The related rows that callers of the bulk services below pass as objects they read themselves
# (see regions.errors.validate).
MANDATE_REFERENCES = ("region", "discipline", "organisation")


def create_mandates(actor, mandates: list[Mandate]) -> list[Mandate]:
    """:func:`create_mandate` for many at once (an import), each checked alike."""
    return create_rows(actor, mandates, resolved=MANDATE_REFERENCES)


def update_mandates(actor, changes: list[tuple]) -> list[Mandate]:
    """:func:`update_mandate` for many at once: ``changes`` are ``(mandate, token, fields)``."""
    for index, (mandate, _token, fields) in enumerate(changes):
        with row_at(index):
            refuse_if_revoked(mandate)
        if "revoked_on" in fields or "revocation_reason" in fields:
            raise TypeError("revoke a mandate with revoke_mandate()")
    return update_rows(actor, changes, resolved=MANDATE_REFERENCES)
