"""Insurer API figures: the agreements list at national scale, against a plain Django view.

Both run in this process through Django's full request stack (middleware included) with
Django's test client, alternating request by request so that noise falls on both alike. The
plain view does what the issue names as the yardstick: the same scoping (knox token, then
``Agreement.objects.visible_to``), the same filter and page, the same rows with ``values()``
and ``JsonResponse``, and nothing else (no DRF, no pagination count, no throttling).
"""

import datetime
import time
from collections import defaultdict

from bench import Samples, benchmark

PAGE_SIZE = 100
YEAR = 2026
WARM_UP = 20
API_URL = f"/api/v1/agreements/?page_size={PAGE_SIZE}&year={YEAR}"
PLAIN_URL = "/bench/plain-agreements/"


def plain_agreements(request):
    from django.db.models import F, OuterRef, Subquery
    from django.http import JsonResponse

    from agreements.content import OWN_FIELDS
    from agreements.models import (
        Agreement,
        AgreementDiscipline,
        AgreementGoal,
        AgreementParty,
        AgreementVersion,
        BudgetLine,
        Target,
    )
    from api.tokens import TokenAuthentication

    user, _token = TokenAuthentication().authenticate(request)
    latest = (
        AgreementVersion.objects.filter(agreement=OuterRef("pk"))
        .order_by("-number")
        .values("number")[:1]
    )
    rows = list(
        Agreement.objects.visible_to(user)
        .filter(
            period_start__lte=datetime.date(YEAR, 12, 31),
            period_end__gte=datetime.date(YEAR, 1, 1),
        )
        .order_by("id")
        .values(
            "id",
            *OWN_FIELDS,
            "status",
            "created_at",
            "updated_at",
            region_code=F("region__code"),
            region_name=F("region__name"),
            version=Subquery(latest),
        )[:PAGE_SIZE]
    )
    ids = [row["id"] for row in rows]
    nested = {
        "parties": AgreementParty.objects.values(
            "agreement_id", "organisation_id", "organisation__name", "organisation__kind", "is_lead"
        ),
        "disciplines": AgreementDiscipline.objects.values("agreement_id", "discipline__code"),
        "goals": AgreementGoal.objects.values(
            "agreement_id", "goal_id", "goal__title", "goal__vision_goal"
        ),
        "budget_lines": BudgetLine.objects.values(
            "agreement_id", "year", "segment", "amount", "description"
        ),
        "targets": Target.objects.values(
            "agreement_id", "name", "unit", "baseline", "goal", "current_value"
        ),
    }
    grouped = {}
    for name, queryset in nested.items():
        grouped[name] = defaultdict(list)
        for child in queryset.filter(agreement_id__in=ids):
            grouped[name][child.pop("agreement_id")].append(child)
    for row in rows:
        row["region"] = {"code": row.pop("region_code"), "name": row.pop("region_name")}
        for name in nested:
            row[name] = grouped[name][row["id"]]
    return JsonResponse({"results": rows})


def urlpatterns_with_plain_view():
    from django.urls import path

    from config.urls import urlpatterns

    return [path(PLAIN_URL.strip("/") + "/", plain_agreements), *urlpatterns]


urlpatterns = []  # filled in by the benchmark, which makes this module the URLconf for its run


def busiest_insurer_member():
    """The seeded insurer member who sees the most agreements."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from regions.models import Organisation

    insurer = (
        Organisation.objects.filter(kind=Organisation.Kind.INSURER)
        .annotate(agreements=Count("agreement_parties"))
        .order_by("-agreements")
        .first()
    )
    return get_user_model().objects.filter(groups=insurer.group).order_by("pk").first()


@benchmark(
    "api_agreements_list",
    f"GET {API_URL} as an insurer (knox token), national scale; latency",
    unit="ms",
    runs=300,
)
def agreements_list(context) -> Samples:
    context.ensure_scale(1)
    settings = context.django()
    from django.test import Client
    from django.urls import clear_url_caches
    from knox.models import AuthToken
    from rest_framework.settings import api_settings

    user = busiest_insurer_member()
    _token, key = AuthToken.objects.create(user=user)
    client = Client(HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT="application/json")

    saved = settings.ROOT_URLCONF, settings.REST_FRAMEWORK
    # Throttling stays on (its cache round trips are part of the cost), with room for the run.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"burst": "1000000/min", "sustained": "100000000/hour"},
    }
    api_settings.reload()
    urlpatterns[:] = urlpatterns_with_plain_view()
    settings.ROOT_URLCONF = __name__
    clear_url_caches()
    try:
        api_body = client.get(API_URL).json()
        plain_body = client.get(PLAIN_URL).json()
        same_rows = [row["id"] for row in api_body["results"]] == [
            row["id"] for row in plain_body["results"]
        ]
        if not same_rows or len(api_body["results"]) != PAGE_SIZE:
            raise RuntimeError("the API and the plain view do not return the same full page")

        def timed(url):
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
            if response.status_code != 200:
                raise RuntimeError(f"{url}: {response.status_code} {response.content[:300]}")
            return elapsed * 1000

        for _warm_up in range(WARM_UP):
            timed(API_URL), timed(PLAIN_URL)
        api, plain = [], []
        for run in range(context.runs):
            if run % 2:
                api.append(timed(API_URL))
                plain.append(timed(PLAIN_URL))
            else:
                plain.append(timed(PLAIN_URL))
                api.append(timed(API_URL))
    finally:
        settings.ROOT_URLCONF, settings.REST_FRAMEWORK = saved
        api_settings.reload()
        clear_url_caches()
        AuthToken.objects.filter(user=user).delete()

    from bench.runner import summarise

    return Samples(
        api,
        details={
            "throughput_ratio_to_plain_view": sum(plain) / sum(api),
            "plain_view_ms": summarise(plain),
            "api_requests_per_second": len(api) / (sum(api) / 1000),
            "plain_requests_per_second": len(plain) / (sum(plain) / 1000),
            "visible_agreements": api_body["count"],
            "page_size": PAGE_SIZE,
            "user": user.username,
        },
    )
