"""Dutch as a reader expects it on the staff pages: singular and plural agree with the number,
a recorded review says what was decided, no English abbreviations."""

import re

import pytest
from django.urls import reverse

from agreements import services
from regions.models import ActionStatus
from regions.tenancy import Role

from . import factories as f

pytestmark = pytest.mark.django_db


def text_of(client, name, region, *args):
    response = client.get(reverse(f"staff:{name}", args=[region.code, *args]))
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))


@pytest.fixture
def region(client):
    region = f.RegionFactory()
    client.force_login(f.MembershipFactory(region=region, role=Role.EDITOR).user)
    return region


def complete_alliance(neighbourhood):
    for code in ("gp", "district_nursing", "pharmacy", "social_domain"):
        f.AllianceContactFactory(neighbourhood=neighbourhood, discipline=f.discipline(code))


def test_the_overview_counts_neighbourhoods_in_singular_and_plural(client, region):
    complete_alliance(f.NeighbourhoodFactory(region=region))
    f.NeighbourhoodFactory(region=region)
    text = text_of(client, "region_home", region)
    assert "1 van de 2 wijken heeft een compleet wijkverband" in text
    assert "1 wijk mist een kernspeler" in text
    f.NeighbourhoodFactory(region=region)
    text = text_of(client, "region_home", region)
    assert "2 wijken missen een kernspeler" in text


def test_plan_progress_in_singular(client, region):
    f.RegionActionFactory(goal__region=region, status=ActionStatus.PLANNED)
    html = client.get(reverse("staff:plan", args=[region.code])).text
    assert 'aria-label="0 van 1 actie afgerond"' in html


def test_the_mandate_matrix_counts_in_singular(client, region):
    f.MandateFactory(region=region, valid_until=None)
    html = client.get(reverse("staff:mandate_list", args=[region.code])).text
    assert 'aria-label="1 mandaat huisartsenzorg, geldig"' in html


def test_a_recorded_review_says_what_was_decided(client, region):
    agreement = f.AgreementFactory(region=region)
    party = f.PartyFactory(agreement=agreement)
    f.CoveredDisciplineFactory(agreement=agreement)
    f.MandateFactory(region=region, valid_until=None)
    editor = f.MembershipFactory(region=region, role=Role.EDITOR).user
    services.submit(editor, agreement)
    reviewer = f.UserFactory()
    party.organisation.group.user_set.add(reviewer)
    services.review(reviewer, agreement, version=1, decision="request_changes", comment="Graag.")

    for name, args in (
        ("agreement_detail", [agreement.pk]),
        ("agreement_version", [agreement.pk, 1]),
    ):
        text = text_of(client, name, region, *args)
        assert f"{party.organisation}" in text
        assert "wijziging gevraagd" in text and "wijziging vragen" not in text

    version = client.get(reverse("staff:agreement_version", args=[region.code, agreement.pk, 1]))
    title = re.search(r"<title>(.*?)</title>", version.text, re.S)[1]
    assert f"{agreement.reference}, versie 1" in title and " v1" not in title


def test_the_difference_between_versions_names_what_went_and_came(client, region):
    agreement = f.AgreementFactory(region=region)
    f.PartyFactory(agreement=agreement)
    f.CoveredDisciplineFactory(agreement=agreement)
    f.MandateFactory(region=region, valid_until=None)
    editor = f.MembershipFactory(region=region, role=Role.EDITOR).user
    services.submit(editor, agreement)
    agreement.status = "changes_requested"
    agreement.save(update_fields=["status"])
    services.save_draft(
        editor, agreement=agreement, token=agreement.edit_token, fields={"title": "Nieuw"}
    )
    services.submit(editor, agreement)
    text = text_of(client, "agreement_diff", region, agreement.pk)
    assert "Verwijderd: − Titel:" in text and "Toegevoegd: + Titel: Nieuw" in text
    assert "Weg:" not in text


# Het-words of the domain: "het regiobeeld", "een nieuw regioplan", never "de regiobeeld".
HET_WORDS = r"regiobeeld|regioplan|mandaat|wijkverband|samenwerkingsverband|knelpunt|document"
WRONG_ARTICLE = re.compile(rf"\b(?:[Dd]e|[Dd]eze|een nieuwe)\s+(?:{HET_WORDS})\b")


def test_het_words_take_het_in_every_dutch_text(settings):
    """Every Dutch message (the catalogue's msgids, as makemessages collects them from code
    and templates) and every template's own text."""
    base = settings.BASE_DIR
    sources = [base / "locale" / "en" / "LC_MESSAGES" / "django.po"]
    sources += sorted((base / "templates").rglob("*.html"))
    found = [
        f"{path.relative_to(base)}: {match.group(0)!r}"
        for path in sources
        for match in WRONG_ARTICLE.finditer(re.sub(r'"\n"', "", path.read_text()))
    ]
    assert found == []
