"""The staff agreement page for issue 12: each party's position, who decides under the
procurement model, signing by the parties and asking insurers to follow."""

import re

import pytest
from django.urls import reverse

from agreements import services
from agreements.models import AgreementStatus, ProcurementModel
from agreements.rules import PROCUREMENT_RULES

from . import factories as f
from .tenancy import assert_url_not_found
from .test_procurement_models import DAY, Scene

pytestmark = pytest.mark.django_db
S = AgreementStatus


@pytest.fixture
def scene(world):
    return Scene(world)


def url(agreement, name="agreement_detail", *args):
    return reverse(f"staff:{name}", args=[agreement.region.code, agreement.pk, *args])


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))


def intent(scene):
    """A letter of intent submitted for signature by a GP practice and an insurer."""
    founder = f.OrganisationFactory(
        kind="mono", discipline=f.discipline("gp"), regions=[scene.region]
    )
    agreement = f.AgreementFactory(
        region=scene.region, type="letter_of_intent", procurement_model=""
    )
    parties = [
        f.PartyFactory(agreement=agreement, organisation=organisation, is_lead=False)
        for organisation in (founder, scene.other)
    ]
    f.CoveredDisciplineFactory(agreement=agreement)
    f.MandateFactory(region=scene.region, today=DAY, scope=["regional_plan"])
    services.submit(scene.editor, agreement, on=DAY)
    return agreement, parties


def followed(scene):
    """An agreement under *volgen* that the lead approved; the other insurer may follow."""
    agreement = scene.agreement("follow", [(scene.lead, True, None), (scene.other, False, None)])
    services.submit(scene.editor, agreement, on=DAY)
    scene.decide(agreement, scene.lead, "approve")
    return agreement


def test_positions_show_role_decision_and_contracted(client, scene):
    agreement = followed(scene)
    services.activate(scene.editor, agreement)
    scene.decide(agreement, scene.other, "follow_price")
    client.force_login(scene.world.viewer)
    page = text(client.get(url(agreement)))
    assert "Positie per partij" in page
    assert re.search(
        rf"{re.escape(scene.lead.name)} preferent besluit Goedgekeurd – \d+ \w+ \d{{4}} ja", page
    )
    assert re.search(
        rf"{re.escape(scene.other.name)} kan volgen Volgen op prijs – \d+ \w+ \d{{4}} ja", page
    )


def test_an_informed_insurer_and_one_without_decision(client, scene):
    agreement = scene.agreement(
        "representation", [(scene.lead, True, None), (scene.other, False, None)]
    )
    services.submit(scene.editor, agreement, on=DAY)
    client.force_login(scene.world.viewer)
    page = text(client.get(url(agreement)))
    assert f"{scene.lead.name} preferent besluit nog geen besluit nee" in page
    assert f"{scene.other.name} wordt geïnformeerd nog geen besluit nee" in page


@pytest.mark.parametrize("model", ProcurementModel.values)
def test_the_submit_area_says_who_decides_under_the_model(client, scene, model):
    agreement = f.AgreementFactory(region=scene.region, procurement_model=model)
    client.force_login(scene.world.editor)
    page = text(client.get(url(agreement)))
    assert str(PROCUREMENT_RULES[model].explanation) in page


def test_the_parties_sign_a_letter_of_intent(client, scene):
    agreement = f.AgreementFactory(
        region=scene.region, type="letter_of_intent", procurement_model=""
    )
    client.force_login(scene.world.editor)
    assert "De partijen ondertekenen de afspraak" in text(client.get(url(agreement)))


def test_the_submit_area_lists_what_the_model_still_needs(client, scene):
    agreement = scene.agreement("aligned_content", [(scene.other, False, None)])
    client.force_login(scene.world.editor)
    page = text(client.get(url(agreement)))
    assert "Nodig voor het indienen onder dit inkoopmodel:" in page
    assert "Noem het gepubliceerde kader dat de afspraak volgt" in page
    agreement.framework = "Leidraad wijkgerichte zorg"
    agreement.save()
    assert "Nodig voor het indienen" not in text(client.get(url(agreement)))


def sign(client, agreement, party, **data):
    prefix = f"partij-{party.pk}"
    return client.post(
        url(agreement, "agreement_sign", party.pk),
        {f"{prefix}-{name}": value for name, value in data.items()},
    )


def test_signing_on_the_page_makes_the_agreement_active_once_all_signed(client, scene):
    agreement, (founder, insurer) = intent(scene)
    client.force_login(scene.world.editor)
    page = client.get(url(agreement)).text
    for party in (founder, insurer):
        assert f'action="{url(agreement, "agreement_sign", party.pk)}"' in page

    response = sign(client, agreement, founder, signatory="H. Arts", signed_on="2026-06-01")
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == S.AWAITING_SIGNATURES
    page = text(client.get(url(agreement)))
    assert "Ondertekend door H. Arts op 1 juni 2026" in page
    assert url(agreement, "agreement_sign", founder.pk) not in page

    sign(client, agreement, insurer, signatory="V. Zeker", signed_on="2026-06-02")
    agreement.refresh_from_db()
    assert agreement.status == S.ACTIVE


def test_a_refused_signature_shows_why_beside_the_fields(client, scene):
    agreement, (founder, _insurer) = intent(scene)
    client.force_login(scene.world.editor)
    response = sign(client, agreement, founder, signatory="H. Arts", signed_on="2999-01-01")
    assert response.status_code == 422
    assert "De datum van ondertekening ligt in de toekomst." in response.text
    assert 'value="H. Arts"' in response.text
    response = sign(client, agreement, founder, signed_on="2026-06-01")
    assert response.status_code == 422
    assert not founder.signatures.exists()


def test_signing_a_reviewed_agreement_is_refused(client, scene):
    agreement = followed(scene)
    party = agreement.parties.get(organisation=scene.other)
    client.force_login(scene.world.editor)
    response = sign(client, agreement, party, signatory="H. Arts", signed_on="2026-06-01")
    assert response.status_code == 302
    assert "niet door de partijen ondertekend" in text(client.get(response.url))
    assert not party.signatures.exists()


def test_asking_an_insurer_to_follow(client, scene):
    agreement = scene.agreement("follow", [(scene.lead, True, None), (scene.other, False, None)])
    services.submit(scene.editor, agreement, on=DAY)
    other = agreement.parties.get(organisation=scene.other)
    follow_url = url(agreement, "agreement_ask_to_follow", other.pk)
    client.force_login(scene.world.editor)
    assert follow_url not in client.get(url(agreement)).text  # the lead has not decided
    scene.decide(agreement, scene.lead, "approve")
    page = client.get(url(agreement)).text
    assert f'action="{follow_url}"' in page
    lead = agreement.parties.get(organisation=scene.lead)
    assert url(agreement, "agreement_ask_to_follow", lead.pk) not in page

    assert client.post(follow_url).status_code == 302
    other.refresh_from_db()
    assert other.follow_requested_at is not None
    assert "gevraagd te volgen op" in text(client.get(url(agreement)))

    response = client.post(url(agreement, "agreement_ask_to_follow", lead.pk), follow=True)
    assert "Alleen een andere zorgverzekeraar dan de preferente" in text(response)


def test_viewers_may_not_sign_or_ask_and_other_regions_do_not_find_them(client, scene):
    agreement, (founder, _insurer) = intent(scene)
    follow = followed(scene)
    other = follow.parties.get(organisation=scene.other)
    urls = [
        url(agreement, "agreement_sign", founder.pk),
        url(follow, "agreement_ask_to_follow", other.pk),
    ]
    client.force_login(scene.world.viewer)
    for target in urls:
        assert client.post(target).status_code == 403
    assert "Handtekening vastleggen" not in client.get(url(agreement)).text
    assert "Vraag te volgen" not in client.get(url(follow)).text
    for target in urls:
        assert_url_not_found(client, target, scene.world.other_region_editor, method="post")
    assert not founder.signatures.exists()
    other.refresh_from_db()
    assert other.follow_requested_at is None


def test_a_party_of_another_agreement_is_not_found(client, scene):
    agreement, _parties = intent(scene)
    _other, (foreign, _insurer) = intent(scene)
    client.force_login(scene.world.editor)
    response = sign(client, agreement, foreign, signatory="H. Arts", signed_on="2026-06-01")
    assert response.status_code == 404


def test_the_detail_page_takes_a_fixed_number_of_queries(client, scene, django_assert_num_queries):
    client.force_login(scene.world.editor)
    agreement = followed(scene)
    with django_assert_num_queries(20):
        assert client.get(url(agreement)).status_code == 200
    for _ in range(3):
        organisation = f.OrganisationFactory(insurer=True, regions=[scene.region])
        f.PartyFactory(agreement=agreement, organisation=organisation, is_lead=False)
        scene.decide(agreement, organisation, "follow_both")
    with django_assert_num_queries(20):
        assert client.get(url(agreement)).status_code == 200


def test_the_form_takes_framework_price_acm_reference_and_cost_shares(client, scene):
    from .test_staff_forms import agreement_data, rows

    client.force_login(scene.world.editor)
    data = agreement_data(
        scene.world,
        procurement_model="aligned_content_price",
        framework="Leidraad wijkgerichte zorg",
        price_arrangement="lump_sum",
        acm_reference="ACM/24/123",
        **rows(
            "parties",
            [
                {"organisation": scene.lead.pk, "is_lead": "on", "cost_share": "60"},
                {"organisation": scene.other.pk, "cost_share": "40"},
            ],
        ),
    )
    response = client.post(reverse("staff:agreement_create", args=[scene.region.code]), data)
    assert response.status_code == 302
    agreement = scene.region.agreements.get(reference="UTW-OI-2026")
    assert (agreement.framework, agreement.price_arrangement, agreement.acm_reference) == (
        "Leidraad wijkgerichte zorg",
        "lump_sum",
        "ACM/24/123",
    )
    shares = dict(agreement.parties.values_list("organisation_id", "cost_share"))
    assert shares == {scene.lead.pk: 60, scene.other.pk: 40}
    edit = client.get(url(agreement, "agreement_edit")).text
    assert 'value="Leidraad wijkgerichte zorg"' in edit and 'value="60.00"' in edit
    assert "Nodig voor het indienen" not in text(client.get(url(agreement)))
