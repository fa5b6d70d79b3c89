from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.forms.formsets import TOTAL_FORM_COUNT, BaseFormSet
from django.forms.utils import ErrorDict
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agreements import rules, services
from agreements.content import OWN_FIELDS
from agreements.models import (
    Agreement,
    AgreementStatus,
    AgreementVersion,
    Review,
)
from progress.services import target_series
from regions.errors import DomainError
from regions.models import Discipline
from regions.permissions import Action

from ..access import changeable, region_page, visible, workspace
from ..forms import (
    AgreementForm,
    BudgetLineForm,
    PartyForm,
    SignatureForm,
    TargetForm,
    row_formset,
)
from ..snapshots import compare, describe
from .common import confirm, page, refused, saved, show_errors

# The name of the "Regel toevoegen" buttons (their value: the prefix of the rows), which ask for
# one more empty row where JavaScript (static/staff/rows.js) does not add it in the page.
ADD_ROW = "regel_toevoegen"


@login_required
@region_page(Action.VIEW)
def agreement_list(request, code):
    space = workspace(request, code)
    in_region = Agreement.objects.visible_to(request.user).in_region(space.region)
    counts = dict(in_region.values_list("status").annotate(n=Count("pk")))
    status = request.GET.get("status")
    agreements = in_region.order_by("-updated_at")
    if status in AgreementStatus.values:
        agreements = agreements.filter(status=status)
    return page(
        request,
        space,
        "staff/agreement_list.html",
        {
            "agreements": agreements,
            "status_counts": [(s, counts.get(s, 0)) for s in AgreementStatus],
            "total": sum(counts.values()),
            "status": status,
        },
    )


def who_decides(agreement) -> str:
    if agreement.is_signed_by_parties:
        return _("De partijen ondertekenen de afspraak; zorgverzekeraars beoordelen haar niet.")
    rule = rules.PROCUREMENT_RULES.get(agreement.procurement_model)
    return str(rule.explanation) if rule else _("Kies eerst het inkoopmodel.")


def position_rows(agreement, sign_forms) -> list[dict]:
    """The "Positie per partij" table: each party's position, with the signature form for a
    party that still signs and whether it may be asked to follow."""
    signing = agreement.status == AgreementStatus.AWAITING_SIGNATURES
    lead_decided = agreement.is_contracted
    rows = []
    for position in services.positions(agreement):
        party = position.party
        rows.append(
            {
                "position": position,
                "role": services.ROLES[position.role],
                "sign_form": sign_forms.get(party.pk, SignatureForm(prefix=f"partij-{party.pk}"))
                if signing and position.signature is None
                else None,
                "may_ask_to_follow": position.role == "follows"
                and lead_decided
                and position.decision is None,
            }
        )
    return rows


def detail_context(request, agreement, sign_forms=None) -> dict:
    budget_lines = list(agreement.budget_lines.all())
    totals: dict[int, object] = {}
    for line in budget_lines:
        totals[line.year] = totals.get(line.year, 0) + line.amount
    rows = position_rows(agreement, sign_forms or {})
    parties = [row["position"].party for row in rows]
    checks_model = agreement.is_editable and agreement.procurement_model in rules.PROCUREMENT_RULES
    return {
        "agreement": agreement,
        "parties": parties,
        "positions": rows,
        "who_decides": who_decides(agreement),
        "procurement_problems": services.procurement_problems(agreement, parties)
        if checks_model and not agreement.is_signed_by_parties
        else [],
        "budget_lines": budget_lines,
        "budget_totals": sorted(totals.items()),
        "budget_total": sum(totals.values()),
        "targets": target_series(agreement),
        "goals": agreement.goals.select_related("goal"),
        "mandate_check": services.mandate_check(agreement),
        "versions": agreement.versions.select_related("submitted_by").order_by("-number"),
        "reviews": Review.objects.visible_to(request.user)
        .filter(agreement=agreement)
        .select_related("insurer", "reviewer", "version")
        .order_by("-created_at"),
    }


@login_required
@region_page(Action.VIEW)
def agreement_detail(request, code, pk):
    space = workspace(request, code)
    agreement = visible(request, space, Agreement, pk=pk)
    return page(request, space, "staff/agreement_detail.html", detail_context(request, agreement))


def agreement_url(code, agreement):
    return reverse("staff:agreement_detail", args=[code, agreement.pk])


@login_required
def agreement_edit(request, code, pk=None):
    """Create a draft (no ``pk``) or edit one, with its parties, budget lines and targets."""
    space = workspace(request, code)
    region = space.region
    if pk is None:
        space.require(Action.CHANGE)
        agreement = None
    else:
        agreement = changeable(request, space, Agreement, pk=pk)
        if not agreement.is_editable:
            messages.error(request, _("Deze afspraak kan niet meer worden bewerkt."))
            return redirect(agreement_url(code, agreement))
    data = request.POST if request.method == "POST" else None
    rows = agreement_rows(data, region, agreement)
    adding = next((f for f in rows.values() if data and data.get(ADD_ROW) == f.prefix), None)
    if adding is not None:
        data = data.copy()
        data[f"{adding.prefix}-{TOTAL_FORM_COUNT}"] = str(adding.total_form_count() + 1)
        rows = agreement_rows(data, region, agreement)
    form = AgreementForm(
        data,
        instance=agreement or Agreement(region=region),
        region=region,
        initial={"token": agreement.edit_token} if agreement else {},
    )
    section_errors: dict[str, list[str]] = {}
    if adding is not None:
        show_unchecked(form, *rows.values())
    elif data is not None and form.is_valid() and all(f.is_valid() for f in rows.values()):
        filled = {name: filled_forms(formset) for name, formset in rows.items()}
        try:
            agreement = services.save_draft(
                request.user,
                region=region if agreement is None else None,
                agreement=agreement,
                token=form.cleaned_data["token"] if agreement else None,
                fields={name: form.cleaned_data[name] for name in OWN_FIELDS},
                disciplines=[{"discipline": d} for d in form.cleaned_data["disciplines"]],
                goals=[{"goal": goal} for goal in form.cleaned_data["goals"]],
                **{
                    name: [row_values(row_form) for row_form in forms]
                    for name, forms in filled.items()
                },
            )
        except DomainError as error:
            section_errors = show_draft_errors(form, filled, error)
        else:
            return saved(request, agreement_url(code, agreement))
    return page(
        request,
        space,
        "staff/agreement_form.html",
        {"form": form, "rows": rows, "section_errors": section_errors, "agreement": agreement},
    )


def agreement_rows(data, region, agreement):
    """The inline tables of the agreement form: parties, budget lines, targets."""
    return {
        "parties": row_formset(
            PartyForm, "parties", data=data, initial=party_rows(region, agreement), region=region
        ),
        "budget_lines": row_formset(
            BudgetLineForm,
            "budget_lines",
            data=data,
            initial=model_rows(agreement, "budget_lines", BudgetLineForm),
        ),
        "targets": row_formset(
            TargetForm, "targets", data=data, initial=model_rows(agreement, "targets", TargetForm)
        ),
    }


def show_unchecked(*forms):
    """Show what was typed without checking it: adding a row (without JavaScript) is not saving,
    so no "required" errors yet. Bound forms and formsets check themselves when their errors are
    first read; they are given none instead."""
    for form in forms:
        if isinstance(form, BaseFormSet):
            show_unchecked(*form.forms)
            form._errors = [row.errors for row in form.forms]
            form._non_form_errors = form.error_class()
        else:
            form._errors = ErrorDict()


def party_rows(region, agreement):
    if agreement is None:
        lead = region.lead_insurer_id
        return [{"organisation": lead, "is_lead": True}] if lead else []
    return [
        {"organisation": p.organisation_id, "is_lead": p.is_lead, "cost_share": p.cost_share}
        for p in agreement.parties.all()
    ]


def model_rows(agreement, related, form):
    if agreement is None:
        return []
    fields = form.Meta.fields
    return [
        {field: getattr(row, field) for field in fields}
        for row in getattr(agreement, related).all()
    ]


def filled_forms(formset):
    """The rows the user kept: not the untouched empty row, not those marked for removal."""
    return [form for form in formset.forms if form.cleaned_data and not form.cleaned_data["DELETE"]]


def row_values(form):
    return {name: value for name, value in form.cleaned_data.items() if name != "DELETE"}


def show_draft_errors(form, filled, error: DomainError) -> dict[str, list[str]]:
    """Put each problem of ``save_draft`` on its row and field; problems about a whole list
    (``parties``) go above that list, those about a checkbox list on its field."""
    section_errors: dict[str, list[str]] = {}
    for problem in error.problems:
        if problem.row and problem.row[0] in filled:
            rows, index = problem.row
            row_form = filled[rows][index]
            field = problem.field if problem.field in row_form.fields else None
            row_form.add_error(field, problem.message)
        elif problem.field in filled:
            section_errors.setdefault(problem.field, []).append(problem.message)
        else:
            field = problem.row[0] if problem.row else problem.field
            form.add_error(field if field in form.fields else None, problem.message)
    return section_errors


@login_required
@require_POST
def agreement_submit(request, code, pk):
    space = workspace(request, code)
    agreement = changeable(request, space, Agreement, pk=pk)
    try:
        version = services.submit(request.user, agreement)
    except DomainError as error:
        context = detail_context(request, agreement)
        context["submit_problems"] = [problem.message for problem in error.problems]
        return page(
            request,
            space,
            "staff/agreement_detail.html",
            context,
            status=409 if error.conflict else 422,
        )
    return saved(
        request,
        reverse("staff:agreement_version", args=[code, agreement.pk, version.number]),
        _("Ingediend ter beoordeling als versie %(number)s.") % {"number": version.number},
    )


@login_required
@require_POST
def agreement_sign(request, code, pk, party_pk):
    """Record one party's signature from its form in the "Positie per partij" table."""
    space = workspace(request, code)
    agreement = changeable(request, space, Agreement, pk=pk)
    party = get_object_or_404(agreement.parties.select_related("organisation"), pk=party_pk)
    form = SignatureForm(request.POST, prefix=f"partij-{party.pk}")
    if form.is_valid():
        try:
            services.sign(request.user, agreement, party, **form.cleaned_data)
        except DomainError as error:
            if error.conflict:  # the agreement's state, not the form: no form to show it on
                return refused(request, agreement_url(code, agreement), error)
            show_errors(form, error)
        else:
            return saved(
                request,
                agreement_url(code, agreement),
                _("De handtekening van %(party)s is vastgelegd.") % {"party": party.organisation},
            )
    context = detail_context(request, agreement, {party.pk: form})
    return page(request, space, "staff/agreement_detail.html", context, status=422)


@login_required
@require_POST
def agreement_ask_to_follow(request, code, pk, party_pk):
    space = workspace(request, code)
    agreement = changeable(request, space, Agreement, pk=pk)
    party = get_object_or_404(agreement.parties.select_related("organisation"), pk=party_pk)
    try:
        services.ask_to_follow(request.user, agreement, party.organisation)
    except DomainError as error:
        return refused(request, agreement_url(code, agreement), error)
    return saved(
        request,
        agreement_url(code, agreement),
        _("%(insurer)s is gevraagd te volgen.") % {"insurer": party.organisation},
    )


TRANSITIONS = {"activeren": services.activate, "beeindigen": services.end}
# Steps that cannot be undone: a GET asks to confirm them first.
CONFIRMED = {"beeindigen"}


@login_required
@require_http_methods(["GET", "POST"])
def agreement_transition(request, code, pk, action):
    if action not in TRANSITIONS:
        raise Http404
    if request.method == "GET" and action not in CONFIRMED:
        return HttpResponseNotAllowed(["POST"])
    space = workspace(request, code)
    agreement = changeable(request, space, Agreement, pk=pk)
    if request.method == "GET":
        return confirm(
            request,
            space,
            title=_("Afspraak %(reference)s beëindigen?") % {"reference": agreement.reference},
            explanation=[
                _("Een beëindigde afspraak kan niet meer worden geactiveerd of gewijzigd.")
            ],
            submit_label=_("Afspraak beëindigen"),
            back_url=agreement_url(code, agreement),
            back_label=agreement.reference,
        )
    try:
        TRANSITIONS[action](request.user, agreement)
    except DomainError as error:
        return refused(request, agreement_url(code, agreement), error)
    return saved(request, agreement_url(code, agreement))


def _version(request, space, pk, number):
    agreement = visible(request, space, Agreement, pk=pk)
    version = get_object_or_404(
        AgreementVersion.objects.visible_to(request.user)
        .filter(agreement=agreement)
        .select_related("submitted_by"),
        number=number,
    )
    return agreement, version


def discipline_names():
    return dict(Discipline.objects.values_list("code", "name"))


@login_required
@region_page(Action.VIEW)
def agreement_version(request, code, pk, number):
    space = workspace(request, code)
    agreement, version = _version(request, space, pk, number)
    return page(
        request,
        space,
        "staff/agreement_version.html",
        {
            "agreement": agreement,
            "version": version,
            "sections": describe(version.snapshot, discipline_names()),
            "reviews": version.reviews.select_related("insurer", "reviewer"),
        },
    )


@login_required
@region_page(Action.VIEW)
def agreement_diff(request, code, pk):
    space = workspace(request, code)
    agreement = visible(request, space, Agreement, pk=pk)
    numbers = list(
        AgreementVersion.objects.visible_to(request.user)
        .filter(agreement=agreement)
        .order_by("number")
        .values_list("number", flat=True)
    )
    try:
        old = int(request.GET.get("van") or (numbers[-2] if len(numbers) > 1 else 0))
        new = int(request.GET.get("naar") or (numbers[-1] if numbers else 0))
    except ValueError:
        raise Http404 from None
    if old not in numbers or new not in numbers:
        raise Http404
    _agreement, before = _version(request, space, pk, old)
    _agreement, after = _version(request, space, pk, new)
    names = discipline_names()
    return page(
        request,
        space,
        "staff/agreement_diff.html",
        {
            "agreement": agreement,
            "numbers": numbers,
            "before": before,
            "after": after,
            "changes": compare(describe(before.snapshot, names), describe(after.snapshot, names)),
        },
    )
