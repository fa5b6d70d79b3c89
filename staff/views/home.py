from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from regions.models import Region

from ..access import require_staff, workspace
from ..overview import region_overview
from .common import page


@login_required
def home(request):
    """Where a login lands: the user's region, or a choice when there are several."""
    regions = list(
        Region.objects.visible_to(request.user).filter(regionmemberships__user=request.user)
    )
    if len(regions) == 1:
        return redirect("staff:region_home", regions[0].code)
    if not regions and request.user.is_superuser:
        regions = list(Region.objects.visible_to(request.user))
    return render(request, "home.html", {"regions": regions})


@login_required
def region_home(request, code):
    space = workspace(request, code)
    if space.is_coordinator:
        return redirect("staff:neighbourhood_list", code)
    require_staff(space)
    overview = region_overview(request.user, space.region, timezone.localdate())
    return page(request, space, "staff/region_home.html", {"overview": overview})
