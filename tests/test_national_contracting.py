"""Contracting per insurer on the national dashboard (national.services.insurer_contracting):
agreements decided, contracted, that may be followed and followed, the follow rate, and the
contracted budget per insurer source (an insurer's share where costs are shared) and per funding
source, against values worked out by hand; in a fixed number of queries."""

from collections import Counter
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements import services
from agreements.models import (
    CONTRACTED_STATUSES,
    DECISIONS,
    Agreement,
    AgreementStatus,
    FundingSource,
    ZvwFund,
)
from national.services import insurer_contracting
from regions.tenancy import Role

from . import factories as f

pytestmark = pytest.mark.django_db
S = AgreementStatus


class Country:
    """Two regions, three insurers (A and B preferred in the first, A in the second) and a
    collective purchasing entity, with agreements driven through the services."""

    def __init__(self):
        self.today = timezone.localdate()
        self.year = self.today.year
        self.first = f.RegionFactory(name="Regio Fictief Een")
        self.second = f.RegionFactory(name="Regio Fictief Twee")
        regions = [self.first, self.second]
        self.a = f.OrganisationFactory(
            insurer=True, name="Zorgverzekeraar Fictief A", regions=regions
        )
        self.b = f.OrganisationFactory(
            insurer=True, name="Zorgverzekeraar Fictief B", regions=regions
        )
        self.c = f.OrganisationFactory(
            insurer=True, name="Zorgverzekeraar Fictief C", regions=regions
        )
        self.entity = f.OrganisationFactory(
            kind="joint_entity", name="Inkoopentiteit Fictief", regions=regions
        )
        self.first.preferred_insurers.add(self.a, self.b)
        self.second.preferred_insurers.add(self.a)

    def agreement(self, region, model, parties, budget=(), **fields):
        """A draft under ``model`` with ``parties`` ((organisation, is_lead, share)) and
        ``budget`` (BudgetLine fields), ready to submit."""
        agreement = f.AgreementFactory(region=region, procurement_model=model, **fields)
        for organisation, is_lead, share in parties:
            f.PartyFactory(
                agreement=agreement, organisation=organisation, is_lead=is_lead, cost_share=share
            )
        for line in budget:
            f.BudgetLineFactory(agreement=agreement, year=self.year, **line)
        f.CoveredDisciplineFactory(agreement=agreement)
        if not region.mandates.exists():
            f.MandateFactory(region=region, today=self.today)
        return agreement

    def submit(self, agreement):
        return services.submit(f.region_editor(agreement.region), agreement, on=self.today)

    def decide(self, agreement, organisation, decision, **extra):
        if decision not in ("approve", "follow_both", "follow_content", "follow_price"):
            extra.setdefault("comment", "Toelichting")
        number = agreement.versions.order_by("-number").first().number
        return services.review(
            f.member_of(organisation), agreement, version=number, decision=decision, **extra
        )


def nza(segment, amount):
    return {"source": FundingSource.INSURER_NZA, "segment": segment, "amount": Decimal(amount)}


def other(source, amount, **extra):
    return {"source": source, "segment": "", "amount": Decimal(amount), **extra}


@pytest.fixture
def country():
    c = Country()
    a, b, e = c.a, c.b, c.entity
    # 1. individueel: A approves, B rejects -> approved, contracted with A only.
    one = c.agreement(
        c.first, "individual", [(a, False, None), (b, False, None)],
        budget=[nza("S2", "100000"), other("zonmw", "20000", grant_number="10140-1")],
    )  # fmt: skip
    c.submit(one)
    c.decide(one, a, "approve")
    c.decide(one, b, "reject")
    # 2. volgen: lead A approves; B follows on content and price, C does not follow.
    two = c.agreement(
        c.first, "follow", [(a, True, None), (b, False, None), (c.c, False, None)],
        budget=[nza("S3", "50000"), other("zvw_other", "10000", zvw_fund=ZvwFund.DISTRICT_NURSING)],
    )  # fmt: skip
    c.submit(two)
    c.decide(two, a, "approve")
    c.decide(two, b, "not_follow")
    c.decide(two, b, "follow_both")  # the latest counts
    c.decide(two, c.c, "not_follow")
    # 3. gelijkgericht op inhoud en prijs: A 60%, B 40%, both approve; then active.
    three = c.agreement(
        c.first, "aligned_content_price", [(a, True, Decimal(60)), (b, False, Decimal(40))],
        budget=[nza("S2", "200000.50")], framework="ANW-leidraad", price_arrangement="lump_sum",
    )  # fmt: skip
    c.submit(three)
    c.decide(three, a, "approve", contract_reference="A-3")
    c.decide(three, b, "approve", contract_reference="B-3")
    services.activate(f.region_editor(c.first), three)
    # 4. representatie in the second region: A represents, C is informed.
    four = c.agreement(c.second, "representation", [(a, True, None), (c.c, False, None)],
                       budget=[nza("S1", "30000")])  # fmt: skip
    c.submit(four)
    c.decide(four, a, "approve")
    # 5. collectief: the entity decides for B; VWS money is no insurer's.
    five = c.agreement(
        c.second, "collective", [(e, False, None), (b, False, None)],
        budget=[nza("S2", "7000"), other("vws", "5000")], acm_reference="ACM/24/1",
    )  # fmt: skip
    c.submit(five)
    c.decide(five, e, "approve")
    # 6. volgen, still in review: nobody decided, nothing to follow, its budget not contracted.
    six = c.agreement(c.first, "follow", [(a, True, None), (c.c, False, None)],
                      budget=[nza("S2", "999")])  # fmt: skip
    c.submit(six)
    # 7. volgen, ended: B followed partly; may be followed, no longer contracted.
    seven = c.agreement(c.first, "follow", [(a, True, None), (b, False, None)],
                        budget=[nza("S2", "888")])  # fmt: skip
    c.submit(seven)
    c.decide(seven, a, "approve")
    c.decide(seven, b, "follow_partly")
    services.activate(f.region_editor(c.first), seven)
    services.end(f.region_editor(c.first), seven)
    # 8. individueel: A asked for changes on version 1; version 2 waits for its decision.
    eight = c.agreement(c.second, "individual", [(a, False, None)], budget=[nza("S2", "777")])
    c.submit(eight)
    c.decide(eight, a, "request_changes")
    c.submit(eight)
    statuses = [x.status for x in (one, two, three, four, five, six, seven, eight)]
    assert statuses == [
        S.APPROVED, S.APPROVED, S.ACTIVE, S.APPROVED, S.APPROVED, S.IN_REVIEW, S.ENDED, S.IN_REVIEW,
    ]  # fmt: skip
    return c


def test_per_insurer_decided_contracted_followed_and_budget(country):
    contracting = insurer_contracting(country.today)
    rows = {
        row.insurer: (
            row.decided,
            row.contracted,
            row.may_follow,
            row.followed,
            row.follow_rate,
            row.budget,
            row.contracted_budget,
        )
        for row in contracting.insurers
    }
    assert rows == {
        # decided 1, 2, 3, 4, 7 (not 8: its decision was on version 1); contracted 1-4;
        # NZa 100,000 + 50,000 + 60% of 200,000.50 + 30,000; other Zvw 10,000 (agreement 2)
        "Zorgverzekeraar Fictief A": (
            5, 4, 0, 0, None,
            {"insurer_nza": Decimal("300000.30"), "zvw_other": Decimal("10000")},
            Decimal("310000.30"),
        ),
        # decided 1 (rejected) and 3; contracted 2 (follows), 3 (40%), 5 (informed);
        # may follow 2 and 7 and followed both
        "Zorgverzekeraar Fictief B": (
            2, 3, 2, 2, Decimal(1),
            {"insurer_nza": Decimal("137000.20"), "zvw_other": Decimal("10000")},
            Decimal("147000.20"),
        ),
        # informed under representatie (4); may follow 2 (not 6: in review), did not
        "Zorgverzekeraar Fictief C": (
            0, 1, 1, 0, Decimal(0), {"insurer_nza": Decimal("30000")}, Decimal("30000"),
        ),
    }  # fmt: skip
    assert [row.insurer for row in contracting.insurers] == [
        "Zorgverzekeraar Fictief A",
        "Zorgverzekeraar Fictief B",
        "Zorgverzekeraar Fictief C",
    ]  # most contracted budget first; the joint entity is no insurer


def test_budget_per_funding_source_counts_every_contracted_line_once(country):
    by_source = insurer_contracting(country.today).budget_by_source
    assert by_source == {
        "insurer_nza": Decimal("387000.50"),  # 100,000 + 50,000 + 200,000.50 + 30,000 + 7,000
        "zvw_other": Decimal("10000"),
        "zonmw": Decimal("20000"),
        "vws": Decimal("5000"),
        "municipality": Decimal(0),
        "own_funds": Decimal(0),
    }
    assert sum(by_source.values()) == Decimal("422000.50")


def test_only_the_years_budget_lines_count(country):
    """Each agreement has budget lines of this year only: next year, nothing is contracted."""
    contracting = insurer_contracting(country.today.replace(year=country.year + 1))
    assert all(row.contracted_budget == 0 for row in contracting.insurers)
    assert sum(contracting.budget_by_source.values()) == 0


def test_the_page_shows_the_table_in_dutch_without_names_of_agreements(client, country):
    client.force_login(f.UserFactory(national=True))
    response = client.get(reverse("national:dashboard"))
    card = response.context["contracting"]
    assert [label for _kind, label in card["head"]] == [
        "Besloten",
        "Gecontracteerd",
        "Kan volgen",
        "Gevolgd",
        "Volgpercentage",
        "NZa-beleidsregel huisartsenzorg en MDZ",
        "Overige Zvw-middelen",
        f"Gecontracteerd budget {country.year}",
    ]
    assert card["rows"][1] == (
        "Zorgverzekeraar Fictief B",
        [
            ("count", "2"),
            ("count", "3"),
            ("count", "2"),
            ("count", "2"),
            ("share", "100%"),
            ("euro", "€\xa0137.000"),
            ("euro", "€\xa010.000"),
            ("euro", "€\xa0147.000"),
        ],
    )
    assert card["rows"][2][1][4] == ("share", "0%")
    assert card["rows"][0][1][4] == ("share", "–")  # nothing to follow
    assert ("ZonMw-subsidie", "€\xa020.000") in card["by_source"]
    assert card["budget_total"] == "€\xa0422.001"  # 422,000.50 rounded half up
    text = response.text
    assert 'id="zorgverzekeraars"' in text
    assert "Contractering per zorgverzekeraar" in text
    assert "€\xa0310.000" in text
    for private in ("A-3", "B-3", "ANW-leidraad", "ACM/24/1", "10140-1", "Toelichting"):
        assert private not in text


def test_regional_staff_see_the_national_contracting_beside_only_their_own_rows(client, country):
    client.force_login(f.MembershipFactory(region=country.first, role=Role.VIEWER).user)
    response = client.get(reverse("national:dashboard"))
    assert [row.name for row in response.context["rows"]] == ["Regio Fictief Een"]
    # national totals, as the other national figures: the same for every viewer
    assert [name for name, _cells in response.context["contracting"]["rows"]] == [
        "Zorgverzekeraar Fictief A",
        "Zorgverzekeraar Fictief B",
        "Zorgverzekeraar Fictief C",
    ]
    assert ">Regio Fictief Twee<" not in response.text


def test_insurers_do_not_see_it(client, country):
    client.force_login(f.member_of(country.a))
    assert client.get(reverse("national:dashboard")).status_code == 403


def followed_agreements(regions):
    """In each of ``regions`` new regions: an agreement under volgen that the lead approved,
    followed by one insurer and not by another, with budget lines of two sources, and one
    shared by two insurers."""
    today = timezone.localdate()
    lead = f.OrganisationFactory(insurer=True)
    follower = f.OrganisationFactory(insurer=True)
    refuser = f.OrganisationFactory(insurer=True)
    for _ in range(regions):
        region = f.RegionFactory()
        region.preferred_insurers.add(lead)
        region.organisations.add(lead, follower, refuser)
        f.MandateFactory(region=region, today=today)
        followed = f.AgreementFactory(region=region, procurement_model="follow")
        f.PartyFactory(agreement=followed, organisation=lead, is_lead=True)
        f.PartyFactory(agreement=followed, organisation=follower, is_lead=False)
        f.PartyFactory(agreement=followed, organisation=refuser, is_lead=False)
        f.BudgetLineFactory(agreement=followed, year=today.year, amount=Decimal(100))
        f.BudgetLineFactory(
            agreement=followed,
            year=today.year,
            source="zvw_other",
            segment="",
            zvw_fund="pharmacy",
            amount=Decimal(10),
        )
        f.move_to(followed, S.APPROVED, today=today)
        version = followed.versions.get().number
        for insurer, decision in ((follower, "follow_both"), (refuser, "not_follow")):
            services.review(f.member_of(insurer), followed, version=version, decision=decision)
        shared = f.AgreementFactory(
            region=region,
            procurement_model="aligned_content_price",
            framework="Leidraad",
            price_arrangement="tariff",
        )
        f.PartyFactory(agreement=shared, organisation=lead, is_lead=True, cost_share=75)
        f.PartyFactory(agreement=shared, organisation=follower, is_lead=False, cost_share=25)
        f.BudgetLineFactory(agreement=shared, year=today.year, amount=Decimal(1000))
        f.move_to(shared, S.ACTIVE, today=today)
    return lead, follower, refuser


@pytest.mark.parametrize("regions", [5, 50])
def test_queries_do_not_grow_with_regions(django_assert_num_queries, regions):
    lead, follower, refuser = followed_agreements(regions)
    with django_assert_num_queries(2):
        contracting = insurer_contracting(timezone.localdate())
    rows = {row.insurer: row for row in contracting.insurers}
    assert (rows[lead.name].decided, rows[lead.name].contracted) == (2 * regions, 2 * regions)
    assert rows[lead.name].contracted_budget == regions * Decimal(110 + 750)
    assert (rows[follower.name].followed, rows[follower.name].may_follow) == (regions, regions)
    assert rows[follower.name].contracted_budget == regions * Decimal(110 + 250)
    assert rows[refuser.name].follow_rate == 0
    assert rows[refuser.name].contracted_budget == 0


def test_the_drill_down_shows_the_contracted_budget_per_funding_source(client, country):
    client.force_login(f.UserFactory(national=True))
    response = client.get(reverse("national:region", args=[country.second.code]))
    assert response.status_code == 200
    assert response.context["budget"] == [
        ("S1 – basis huisartsenzorg", "€\xa030.000"),
        ("S2 – multidisciplinaire zorg en O&I", "€\xa07.000"),
        ("Ministerie van VWS", "€\xa05.000"),
    ]
    first = client.get(reverse("national:region", args=[country.first.code])).context["budget"]
    assert ("ZonMw-subsidie", "€\xa020.000") in first
    assert ("Zorgverzekeraar (overige Zvw-middelen)", "€\xa010.000") in first


def test_the_sums_in_sql_agree_with_each_agreements_positions(country):
    """INSURER_POSITIONS sums in PostgreSQL what ``positions_of`` decides per agreement (the
    agreement page's table): a rule changed in one and not the other fails here."""
    contracted, decided = Counter(), Counter()
    for agreement in Agreement.objects.all():
        for position in services.positions(agreement):
            insurer = position.party.organisation
            if not insurer.is_insurer:
                continue
            if position.contracted and agreement.status in CONTRACTED_STATUSES:
                contracted[insurer.name] += 1
            if position.decision is not None and position.decision.decision in DECISIONS:
                decided[insurer.name] += 1
    rows = insurer_contracting(country.today).insurers
    assert {row.insurer: (row.decided, row.contracted) for row in rows} == {
        name: (decided[name], contracted[name]) for name in {row.insurer for row in rows}
    }
    assert set(contracted) | set(decided) <= {row.insurer for row in rows}
