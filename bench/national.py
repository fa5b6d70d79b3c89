"""Server time of the national dashboard (its first screen and all below it), a region's
drill-down and the CSV export, at national scale and ten times it (the targets: the dashboard
under 100 ms at 57 regions and under 500 ms at 570).

Timed in-process with Django's test client, logged in as national governance (who sees every
region), after warm-up requests. The page keeps its figures while nothing they read changes
(``national.services.national_overview``): ``national_page`` times the page as it opens again,
``national_page_changed`` with a change (one neighbourhood saved unchanged) before every request,
so that each time the figures of that neighbourhood's region are computed anew and the national
figures summed again from every region's. The national-scale figures run first; the last
ten-times figure puts the database back at national scale for the figures registered after these.
"""

import statistics
import time

from bench import Samples, benchmark

WARM_UP = 3
USERNAME = "bench-landelijk"


def national_client():
    """Logged in as national governance, the second factor passed (an authenticator of its
    own): the figures are about the pages, not signing in."""
    from django.contrib.auth.models import Group
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import NATIONAL_GOVERNANCE_GROUP, User

    user, _created = User.objects.get_or_create(username=USERNAME)
    user.groups.add(Group.objects.get_or_create(name=NATIONAL_GOVERNANCE_GROUP)[0])
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def time_view(context, factor: int, url_name: str, first_region=False, changed=False) -> Samples:
    from django.db import connection
    from django.db.models import F
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    context.ensure_scale(factor)  # sets Django up: import models after it
    from neighbourhoods.models import Neighbourhood
    from regions.models import Region

    def change():
        if changed:
            Neighbourhood.objects.filter(pk=neighbourhood).update(population=F("population"))

    neighbourhood = Neighbourhood.objects.order_by("pk").values_list("pk", flat=True).first()

    client = national_client()
    args = [Region.objects.order_by("code").values_list("code", flat=True).first()]
    url = reverse(url_name, args=args if first_region else None)
    for _ in range(WARM_UP):
        assert client.get(url).status_code == 200
    values = []
    for _ in range(context.runs):
        change()
        started = time.perf_counter()
        response = client.get(url)
        values.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    change()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return Samples(
        values,
        details={
            "regions": Region.objects.count(),
            "queries": len(queries.captured_queries),
            "bytes": len(response.content),
            "mean_ms": statistics.fmean(values),
        },
    )


@benchmark("national_page", "GET /landelijk/ at national scale (57 regions)", unit="ms", runs=30)
def page(context) -> Samples:
    return time_view(context, 1, "national:dashboard")


@benchmark(
    "national_export",
    "GET /landelijk/export.csv at national scale (57 regions)",
    unit="ms",
    runs=30,
)
def export(context) -> Samples:
    return time_view(context, 1, "national:export_csv")


@benchmark(
    "national_region",
    "GET /landelijk/regio/<code>/ (drill-down) at national scale (57 regions)",
    unit="ms",
    runs=30,
)
def region(context) -> Samples:
    return time_view(context, 1, "national:region", first_region=True)


@benchmark(
    "national_page_changed",
    "GET /landelijk/ at national scale, a change in one region before each request",
    unit="ms",
    runs=30,
)
def page_changed(context) -> Samples:
    return time_view(context, 1, "national:dashboard", changed=True)


@benchmark("national_page_10x", "GET /landelijk/ at ten times national scale", unit="ms", runs=30)
def page_10x(context) -> Samples:
    return time_view(context, 10, "national:dashboard")


@benchmark(
    "national_page_changed_10x",
    "GET /landelijk/ at ten times national scale, a change in one region before each request",
    unit="ms",
    runs=30,
)
def page_changed_10x(context) -> Samples:
    return time_view(context, 10, "national:dashboard", changed=True)


@benchmark(
    "national_export_10x",
    "GET /landelijk/export.csv at ten times national scale",
    unit="ms",
    runs=30,
)
def export_10x(context) -> Samples:
    samples = time_view(context, 10, "national:export_csv")
    context.ensure_scale(1)
    return samples
