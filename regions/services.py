"""Region workflows: generic guarded updates, the regioplan, members and their roles.

Like every app's services, each function takes the actor, runs in one transaction, records the
change history under the actor and raises :class:`DomainError` having written nothing.
"""

from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.history import acting_as

from .errors import DomainError, save_validated, validate
from .models import Region, RegionAction, RegionGoal, RegionIndicator, RegionMembership
from .permissions import Action, Role, require_written

INVITABLE_ROLES = (Role.ADMIN, Role.EDITOR, Role.VIEWER)
BULK_BATCH = 500


def update_row(actor, instance, *, token, reach=Action.CHANGE, **fields):
    """Set ``fields`` on ``instance`` and save it validated, unless someone else saved it since
    the caller's copy (``token``, its :attr:`edit_token`) was read. The saved row must still be
    the actor's to ``reach`` (:func:`require_written`): a write never carries a row into another
    region."""
    with transaction.atomic(), acting_as(actor):
        current = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
        current.refuse_if_changed_since(token)
        _set_fields(current, fields)
        save_validated(current)
        require_written(actor, current, action=reach)
        return current


def _set_fields(row, fields: dict) -> None:
    """A row stays in its region, whoever writes it (also someone with rights in both)."""
    region_id = getattr(row, "region_id", None)
    for name, value in fields.items():
        setattr(row, name, value)
    if getattr(row, "region_id", None) != region_id:
        raise DomainError.single(
            _("Een gegeven blijft in zijn regio; het kan niet naar een andere regio."),
            field="region",
            code="region_fixed",
        )


@contextmanager
def row_at(index: int):
    """Mark a DomainError raised inside with the position of the row it is about."""
    try:
        yield
    except DomainError as error:
        error.index = index
        raise


def create_rows(actor, rows: list, *, resolved=()) -> list:
    """Insert ``rows`` (of one model) in bulk, for an import. Each is checked as
    :func:`save_validated` checks one, but for the foreign keys in ``resolved`` (see
    :func:`validate`); the first row that breaks a rule is a DomainError with its ``index``."""
    if not rows:
        return []
    with transaction.atomic(), acting_as(actor):
        for index, row in enumerate(rows):
            with row_at(index):
                validate(row, resolved=resolved)
        try:
            with transaction.atomic():
                created = type(rows[0])._default_manager.bulk_create(rows, batch_size=BULK_BATCH)
        except IntegrityError:  # someone saved the same unique row since it was checked
            raise DomainError.single(
                _("Iemand anders heeft dit intussen ook vastgelegd."), code="stale", conflict=True
            ) from None
        require_written(actor, *created)
        return created


def update_rows(actor, changes: list[tuple], *, resolved=()) -> list:
    """:func:`update_row` for many rows of one model at once, for an import: ``changes`` are
    ``(row, token, fields)``. The rows are locked in one query, each is refused when someone
    saved it since its token and checked as :func:`update_row` checks one (but for the foreign
    keys in ``resolved``), and all are written in bulk. The first row refused is a DomainError
    with its ``index``."""
    if not changes:
        return []
    model = type(changes[0][0])
    with transaction.atomic(), acting_as(actor):
        current = (
            model._default_manager.select_for_update(of=("self",))
            .select_related(*(name for name in resolved if name != "region"))
            .in_bulk([row.pk for row, _token, _fields in changes])
        )
        now = timezone.now()
        written, names = [], {"updated_at"}
        for index, (row, token, fields) in enumerate(changes):
            with row_at(index):
                locked = current.get(row.pk)
                if locked is None:
                    raise DomainError.single(
                        _("Iemand anders heeft dit intussen verwijderd."),
                        code="stale",
                        conflict=True,
                    )
                locked.refuse_if_changed_since(token)
                _set_fields(locked, fields)
                validate(locked, resolved=resolved)
            locked.updated_at = now
            written.append(locked)
            names.update(fields)
        model._default_manager.bulk_update(written, sorted(names), batch_size=BULK_BATCH)
        require_written(actor, *written)
        return written


def set_region_facts(actor, region: Region, *, population, municipalities) -> Region:
    """The region's total population (the denominator of its coverage) and its municipalities,
    as its admins record them."""
    with transaction.atomic(), acting_as(actor):
        current = Region.objects.select_for_update().get(pk=region.pk)
        current.population = population
        current.municipalities = municipalities
        save_validated(current)
        require_written(actor, current, action=Action.ADMINISTER)
        return current


def create_goal(actor, region, **fields) -> RegionGoal:
    with transaction.atomic(), acting_as(actor):
        return save_validated(RegionGoal(region=region, **fields))


def create_action(actor, goal: RegionGoal, **fields) -> RegionAction:
    with transaction.atomic(), acting_as(actor):
        return save_validated(RegionAction(goal=goal, **fields))


def create_indicator(actor, region, **fields) -> RegionIndicator:
    with transaction.atomic(), acting_as(actor):
        return save_validated(RegionIndicator(region=region, **fields))


def invite_member(actor, region, *, email, first_name="", last_name="", role) -> RegionMembership:
    """Give the person with ``email`` a role in ``region``; a new person gets an account without a
    password (they choose one through the invitation e-mail)."""
    email = (email or "").strip().lower()
    if role not in INVITABLE_ROLES:
        raise DomainError.single(
            _("Kies beheerder, bewerker of lezer; wijkcoördinatoren worden per wijk aangewezen."),
            field="role",
            code="role",
        )
    if not email:
        raise DomainError.single(_("Vul een e-mailadres in."), field="email", code="required")
    user_model = get_user_model()
    with transaction.atomic(), acting_as(actor):
        user = user_model.objects.filter(email__iexact=email).first()
        if user is None:
            user = user_model(
                username=email, email=email, first_name=first_name, last_name=last_name
            )
            user.set_unusable_password()
            save_validated(user)
        elif RegionMembership.objects.filter(user=user, region=region).exists():
            raise DomainError.single(
                _("Deze persoon is al lid van de regio."), field="email", code="already_member"
            )
        return save_validated(RegionMembership(user=user, region=region, role=role))


def set_role(actor, membership: RegionMembership, *, role, token=None) -> RegionMembership:
    """Change a member's role; a region always keeps at least one admin."""
    if role not in INVITABLE_ROLES:
        raise DomainError.single(
            _("Kies beheerder, bewerker of lezer; wijkcoördinatoren worden per wijk aangewezen."),
            field="role",
            code="role",
        )
    with transaction.atomic(), acting_as(actor):
        admins = (
            RegionMembership.objects.select_for_update()
            .filter(region_id=membership.region_id, role=Role.ADMIN)
            .values_list("pk", flat=True)
        )
        if role != Role.ADMIN and list(admins) == [membership.pk]:
            raise DomainError.single(
                _("De regio moet ten minste één beheerder houden."),
                field="role",
                code="last_admin",
                conflict=True,
            )
        # An admin who hands over to another keeps seeing the row, no longer changing it.
        return update_row(actor, membership, token=token, role=role, reach=Action.VIEW)
