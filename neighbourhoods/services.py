"""Neighbourhood alliances: completeness, coverage, contacts and bottlenecks."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.shortcuts import assign_perm

from config.history import acting_as, anonymise_history
from regions.errors import DomainError, save_validated
from regions.formatting import ANONYMISED
from regions.models import RegionMembership
from regions.services import create_rows, update_row, update_rows
from regions.tenancy import Role

from .models import (
    COORDINATE_PERMISSION,
    AllianceContact,
    Bottleneck,
    Neighbourhood,
    complete_alliance_ids,
)


@dataclass(frozen=True)
class Coverage:
    """How much of a region's population lives in a neighbourhood with a complete alliance.

    ``population`` is the whole region's, not only that of the neighbourhoods it registered: the
    rest is ``unassigned_population`` ("nog niet ingedeeld"). Build it with :meth:`of`.
    """

    population: int
    covered_population: int
    registered_population: int

    @classmethod
    def of(cls, region_population: int | None, registered: int, covered: int) -> "Coverage":
        """The region's recorded population as denominator; what its neighbourhoods hold when
        none is recorded, or when they hold more (the recorded figure is then out of date)."""
        return cls(max(region_population or 0, registered), covered, registered)

    @property
    def unassigned_population(self) -> int:
        return self.population - self.registered_population

    @property
    def share(self) -> Decimal | None:
        if not self.population:
            return None
        return Decimal(self.covered_population) / Decimal(self.population)


def region_coverage(region) -> Coverage:
    """Population coverage by complete alliances over the region's population, in one query."""
    totals = Neighbourhood.objects.in_region(region).aggregate(
        total=Coalesce(Sum("population"), 0),
        covered=Coalesce(Sum("population", filter=Q(pk__in=complete_alliance_ids())), 0),
    )
    return Coverage.of(region.population, totals["total"], totals["covered"])


def add_contact(actor, neighbourhood, **fields) -> AllianceContact:
    with transaction.atomic(), acting_as(actor):
        return save_validated(AllianceContact(neighbourhood=neighbourhood, **fields))


def deactivate_contact(actor, contact: AllianceContact) -> AllianceContact:
    if not contact.active:
        raise DomainError.single(
            _("Deze contactpersoon is al gedeactiveerd."), code="already_inactive", conflict=True
        )
    with transaction.atomic(), acting_as(actor):
        contact.active = False
        contact.save(update_fields=["active", "updated_at"])
    return contact


def reactivate_contact(actor, contact: AllianceContact) -> AllianceContact:
    refuse_if_anonymised(contact)
    if contact.active:
        raise DomainError.single(
            _("Deze contactpersoon is al actief."), code="already_active", conflict=True
        )
    with transaction.atomic(), acting_as(actor):
        contact.active = True
        contact.save(update_fields=["active", "updated_at"])
    return contact


# A contact's personal data and what replaces it once the contact is anonymised.
CONTACT_PERSONAL_DATA = {"name": ANONYMISED, "email": "", "phone": ""}


def refuse_if_anonymised(contact: AllianceContact) -> None:
    if contact.is_anonymised:
        raise DomainError.single(
            _(
                "Deze contactpersoon is geanonimiseerd en kan niet meer worden gewijzigd. "
                "Voeg zo nodig een nieuwe contactpersoon toe."
            ),
            code="anonymised",
            conflict=True,
        )


def anonymise_contact(actor, contact: AllianceContact) -> AllianceContact:
    """A contact who has left: the name, e-mail address and phone number go, from the row and
    from its history. The row stays (inactive), so the alliance's counts and its history keep
    their rows."""
    with transaction.atomic(), acting_as(actor):
        current = AllianceContact.objects.select_for_update().get(pk=contact.pk)
        refuse_if_anonymised(current)
        if current.active:
            raise DomainError.single(
                _(
                    "Alleen een gedeactiveerde contactpersoon kan worden geanonimiseerd. "
                    "Deactiveer de contactpersoon eerst."
                ),
                code="active",
                conflict=True,
            )
        _anonymise_contacts([current.pk])
    current.refresh_from_db()
    return current


def anonymise_inactive_contacts(actor, *, inactive_before) -> int:
    """Anonymise every contact that is inactive and unchanged since before
    ``inactive_before`` (a moment); returns how many."""
    with transaction.atomic(), acting_as(actor):
        pks = list(
            AllianceContact.objects.select_for_update()
            .filter(active=False, updated_at__lt=inactive_before)
            .exclude(name=ANONYMISED)
            .values_list("pk", flat=True)
        )
        _anonymise_contacts(pks)
    return len(pks)


def _anonymise_contacts(pks: list[int]) -> None:
    AllianceContact.objects.filter(pk__in=pks).update(
        **CONTACT_PERSONAL_DATA, updated_at=timezone.now()
    )
    anonymise_history(AllianceContact, pks, **CONTACT_PERSONAL_DATA)


def leaves_core_discipline_uncovered(contact: AllianceContact) -> bool:
    """Whether deactivating ``contact`` leaves its alliance without an active contact for the
    contact's core discipline (the alliance is then no longer complete)."""
    return (
        contact.active
        and contact.discipline.is_core
        and not contact.neighbourhood.contacts.filter(active=True, discipline=contact.discipline)
        .exclude(pk=contact.pk)
        .exists()
    )


def record_bottleneck(actor, neighbourhood, *, theme, description) -> Bottleneck:
    with transaction.atomic(), acting_as(actor):
        return save_validated(
            Bottleneck(neighbourhood=neighbourhood, theme=theme, description=description)
        )


def _locked(bottleneck: Bottleneck) -> Bottleneck:
    return Bottleneck.objects.select_for_update().get(pk=bottleneck.pk)


def escalate_bottleneck(actor, bottleneck: Bottleneck) -> Bottleneck:
    """Escalate to the region: from then on it is in the region's list, with its origin."""
    with transaction.atomic(), acting_as(actor):
        current = _locked(bottleneck)
        if current.status == Bottleneck.Status.RESOLVED:
            raise DomainError.single(
                _("Een opgelost knelpunt kan niet worden opgeschaald."),
                code="resolved",
                conflict=True,
            )
        if current.is_escalated:
            raise DomainError.single(
                _("Dit knelpunt is al opgeschaald naar de regio."),
                code="already_escalated",
                conflict=True,
            )
        current.escalated_at = timezone.now()
        current.save(update_fields=["escalated_at", "updated_at"])
    return current


def resolve_bottleneck(actor, bottleneck: Bottleneck, *, resolution: str) -> Bottleneck:
    if not resolution or not resolution.strip():
        raise DomainError.single(
            _("Beschrijf hoe het knelpunt is opgelost."), field="resolution", code="required"
        )
    with transaction.atomic(), acting_as(actor):
        current = _locked(bottleneck)
        if current.status == Bottleneck.Status.RESOLVED:
            raise DomainError.single(
                _("Dit knelpunt is al opgelost."), code="already_resolved", conflict=True
            )
        current.status = Bottleneck.Status.RESOLVED
        current.resolution = resolution.strip()
        current.resolved_at = timezone.now()
        current.save(update_fields=["status", "resolution", "resolved_at", "updated_at"])
    return current


def grant_coordinator(neighbourhood: Neighbourhood, user) -> None:
    """Make ``user`` a coordinator of ``neighbourhood`` (and a member of its region)."""
    with transaction.atomic():
        RegionMembership.objects.get_or_create(
            user=user, region_id=neighbourhood.region_id, defaults={"role": Role.COORDINATOR}
        )
        assign_perm(f"neighbourhoods.{COORDINATE_PERMISSION}", user, neighbourhood)


def create_neighbourhood(actor, region, **fields) -> Neighbourhood:
    with transaction.atomic(), acting_as(actor):
        return save_validated(Neighbourhood(region=region, **fields))


def update_neighbourhood(actor, neighbourhood: Neighbourhood, *, token, **fields) -> Neighbourhood:
    return update_row(actor, neighbourhood, token=token, **fields)


def update_contact(actor, contact: AllianceContact, *, token, **fields) -> AllianceContact:
    """Change a contact person's details (not the neighbourhood they belong to)."""
    if "neighbourhood" in fields:
        raise TypeError("a contact cannot move to another neighbourhood")
    refuse_if_anonymised(contact)
    return update_row(actor, contact, token=token, **fields)


# The related rows that callers of the bulk services below pass as objects they read themselves
# (see regions.errors.validate).
NEIGHBOURHOOD_REFERENCES = ("region",)
CONTACT_REFERENCES = ("region", "neighbourhood", "discipline")


def create_neighbourhoods(actor, neighbourhoods: list[Neighbourhood]) -> list[Neighbourhood]:
    """:func:`create_neighbourhood` for many at once (an import), each checked alike."""
    return create_rows(actor, neighbourhoods, resolved=NEIGHBOURHOOD_REFERENCES)


def update_neighbourhoods(actor, changes: list[tuple]) -> list[Neighbourhood]:
    """:func:`update_neighbourhood` for many at once: ``changes`` are ``(neighbourhood, token,
    fields)``."""
    return update_rows(actor, changes, resolved=NEIGHBOURHOOD_REFERENCES)


def add_contacts(actor, contacts: list[AllianceContact]) -> list[AllianceContact]:
    """:func:`add_contact` for many at once (an import), each checked alike."""
    return create_rows(actor, contacts, resolved=CONTACT_REFERENCES)


def update_contacts(actor, changes: list[tuple]) -> list[AllianceContact]:
    """:func:`update_contact` for many at once: ``changes`` are ``(contact, token, fields)``."""
    if any("neighbourhood" in fields for _contact, _token, fields in changes):
        raise TypeError("a contact cannot move to another neighbourhood")
    return update_rows(actor, changes, resolved=CONTACT_REFERENCES)
