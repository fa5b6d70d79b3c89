"""Progress pages: an agreement's measurements, realised budget and reporting rhythm; the
region's phase and main tasks with their history; the regiobeeld's indicators."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from pghistory.models import MiddlewareEvents

from agreements.models import Agreement, BudgetLine, Target
from config.history import describe_changes
from progress import services
from progress.models import BudgetRealisation, Measurement, RegionChange, ReportingRhythm
from regions import services as region_services
from regions.charts import sparkline
from regions.errors import DomainError
from regions.models import MainTask, RegionIndicator, RegionTask
from regions.permissions import Action

from ..access import changeable, region_page, visible, workspace
from ..forms import (
    IndicatorForm,
    KpiLinkForm,
    MeasurementForm,
    PhaseChangeForm,
    RealisationForm,
    RegionFactsForm,
    RhythmForm,
    TaskChangeForm,
)
from .common import page, refused, save_form, saved


def progress_url(code, agreement):
    return reverse("staff:agreement_progress", args=[code, agreement.pk])


def _measurement_history(agreement):
    """Every recorded change of the agreement's measurements: when, who, what."""
    events = (
        MiddlewareEvents.objects.filter(
            pgh_model="progress.MeasurementEvent",
            pgh_obj_id__in=[
                str(pk)
                for pk in Measurement.objects.filter(agreement=agreement).values_list(
                    "pk", flat=True
                )
            ],
        )
        .select_related("user")
        .order_by("-pgh_created_at")
    )
    return [
        (event, describe_changes(Measurement, event.pgh_diff or _as_inserted(event.pgh_data)))
        for event in events
    ]


def _as_inserted(data) -> dict:
    """A new measurement's values as a diff from nothing, so its first event says what it was."""
    shown = ("period_start", "period_end", "value", "source", "note")
    return {name: [None, data[name]] for name in shown if data.get(name) not in (None, "")}


@login_required
@region_page(Action.VIEW)
def agreement_progress(request, code, pk):
    space = workspace(request, code)
    agreement = visible(request, space, Agreement.objects.select_related("reporting"), pk=pk)
    today = timezone.localdate()
    series = services.target_series(agreement)
    for item in series:
        item.chart = sparkline(
            [m.value for m in item.measurements],
            goal=item.target.goal,
            title=_("Verloop van %(target)s") % {"target": item.target.name},
        )
    lines = list(agreement.budget_lines.select_related("realisation").order_by("year", "segment"))
    for line in lines:
        line.realised = _one_to_one(line, "realisation")
    due = services.reports_due(Agreement.objects.filter(pk=agreement.pk), today).get(agreement.pk)
    rhythm = services.rhythm_of(agreement)
    return page(
        request,
        space,
        "staff/agreement_progress.html",
        {
            "agreement": agreement,
            "series": series,
            "budget_lines": lines,
            "due": due,
            "rhythm": ReportingRhythm(rhythm),
            "rhythm_form": RhythmForm(initial={"rhythm": rhythm}),
            "measurable": agreement.status in services.MEASURABLE_STATUSES,
            "realisable": agreement.status in services.REALISABLE_STATUSES,
            "history": _measurement_history(agreement),
        },
    )


def _one_to_one(obj, name):
    """The row on the other side of a reverse one-to-one (loaded by select_related), or None."""
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


@login_required
def measurement_create(request, code, pk):
    space = workspace(request, code)
    agreement = changeable(request, space, Agreement, pk=pk)
    form = MeasurementForm(
        request.POST or None,
        agreement=agreement,
        initial={"target": request.GET.get("doelstelling")},
    )
    done = save_form(
        request,
        form,
        services.record_measurement,
        target=progress_url(code, agreement),
        message=_("Meting vastgelegd."),
    )
    if done:
        return done
    return page(
        request,
        space,
        "staff/progress_form.html",
        {
            "form": form,
            "agreement": agreement,
            "title": _("Meting vastleggen"),
            "cancel_url": progress_url(code, agreement),
        },
    )


@login_required
def realisation_edit(request, code, pk, line_pk):
    space = workspace(request, code)
    agreement = changeable(request, space, Agreement, pk=pk)
    line = visible(request, space, BudgetLine.objects.filter(agreement=agreement), pk=line_pk)
    current = BudgetRealisation.objects.filter(budget_line=line).first()
    form = RealisationForm(
        request.POST or None,
        initial={"amount": current.amount, "note": current.note} if current else {},
    )
    done = save_form(
        request, form, services.set_realisation, line, target=progress_url(code, agreement)
    )
    if done:
        return done
    return page(
        request,
        space,
        "staff/progress_form.html",
        {
            "form": form,
            "agreement": agreement,
            "title": _("Realisatie %(year)s, %(segment)s")
            % {"year": line.year, "segment": line.get_segment_display()},
            "cancel_url": progress_url(code, agreement),
        },
    )


@login_required
def kpi_link_edit(request, code, pk, target_pk):
    space = workspace(request, code)
    agreement = changeable(request, space, Agreement, pk=pk)
    target = visible(
        request,
        space,
        Target.objects.filter(agreement=agreement).select_related("kpi_link"),
        pk=target_pk,
    )
    link = _one_to_one(target, "kpi_link")
    form = KpiLinkForm(request.POST or None, initial={"kpi": link.kpi_id if link else None})
    if form.is_valid():
        services.link_kpi(request.user, target, form.cleaned_data["kpi"])
        return saved(request, progress_url(code, agreement))
    return page(
        request,
        space,
        "staff/progress_form.html",
        {
            "form": form,
            "agreement": agreement,
            "title": _("Kernindicator van %(target)s") % {"target": target.name},
            "cancel_url": progress_url(code, agreement),
        },
    )


@login_required
@require_POST
def rhythm_edit(request, code, pk):
    space = workspace(request, code)
    agreement = changeable(request, space, Agreement, pk=pk)
    form = RhythmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies per kwartaal, per halfjaar of per jaar."))
        return redirect(progress_url(code, agreement))
    try:
        services.set_rhythm(request.user, agreement, form.cleaned_data["rhythm"])
    except DomainError as error:
        return refused(request, progress_url(code, agreement), error)
    return saved(request, progress_url(code, agreement))


# --- phase and main tasks ----------------------------------------------------------------------


def development_url(code):
    return reverse("staff:development", args=[code])


@login_required
@region_page(Action.VIEW)
def development(request, code):
    """The region's phase and main tasks, the vision's criteria per phase and every change."""
    space = workspace(request, code)
    region = space.region
    checklist = services.phase_checklist(region)
    return page(
        request,
        space,
        "staff/development.html",
        {
            "tasks": RegionTask.objects.visible_to(request.user)
            .in_region(region)
            .every_main_task(),
            "checklist": checklist,
            "unmet": services.unmet_for(checklist, region.phase),
            "changes": RegionChange.objects.visible_to(request.user)
            .in_region(region)
            .select_related("changed_by", "evidence"),
        },
    )


def _change_page(request, space, form, title):
    checklist = services.phase_checklist(space.region)
    return page(
        request,
        space,
        "staff/development_form.html",
        {"form": form, "title": title, "checklist": checklist},
    )


def _warn_unmet(request, region, phase):
    unmet = services.unmet_for(services.phase_checklist(region), phase)
    if unmet:
        messages.warning(
            request,
            _("Let op: volgens de visie ontbreekt nog: %(criteria)s")
            % {"criteria": " ".join(c.label for c in unmet)},
        )


@login_required
@region_page(Action.ADMINISTER)
def phase_change(request, code):
    space = workspace(request, code)
    region = space.region
    form = PhaseChangeForm(
        request.POST or None,
        evidence=services.evidence_choices(region),
        initial={"phase": region.phase, "changed_on": timezone.localdate()},
    )

    def change_phase(actor, region, **values):
        change = services.change_phase(actor, region, **values)
        _warn_unmet(request, region, values["phase"])
        return change

    done = save_form(
        request,
        form,
        change_phase,
        region,
        target=development_url(code),
        message=_("Fase gewijzigd."),
    )
    if done:
        return done
    return _change_page(request, space, form, _("Fase wijzigen"))


@login_required
@region_page(Action.ADMINISTER)
def region_facts(request, code):
    """The region's total population and its municipalities: the denominator of coverage."""
    space = workspace(request, code)
    form = RegionFactsForm(request.POST or None, instance=space.region)
    done = save_form(
        request,
        form,
        region_services.set_region_facts,
        space.region,
        target=development_url(code),
        message=_("Inwoners en gemeenten opgeslagen."),
    )
    if done:
        return done
    return page(
        request,
        space,
        "staff/development_form.html",
        {"form": form, "title": _("Inwoners en gemeenten")},
    )


@login_required
@region_page(Action.ADMINISTER)
def task_change(request, code, task):
    space = workspace(request, code)
    if task not in MainTask.values:
        raise Http404
    region = space.region
    form = TaskChangeForm(
        request.POST or None,
        evidence=services.evidence_choices(region),
        initial={
            "status": RegionTask.objects.in_region(region).of_task(task).status,
            "changed_on": timezone.localdate(),
        },
    )
    done = save_form(
        request,
        form,
        services.change_task,
        region,
        task,
        target=development_url(code),
        message=_("Status van de hoofdtaak gewijzigd."),
    )
    if done:
        return done
    return _change_page(request, space, form, MainTask(task).label)


# --- the regiobeeld's indicators ---------------------------------------------------------------


def indicators_url(code):
    return reverse("staff:indicator_list", args=[code])


@login_required
@region_page(Action.VIEW)
def indicator_list(request, code):
    space = workspace(request, code)
    indicators = (
        RegionIndicator.objects.visible_to(request.user)
        .in_region(space.region)
        .order_by("-year", "kind")
    )
    return page(request, space, "staff/indicator_list.html", {"indicators": indicators})


@login_required
def indicator_edit(request, code, pk=None):
    space = workspace(request, code)
    if pk is None:
        space.require(Action.CHANGE)
        indicator = None
    else:
        indicator = changeable(request, space, RegionIndicator, pk=pk)
    form = IndicatorForm(
        request.POST or None,
        instance=indicator or RegionIndicator(region=space.region),
        initial={"token": indicator.edit_token} if indicator else {},
    )
    if indicator is None:
        done = save_form(
            request,
            form,
            region_services.create_indicator,
            space.region,
            target=indicators_url(code),
        )
    else:
        done = save_form(
            request, form, region_services.update_row, indicator, target=indicators_url(code)
        )
    if done:
        return done
    return page(
        request,
        space,
        "staff/progress_form.html",
        {
            "form": form,
            "title": _("Indicator bewerken") if indicator else _("Indicator toevoegen"),
            "cancel_url": indicators_url(code),
            "back_label": _("Indicatoren"),
        },
    )
