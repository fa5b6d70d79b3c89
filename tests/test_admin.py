"""The admin for platform admins: every model registered, every page answers, lists stay flat.

Pages are fetched as a platform admin (a superuser). ``MAKERS`` makes one row of a model; a
model registered in the admin without a maker only gets its list and add page checked.
"""

import datetime
import itertools

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.timezone import now
from pghistory.models import Event

from agreements import services as agreement_services
from agreements.models import (
    Agreement,
    AgreementGoal,
    AgreementGroupObjectPermission,
    AgreementParty,
    AgreementVersion,
    BudgetLine,
    Review,
)
from documents.models import Document
from mandates.models import Mandate, MandateScope
from neighbourhoods.models import COORDINATE_PERMISSION, NeighbourhoodUserObjectPermission
from regions.models import Discipline, RegionIndicator, RegionTask, RoadmapYear
from spreadsheets.models import ImportBatch

from . import factories as f

pytestmark = pytest.mark.django_db

DOMAIN_APPS = (
    "accounts",
    "regions",
    "neighbourhoods",
    "mandates",
    "agreements",
    "documents",
    "spreadsheets",
)
_n = itertools.count(1)


def make_version():
    return f.AgreementFactory(submitted=True).versions.get()


def make_review():
    """The lead insurer's request for changes: the agreement is editable again."""
    return f.AgreementFactory(changes_requested=True).reviews.get()


def make_signature():
    """A party's signature under an intentieovereenkomst that waits for a second one."""
    agreement = f.AgreementFactory(type="letter_of_intent", procurement_model="")
    parties = f.PartyFactory.create_batch(2, agreement=agreement, is_lead=False)
    f.move_to(agreement, "awaiting_signatures")
    return agreement_services.sign(
        f.region_editor(agreement.region),
        agreement,
        parties[0],
        signatory="A. de Vries",
        signed_on=agreement.versions.get().created_at.date(),
    )


def make_agreement_goal():
    agreement = f.AgreementFactory()
    return AgreementGoal.objects.create(
        agreement=agreement, goal=f.RegionGoalFactory(region=agreement.region)
    )


def make_neighbourhood_grant():
    return NeighbourhoodUserObjectPermission.objects.create(
        user=f.UserFactory(),
        permission=Permission.objects.get(codename=COORDINATE_PERMISSION),
        content_object=f.NeighbourhoodFactory(),
    )


def make_agreement_grant():
    return AgreementGroupObjectPermission.objects.create(
        group=f.OrganisationFactory(insurer=True).group,
        permission=Permission.objects.get(
            codename="view_agreement", content_type__app_label="agreements"
        ),
        content_object=f.AgreementFactory(),
    )


def access(model, **extra):
    return lambda: model.objects.create(
        username=f"gebruiker-{next(_n)}",
        ip_address="192.0.2.1",
        user_agent="pytest",
        http_accept="*/*",
        path_info="/login/",
        **extra,
    )


MAKERS = {
    "accounts.User": lambda: f.UserFactory(),
    "auth.Group": lambda: Group.objects.create(name=f"groep-{next(_n)}"),
    "regions.Region": lambda: f.RegionFactory(),
    "regions.Discipline": lambda: Discipline.objects.create(
        code=f"test-{next(_n)}", name=f"Testdiscipline {next(_n)}"
    ),
    "regions.Organisation": lambda: f.OrganisationFactory(
        insurer=True, regions=[f.RegionFactory()]
    ),
    "regions.RegionTask": lambda: RegionTask.objects.create(region=f.RegionFactory(), task=1),
    "regions.RegionMembership": lambda: f.MembershipFactory(),
    "regions.RegionGoal": lambda: f.RegionGoalFactory(),
    "regions.RegionAction": lambda: f.RegionActionFactory(),
    "regions.RegionIndicator": lambda: RegionIndicator.objects.create(
        region=f.RegionFactory(), kind="share_75_plus", year=2025, value=9
    ),
    "regions.RoadmapYear": lambda: RoadmapYear.objects.create(
        year=2040 + RoadmapYear.objects.count(), expected_phase="deepening"
    ),
    "documents.Document": lambda: Document.objects.create(
        region=f.RegionFactory(), kind="regiobeeld", fingerprint="0" * 64
    ),
    "spreadsheets.ImportBatch": lambda: ImportBatch.objects.create(
        region=f.RegionFactory(), kind="neighbourhoods", file_name="wijken.xlsx", expires_at=now()
    ),
    "neighbourhoods.Neighbourhood": lambda: f.NeighbourhoodFactory(),
    "neighbourhoods.AllianceContact": lambda: f.AllianceContactFactory(),
    "neighbourhoods.Bottleneck": lambda: f.BottleneckFactory(),
    "neighbourhoods.NeighbourhoodUserObjectPermission": make_neighbourhood_grant,
    "mandates.Mandate": lambda: f.MandateFactory(),
    "agreements.Agreement": lambda: f.AgreementFactory(),
    "agreements.AgreementParty": lambda: f.PartyFactory(),
    "agreements.AgreementDiscipline": lambda: f.CoveredDisciplineFactory(),
    "agreements.AgreementGoal": make_agreement_goal,
    "agreements.BudgetLine": lambda: f.BudgetLineFactory(),
    "agreements.Target": lambda: f.TargetFactory(),
    "agreements.AgreementVersion": make_version,
    "agreements.Review": make_review,
    "agreements.Signature": make_signature,
    "agreements.AgreementGroupObjectPermission": make_agreement_grant,
    "axes.AccessAttempt": access(AccessAttempt, get_data="", post_data="", failures_since_start=1),
    "axes.AccessLog": access(AccessLog),
    "axes.AccessFailureLog": access(AccessFailureLog),
}

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)
FROZEN = (AgreementVersion, Review)


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def superuser(client):
    user = f.UserFactory(platform_admin=True)
    client.force_login(user)
    return user


def test_every_domain_model_is_registered_and_has_a_maker():
    domain_models = [
        model
        for label in DOMAIN_APPS
        for model in apps.get_app_config(label).get_models()
        if not issubclass(model, Event)  # history rows: shown through the events admin
    ]
    assert [m._meta.label for m in domain_models if m not in admin.site._registry] == []
    assert [m._meta.label for m in domain_models if m._meta.label not in MAKERS] == []


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_list_search_add_and_change_pages_answer(client, rf, superuser, model):
    maker = MAKERS.get(model._meta.label)
    obj = maker() if maker else None

    assert client.get(url(model, "changelist")).status_code == 200
    assert client.get(url(model, "changelist"), {"q": "Fictief"}).status_code == 200

    request = rf.get("/")
    request.user = superuser
    can_add = admin.site._registry[model].has_add_permission(request)
    assert client.get(url(model, "add")).status_code == (200 if can_add else 403)

    if obj is not None:
        assert client.get(url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize("label", sorted(set(MAKERS) & {m._meta.label for m in REGISTERED}))
def test_list_pages_do_not_grow_in_queries_with_rows(client, superuser, label):
    model, maker = apps.get_model(label), MAKERS[label]
    maker()
    client.get(url(model, "changelist"))  # warm caches (content types, sessions)

    with CaptureQueriesContext(connection) as one_row:
        assert client.get(url(model, "changelist")).status_code == 200
    for _ in range(4):
        maker()
    with CaptureQueriesContext(connection) as more_rows:
        assert client.get(url(model, "changelist")).status_code == 200

    assert len(more_rows) == len(one_row), [q["sql"] for q in more_rows.captured_queries]


def test_agreement_list_does_not_grow_in_queries_with_agreements(client, superuser):
    changelist = url(Agreement, "changelist")
    f.PartyFactory()
    client.get(changelist)

    with CaptureQueriesContext(connection) as one:
        response = client.get(changelist)
    assert response.context["cl"].result_count == 1
    for _ in range(4):
        f.PartyFactory()
    with CaptureQueriesContext(connection) as five:
        response = client.get(changelist)

    assert response.context["cl"].result_count == 5
    assert len(five) == len(one)


@pytest.mark.parametrize("maker", [make_version, make_review], ids=["version", "review"])
def test_frozen_rows_are_view_only(client, superuser, maker):
    obj = maker()
    model = type(obj)

    page = client.get(url(model, "change", obj.pk))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert client.post(url(model, "change", obj.pk), {}).status_code == 403
    assert client.get(url(model, "delete", obj.pk)).status_code == 403
    assert client.get(url(model, "add")).status_code == 403

    # On the agreement's page the row is listed, with a link to view it, but has no inputs.
    agreement_page = client.get(url(Agreement, "change", obj.agreement_id)).content.decode()
    prefix = {AgreementVersion: "versions", Review: "reviews"}[model]
    assert f'href="{url(model, "change", obj.pk)}"' in agreement_page
    assert f'name="{prefix}-MAX_NUM_FORMS" value="0"' in agreement_page
    assert (
        f'name="{prefix}-0-{"number" if model is AgreementVersion else "decision"}"'
        not in agreement_page
    )


def form_data(response):
    """What the browser would post back for the admin change page in ``response``."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            data[bound.html_name] = "on" if value is True else value
    return data


def test_an_agreement_with_children_and_frozen_rows_can_be_saved(client, superuser):
    review = make_review()
    agreement = review.agreement
    f.PartyFactory(agreement=agreement, is_lead=False)
    change = url(Agreement, "change", agreement.pk)
    data = form_data(client.get(change))
    data.update(
        {
            "title": "Herziene titel",
            "budget_lines-TOTAL_FORMS": 1,
            "budget_lines-0-year": agreement.period_end.year,
            "budget_lines-0-source": "insurer_nza",
            "budget_lines-0-segment": "S3",
            "budget_lines-0-amount": "1000.00",
            "_save": "Opslaan",
        }
    )

    response = client.post(change, data)

    assert response.status_code == 302, [
        response.context["adminform"].form.errors,
        *[inline.formset.errors for inline in response.context["inline_admin_formsets"]],
    ]
    agreement.refresh_from_db()
    assert agreement.title == "Herziene titel"
    (line,) = agreement.budget_lines.all()
    assert line.region_id == agreement.region_id  # inherited from the agreement
    assert AgreementVersion.objects.get().number == 1
    assert Review.objects.get() == review


def test_an_admin_edit_is_recorded_and_shown_on_the_change_page(client, superuser):
    mandate = f.MandateFactory(delegate_name="A. Oud")
    change = url(Mandate, "change", mandate.pk)
    data = {
        "discipline": mandate.discipline_id,
        "organisation": mandate.organisation_id,
        "delegate_name": "B. Nieuw",
        "delegate_email": "",
        "scope": [MandateScope.CONTRACTING, MandateScope.ACUTE_CARE],
        "valid_from": "2026-01-01",
        "valid_until": "2027-12-31",
        "backing_practitioners": 80,
        "discipline_practitioners": 100,
        "revoked_on": "",
        "revocation_reason": "",
        "_save": "Opslaan",
    }

    response = client.post(change, data, headers={"X-Request-ID": "admin-edit-1"})

    assert response.status_code == 302, response.context["adminform"].form.errors
    mandate.refresh_from_db()
    assert mandate.scope == [MandateScope.CONTRACTING, MandateScope.ACUTE_CARE]
    event = Mandate.pgh_event_model.objects.get(pgh_obj=mandate, pgh_label="update")
    assert event.pgh_context.metadata == {
        "user": superuser.pk,
        "url": change,
        "method": "POST",
        "request_id": "admin-edit-1",
    }

    page = client.get(change).content.decode()
    assert "Wijzigingsgeschiedenis" in page
    assert superuser.username in page
    assert "Gemandateerde: A. Oud → B. Nieuw" in page
    assert f"POST {change} admin-edit-1" in page

    # The change page's "Geschiedenis" link leads to every recorded change of the object.
    history = client.get(url(Mandate, "history", mandate.pk))
    events_url = reverse("admin:pghistory_middlewareevents_changelist")
    assert history.status_code == 302
    assert history["Location"].startswith(
        events_url + "?" + urlencode({"method": "tracks", "obj": f"mandates.Mandate:{mandate.pk}"})
    )
    events = client.get(history["Location"])
    assert events.status_code == 200
    assert events.context["cl"].result_count == 2  # insert (factory) and the admin's update
    assert f"POST {change} admin-edit-1" in events.content.decode()


def test_a_row_of_another_region_is_refused_in_the_form(client, superuser):
    agreement = f.AgreementFactory()
    foreign_goal = f.RegionGoalFactory()  # in another region

    response = client.post(
        url(AgreementGoal, "add"),
        {"agreement": agreement.pk, "goal": foreign_goal.pk, "_save": "Opslaan"},
    )

    assert response.status_code == 200
    assert "Dit hoort bij een andere regio." in response.context["adminform"].form.errors["goal"]
    assert not AgreementGoal.objects.exists()


def test_the_user_page_shows_region_memberships_and_groups(client, superuser):
    membership = f.MembershipFactory()
    insurer = f.OrganisationFactory(insurer=True, members=[membership.user])

    page = client.get(url(type(membership.user), "change", membership.user.pk))
    listing = client.get(url(type(membership.user), "changelist"))

    assert str(membership.region) in page.content.decode()
    assert insurer.group.name in listing.content.decode()


def test_a_new_agreement_takes_its_children_along_and_refuses_a_foreign_goal(client, superuser):
    region = f.RegionFactory()
    insurer = f.OrganisationFactory(insurer=True, regions=[region])
    own_goal, foreign_goal = f.RegionGoalFactory(region=region), f.RegionGoalFactory()
    add = url(Agreement, "add")
    data = form_data(client.get(add))
    data.update(
        {
            "region": region.pk,
            "reference": "AFS-NIEUW",
            "title": "Nieuwe afspraak",
            "type": "oi",
            "procurement_model": "follow",
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
            "main_tasks": ["1", "4"],
            "parties-TOTAL_FORMS": 1,
            "parties-0-organisation": insurer.pk,
            "parties-0-is_lead": "on",
            "goals-TOTAL_FORMS": 1,
            "goals-0-goal": foreign_goal.pk,
            "_save": "Opslaan",
        }
    )

    refused = client.post(add, data)

    assert refused.status_code == 200
    goals = next(
        inline.formset
        for inline in refused.context["inline_admin_formsets"]
        if inline.formset.prefix == "goals"
    )
    assert goals.errors == [{"goal": ["Dit hoort bij een andere regio."]}]
    assert not Agreement.objects.exists()

    data["goals-0-goal"] = own_goal.pk
    assert client.post(add, data).status_code == 302
    agreement = Agreement.objects.get(reference="AFS-NIEUW")
    assert agreement.main_tasks == [1, 4]
    assert agreement.status == "draft"
    assert {(p.organisation, p.region) for p in agreement.parties.all()} == {(insurer, region)}
    assert [g.goal for g in agreement.goals.all()] == [own_goal]


def test_an_active_agreement_is_read_only_in_the_admin(client, superuser):
    agreement = f.AgreementFactory(active=True)
    party = agreement.parties.get()
    line = f.BudgetLineFactory(agreement=agreement)
    municipality = f.OrganisationFactory(kind="municipality", regions=[agreement.region])
    change = url(Agreement, "change", agreement.pk)

    page = client.get(change)

    assert page.status_code == 200
    text = page.content.decode()
    assert 'name="_save"' not in text
    assert 'name="title"' not in text
    assert escape(agreement.title) in text
    assert 'name="parties-0-organisation"' not in text
    assert 'name="budget_lines-0-amount"' not in text
    assert 'name="parties-MAX_NUM_FORMS" value="0"' in text  # no row to add either
    assert client.post(change, {"title": "Gewijzigd"}).status_code == 403
    # Nor on the pages of the rows themselves: a municipality does not become the lead.
    party_change = url(AgreementParty, "change", party.pk)
    assert client.get(party_change).status_code == 200
    data = {"agreement": agreement.pk, "organisation": municipality.pk, "is_lead": "on"}
    assert client.post(party_change, data).status_code == 403
    assert client.post(url(BudgetLine, "delete", line.pk), {"post": "yes"}).status_code == 403
    added = client.post(url(AgreementParty, "add"), {**data, "_save": "Opslaan"})
    assert added.status_code == 200 and "agreement" in added.context["adminform"].form.errors
    agreement.refresh_from_db()
    assert agreement.title != "Gewijzigd"
    assert list(agreement.parties.all()) == [party] and party.organisation.is_insurer
    assert agreement.budget_lines.get() == line


def test_the_admin_refuses_a_municipality_as_lead(client, superuser):
    agreement = f.AgreementFactory()
    municipality = f.OrganisationFactory(kind="municipality", regions=[agreement.region])

    response = client.post(
        url(AgreementParty, "add"),
        {
            "agreement": agreement.pk,
            "organisation": municipality.pk,
            "is_lead": "on",
            "_save": "Opslaan",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["organisation"] == [
        "De preferente partij moet een zorgverzekeraar zijn."
    ]
    assert not agreement.parties.filter(organisation=municipality).exists()


def test_the_admin_refuses_a_budget_year_outside_the_period(client, superuser):
    agreement = f.AgreementFactory(
        period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2027, 12, 31)
    )
    change = url(Agreement, "change", agreement.pk)
    data = form_data(client.get(change))
    data.update(
        {
            "budget_lines-TOTAL_FORMS": 1,
            "budget_lines-0-year": 2028,
            "budget_lines-0-source": "insurer_nza",
            "budget_lines-0-segment": "S2",
            "budget_lines-0-amount": "1000.00",
            "_save": "Opslaan",
        }
    )

    refused = client.post(change, data)

    assert refused.status_code == 200
    (budget,) = [
        inline.formset
        for inline in refused.context["inline_admin_formsets"]
        if inline.formset.prefix == "budget_lines"
    ]
    assert budget.errors == [{"year": ["Het jaar valt buiten de looptijd (2026-2027)."]}]
    assert not agreement.budget_lines.exists()
