"""Staff pages: the region from the URL, what the user may do there, and objects looked up
through it.

Every lookup starts from ``visible_to(user, action)``. What the user may not see is a 404
(whether it exists is not confirmed); what they may see but not do is a 403, as
:mod:`regions.permissions` decides: a view asks with ``@region_page(action)`` or
``space.require(action, target)``, a template with ``space.can_change`` and the like.
"""

from dataclasses import dataclass
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User
from regions import permissions
from regions.models import Region, RegionMembership
from regions.permissions import Action, Role


@dataclass(frozen=True)
class Workspace:
    """The region a staff page is about, and what the signed-in user may do there (asked of
    :func:`regions.permissions.may` with the role looked up once)."""

    region: Region
    role: Role | None  # None: no membership (only a platform admin gets in without one)
    user: User

    def may(self, action, target=None) -> bool:
        """Whether the user may do ``action`` on ``target`` (by default the region)."""
        return permissions.may(self.user, action, target or self.region, role=self.role)

    def require(self, action, target=None) -> None:
        if not self.may(action, target):
            raise PermissionDenied

    @property
    def is_staff(self) -> bool:
        return self.may(Action.VIEW)

    @property
    def can_change(self) -> bool:
        return self.may(Action.CHANGE)

    @property
    def can_administer(self) -> bool:
        return self.may(Action.ADMINISTER)

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR


def workspace(request, code: str) -> Workspace:
    """The region ``code`` with the user's role in it, in one query (once per request).

    A member of the region (staff or coordinator) or a platform admin gets in; anyone else
    gets a 404, insurers included: they work through the API.
    """
    known = getattr(request, "workspace", None)
    if known is not None and known.region.code == code:
        return known
    user = request.user
    role = RegionMembership.objects.filter(user=user, region=OuterRef("pk")).values("role")[:1]
    region = get_object_or_404(
        Region.objects.visible_to(user)
        .select_related("lead_insurer")
        .annotate(my_role=Subquery(role)),
        code=code,
    )
    if region.my_role is None and not permissions.is_platform_admin(user):
        raise Http404
    role = Role(region.my_role) if region.my_role else None
    request.workspace = Workspace(region=region, role=role, user=user)
    return request.workspace


def region_page(action):
    """Decorate a staff view ``view(request, code, ...)``: 404 for a region the user is not
    in, 403 unless they may do ``action`` there. The view's own ``workspace(request, code)``
    is the one looked up here."""

    def decorate(view):
        @wraps(view)
        def checked(request, code, *args, **kwargs):
            workspace(request, code).require(action)
            return view(request, code, *args, **kwargs)

        return checked

    return decorate


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
    space.require(Action.CHANGE, obj)
    return obj
