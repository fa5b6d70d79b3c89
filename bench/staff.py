"""The staff web application: the region home at national scale."""

import time

from bench import Samples, benchmark

RUNS = 30


@benchmark(
    "staff_region_home",
    "GET /regio/<code>/ (region home) as an editor of the largest region, national scale",
    unit="ms",
    runs=RUNS,
)
def region_home(context) -> Samples:
    context.ensure_scale(1)
    from django.db import connection, reset_queries
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from regions.models import Region, RegionMembership
    from regions.tenancy import Role

    region = Region.objects.annotate(n=Count("neighbourhoods")).order_by("-n", "code").first()
    user, _created = User.objects.get_or_create(username="bench-staff")
    RegionMembership.objects.get_or_create(user=user, region=region, defaults={"role": Role.EDITOR})
    client = Client()
    client.force_login(user)
    url = f"/regio/{region.code}/"
    client.get(url)  # warm up: connection, templates, translations
    reset_queries()  # each request starts a fresh query log
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    timings = []
    for _run in range(context.runs):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return Samples(
        timings,
        details={
            "region": region.code,
            "neighbourhoods": region.n,
            "queries": len(queries.captured_queries),
        },
    )
