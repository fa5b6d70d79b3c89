"""Every staff URL of a region, built on the ``world`` fixture, for the permission tests."""

from dataclasses import dataclass

from django.urls import reverse

from agreements.models import AgreementStatus
from regions.models import RegionIndicator, RegionMembership

from . import factories as f


@dataclass(frozen=True)
class StaffUrl:
    name: str
    url: str
    method: str = "get"
    changes: bool = False  # needs a role that may change (viewers get 403)


def staff_objects(world):
    """One of each object the staff pages show, in ``world.region``, and a submitted agreement."""
    region = world.region
    gp = f.discipline("gp")
    mandate = f.MandateFactory(region=region, discipline=gp, valid_until=None)
    f.move_to(world.agreement, AgreementStatus.IN_REVIEW)
    goal = f.RegionGoalFactory(region=region)
    return {
        "neighbourhood": world.neighbourhood,
        "contact": f.AllianceContactFactory(neighbourhood=world.neighbourhood),
        "bottleneck": f.BottleneckFactory(neighbourhood=world.neighbourhood),
        "mandate": mandate,
        "agreement": world.agreement,
        "draft": f.AgreementFactory(region=region),
        "party": world.agreement.parties.first(),
        "goal": goal,
        "action": f.RegionActionFactory(goal=goal),
        "membership": RegionMembership.objects.get(user=world.viewer, region=region),
        "budget_line": f.BudgetLineFactory(agreement=world.agreement),
        "target": f.TargetFactory(agreement=world.agreement),
        "indicator": RegionIndicator.objects.create(
            region=region, kind="share_75_plus", year=2025, value=9
        ),
    }


def staff_urls(world, objects) -> list[StaffUrl]:
    code = world.region.code

    def url(name, *args):
        return reverse(f"staff:{name}", args=[code, *args])

    o = {name: obj.pk for name, obj in objects.items()}
    return [
        StaffUrl("region_home", url("region_home")),
        StaffUrl("neighbourhood_list", url("neighbourhood_list")),
        StaffUrl("neighbourhood_create", url("neighbourhood_create"), changes=True),
        StaffUrl("neighbourhood_detail", url("neighbourhood_detail", o["neighbourhood"])),
        StaffUrl("neighbourhood_edit", url("neighbourhood_edit", o["neighbourhood"]), changes=True),
        StaffUrl("contact_create", url("contact_create", o["neighbourhood"]), changes=True),
        StaffUrl(
            "bottleneck_create",
            url("bottleneck_create", o["neighbourhood"]),
            method="post",
            changes=True,
        ),
        StaffUrl("contact_edit", url("contact_edit", o["contact"]), changes=True),
        StaffUrl("contact_deactivate", url("contact_deactivate", o["contact"]), changes=True),
        StaffUrl(
            "contact_deactivate", url("contact_deactivate", o["contact"]), "post", changes=True
        ),
        StaffUrl(
            "contact_reactivate", url("contact_reactivate", o["contact"]), "post", changes=True
        ),
        StaffUrl("contact_anonymise", url("contact_anonymise", o["contact"]), changes=True),
        StaffUrl("contact_anonymise", url("contact_anonymise", o["contact"]), "post", changes=True),
        StaffUrl("bottleneck_list", url("bottleneck_list")),
        StaffUrl("bottleneck_escalate", url("bottleneck_escalate", o["bottleneck"]), "post", True),
        StaffUrl("bottleneck_resolve", url("bottleneck_resolve", o["bottleneck"]), changes=True),
        StaffUrl("mandate_list", url("mandate_list")),
        StaffUrl("mandate_create", url("mandate_create"), changes=True),
        StaffUrl("mandate_detail", url("mandate_detail", o["mandate"])),
        StaffUrl("mandate_edit", url("mandate_edit", o["mandate"]), changes=True),
        StaffUrl("mandate_revoke", url("mandate_revoke", o["mandate"]), changes=True),
        StaffUrl("mandate_anonymise", url("mandate_anonymise", o["mandate"]), changes=True),
        StaffUrl("mandate_anonymise", url("mandate_anonymise", o["mandate"]), "post", changes=True),
        StaffUrl("agreement_list", url("agreement_list")),
        StaffUrl("agreement_create", url("agreement_create"), changes=True),
        StaffUrl("agreement_detail", url("agreement_detail", o["agreement"])),
        StaffUrl("agreement_edit", url("agreement_edit", o["draft"]), changes=True),
        StaffUrl("agreement_submit", url("agreement_submit", o["draft"]), "post", changes=True),
        StaffUrl(
            "agreement_transition",
            url("agreement_transition", o["agreement"], "activeren"),
            "post",
            changes=True,
        ),
        StaffUrl(
            "agreement_transition",
            url("agreement_transition", o["agreement"], "beeindigen"),
            changes=True,
        ),
        StaffUrl(
            "agreement_sign",
            url("agreement_sign", o["agreement"], o["party"]),
            "post",
            changes=True,
        ),
        StaffUrl(
            "agreement_ask_to_follow",
            url("agreement_ask_to_follow", o["agreement"], o["party"]),
            "post",
            changes=True,
        ),
        StaffUrl("agreement_version", url("agreement_version", o["agreement"], 1)),
        StaffUrl("agreement_diff", url("agreement_diff", o["agreement"]) + "?van=1&naar=1"),
        StaffUrl("plan", url("plan")),
        StaffUrl("goal_create", url("goal_create"), changes=True),
        StaffUrl("goal_edit", url("goal_edit", o["goal"]), changes=True),
        StaffUrl("action_create", url("action_create", o["goal"]), changes=True),
        StaffUrl("action_edit", url("action_edit", o["action"]), changes=True),
        StaffUrl("agreement_progress", url("agreement_progress", o["agreement"])),
        StaffUrl(
            "agreement_measurement_create",
            url("agreement_measurement_create", o["agreement"]),
            changes=True,
        ),
        StaffUrl(
            "agreement_rhythm_edit",
            url("agreement_rhythm_edit", o["agreement"]),
            "post",
            changes=True,
        ),
        StaffUrl(
            "agreement_realisation_edit",
            url("agreement_realisation_edit", o["agreement"], o["budget_line"]),
            changes=True,
        ),
        StaffUrl(
            "agreement_kpi_link_edit",
            url("agreement_kpi_link_edit", o["agreement"], o["target"]),
            changes=True,
        ),
        StaffUrl("development", url("development")),
        StaffUrl("development_phase", url("development_phase"), changes=True),
        StaffUrl("development_facts", url("development_facts"), changes=True),
        StaffUrl("development_task", url("development_task", 1), changes=True),
        StaffUrl("indicator_list", url("indicator_list")),
        StaffUrl("indicator_create", url("indicator_create"), changes=True),
        StaffUrl("indicator_edit", url("indicator_edit", o["indicator"]), changes=True),
        StaffUrl("changes", url("changes"), changes=True),
        StaffUrl("members", url("members")),
        StaffUrl("member_invite", url("member_invite"), changes=True),
        StaffUrl("member_role", url("member_role", o["membership"]), "post", changes=True),
    ]
