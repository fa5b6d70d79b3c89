"""With English chosen the national pages speak one language: every text on them comes through
the translation catalogue, or is data (names of regions, organisations, disciplines, people).

Two checks. Marking, independent of locale/en: under a pseudo-English catalogue every msgid is
"translated" into full-width letters (placeholders and markup left alone), so any text on the
page that still has plain ASCII letters, once the data is taken out, was not marked for
translation. Translating: every msgid those pages asked for has an English translation in
locale/en (Django's own msgids, English already, aside).
"""

import csv
import gettext
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import django
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import trans_real

from agreements.models import AgreementStatus
from national.services import take_snapshot
from national.tiles import CARE_OFFICE_TILES
from progress.models import Kpi, Measurement, TargetKpi
from regions.models import Discipline, Organisation, Region, RegionTask, TaskStatus

from . import factories as f

pytestmark = pytest.mark.django_db

# placeholders (%(name)s, %s, %d, %%, {name}), tags and entities keep their letters
UNTOUCHED = re.compile(r"%(?:\([^)]*\))?[sdif%]|\{[^}]*\}|<[^>]*>|&[#\w]+;")
FULL_WIDTH = {code: code + 0xFEE0 for code in [*range(0x41, 0x5B), *range(0x61, 0x7B)]}
# shown as they are: the language switch (each language in its own name) and file formats
NOT_TRANSLATED = ["Nederlands", "English", "NL", "EN", "CSV", "Excel", "xlsx"]


def pseudo(message: str) -> str:
    parts, last = [], 0
    for match in UNTOUCHED.finditer(message):
        parts += [message[last : match.start()].translate(FULL_WIDTH), match.group()]
        last = match.end()
    return "".join([*parts, message[last:].translate(FULL_WIDTH)])


class PseudoEnglish(trans_real.DjangoTranslation):
    """Translates every msgid (without its context, for pgettext) into :func:`pseudo`, and
    keeps the msgids it was asked for: a string, or (singular, plural)."""

    def __init__(self, language):
        super().__init__(language)
        self.asked = set()

    def gettext(self, message):
        self.asked.add(message)
        return pseudo(message.rpartition(trans_real.CONTEXT_SEPARATOR)[2])

    def ngettext(self, singular, plural, n):
        self.asked.add((singular, plural))
        return pseudo((singular if n == 1 else plural).rpartition(trans_real.CONTEXT_SEPARATOR)[2])


@pytest.fixture
def pseudo_english(client, monkeypatch):
    catalogue = PseudoEnglish("en")
    monkeypatch.setitem(trans_real._translations, "en", catalogue)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.catalogue = catalogue
    return client


class Texts(HTMLParser):
    """Every text a person can meet on the page: text nodes and the attributes read aloud."""

    ATTRIBUTES = {"aria-label", "title", "alt", "placeholder"}

    def __init__(self):
        super().__init__()
        self.texts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")
        self.texts += [value for name, value in attrs if name in self.ATTRIBUTES and value]

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.texts.append(data.strip())


def data_names(user) -> list[str]:
    names = [
        *Region.objects.values_list("name", flat=True),
        *Region.objects.values_list("care_office_region", flat=True),
        *Organisation.objects.values_list("name", flat=True),
        *Discipline.objects.values_list("name", flat=True),
        *(text for kpi in Kpi.objects.values_list() for text in kpi if isinstance(text, str)),
        *CARE_OFFICE_TILES,  # the zorgkantoorregio's of the map, and their short names
        *(short for _column, _row, short in CARE_OFFICE_TILES.values()),
        user.get_full_name(),
    ]
    return sorted(names, key=len, reverse=True)  # the longest first: one may contain another


def untranslated(texts, user) -> list[str]:
    names = data_names(user) + NOT_TRANSLATED
    found = []
    for text in texts:
        rest = text
        for name in names:
            rest = rest.replace(name, " ")
        if re.search(r"[A-Za-z]", rest):
            found.append(text)
    return found


def page_texts(response) -> list[str]:
    assert response.status_code == 200
    parser = Texts()
    parser.feed(response.content.decode())
    return parser.texts


@pytest.fixture
def national_data(world):
    """A region with figures in every part of the dashboard, and a day of the trend."""
    region = world.region
    region.lead_insurer = world.party_insurer
    region.save()
    RegionTask.objects.create(region=region, task=1, status=TaskStatus.IN_PLACE)
    f.MandateFactory(region=region, valid_from=timezone.localdate(), valid_until=None)
    f.AllianceContactFactory(neighbourhood=world.neighbourhood)
    f.BottleneckFactory(neighbourhood=world.neighbourhood, escalated_at=timezone.now())
    agreement = f.AgreementFactory(region=region, status=AgreementStatus.ACTIVE)
    f.PartyFactory(agreement=agreement, organisation=world.party_insurer)
    f.BudgetLineFactory(agreement=agreement, year=timezone.localdate().year)
    target = f.TargetFactory(agreement=agreement)
    TargetKpi.objects.create(target=target, kpi=Kpi.objects.get(code="gp-waiting-time"))
    day = timezone.localdate()
    Measurement.objects.create(
        target=target, period_start=day, period_end=day, value=3, source="Eigen telling"
    )
    take_snapshot()
    return world


def test_the_pseudo_catalogue_leaves_placeholders_and_markup_alone():
    assert pseudo("Stand op %(day)s.") == "Ｓｔａｎｄ ｏｐ %(day)s."
    assert pseudo('<a href="x">%s van %d</a>') == '<a href="x">%s ｖａｎ %d</a>'


@pytest.mark.parametrize("url_name", ["national:dashboard", "national:region", "national:kpis"])
def test_the_national_pages_in_english_have_no_text_outside_the_catalogue(
    pseudo_english, national_data, url_name
):
    client = pseudo_english
    client.force_login(national_data.national)
    args = [national_data.region.code] if url_name == "national:region" else []

    response = client.get(reverse(url_name, args=args))

    assert response.content.decode().count('lang="en"') >= 1
    texts = page_texts(response)
    assert len(texts) > 50
    assert untranslated(texts, national_data.national) == []


def test_the_csv_export_in_english_has_its_headers_from_the_catalogue(
    pseudo_english, national_data
):
    client = pseudo_english
    client.force_login(national_data.national)

    response = client.get(reverse("national:export_csv"))

    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert untranslated(header, national_data.national) == []


def compiled_catalogue(localedir, language) -> dict:
    """The translated entries of one compiled catalogue: msgid (or (msgid, n)) -> msgstr."""
    return gettext.translation("django", localedir, [language])._catalog


def catalogue_key(msgid):
    return msgid if isinstance(msgid, str) else (msgid[0], 0)


def test_every_text_of_the_national_pages_has_an_english_translation(pseudo_english, national_data):
    """Fails until locale/en has an msgstr for each msgid the national pages use (the lead
    regenerates and compiles the English catalogue)."""
    client = pseudo_english
    client.force_login(national_data.national)
    for url in (
        reverse("national:dashboard"),
        reverse("national:region", args=[national_data.region.code]),
        reverse("national:kpis"),
        reverse("national:export_csv"),
    ):
        assert client.get(url).status_code == 200
    english = compiled_catalogue(settings.LOCALE_PATHS[0], "en")
    # Django's own msgids are English already: its Dutch catalogue knows them
    djangos = compiled_catalogue(Path(django.__file__).parent / "conf" / "locale", "nl")
    missing = sorted(
        str(msgid)
        for msgid in client.catalogue.asked
        if str(msgid) not in NOT_TRANSLATED
        and all(catalogue_key(msgid) not in known for known in (english, djangos))
    )
    assert missing == []


def test_the_dashboard_writes_every_date_in_one_style(client, national_data):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(national_data.national)

    text = client.get(reverse("national:dashboard")).text

    with translation.override("en"):
        day = timezone.localdate()
        assert date_format(day, "j F Y") in text  # the page's day and the trend's table
        assert date_format(day, "N j, Y") not in text
