"""What every staff view shares: rendering with the workspace, domain errors on forms."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from regions.errors import DomainError

# The navigation section a page belongs to, by the start of its URL name.
SECTIONS = {
    "region_home": "home",
    "neighbourhood": "neighbourhoods",
    "contact": "neighbourhoods",
    "bottleneck_create": "neighbourhoods",
    "bottleneck": "bottlenecks",
    "mandate": "mandates",
    "agreement": "agreements",
    "plan": "plan",
    "goal": "plan",
    "action": "plan",
    "member": "members",
    "changes": "changes",
    "development": "home",
    "indicator": "home",
}


def section_of(request) -> str | None:
    name = request.resolver_match.url_name if request.resolver_match else ""
    return next((section for start, section in SECTIONS.items() if name.startswith(start)), None)


def page(request, space, template, context=None, *, status=200):
    """Render a page of the region ``space`` (the layout shows the region's navigation)."""
    return render(
        request,
        template,
        {"space": space, "section": section_of(request), **(context or {})},
        status=status,
    )


def confirm(request, space, *, title, explanation, submit_label, back_url, back_label):
    """The page that asks to confirm a step that cannot be undone (or not simply): it says what
    will happen and posts to the same URL; it works without JavaScript."""
    return page(
        request,
        space,
        "staff/confirm.html",
        {
            "title": title,
            "explanation": explanation,
            "submit_label": submit_label,
            "back_url": back_url,
            "back_label": back_label,
        },
    )


def show_errors(form, error: DomainError) -> None:
    """Put each broken rule next to its field, or above the form when it concerns no field of
    it (a stale copy, a rule about the whole object)."""
    for problem in error.problems:
        field = problem.field if problem.field in form.fields else None
        form.add_error(field, problem.message)


def save_edit(request, form, update, instance, target):
    """For a bound edit form carrying the row's ``token``: when it is valid, run the service
    ``update(actor, instance, token=..., **fields)`` and redirect to ``target``; otherwise (or
    when a rule refuses) return ``None`` with the errors beside the fields."""
    if not form.is_valid():
        return None
    fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
    try:
        update(request.user, instance, token=form.cleaned_data["token"], **fields)
    except DomainError as error:
        show_errors(form, error)
        return None
    return saved(request, target)


def saved(request, target, message=None):
    messages.success(request, message or _("Opgeslagen."))
    return redirect(target)


def refused(request, target, error: DomainError):
    for problem in error.problems:
        messages.error(request, problem.message)
    return redirect(target)
