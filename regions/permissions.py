"""What a user may do, decided in one place.

:func:`may` answers whether ``user`` may do an :class:`Action` on a target: a region (what its
staff may do region-wide), a row (it is among ``visible_to(user, action)``), a model (whether
they may create such rows anywhere) or nothing (the national dashboard). :func:`require` is
the same question for services and views: a refusal is :class:`regions.errors.Refused`, which
staff pages answer with 403 and the API with 403 problem+json. :func:`require_written` is the
check after a write: the row must still be the actor's to change, or the transaction rolls back.

Which rows a query starts from is :mod:`regions.tenancy` (``visible_to``); it takes the staff
roles and the platform admin from here. Staff pages ask through ``staff.access.Workspace``
(its ``may`` and the ``region_page`` decorator), the API through
``api.viewsets.ScopedViewSet`` (an action per HTTP method) and ``api.permissions``.
"""

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _

from .errors import Refused


class Role(models.TextChoices):
    ADMIN = "admin", _("beheerder")
    EDITOR = "editor", _("bewerker")
    VIEWER = "viewer", _("lezer")
    COORDINATOR = "coordinator", _("wijkcoördinator")


class Action(models.TextChoices):
    # What ``visible_to`` scopes rows by.
    VIEW = "view", _("bekijken")
    CHANGE = "change", _("wijzigen")
    ADMINISTER = "administer", _("beheren")
    # What only :func:`may` answers.
    REQUEST_DOCUMENT = "request_document", _("documenten aanvragen")
    KEEP_ALLIANCE = "keep_alliance", _("wijkverband bijhouden")
    REVIEW = "review", _("beoordelen")
    SEE_NATIONAL = "see_national", _("alle regio's in het landelijk overzicht zien")
    SUBSCRIBE = "subscribe", _("webhooks aanmelden")


# The staff roles in a region that allow an action there, on the region and its rows.
# Coordinators and insurers hold no staff role: they reach rows through grants (the querysets'
# ``scope``) and the rules of :func:`may`.
STAFF_ROLES = {
    Action.VIEW: (Role.ADMIN, Role.EDITOR, Role.VIEWER),
    Action.CHANGE: (Role.ADMIN, Role.EDITOR),
    Action.ADMINISTER: (Role.ADMIN,),
    # Insurers and coordinators read the documents that exist; staff ask for new ones.
    Action.REQUEST_DOCUMENT: (Role.ADMIN, Role.EDITOR, Role.VIEWER),
}

# ``may(..., role=...)`` when the caller has not looked the role up.
UNKNOWN = object()


def is_platform_admin(user) -> bool:
    """Platform admins may do everything but decide for an insurer; they see every row."""
    return user.is_active and user.is_superuser


def is_signed_in(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def staff_region_ids(user, action=Action.VIEW):
    """Subquery of the regions where ``user`` is staff with a role that allows ``action``."""
    membership = apps.get_model("regions", "RegionMembership")
    return membership.objects.filter(user=user, role__in=STAFF_ROLES[Action(action)]).values(
        "region_id"
    )


def insurer_ids(user):
    """Subquery of the insurers (and collective purchasing entities, which decide for them)
    ``user`` is a member of (through the organisation's group)."""
    organisation = apps.get_model("regions", "Organisation")
    kinds = (organisation.Kind.INSURER, organisation.Kind.JOINT_ENTITY)
    return organisation.objects.filter(kind__in=kinds, group__user=user).values("pk")


def subscribable_insurers(user):
    """The insurers whose events ``user`` may subscribe to: their own (every insurer for a
    platform admin)."""
    organisation = apps.get_model("regions", "Organisation")
    insurers = organisation.objects.filter(kind=organisation.Kind.INSURER)
    if is_platform_admin(user):
        return insurers
    return insurers.filter(pk__in=insurer_ids(user))


def may(user, action, target=None, *, role=UNKNOWN) -> bool:
    """Whether ``user`` may do ``action`` on ``target``.

    - nothing: ``SEE_NATIONAL``, every region's figures (national governance, platform admins);
    - a model: whether ``user`` may create its rows (``CHANGE`` in some region);
    - a region: what its staff may do region-wide (``VIEW`` is the staff pages, not the region
      row: coordinators and insurers see that too); ``KEEP_ALLIANCE`` on a neighbourhood:
      region editors and its own coordinators keep its contacts and bottlenecks;
    - ``REVIEW`` on an agreement: a member of an insurer that is party to it;
    - ``SUBSCRIBE`` to an insurer's events: its members and platform admins;
    - any other row: it is among ``visible_to(user, action)``.

    ``role``: the user's role in the target's region when the caller knows it already (``None``:
    no membership), which saves a query.
    """
    if not is_signed_in(user):
        return False
    action = Action(action)
    if action is Action.REVIEW:
        return target.parties.filter(organisation__in=insurer_ids(user)).exists()
    if action is Action.SUBSCRIBE:
        return subscribable_insurers(user).filter(pk=target.pk).exists()
    if is_platform_admin(user):
        return True
    if target is None:
        return action is Action.SEE_NATIONAL and user.is_national_governance
    if isinstance(target, type):
        return staff_region_ids(user, action).exists()
    region_model = apps.get_model("regions", "Region")
    if action is Action.KEEP_ALLIANCE or isinstance(target, region_model):
        if role is UNKNOWN:
            region_id = target.pk if isinstance(target, region_model) else target.region_id
            role = (
                apps.get_model("regions", "RegionMembership")
                .objects.filter(user=user, region_id=region_id)
                .values_list("role", flat=True)
                .first()
            )
        if action is Action.KEEP_ALLIANCE:
            # A coordinator sees only the neighbourhoods they coordinate.
            return role in STAFF_ROLES[Action.CHANGE] or (
                role == Role.COORDINATOR and _reaches(user, Action.VIEW, target)
            )
        return role in STAFF_ROLES.get(action, ())
    return _reaches(user, action, target)


def _reaches(user, action, row) -> bool:
    return type(row)._default_manager.visible_to(user, action).filter(pk=row.pk).exists()


REFUSALS = {
    Action.CHANGE: _("U mag dit niet wijzigen."),
    Action.REQUEST_DOCUMENT: _("Alleen medewerkers van de regio kunnen documenten aanvragen."),
    Action.REVIEW: _("Alleen een zorgverzekeraar die partij is kan de afspraak beoordelen."),
    Action.SUBSCRIBE: _("Alleen leden van een zorgverzekeraar melden webhooks aan."),
}


def require(user, action, target=None, *, message=None, code="permission_denied") -> None:
    """:func:`may`, or :class:`Refused` (with ``message``, by default the action's)."""
    if not may(user, action, target):
        message = message or REFUSALS.get(Action(action), _("U mag dit niet."))
        raise Refused.single(message, code=code)


def require_written(actor, *rows, action=Action.CHANGE) -> None:
    """Inside the write's transaction: every written row (of one model) is still among
    ``visible_to(actor, action)``; otherwise :class:`Refused` rolls the write back. So a write
    cannot carry a row out of the actor's reach, into another region for instance. A command
    without an actor (``None``, such as an import from the shell) writes as the platform."""
    if actor is None:
        return
    model = type(rows[0])
    reachable = model._default_manager.visible_to(actor, action).filter(
        pk__in=[row.pk for row in rows]
    )
    if reachable.count() != len(rows):
        raise Refused.single(
            _("Na deze wijziging zou dit buiten uw bereik vallen; er is niets gewijzigd."),
            code="out_of_reach",
        )
