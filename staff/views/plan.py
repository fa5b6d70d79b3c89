from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from regions import services
from regions.models import ActionStatus, RegionAction, RegionGoal, VisionGoal
from regions.permissions import Action

from ..access import changeable, region_page, visible, workspace
from ..forms import ActionForm, GoalForm
from .common import page, save_form


@login_required
@region_page(Action.VIEW)
def plan(request, code):
    """The regioplan: goals under the six goals of the vision, their actions and progress."""
    space = workspace(request, code)
    today = timezone.localdate()
    goals = list(
        RegionGoal.objects.visible_to(request.user)
        .in_region(space.region)
        .prefetch_related(Prefetch("actions", RegionAction.objects.with_overdue(today)))
    )
    sections = []
    for vision_goal in VisionGoal:
        own = [goal for goal in goals if goal.vision_goal == vision_goal]
        actions = [action for goal in own for action in goal.actions.all()]
        done = sum(action.status == ActionStatus.DONE for action in actions)
        sections.append(
            {
                "vision_goal": vision_goal,
                "goals": own,
                "actions": len(actions),
                "done": done,
                "share": done / len(actions) if actions else None,
            }
        )
    actions = [action for goal in goals for action in goal.actions.all()]
    status_counts = [
        (status, sum(action.status == status for action in actions)) for status in ActionStatus
    ]
    return page(
        request,
        space,
        "staff/plan.html",
        {
            "sections": sections,
            "status_counts": status_counts,
            "action_count": len(actions),
            "overdue": sum(action.overdue for action in actions),
        },
    )


def plan_url(code):
    return reverse("staff:plan", args=[code])


@login_required
def goal_edit(request, code, pk=None):
    space = workspace(request, code)
    if pk is None:
        space.require(Action.CHANGE)
        goal = None
    else:
        goal = changeable(request, space, RegionGoal, pk=pk)
    form = GoalForm(
        request.POST or None,
        instance=goal or RegionGoal(region=space.region),
        initial={"token": goal.edit_token} if goal else {},
    )
    if goal is None:
        done = save_form(request, form, services.create_goal, space.region, target=plan_url(code))
    else:
        done = save_form(request, form, services.update_row, goal, target=plan_url(code))
    if done:
        return done
    return page(request, space, "staff/goal_form.html", {"form": form, "goal": goal})


@login_required
def action_create(request, code, goal_pk):
    space = workspace(request, code)
    goal = visible(request, space, RegionGoal, pk=goal_pk)
    space.require(Action.CHANGE)
    form = ActionForm(request.POST or None, instance=RegionAction(goal=goal))
    done = save_form(request, form, services.create_action, goal, target=plan_url(code))
    if done:
        return done
    return page(request, space, "staff/action_form.html", {"form": form, "goal": goal})


@login_required
def action_edit(request, code, pk):
    space = workspace(request, code)
    action = changeable(request, space, RegionAction.objects.select_related("goal"), pk=pk)
    form = ActionForm(request.POST or None, instance=action, initial={"token": action.edit_token})
    done = save_form(request, form, services.update_row, action, target=plan_url(code))
    if done:
        return done
    return page(
        request,
        space,
        "staff/action_form.html",
        {"form": form, "goal": action.goal, "action": action},
    )
