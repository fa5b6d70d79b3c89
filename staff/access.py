"""Who may do what on a staff page: the region from the URL and objects looked up through it.

Every lookup starts from ``visible_to(user, action)``. What the user may not see is a 404
(whether it exists is not confirmed); what they may see but not change is a 403.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404

from neighbourhoods.models import Neighbourhood, coordinated_neighbourhood_ids
from regions.models import Region, RegionMembership
from regions.tenancy import Action, Role, is_unrestricted


@dataclass(frozen=True)
class Workspace:
    """The region a staff page is about and what the signed-in user may do there."""

    region: Region
    role: Role | None  # None only for a platform admin without a membership

    @property
    def is_staff(self) -> bool:
        return self.role in (Role.ADMIN, Role.EDITOR, Role.VIEWER) or self.role is None

    @property
    def can_change(self) -> bool:
        return self.role in (Role.ADMIN, Role.EDITOR) or self.role is None

    @property
    def can_administer(self) -> bool:
        return self.role in (Role.ADMIN, None)

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR


def workspace(request, code: str) -> Workspace:
    """The region ``code`` with the user's role in it, in one query.

    A member of the region (staff or coordinator) or a platform admin gets in; anyone else
    gets a 404, insurers included: they work through the API.
    """
    user = request.user
    role = RegionMembership.objects.filter(user=user, region=OuterRef("pk")).values("role")[:1]
    region = get_object_or_404(
        Region.objects.visible_to(user)
        .select_related("lead_insurer")
        .annotate(my_role=Subquery(role)),
        code=code,
    )
    if region.my_role is None and not is_unrestricted(user):
        raise Http404
    return Workspace(region=region, role=Role(region.my_role) if region.my_role else None)


def require_staff(space: Workspace) -> None:
    """Region-wide pages (mandates, agreements, regioplan, members) are for regional staff."""
    if not space.is_staff:
        raise PermissionDenied


def require_change(space: Workspace) -> None:
    if not space.can_change:
        raise PermissionDenied


def require_administer(space: Workspace) -> None:
    if not space.can_administer:
        raise PermissionDenied


def _queryset(source):
    return source.objects.all() if isinstance(source, type) else source


def visible(request, space: Workspace, source, **lookup):
    """The object (``source``: a model or a queryset of one) in the workspace's region that the
    user may see, or 404."""
    return get_object_or_404(
        _queryset(source).visible_to(request.user, Action.VIEW).in_region(space.region), **lookup
    )


def changeable(request, space: Workspace, source, **lookup):
    """The object the user may change: 404 when they may not see it, 403 when only that."""
    obj = visible(request, space, source, **lookup)
    model = _queryset(source).model
    if not model.objects.visible_to(request.user, Action.CHANGE).filter(pk=obj.pk).exists():
        raise PermissionDenied
    return obj


def may_change_alliance(user, space: Workspace, neighbourhood: Neighbourhood) -> bool:
    """Region editors and the neighbourhood's own coordinators keep its contacts and
    bottlenecks up to date."""
    if space.can_change:
        return True
    return (
        space.is_coordinator
        and Neighbourhood.objects.filter(
            pk=neighbourhood.pk, pk__in=coordinated_neighbourhood_ids(user)
        ).exists()
    )
