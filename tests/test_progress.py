"""Progress over time (issue 13): measurements of running agreements, what is due, realised
budget, KPIs, and the region's phase and main tasks with their history."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse
from pghistory.models import MiddlewareEvents

from agreements.models import AgreementStatus
from documents import rendering
from progress import services
from progress.models import Kpi, Measurement, RegionChange
from regions.errors import DomainError
from regions.models import Phase, Region, RegionIndicator, RegionTask, TaskStatus

from . import factories as f
from .api_helpers import assert_problem, token_client

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 1, 10)
QUARTERS = [
    (datetime.date(2025, 1, 1), datetime.date(2025, 3, 31), Decimal("42")),
    (datetime.date(2025, 4, 1), datetime.date(2025, 6, 30), Decimal("47.5")),
    (datetime.date(2025, 7, 1), datetime.date(2025, 9, 30), Decimal("55")),
]


def running_agreement(world, **kwargs):
    """An active agreement of 2025-2026 with the world's party insurer as lead, one target."""
    agreement = f.AgreementFactory(
        region=world.region,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        today=START,
        lead_insurer=world.party_insurer,
        **kwargs,
    )
    f.TargetFactory(agreement=agreement, name="Wijken met een compleet wijkverband")
    f.move_to(agreement, AgreementStatus.ACTIVE, today=START, lead_insurer=world.party_insurer)
    return agreement


def three_quarters(world, agreement):
    target = agreement.targets.get()
    for start, end, value in QUARTERS:
        services.record_measurement(
            world.editor,
            target,
            period_start=start,
            period_end=end,
            value=value,
            source="Wijkscan",
            note=f"Telling {end:%m}",
        )
    return target


def test_measurements_are_recorded_only_on_running_agreements(world):
    target = f.TargetFactory(agreement=world.agreement)  # a draft
    with pytest.raises(DomainError) as refused:
        services.record_measurement(
            world.editor,
            target,
            period_start=START,
            period_end=START,
            value=Decimal(1),
            source="x",
        )
    assert refused.value.codes == ["not_running"] and refused.value.conflict
    assert not Measurement.objects.exists()


def test_a_measurement_needs_a_source_a_past_date_and_one_per_period(world):
    agreement = running_agreement(world)
    target = three_quarters(world, agreement)
    start, end, _value = QUARTERS[0]
    with pytest.raises(DomainError) as twice:
        services.record_measurement(
            world.editor, target, period_start=start, period_end=end, value=1, source="x"
        )
    assert twice.value.codes == ["duplicate"]
    with pytest.raises(DomainError) as blank:
        services.record_measurement(
            world.editor, target, period_start=START, period_end=START, value=1, source="  "
        )
    assert blank.value.codes == ["blank"]
    with pytest.raises(DomainError) as future:
        services.record_measurement(
            world.editor,
            target,
            period_start=START,
            period_end=datetime.date(2099, 1, 1),
            value=1,
            source="x",
        )
    assert future.value.codes == ["future"]
    assert target.measurements.count() == 3


def test_party_insurer_reads_measurements_through_the_api_and_cannot_write_them(world):
    agreement = running_agreement(world)
    target = three_quarters(world, agreement)
    url = reverse("api:agreement-measurement-list", args=[agreement.pk])

    party = token_client(world.party_insurer_member)
    body = party.get(url).json()
    assert [(m["period_end"], m["value"], m["quarter"]) for m in body["results"]] == [
        ("2025-03-31", "42.00", 1),
        ("2025-06-30", "47.50", 2),
        ("2025-09-30", "55.00", 3),
    ]
    refused = party.post(
        url,
        {
            "target": target.pk,
            "period_start": "2025-10-01",
            "period_end": "2025-10-01",
            "value": "60.00",
            "source": "Eigen",
        },
        format="json",
    )
    assert_problem(refused, 403)
    assert_problem(party.put(url, {}, format="json"), 405)
    assert target.measurements.count() == 3

    for outsider in (world.unrelated_insurer_member, world.other_region_editor):
        assert_problem(token_client(outsider).get(url), 404)
        progress = reverse("api:agreement-progress", args=[agreement.pk])
        assert_problem(token_client(outsider).get(progress), 404)

    created = token_client(world.editor).post(
        url,
        {
            "target": target.pk,
            "period_start": "2025-10-01",
            "period_end": "2025-10-01",
            "value": "60.00",
            "source": "Eigen telling",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["quarter"] is None


def test_the_api_says_which_report_is_due(world, monkeypatch):
    agreement = running_agreement(world)
    target = agreement.targets.get()
    url = reverse("api:agreement-progress", args=[agreement.pk])
    client = token_client(world.party_insurer_member)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: datetime.date(2025, 8, 15))
    due = client.get(url).json()["progress_due"]
    assert due == {
        "period_start": "2025-04-01",
        "period_end": "2025-06-30",
        "label": "K2 2025",
        "missing_targets": [target.pk],
    }
    services.record_measurement(
        world.editor,
        target,
        period_start=datetime.date(2025, 6, 20),
        period_end=datetime.date(2025, 6, 20),
        value=Decimal(44),
        source="Wijkscan",
        today=datetime.date(2025, 8, 15),
    )
    body = client.get(url).json()
    assert body["progress_due"] is None
    assert body["targets"][0]["latest"]["value"] == "44.00"
    assert body["reporting_rhythm"] == "quarterly"


def test_rhythm_decides_the_period_that_is_due(world):
    agreement = running_agreement(world)
    day = datetime.date(2025, 8, 15)
    scoped = type(agreement).objects.filter(pk=agreement.pk)
    assert services.reports_due(scoped, day)[agreement.pk].period.label == "K2 2025"
    services.set_rhythm(world.editor, agreement, "half_yearly")
    assert services.reports_due(scoped, day)[agreement.pk].period.label == "1e halfjaar 2025"
    services.set_rhythm(world.editor, agreement, "yearly")
    assert services.reports_due(scoped, day) == {}  # 2025 has not ended; 2024 is before it


def test_region_home_shows_a_missing_report_and_the_progress_page_the_trend(client, world):
    agreement = running_agreement(world)
    three_quarters(world, agreement)
    client.force_login(world.viewer)
    home = client.get(reverse("staff:region_home", args=[world.region.code])).text
    progress_url = reverse("staff:agreement_progress", args=[world.region.code, agreement.pk])
    # Today (after 2025) the latest closed quarter has no measurement: it is due.
    assert progress_url in home
    page = client.get(progress_url).text
    assert "<svg" in page and "Verloop van Wijken met een compleet wijkverband" in page
    assert "55<br>" in page and "K3 2025" in page
    assert "Wijkscan" in page and "Telling 09" in page


def test_the_agreement_page_shows_each_targets_latest_measurement_with_its_period(client, world):
    agreement = running_agreement(world)
    three_quarters(world, agreement)
    client.force_login(world.viewer)
    page = client.get(reverse("staff:agreement_detail", args=[world.region.code, agreement.pk]))
    assert '55 <span class="muted">(K3 2025)</span>' in page.text


def test_staff_record_a_measurement_by_quarter_in_the_browser(client, world):
    agreement = running_agreement(world)
    target = agreement.targets.get()
    client.force_login(world.editor)
    url = reverse("staff:agreement_measurement_create", args=[world.region.code, agreement.pk])
    wrong = client.post(
        url, {"target": target.pk, "quarter": "2025-K9", "value": "1", "source": "x"}
    )
    assert "Schrijf het kwartaal als 2026-K1." in wrong.text
    # a rule about the period is shown once, beside the quarter it was written as
    future = client.post(
        url, {"target": target.pk, "quarter": "2099-K1", "value": "1", "source": "x"}
    )
    assert future.context["form"].errors == {"quarter": ["De peildatum ligt in de toekomst."]}
    assert future.text.count("De peildatum ligt in de toekomst.") == 1
    response = client.post(
        url, {"target": target.pk, "quarter": "2025-K2", "value": "47.5", "source": "Wijkscan"}
    )
    assert response.status_code == 302
    measurement = target.measurements.get()
    assert (measurement.period_start, measurement.period_end, measurement.quarter) == (
        datetime.date(2025, 4, 1),
        datetime.date(2025, 6, 30),
        2,
    )
    assert measurement.recorded_by == world.editor
    client.force_login(world.viewer)
    assert client.get(url).status_code == 403


def test_history_shows_each_measurement_with_who(client, world):
    agreement = running_agreement(world)
    three_quarters(world, agreement)
    events = MiddlewareEvents.objects.filter(pgh_model="progress.MeasurementEvent")
    assert events.count() == 3
    assert {event.user_id for event in events} == {world.editor.pk}
    client.force_login(world.viewer)
    page = client.get(
        reverse("staff:agreement_progress", args=[world.region.code, agreement.pk])
    ).text
    assert page.count(world.editor.get_full_name() or world.editor.username) >= 3


def test_realised_amount_beside_the_planned_one(client, world):
    agreement = running_agreement(world)
    line = agreement.budget_lines.first() or f.BudgetLineFactory(agreement=agreement)
    services.set_realisation(world.editor, line, amount=Decimal("123456.00"), note="jaarrekening")
    services.set_realisation(world.editor, line, amount=Decimal("200000.00"))
    client.force_login(world.viewer)
    page = client.get(
        reverse("staff:agreement_progress", args=[world.region.code, agreement.pk])
    ).text
    assert "€\u00a0200.000" in page
    api = token_client(world.party_insurer_member).get(
        reverse("api:agreement-progress", args=[agreement.pk])
    )
    assert {
        "year": line.year,
        "segment": line.segment,
        "planned": f"{line.amount}",
        "realised": "200000.00",
    } in api.json()["budget"]


def test_current_values_become_first_measurements(world):
    agreement = running_agreement(world)
    target = agreement.targets.get()
    type(target).objects.filter(pk=target.pk).update(current_value=Decimal("33"))
    draft_target = f.TargetFactory(agreement=world.agreement, current_value=Decimal("9"))
    migration = importlib.import_module("progress.migrations.0004_first_measurements")
    migration.first_measurements(apps, None)
    migration.first_measurements(apps, None)  # again: nothing new
    assert list(target.measurements.values_list("value", flat=True)) == [Decimal("33")]
    assert not draft_target.measurements.exists()


def test_kpi_catalogue_is_seeded_and_gives_regions_latest_values(world):
    codes = set(Kpi.objects.values_list("code", flat=True))
    assert {
        "complete-alliance-coverage",
        "practices-patient-stop",
        "digital-hybrid-care-offered",
        "hybrid-care-use",
        "key-data-within-24h",
        "gp-waiting-time",
        "district-nursing-reachable",
    } <= codes
    assert Kpi.objects.get(code="digital-hybrid-care-offered").national_aim == 70
    agreement = running_agreement(world)
    target = three_quarters(world, agreement)
    kpi = Kpi.objects.get(code="complete-alliance-coverage")
    services.link_kpi(world.editor, target, kpi)
    assert services.kpi_latest_values() == {kpi.pk: [(world.region.pk, Decimal("55.00"))]}
    assert services.kpi_latest_values(regions=[world.other_region.pk]) == {}


def test_phase_change_with_evidence_on_the_timeline_with_who_and_why(client, world):
    intent = f.AgreementFactory(region=world.region, active=True)
    client.force_login(world.admin)
    url = reverse("staff:development_phase", args=[world.region.code])
    response = client.post(
        url,
        {
            "phase": Phase.AGREEMENTS,
            "changed_on": "2025-03-01",
            "reason": "Afspraak met de zorgverzekeraars getekend.",
            "evidence": intent.pk,
        },
    )
    assert response.status_code == 302
    assert Region.objects.get(pk=world.region.pk).phase == Phase.AGREEMENTS
    change = RegionChange.objects.get()
    assert (change.old_value, change.new_value, change.changed_by, change.evidence) == (
        Phase.NETWORK,
        Phase.AGREEMENTS,
        world.admin,
        intent,
    )
    # A warning, never a block: the samenwerkingsovereenkomst is still missing.
    warned = client.get(response.url).text
    assert "Er is een samenwerkingsovereenkomst gesloten." in warned
    for page in ("staff:development", "staff:region_home"):
        text = client.get(reverse(page, args=[world.region.code])).text
        assert "Afspraak met de zorgverzekeraars getekend." in text
        assert reverse("staff:agreement_detail", args=[world.region.code, intent.pk]) in text
        assert "netwerkfase → afsprakenfase" in text
    event = MiddlewareEvents.objects.get(pgh_model="progress.RegionChangeEvent")
    assert event.user_id == world.admin.pk


def test_main_task_change_and_who_may_change(client, world):
    url = reverse("staff:development_task", args=[world.region.code, 4])
    client.force_login(world.editor)
    assert client.get(url).status_code == 403
    client.force_login(world.admin)
    body = {"status": TaskStatus.IN_PROGRESS, "changed_on": "2025-05-01", "reason": "Start"}
    assert client.post(url, body).status_code == 302
    assert RegionTask.objects.get(region=world.region, task=4).status == TaskStatus.IN_PROGRESS
    again = client.post(url, body)
    assert "Deze hoofdtaak heeft deze status al." in again.text
    assert RegionChange.objects.count() == 1
    missing_reason = client.post(url, {**body, "status": TaskStatus.IN_PLACE, "reason": ""})
    assert missing_reason.status_code == 200 and RegionChange.objects.count() == 1


def test_evidence_of_another_region_is_refused(world):
    foreign = f.AgreementFactory(region=world.other_region)
    with pytest.raises(DomainError):
        services.change_phase(
            world.admin,
            world.region,
            phase=Phase.AGREEMENTS,
            changed_on=START,
            reason="x",
            evidence=foreign,
        )
    assert not RegionChange.objects.exists()


def test_staff_record_indicators_per_year_with_source(client, world):
    client.force_login(world.editor)
    url = reverse("staff:indicator_create", args=[world.region.code])
    body = {"kind": "share_75_plus", "year": "2025", "value": "9.5", "source": "CBS"}
    assert client.post(url, body).status_code == 302
    twice = client.post(url, body)
    assert "Deze indicator is voor dit jaar al vastgelegd." in twice.text
    indicator = RegionIndicator.objects.get(region=world.region)
    assert (indicator.value, indicator.source) == (Decimal("9.5"), "CBS")
    listing = client.get(reverse("staff:indicator_list", args=[world.region.code])).text
    assert "CBS" in listing and "9,5 %" in listing
    client.force_login(world.viewer)
    assert client.get(url).status_code == 403


def test_the_progress_reports_summary_speaks_of_one_target_in_the_singular(world):
    agreement = running_agreement(world)
    three_quarters(world, agreement)
    html, _print = rendering.compose("progress_report", world.region, agreement)
    summary = " ".join(html.split())
    assert "de doelstelling met haar metingen door de tijd (1 van 1 gemeten)" in summary
    f.TargetFactory(agreement=agreement, name="Tweede doelstelling")
    html, _print = rendering.compose("progress_report", world.region, agreement)
    assert "de 2 doelstellingen met hun metingen door de tijd (1 gemeten)" in " ".join(html.split())
