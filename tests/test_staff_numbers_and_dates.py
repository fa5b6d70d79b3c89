"""Numbers and dates on the staff pages as a Dutch reader writes them: 1.250,5 and 2.000, not
1250.50; "1 maart 2026", never "1-3-2026" beside "27 november 2026"."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from agreements import services
from regions.tenancy import Role

from . import factories as f

pytestmark = pytest.mark.django_db

SHORT_DATE = re.compile(r"\b\d{1,2}-\d{1,2}-\d{4}\b")


def text_of(client, name, region, *args):
    response = client.get(reverse(f"staff:{name}", args=[region.code, *args]))
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))


@pytest.fixture
def region(client):
    region = f.RegionFactory()
    client.force_login(f.MembershipFactory(region=region, role=Role.EDITOR).user)
    return region


@pytest.fixture
def agreement(region):
    agreement = f.AgreementFactory(
        region=region,
        period_start=datetime.date(2026, 3, 1),
        period_end=datetime.date(2027, 11, 27),
    )
    f.TargetFactory(
        agreement=agreement,
        name="Wachttijd",
        unit="dagen",
        baseline=Decimal("1250.50"),
        goal=Decimal("2000.00"),
        current_value=Decimal("2.25"),
    )
    f.PartyFactory(agreement=agreement)
    f.CoveredDisciplineFactory(agreement=agreement)
    f.MandateFactory(region=region, valid_from=datetime.date(2026, 1, 1), valid_until=None)
    editor = f.MembershipFactory(region=region, role=Role.EDITOR).user
    services.submit(editor, agreement, on=datetime.date(2026, 3, 1))
    return agreement


def test_a_frozen_version_shows_targets_as_dutch_numbers(client, region, agreement):
    text = text_of(client, "agreement_version", region, agreement.pk, 1)
    assert "Wachttijd: nulmeting 1.250,5 → streefwaarde 2.000 dagen" in text
    assert "1250.50" not in text and "2000.00" not in text
    assert "Looptijd: 1 maart 2026 – 27 november 2027" in text


def test_the_agreement_page_and_list_show_numbers_and_dates_in_one_style(client, region, agreement):
    detail = text_of(client, "agreement_detail", region, agreement.pk)
    assert "Wachttijd 1.250,5 2.000 2,25 dagen" in detail
    listing = text_of(client, "agreement_list", region)
    assert "1 maart 2026 – 27 november 2027" in listing
    for text in (detail, listing):
        assert not SHORT_DATE.search(text), SHORT_DATE.search(text)


def test_mandates_show_backing_and_validity_in_dutch(client, region):
    mandate = f.MandateFactory(
        region=region,
        backing_practitioners=1200,
        discipline_practitioners=1500,
        valid_from=datetime.date(2026, 3, 1),
        valid_until=datetime.date(2027, 11, 27),
    )
    detail = text_of(client, "mandate_detail", region, mandate.pk)
    assert "1.200 van 1.500 zorgverleners (80%)" in detail
    listing = text_of(client, "mandate_list", region)
    assert "1 maart 2026 – 27 november 2027" in listing
    for text in (detail, listing):
        assert not SHORT_DATE.search(text), SHORT_DATE.search(text)


def test_plan_deadlines_in_the_same_style(client, region):
    f.RegionActionFactory(goal__region=region, due_date=datetime.date(2026, 3, 1))
    text = text_of(client, "plan", region)
    assert "1 maart 2026" in text and not SHORT_DATE.search(text)
