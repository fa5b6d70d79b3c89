"""The progress report shows each party's position on the latest version: its role under the
procurement model, its decision or follow decision, its own contract reference, whether it is
contracted, its cost share; or, for an agreement the parties sign, each signature."""

import datetime
from decimal import Decimal

import pytest

from agreements import services
from documents import content, rendering
from documents.models import DocumentKind

from . import factories as f
from .test_documents_content import pdf_text
from .test_national_contracting import Country

pytestmark = pytest.mark.django_db


@pytest.fixture
def country():
    return Country()


def positions(report) -> dict:
    return {
        position.party.organisation.name: (
            str(role),
            position.decision.decision if position.decision else None,
            position.decision.contract_reference if position.decision else None,
            position.contracted,
            tone,
        )
        for position, role, tone in report.position_rows
    }


def test_under_volgen_the_lead_decides_and_the_others_follow_or_not(country):
    c = country
    agreement = c.agreement(
        c.first, "follow", [(c.a, True, None), (c.b, False, None), (c.c, False, None)]
    )
    c.submit(agreement)
    c.decide(agreement, c.a, "request_changes")
    c.submit(agreement)  # version 2: the request for changes was about version 1
    c.decide(agreement, c.a, "approve")
    services.ask_to_follow(f.region_editor(c.first), agreement, c.b)
    c.decide(agreement, c.b, "follow_both")
    c.decide(agreement, c.b, "follow_partly", comment="Alleen de inhoud.")  # the latest counts

    report = content.progress_report(agreement, c.today)
    assert positions(report) == {
        "Zorgverzekeraar Fictief A": ("besluit", "approve", "", True, "good"),
        "Zorgverzekeraar Fictief B": ("kan volgen", "follow_partly", "", True, "warning"),
        "Zorgverzekeraar Fictief C": ("kan volgen", None, None, False, ""),
    }
    html, _print = rendering.compose(DocumentKind.PROGRESS_REPORT, c.first, agreement)
    assert "Partijen en hun positie" in html
    assert "De preferente zorgverzekeraar besluit; daarna vraagt" in html
    assert "gedeeltelijk volgen" in html
    today = c.today.strftime("%-d")
    assert f"gevraagd te volgen op {today} " in html
    assert "nog geen besluit" in html
    assert "Eigen contractkenmerk" not in html  # asked under gelijkgerichte zorginkoop only


def test_under_shared_costs_each_insurer_has_its_share_and_its_own_contract(country):
    c = country
    agreement = c.agreement(
        c.first, "aligned_content_price", [(c.a, True, Decimal(60)), (c.b, False, Decimal("40"))],
        framework="ANW-leidraad", price_arrangement="lump_sum",
    )  # fmt: skip
    c.submit(agreement)
    c.decide(agreement, c.a, "approve", contract_reference="ZV-A-2026-114")
    c.decide(agreement, c.b, "reject", comment="Past niet in ons beleid.")

    report = content.progress_report(agreement, c.today)
    assert positions(report) == {
        "Zorgverzekeraar Fictief A": ("besluit", "approve", "ZV-A-2026-114", True, "good"),
        "Zorgverzekeraar Fictief B": ("besluit", "reject", "", False, "bad"),
    }
    rendered = rendering.render(DocumentKind.PROGRESS_REPORT, c.first, agreement)
    text = pdf_text(rendered)
    assert "Gepubliceerd kader ANW-leidraad" in text
    assert "Prijsafspraak Lumpsum" in text
    assert "aandeel in de kosten 60%" in text
    assert "aandeel in de kosten 40%" in text
    assert "ZV-A-2026-114" in text
    assert "Elke zorgverzekeraar die partij is besluit voor zichzelf." in text


def test_under_representatie_the_others_are_informed(country):
    c = country
    agreement = c.agreement(c.second, "representation", [(c.a, True, None), (c.c, False, None)])
    c.submit(agreement)
    c.decide(agreement, c.a, "approve")
    report = content.progress_report(agreement, c.today)
    assert positions(report) == {
        "Zorgverzekeraar Fictief A": ("besluit", "approve", "", True, "good"),
        "Zorgverzekeraar Fictief C": ("wordt geïnformeerd", None, None, True, ""),
    }
    html, _print = rendering.compose(DocumentKind.PROGRESS_REPORT, c.second, agreement)
    assert "geen besluit gevraagd" in html


def test_an_agreement_the_parties_sign_shows_each_signature(country):
    c = country
    founder = f.OrganisationFactory(
        kind="mono", discipline=f.discipline("gp"), name="RHO Fictief", regions=[c.first]
    )
    agreement = f.AgreementFactory(region=c.first, type="letter_of_intent", procurement_model="")
    signer, _waiting = (
        f.PartyFactory(agreement=agreement, organisation=organisation, is_lead=False)
        for organisation in (founder, c.b)
    )
    f.CoveredDisciplineFactory(agreement=agreement)
    f.MandateFactory(region=c.first, today=c.today, scope=["regional_plan"])
    c.submit(agreement)
    services.sign(
        f.region_editor(c.first),
        agreement,
        signer,
        signatory="H. Arts",
        signed_on=datetime.date(2026, 3, 2),
    )
    report = content.progress_report(agreement, c.today)
    assert [
        (str(role), p.signature.signatory if p.signature else None)
        for p, role, _t in report.position_rows
    ] == [
        ("ondertekent", "H. Arts"),
        ("ondertekent", None),
    ]
    html, _print = rendering.compose(DocumentKind.PROGRESS_REPORT, c.first, agreement)
    assert "Ondertekend door H. Arts op 2 maart 2026" in html
    assert "nog niet ondertekend" in html
    assert "Eigen contractkenmerk" not in html
    assert "Inkoopmodel" not in html


def test_budget_from_sources_without_segments_is_counted_and_named(country):
    c = country
    agreement = c.agreement(
        c.first,
        "individual",
        [(c.a, False, None)],
        budget=[
            {"source": "insurer_nza", "segment": "S2", "amount": Decimal("100000")},
            {"source": "zonmw", "segment": "", "grant_number": "10140-9", "amount": Decimal(20000)},
            {"source": "vws", "segment": "", "amount": Decimal("5000")},
        ],
    )
    report = content.progress_report(agreement, c.today)
    assert report.budget_by_year == [
        (c.year, [None, Decimal("100000"), None], Decimal("25000"), Decimal("125000"))
    ]
    text = pdf_text(rendering.render(DocumentKind.PROGRESS_REPORT, c.first, agreement))
    assert "Andere bronnen" in text
    assert "ZonMw-subsidie, dossiernummer 10140-9" in text
    assert "Ministerie van VWS" in text
    assert "€ 125.000" in text
