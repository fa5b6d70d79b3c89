"""The daily snapshot of the national figures: what it stores, one per day, taken by a real
Celery worker, scheduled by beat, and drawn as the trend on the page."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from config.celery import app
from national.models import NationalSnapshot
from national.services import national_overview, take_snapshot
from national.tasks import take_national_snapshot
from regions.models import Phase

from . import factories as f


@pytest.mark.django_db
def test_snapshot_stores_the_national_figures():
    today = timezone.localdate()
    region = f.RegionFactory(phase=Phase.ORGANISATION)
    f.NeighbourhoodFactory(region=region, population=12_000)

    snapshot = take_snapshot()

    live = national_overview(today).totals
    assert snapshot.date == today
    assert (snapshot.regions, snapshot.neighbourhoods, snapshot.population) == (1, 1, 12_000)
    assert snapshot.regions_by_phase == live.regions_by_phase == {
        "network": 0, "agreements": 0, "organisation": 1, "deepening": 0,
    }  # fmt: skip
    assert snapshot.agreements_by_status == live.agreements_by_status
    assert snapshot.contracted_budget == live.contracted_budget == 0


@pytest.mark.django_db
def test_a_second_snapshot_on_the_same_day_replaces_the_first():
    region = f.RegionFactory()
    first = take_snapshot()
    f.NeighbourhoodFactory(region=region)
    f.RegionFactory()

    second = take_snapshot()

    assert NationalSnapshot.objects.count() == 1
    assert second.pk == first.pk
    stored = NationalSnapshot.objects.get()
    assert (stored.regions, stored.neighbourhoods) == (2, 1)
    assert stored.taken_at >= first.taken_at


@pytest.mark.django_db
def test_snapshots_of_other_days_are_kept():
    today = timezone.localdate()
    take_snapshot(today - datetime.timedelta(days=1))
    take_snapshot(today)
    assert list(NationalSnapshot.objects.values_list("date", flat=True)) == [
        today - datetime.timedelta(days=1),
        today,
    ]


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_takes_the_snapshot(celery_worker):
    f.RegionFactory()
    result = take_national_snapshot.delay()

    assert result.get(timeout=30) == timezone.localdate().isoformat()
    assert NationalSnapshot.objects.get().regions == 1
    result.forget()


def test_beat_schedules_the_snapshot_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["national-snapshot"]
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
    assert entry["schedule"].hour == {21} and entry["schedule"].minute == {30}


@pytest.mark.django_db
def test_the_page_draws_the_trend_from_the_snapshots(client):
    today = timezone.localdate()
    region = f.RegionFactory()
    f.MandateFactory(region=region, valid_from=today - datetime.timedelta(days=5))
    neighbourhood = f.NeighbourhoodFactory(region=region)
    take_snapshot(today - datetime.timedelta(days=2))  # nothing complete yet: 0%
    for code in ("gp", "district_nursing", "pharmacy", "social_domain"):
        f.AllianceContactFactory(neighbourhood=neighbourhood, discipline=f.discipline(code))
    take_snapshot(today)  # the one neighbourhood complete: 100%
    client.force_login(f.UserFactory(national=True))

    page = client.get(reverse("national:dashboard")).text

    trend = page[page.index('id="chart-trend-title"') : page.index('id="chart-phases-title"')]
    assert "<polyline" in trend
    assert trend.index("0,0%") < trend.index("100,0%")  # the data table, oldest first
    assert (today - datetime.timedelta(days=2)).strftime("%d-%m-%Y") in trend


@pytest.mark.django_db
def test_the_page_says_when_there_is_no_trend_yet(client):
    client.force_login(f.UserFactory(national=True))
    page = client.get(reverse("national:dashboard")).text
    assert "de lijn begint bij de eerste momentopname" in page
