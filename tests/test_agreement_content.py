"""An agreement's content written once (agreements.content), and the rules about one of its rows
that the models hold for the admin, the forms, the API and the services alike."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agreements import content
from agreements.api.serializers import AgreementSerializer, SnapshotSerializer
from agreements.models import AgreementGoal, AgreementParty, BudgetLine
from staff.snapshots import LISTS, describe

from . import factories as f
from .api_helpers import client_for

pytestmark = pytest.mark.django_db


def full_agreement(world):
    agreement = world.agreement
    f.CoveredDisciplineFactory(agreement=agreement)
    AgreementGoal.objects.create(
        agreement=agreement, region=world.region, goal=f.RegionGoalFactory(region=world.region)
    )
    f.BudgetLineFactory(agreement=agreement)
    f.TargetFactory(agreement=agreement, current_value=55)
    return agreement


def test_a_snapshot_is_the_api_content_without_what_a_version_does_not_freeze(world):
    agreement = full_agreement(world)
    client = client_for(world, "region_staff")

    shown = client.get(reverse("api:agreement-detail", args=[agreement.pk])).json()
    frozen = content.snapshot(agreement)

    assert list(frozen) == list(content.CONTENT_KEYS)
    for key in content.CONTENT_KEYS:
        if key in content.PARTS and not content.PARTS[key].flat:
            keep = content.PARTS[key].frozen_keys
            assert frozen[key] == [{k: row[k] for k in keep} for row in shown[key]], key
        else:
            assert frozen[key] == shown[key], key
    assert "current_value" in shown["targets"][0] and "kind" in shown["parties"][0]


def test_the_serializers_document_the_content_keys():
    agreement_keys = set(AgreementSerializer().fields)
    snapshot = SnapshotSerializer().fields
    assert list(snapshot) == list(content.CONTENT_KEYS)
    assert set(content.CONTENT_KEYS) <= agreement_keys
    for name, part in content.PARTS.items():
        if not part.flat:
            assert tuple(snapshot[name].child.fields) == part.frozen_keys, name


def test_the_staff_view_of_a_version_describes_every_part(world):
    agreement = full_agreement(world)
    sections = {s.key: s for s in describe(content.snapshot(agreement), {"gp": "Huisartsenzorg"})}
    assert set(content.PARTS) <= set(LISTS)
    assert all(sections[name].lines for name in content.PARTS), sections
    assert sections["disciplines"].lines == ["Huisartsenzorg"]


def test_a_lead_party_is_an_insurer(world):
    municipality = f.OrganisationFactory(kind="municipality", regions=[world.region])
    party = AgreementParty(
        agreement=world.agreement, region=world.region, organisation=municipality, is_lead=True
    )
    with pytest.raises(ValidationError) as error:
        party.full_clean()
    assert error.value.message_dict == {
        "organisation": ["De preferente partij moet een zorgverzekeraar zijn."]
    }
    party.is_lead = False
    party.full_clean()


@pytest.mark.parametrize(
    ("year", "valid"), [(2025, False), (2026, True), (2027, True), (2028, False)]
)
def test_a_budget_year_lies_within_the_period(world, year, valid):
    agreement = world.agreement
    agreement.period_start, agreement.period_end = (
        datetime.date(2026, 3, 1),
        datetime.date(2027, 6, 30),
    )
    line = BudgetLine(agreement=agreement, region=world.region, year=year, segment="S2", amount=1)
    if valid:
        line.full_clean()
        return
    with pytest.raises(ValidationError) as error:
        line.full_clean()
    assert error.value.message_dict == {"year": ["Het jaar valt buiten de looptijd (2026-2027)."]}
    assert error.value.error_dict["year"][0].code == "outside_period"


def test_a_goal_belongs_to_the_region(world):
    goal = AgreementGoal(
        agreement=world.agreement,
        region=world.region,
        goal=f.RegionGoalFactory(region=world.other_region),
    )
    with pytest.raises(ValidationError) as error:
        goal.full_clean()
    assert error.value.message_dict == {"goal": ["Dit hoort bij een andere regio."]}
