"""A progress report per period (issue 13 item 2): staff choose the period, the PDF shows each
target's measurements up to its end with their dates, planned against realised budget, and what
changed since the previous report of the agreement."""

import datetime
import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from agreements import services as agreement_services
from agreements.models import AgreementStatus, AgreementVersion
from documents import tasks
from documents.models import Document, DocumentKind, DocumentStatus
from documents.services import default_period, report_period, request_document
from progress import services as progress_services
from progress.services import Period
from regions.errors import DomainError

from . import factories as f
from .api_helpers import assert_problem, client_for
from .test_progress import QUARTERS, running_agreement

pytestmark = pytest.mark.django_db

Q2 = Period(datetime.date(2025, 4, 1), datetime.date(2025, 6, 30))
Q3 = Period(datetime.date(2025, 7, 1), datetime.date(2025, 9, 30))


@pytest.fixture(autouse=True)
def storage_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def record(world, target, quarters):
    for start, end, value in quarters:
        progress_services.record_measurement(
            world.editor,
            target,
            period_start=start,
            period_end=end,
            value=value,
            source="Wijkscan",
        )


def made(world, agreement, day) -> Document:
    """A progress report over the period holding ``day``, rendered by the task."""
    document = request_document(
        world.editor, DocumentKind.PROGRESS_REPORT, world.region, agreement, period_day=day
    )
    tasks.render_document.apply((document.pk,))
    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE, document.error
    return document


def text_of(document) -> str:
    with document.file.open("rb") as pdf:
        reader = PdfReader(io.BytesIO(pdf.read()))
        return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_a_report_shows_the_measurements_up_to_its_period_and_what_changed_since(world):
    agreement = running_agreement(world)
    target = agreement.targets.get()
    line = f.BudgetLineFactory(agreement=agreement, year=2025, amount=Decimal("120000"))
    progress_services.set_realisation(world.editor, line, amount=Decimal("98500.50"))
    record(world, target, QUARTERS[:2])

    q2 = made(world, agreement, datetime.date(2025, 5, 15))

    assert q2.period == Q2
    text = text_of(q2)
    assert "Voortgangsrapportage K2 2025" in text
    assert "K1 2025 31 maart 2025 42" in text
    assert "K2 2025 30 juni 2025 47,5" in text
    assert "K3 2025" not in text
    assert (
        "Gepland en gerealiseerd Jaar Gepland Gerealiseerd Verschil 2025 € 120.000 € 98.501" in text
    )
    assert "Dit is de eerste voortgangsrapportage van deze afspraak" in text

    record(world, target, QUARTERS[2:])
    agreement_services.end(world.editor, agreement)
    # The history dates a change by its transaction's start, and this test is one transaction:
    # the ending is dated as it would be, after the previous report.
    apps.get_model("agreements", "AgreementEvent").objects.filter(pgh_obj=agreement).filter(
        status=AgreementStatus.ENDED
    ).update(pgh_created_at=timezone.now())
    AgreementVersion.objects.create(
        agreement=agreement, number=2, snapshot={}, submitted_by=world.editor
    )
    q3 = made(world, agreement, datetime.date(2025, 9, 30))

    text = text_of(q3)
    assert "Voortgangsrapportage K3 2025" in text
    for label, day in (
        ("K1 2025", "31 maart 2025"),
        ("K2 2025", "30 juni 2025"),
        ("K3 2025", "30 september 2025"),
    ):
        assert f"{label} {day}" in text
    changes = text[text.index("Wat is er veranderd sinds de vorige rapportage De vorige") :]
    assert "De vorige voortgangsrapportage ging over K2 2025" in changes
    new_measurements = changes[changes.index("Nieuwe metingen") : changes.index("Statuswijz")]
    assert "K3 2025 30 september 2025 55" in new_measurements
    assert "K2 2025" not in new_measurements
    assert "actief beëindigd" in changes
    versions = changes[changes.index("Nieuwe versies") : changes.index("Hoofdtaken")]
    assert "v2" in versions and "v1" not in versions
    # A report about an earlier period still shows only what it covered.
    assert "K3 2025" not in text_of(made(world, agreement, datetime.date(2025, 4, 1)))


def test_the_period_lies_in_the_term_has_begun_and_defaults_to_the_last_complete_one(world):
    agreement = running_agreement(world)

    assert default_period(agreement, today=datetime.date(2025, 11, 15)) == Period(
        datetime.date(2025, 7, 1), datetime.date(2025, 9, 30)
    )
    # Before any period of its running time has ended: the current one.
    assert default_period(agreement, today=datetime.date(2025, 2, 1)) == Period(
        datetime.date(2025, 1, 1), datetime.date(2025, 3, 31)
    )
    for day, today, code in (
        (datetime.date(2024, 12, 31), datetime.date(2025, 11, 15), "outside_term"),
        (datetime.date(2027, 1, 1), datetime.date(2027, 6, 1), "outside_term"),
        (datetime.date(2025, 10, 1), datetime.date(2025, 8, 1), "future"),
    ):
        with pytest.raises(DomainError) as refused:
            report_period(agreement, day, today=today)
        assert refused.value.codes == [code]
    with pytest.raises(DomainError) as refused:
        request_document(
            world.editor,
            DocumentKind.PROGRESS_REPORT,
            world.region,
            agreement,
            period_day=datetime.date(2024, 6, 30),
        )
    assert "binnen de looptijd van de afspraak (1 januari 2025 – 31 december 2026)" in str(
        refused.value.problems[0].message
    )
    assert not Document.objects.exists()


def test_the_same_period_asked_twice_is_one_document_another_period_another(world):
    agreement = running_agreement(world)
    ask = lambda day: request_document(  # noqa: E731
        world.editor, DocumentKind.PROGRESS_REPORT, world.region, agreement, period_day=day
    )
    first = ask(datetime.date(2025, 6, 30))
    assert ask(datetime.date(2025, 4, 1)) == first
    assert ask(datetime.date(2025, 9, 30)) != first


def test_staff_choose_the_period_in_the_panel(world, client):
    agreement = running_agreement(world)
    client.force_login(world.editor)
    page = client.get(
        reverse("staff:agreement_detail", args=[world.region.code, agreement.pk])
    ).content.decode()

    assert "Maak een nieuwe voortgangsrapportage" in page
    assert '<select id="periode-progress_report" name="periode">' in page
    latest = default_period(agreement)
    assert f'<option value="{latest.start:%Y-%m-%d}" selected>{latest.label}</option>' in page
    assert '<option value="2025-01-01">K1 2025</option>' in page

    client.post(
        reverse("documents:request", args=[world.region.code]),
        {"kind": "progress_report", "afspraak": agreement.pk, "periode": "2025-04-01"},
    )
    assert Document.objects.get().period == Q2

    refused = client.post(
        reverse("documents:request", args=[world.region.code]),
        {"kind": "progress_report", "afspraak": agreement.pk, "periode": "2030-01-01"},
        follow=True,
    ).content.decode()
    assert "Kies een periode binnen de looptijd van de afspraak" in refused
    assert Document.objects.count() == 1


def test_the_api_takes_the_period_and_refuses_one_outside_the_term(world):
    agreement = running_agreement(world)
    client = client_for(world, "region_staff")
    url = reverse("api:agreement-document-list", args=[agreement.pk])

    response = client.post(url, {"period": "2025-08-15"}, format="json")
    assert response.status_code == 202
    assert (response.json()["period_start"], response.json()["period_end"]) == (
        "2025-07-01",
        "2025-09-30",
    )
    problem = assert_problem(client.post(url, {"period": "2024-08-15"}, format="json"), 422)
    assert "looptijd" in str(problem)
    assert Document.objects.count() == 1
