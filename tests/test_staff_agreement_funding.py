"""Staff pages: the funding source of each budget line in the agreement form, and the terms of
the procurement model (framework, price arrangement, ACM approval, cost shares) and the funding
sources on the agreement page, in Dutch."""

from decimal import Decimal

import pytest

from agreements.models import Agreement, BudgetLine, FundingSource, PriceArrangement, ZvwFund

from . import factories as f
from .test_staff_forms import agreement_data, url

pytestmark = pytest.mark.django_db

LINE = {"year": "2026", "amount": "1000", "description": ""}


@pytest.fixture
def editor(client, world):
    client.force_login(world.editor)
    return world.editor


def test_each_funding_source_is_saved_with_what_it_needs(client, world, editor):
    budget = [
        {**LINE, "source": "insurer_nza", "segment": "S3"},
        {**LINE, "source": "zvw_other", "zvw_fund": "district_nursing"},
        {**LINE, "source": "zonmw", "grant_number": "10140-2025-0042", "amount": "50000"},
        {**LINE, "source": "municipality"},
    ]
    response = client.post(url(world, "agreement_create"), agreement_data(world, budget=budget))
    assert response.status_code == 302
    agreement = Agreement.objects.get(reference="UTW-OI-2026")
    lines = agreement.budget_lines.order_by("source").values_list(
        "source", "segment", "zvw_fund", "grant_number", "amount"
    )
    assert sorted(lines) == [
        ("insurer_nza", "S3", "", "", Decimal("1000")),
        ("municipality", "", "", "", Decimal("1000")),
        ("zonmw", "", "", "10140-2025-0042", Decimal("50000")),
        ("zvw_other", "", "district_nursing", "", Decimal("1000")),
    ]
    # the edit form shows them again
    text = client.get(url(world, "agreement_edit", agreement.pk)).text
    assert 'value="10140-2025-0042"' in text
    assert '<option value="zonmw" selected>' in text


@pytest.mark.parametrize(
    ("line", "errors"),
    [
        (
            {"source": "zonmw", "segment": "S2", "grant_number": "1"},
            {
                "segment": [
                    "Een segment hoort alleen bij de NZa-beleidsregel huisartsenzorg en MDZ, "
                    "en is daar verplicht."
                ]
            },
        ),
        (
            {"source": "insurer_nza"},
            {
                "segment": [
                    "Een segment hoort alleen bij de NZa-beleidsregel huisartsenzorg en MDZ, "
                    "en is daar verplicht."
                ]
            },
        ),
        (
            {"source": "zonmw"},
            {"grant_number": ["Vermeld het dossiernummer van de ZonMw-subsidie."]},
        ),
        (
            # the ZonMw programme runs 2024-2026 (the agreement runs 2026-2027)
            {"source": "zonmw", "grant_number": "1", "year": "2027"},
            {"year": ["Het ZonMw-programma subsidieert de jaren 2024 tot en met 2026."]},
        ),
        (
            {"source": "zvw_other"},
            {"zvw_fund": ["Kies de Zvw-middelen bij overige Zvw-middelen, en alleen daar."]},
        ),
        (
            {"source": "vws", "zvw_fund": "pharmacy"},
            {"zvw_fund": ["Kies de Zvw-middelen bij overige Zvw-middelen, en alleen daar."]},
        ),
        ({"source": "lottery"}, None),  # not a choice: the form's own Dutch message
    ],
)
def test_a_funding_source_without_what_it_needs_is_refused_on_its_row(
    client, world, editor, line, errors
):
    existing = world.agreement
    f.BudgetLineFactory(agreement=existing, year=2026, amount=Decimal("7"))
    before = list(BudgetLine.objects.values_list("pk", "source", "segment", "amount"))
    response = client.post(
        url(world, "agreement_create"), agreement_data(world, budget=[{**LINE, **line}])
    )
    assert response.status_code == 200
    (row,) = response.context["rows"]["budget_lines"].forms
    found = {name: list(messages) for name, messages in row.errors.items()}
    if errors is None:
        assert list(found) == ["source"]
        assert "Selecteer een geldige keuze." in found["source"][0]
    else:
        assert found == errors
    assert not Agreement.objects.filter(reference="UTW-OI-2026").exists()
    assert list(BudgetLine.objects.values_list("pk", "source", "segment", "amount")) == before


def test_the_agreement_page_shows_the_procurement_terms_and_funding_in_dutch(client, world, editor):
    agreement = f.AgreementFactory(
        region=world.region,
        procurement_model="aligned_content_price",
        framework="ANW-leidraad",
        price_arrangement=PriceArrangement.LUMP_SUM,
        acm_reference="ACM/24/123456",
    )
    f.PartyFactory(agreement=agreement, organisation=world.party_insurer, cost_share=Decimal(60))
    second = f.OrganisationFactory(insurer=True, regions=[world.region], name="Verzekeraar Twee")
    f.PartyFactory(
        agreement=agreement, organisation=second, is_lead=False, cost_share=Decimal("40")
    )
    year = agreement.period_start.year
    f.BudgetLineFactory(agreement=agreement, year=year, segment="S2", amount=Decimal("125000.5"))
    f.BudgetLineFactory(
        agreement=agreement,
        year=year,
        source=FundingSource.ZVW_OTHER,
        segment="",
        zvw_fund=ZvwFund.PHARMACY,
        amount=Decimal("1234567"),
    )
    f.BudgetLineFactory(
        agreement=agreement,
        year=year,
        source=FundingSource.ZONMW,
        segment="",
        grant_number="10140-2025-0042",
        amount=Decimal("20000"),
    )
    text = client.get(url(world, "agreement_detail", agreement.pk)).text

    assert "<dt>Gepubliceerd kader</dt><dd>ANW-leidraad</dd>" in text
    assert "<dt>Prijsafspraak</dt><dd>Lumpsum</dd>" in text
    assert "<dt>Kenmerk goedkeuring ACM</dt><dd>ACM/24/123456</dd>" in text
    assert f"{world.party_insurer.name} " in text
    assert "aandeel in de kosten 60%" in text
    assert "aandeel in de kosten 40%" in text
    assert "Zorgverzekeraar (NZa-beleidsregel huisartsenzorg en MDZ)" in text
    assert "S2 – multidisciplinaire zorg en O&amp;I" in text
    assert "Zorgverzekeraar (overige Zvw-middelen): farmacie" in text
    assert "ZonMw-subsidie, dossiernummer 10140-2025-0042" in text
    assert "€\xa0125.000,50" in text
    assert "€\xa01.234.567,00" in text
    assert f"Totaal {year}" in text


def test_terms_that_are_not_filled_are_not_shown(client, world, editor):
    text = client.get(url(world, "agreement_detail", world.agreement.pk)).text
    assert "Gepubliceerd kader" not in text
    assert "Prijsafspraak" not in text
    assert "Kenmerk goedkeuring ACM" not in text
    assert "aandeel in de kosten" not in text


def test_another_regions_agreement_page_is_not_found(client, world):
    agreement = f.AgreementFactory(region=world.other_region, framework="Geheim kader")
    client.force_login(world.editor)
    response = client.get(url(world, "agreement_detail", agreement.pk))
    assert response.status_code == 404
    assert "Geheim kader" not in response.text
