"""What every staff view shares: rendering with the workspace, domain errors on forms."""

from django import forms
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
    """Put each broken rule next to its field (or the field the form's ``problem_fields`` names
    for it), or above the form when it concerns no field of it (a stale copy, a rule about the
    whole object)."""
    for problem in error.problems:
        field = getattr(form, "problem_fields", {}).get(problem.field, problem.field)
        form.add_error(field if field in form.fields else None, problem.message)


def form_values(form) -> dict:
    """What a service takes from a valid form: a model form's model fields (and, for a saved
    row, the ``token`` of the copy the user started from), a plain form's ``service_values()``
    when it has them, else its every field."""
    if isinstance(form, forms.ModelForm):
        names = list(form.Meta.fields)
        if form.instance.pk is not None and "token" in form.fields:
            names.append("token")
        return {name: form.cleaned_data[name] for name in names}
    if hasattr(form, "service_values"):
        return form.service_values()
    return dict(form.cleaned_data)


def save_form(request, form, service, *args, target, message=None):
    """The one way a staff form is saved: when the bound ``form`` is valid, run
    ``service(actor, *args, **form_values(form))`` and redirect to ``target`` with ``message``
    (either may be a function of what the service returned). Otherwise, or when a rule refuses
    (``DomainError``), return ``None`` with the errors on the form, to show it again."""
    if not form.is_valid():
        return None
    try:
        result = service(request.user, *args, **form_values(form))
    except DomainError as error:
        show_errors(form, error)
        return None
    if callable(target):
        target = target(result)
    if callable(message):
        message = message(result)
    return saved(request, target, message)


def saved(request, target, message=None):
    messages.success(request, message or _("Opgeslagen."))
    return redirect(target)


def refused(request, target, error: DomainError):
    for problem in error.problems:
        messages.error(request, problem.message)
    return redirect(target)
