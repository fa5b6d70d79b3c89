from collections import Counter

from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from pghistory.models import MiddlewareEvents

from config.history import describe_changes
from mandates import services
from mandates.models import Mandate, MandateStatus
from regions.errors import DomainError
from regions.models import Discipline
from regions.permissions import Action

from ..access import changeable, region_page, visible, workspace
from ..forms import MandateFilterForm, MandateForm, RevokeForm
from .common import confirm, page, refused, save_form, saved

MATRIX_STATUSES = list(MandateStatus)


@login_required
@region_page(Action.VIEW)
def mandate_list(request, code):
    space = workspace(request, code)
    today = timezone.localdate()
    in_region = Mandate.objects.visible_to(request.user).in_region(space.region)
    filters = MandateFilterForm(request.GET or None)
    mandates = in_region.select_related("discipline", "organisation")
    if filters.is_valid():
        if filters.cleaned_data["discipline"]:
            mandates = mandates.filter(discipline=filters.cleaned_data["discipline"])
        if filters.cleaned_data["status"]:
            mandates = mandates.with_status(filters.cleaned_data["status"], today)
    rows = [(mandate, mandate.status_on(today)) for mandate in mandates]
    return page(
        request,
        space,
        "staff/mandate_list.html",
        {
            "rows": rows,
            "filters": filters,
            "matrix": coverage_matrix(in_region, today),
            "statuses": MATRIX_STATUSES,
            "today": today,
        },
    )


def coverage_matrix(mandates, today):
    """Per primary-care discipline: how many mandates have each status today, and the best one
    (does the region have a valid mandate for it at all)."""
    counts = mandates.status_counts(today)
    matrix = []
    for discipline in Discipline.objects.primary_care():
        own = counts.get(discipline.pk, Counter())
        matrix.append(
            {
                "discipline": discipline,
                "counts": [(status, own[status]) for status in MATRIX_STATUSES],
                "best": next((status for status in services.STATUS_RANK if own[status]), None),
            }
        )
    return matrix


@login_required
@region_page(Action.VIEW)
def mandate_detail(request, code, pk):
    space = workspace(request, code)
    mandate = visible(
        request, space, Mandate.objects.select_related("discipline", "organisation"), pk=pk
    )
    events = (
        MiddlewareEvents.objects.tracks(mandate).select_related("user").order_by("pgh_created_at")
    )
    history = [(event, describe_changes(Mandate, event.pgh_diff)) for event in events]
    return page(
        request,
        space,
        "staff/mandate_detail.html",
        {
            "mandate": mandate,
            "status": mandate.status_on(timezone.localdate()),
            "history": history,
        },
    )


def mandate_url(code, mandate):
    return reverse("staff:mandate_detail", args=[code, mandate.pk])


@login_required
@region_page(Action.CHANGE)
def mandate_create(request, code):
    space = workspace(request, code)
    form = MandateForm(
        request.POST or None, instance=Mandate(region=space.region), region=space.region
    )
    done = save_form(
        request,
        form,
        services.create_mandate,
        space.region,
        target=lambda mandate: mandate_url(code, mandate),
    )
    if done:
        return done
    return page(request, space, "staff/mandate_form.html", {"form": form})


@login_required
def mandate_edit(request, code, pk):
    space = workspace(request, code)
    mandate = changeable(request, space, Mandate, pk=pk)
    form = MandateForm(
        request.POST or None,
        instance=mandate,
        region=space.region,
        initial={"token": mandate.edit_token},
    )
    done = save_form(
        request, form, services.update_mandate, mandate, target=mandate_url(code, mandate)
    )
    if done:
        return done
    return page(request, space, "staff/mandate_form.html", {"form": form, "mandate": mandate})


@login_required
def mandate_revoke(request, code, pk):
    space = workspace(request, code)
    mandate = changeable(request, space, Mandate, pk=pk)
    form = RevokeForm(request.POST or None, initial={"revoked_on": timezone.localdate()})
    done = save_form(
        request,
        form,
        services.revoke_mandate,
        mandate,
        target=mandate_url(code, mandate),
        message=_("Mandaat ingetrokken."),
    )
    if done:
        return done
    return page(request, space, "staff/mandate_revoke.html", {"form": form, "mandate": mandate})


@login_required
@require_http_methods(["GET", "POST"])
@region_page(Action.ADMINISTER)
def mandate_anonymise(request, code, pk):
    """For a region admin: asks first (GET), then removes the personal data of the delegate of
    an ended mandate (POST), also from the history."""
    space = workspace(request, code)
    mandate = visible(request, space, Mandate.objects.select_related("discipline"), pk=pk)
    target = mandate_url(code, mandate)
    if request.method == "POST":
        try:
            services.anonymise_delegate(request.user, mandate)
        except DomainError as error:
            return refused(request, target, error)
        return saved(request, target, _("Gemandateerde geanonimiseerd."))
    return confirm(
        request,
        space,
        title=_("%(name)s anonimiseren?") % {"name": mandate.delegate_name},
        explanation=[
            _(
                "De naam en het e-mailadres van %(name)s worden verwijderd, ook uit de "
                "geschiedenis. Dit kan niet ongedaan worden gemaakt."
            )
            % {"name": mandate.delegate_name},
            _("Het mandaat zelf blijft bewaard, met de gemandateerde als ‘geanonimiseerd’."),
        ],
        submit_label=_("Anonimiseren"),
        back_url=target,
        back_label=str(mandate),
    )
