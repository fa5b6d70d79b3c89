import datetime
from decimal import Decimal

import pytest

from agreements import services
from agreements.models import Agreement, AgreementStatus, BudgetLine, BudgetLineEvent
from regions.errors import DomainError

from . import factories as f

pytestmark = pytest.mark.django_db


def content(world, **overrides):
    goal = f.RegionGoalFactory(region=world.region)
    data = {
        "fields": {
            "reference": "UTW-OI-2026",
            "title": "O&I Utrecht-West",
            "type": "oi",
            "procurement_model": "individual",
            "period_start": datetime.date(2026, 1, 1),
            "period_end": datetime.date(2027, 12, 31),
            "main_tasks": [1, 4],
        },
        "parties": [{"organisation": world.party_insurer, "is_lead": True}],
        "disciplines": [
            {"discipline": f.discipline("gp")},
            {"discipline": f.discipline("pharmacy")},
        ],
        "goals": [{"goal": goal}],
        "budget_lines": [
            {"year": 2026, "segment": "S2", "amount": Decimal("120000.00")},
            {"year": 2027, "segment": "S2", "amount": Decimal("125000.00")},
        ],
        "targets": [
            {"name": "Wijken met compleet wijkverband", "unit": "%", "baseline": 40, "goal": 80}
        ],
    }
    data.update(overrides)
    return data


def test_create_a_draft_with_its_content(world):
    agreement = services.save_draft(world.editor, region=world.region, **content(world))
    assert agreement.status == AgreementStatus.DRAFT and agreement.region == world.region
    assert agreement.parties.get().is_lead
    assert sorted(agreement.disciplines.values_list("discipline__code", flat=True)) == [
        "gp",
        "pharmacy",
    ]
    assert agreement.budget_lines.count() == 2
    assert {t.region_id for t in agreement.targets.all()} == {world.region.pk}


def test_update_replaces_lists_and_rewrites_only_changed_rows(world):
    agreement = services.save_draft(world.editor, region=world.region, **content(world))
    unchanged = agreement.budget_lines.get(year=2026)
    services.save_draft(
        world.editor,
        agreement=agreement,
        token=agreement.edit_token,
        budget_lines=[
            {"year": 2026, "segment": "S2", "amount": Decimal("120000.00")},
            {"year": 2027, "segment": "S2", "amount": Decimal("130000.00")},
        ],
        targets=[],
    )
    assert not agreement.targets.exists()
    assert agreement.budget_lines.get(year=2027).amount == Decimal("130000.00")
    assert BudgetLineEvent.objects.filter(pgh_obj_id=unchanged.pk).count() == 1  # insert only


def test_every_broken_rule_is_reported_with_its_field_and_nothing_is_written(world):
    data = content(world)
    data["fields"]["period_end"] = datetime.date(2025, 1, 1)
    data["budget_lines"] = [
        {"year": 2026, "segment": "S2", "amount": Decimal("-1")},
        {"year": 2026, "segment": "S2", "amount": Decimal("5")},
        {"year": 2031, "segment": "S9", "amount": Decimal("5")},
    ]
    data["parties"] = [
        {"organisation": world.party_insurer, "is_lead": True},
        {"organisation": f.OrganisationFactory(kind="municipality"), "is_lead": True},
    ]
    data["goals"] = [{"goal": f.RegionGoalFactory(region=world.other_region)}]
    with pytest.raises(DomainError) as error:
        services.save_draft(world.editor, region=world.region, **data)
    names = {p.name for p in error.value.problems}
    assert {
        "budget_lines[0].amount",
        "budget_lines[1]",
        "budget_lines[2].segment",
        "parties",
        "parties[1].organisation",
        "goals[0].goal",
    } <= names, names
    # The place of a row's problem is structured: the list, the row's position, its field.
    assert {(p.row, p.field, p.code) for p in error.value.problems} >= {
        (("budget_lines", 0), "amount", "min_value"),
        (("budget_lines", 1), None, "duplicate"),
        (("parties", 1), "organisation", "lead_not_insurer"),
        (("goals", 0), "goal", "region"),
        (None, "parties", "leads"),
    }
    assert not Agreement.objects.filter(reference="UTW-OI-2026").exists()
    assert not BudgetLine.objects.filter(amount=5).exists()


def test_budget_years_must_fall_in_the_period(world):
    data = content(world, budget_lines=[{"year": 2031, "segment": "S2", "amount": Decimal("5")}])
    with pytest.raises(DomainError) as error:
        services.save_draft(world.editor, region=world.region, **data)
    assert error.value.codes == ["outside_period"]


def test_a_second_save_from_an_old_copy_is_refused(world):
    agreement = services.save_draft(world.editor, region=world.region, **content(world))
    old_token = agreement.edit_token
    services.save_draft(world.editor, agreement=agreement, token=old_token, fields={"title": "A"})
    with pytest.raises(DomainError) as error:
        services.save_draft(
            world.admin, agreement=agreement, token=old_token, fields={"title": "B"}
        )
    assert error.value.codes == ["stale"] and error.value.conflict
    agreement.refresh_from_db()
    assert agreement.title == "A"


def test_references_are_unique_per_region(world):
    services.save_draft(world.editor, region=world.region, **content(world))
    with pytest.raises(DomainError) as error:
        services.save_draft(world.editor, region=world.region, **content(world))
    (problem,) = error.value.problems
    assert problem.message == "Deze regio heeft al een afspraak met dit kenmerk."


def test_submitted_agreements_cannot_be_saved_as_draft(world):
    agreement = services.save_draft(world.editor, region=world.region, **content(world))
    f.MandateFactory(region=world.region, discipline=f.discipline("gp"))
    f.MandateFactory(region=world.region, discipline=f.discipline("pharmacy"))
    services.submit(world.editor, agreement)
    with pytest.raises(DomainError) as error:
        services.save_draft(world.editor, agreement=agreement, targets=[])
    assert error.value.codes == ["not_editable"]
    assert agreement.targets.count() == 1


def _without_model(world, **fields):
    data = content(world)
    data["fields"] = {**data["fields"], "procurement_model": "", **fields}
    return data


@pytest.mark.parametrize(
    ("fields", "segment", "disciplines", "expected"),
    [
        # ZN's follow policy: GP care through a transformation or segment S3 is followed.
        ({"type": "transformation"}, "S2", ("gp", "pharmacy"), "follow"),
        ({"type": "oi"}, "S3", ("gp",), "follow"),
        # Otherwise the standard: each insurer buys for itself.
        ({"type": "oi"}, "S2", ("gp", "pharmacy"), "individual"),
        ({"type": "transformation"}, "S2", ("pharmacy",), "individual"),
        ({"type": "care_programme"}, "S3", ("pharmacy",), "individual"),
    ],
)
def test_a_draft_without_a_procurement_model_gets_the_default(
    world, fields, segment, disciplines, expected
):
    data = _without_model(world, **fields)
    data["disciplines"] = [{"discipline": f.discipline(code)} for code in disciplines]
    data["budget_lines"] = [{"year": 2026, "segment": segment, "amount": Decimal("1000")}]
    agreement = services.save_draft(world.editor, region=world.region, **data)
    assert agreement.procurement_model == expected


def test_the_default_reads_the_content_the_draft_keeps_and_a_chosen_model_stays(world):
    agreement = services.save_draft(world.editor, region=world.region, **content(world))
    assert agreement.procurement_model == "individual"
    services.save_draft(
        world.editor,
        agreement=agreement,
        token=agreement.edit_token,
        fields={"type": "transformation"},
    )
    agreement.refresh_from_db()
    assert agreement.procurement_model == "individual"  # chosen, not replaced
    services.save_draft(
        world.editor,
        agreement=agreement,
        token=agreement.edit_token,
        fields={"procurement_model": ""},
    )
    agreement.refresh_from_db()
    assert agreement.procurement_model == "follow"  # GP care (kept) through transformation


def test_an_agreement_the_parties_sign_gets_no_procurement_model(world):
    data = _without_model(world, type="letter_of_intent")
    data["parties"] = []
    data["budget_lines"] = []
    agreement = services.save_draft(world.editor, region=world.region, **data)
    assert agreement.procurement_model == ""
