from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from agreements.models import Agreement
from national.services import dashboard_access
from progress import services as progress
from regions.models import Region
from regions.permissions import Action, is_platform_admin

from ..access import workspace
from ..overview import region_overview
from .common import page


@login_required
def home(request):
    """Where a login lands: the one place the user works (their region, or the national
    dashboard for national governance), or a choice when there are several."""
    user = request.user
    regions = list(Region.objects.visible_to(user).filter(regionmemberships__user=user))
    governance = user.is_national_governance
    if not regions and is_platform_admin(user):
        regions = list(Region.objects.visible_to(user))
    elif not regions and governance:
        return redirect("national:dashboard")
    elif len(regions) == 1 and not governance:
        return redirect("staff:region_home", regions[0].code)
    national = dashboard_access(user) is not None
    return render(request, "home.html", {"regions": regions, "national": national})


@login_required
def region_home(request, code):
    space = workspace(request, code)
    if space.is_coordinator:
        return redirect("staff:neighbourhood_list", code)
    space.require(Action.VIEW)
    today = timezone.localdate()
    overview = region_overview(request.user, space.region, today)
    visible_agreements = Agreement.objects.visible_to(request.user).in_region(space.region)
    return page(
        request,
        space,
        "staff/region_home.html",
        {
            "overview": overview,
            "reports_due": list(progress.reports_due(visible_agreements, today).values()),
            "changes": progress.recent_changes(space.region, limit=5),
        },
    )
