from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from neighbourhoods import services
from neighbourhoods.models import AllianceContact, Bottleneck, Neighbourhood
from regions.errors import DomainError
from regions.models import Discipline
from regions.tenancy import Action

from ..access import changeable, region_page, visible, workspace
from ..forms import BottleneckForm, ContactForm, NeighbourhoodForm, ResolveForm
from .common import confirm, page, refused, save_form, saved

COMPLETENESS_FILTERS = {"ja": Q(is_complete=True), "nee": Q(is_complete=False)}


@login_required
def neighbourhood_list(request, code):
    space = workspace(request, code)
    neighbourhoods = (
        Neighbourhood.objects.visible_to(request.user)
        .in_region(space.region)
        .with_alliance_status()
        .with_open_bottlenecks()
    )
    complete = request.GET.get("compleet")
    if complete in COMPLETENESS_FILTERS:
        neighbourhoods = neighbourhoods.filter(COMPLETENESS_FILTERS[complete])
    return page(
        request,
        space,
        "staff/neighbourhood_list.html",
        {"neighbourhoods": neighbourhoods, "complete": complete},
    )


@login_required
@region_page(Action.CHANGE)
def neighbourhood_create(request, code):
    space = workspace(request, code)
    form = NeighbourhoodForm(request.POST or None, instance=Neighbourhood(region=space.region))
    done = save_form(
        request,
        form,
        services.create_neighbourhood,
        space.region,
        target=lambda hood: hood_url(code, hood),
    )
    if done:
        return done
    return page(request, space, "staff/neighbourhood_form.html", {"form": form})


@login_required
def neighbourhood_edit(request, code, pk):
    space = workspace(request, code)
    hood = changeable(request, space, Neighbourhood, pk=pk)
    form = NeighbourhoodForm(
        request.POST or None, instance=hood, initial={"token": hood.edit_token}
    )
    done = save_form(
        request, form, services.update_neighbourhood, hood, target=hood_url(code, hood)
    )
    if done:
        return done
    return page(
        request, space, "staff/neighbourhood_form.html", {"form": form, "neighbourhood": hood}
    )


@login_required
def neighbourhood_detail(request, code, pk):
    space = workspace(request, code)
    contacts = AllianceContact.objects.select_related("discipline").order_by("-active")
    hood = visible(
        request,
        space,
        Neighbourhood.objects.prefetch_related(Prefetch("contacts", queryset=contacts)),
        pk=pk,
    )
    disciplines = list(Discipline.objects.all())
    alliance = [
        (discipline, [c for c in hood.contacts.all() if c.discipline_id == discipline.pk])
        for discipline in disciplines
    ]
    alliance = [
        (discipline, members) for discipline, members in alliance if members or discipline.is_core
    ]
    bottlenecks = hood.bottlenecks.order_by("status", "-created_at")
    return page(
        request,
        space,
        "staff/neighbourhood_detail.html",
        {
            "neighbourhood": hood,
            "alliance": alliance,
            "missing": hood.missing_core([d for d in disciplines if d.is_core]),
            "bottlenecks": bottlenecks,
            "can_edit_alliance": space.may(Action.KEEP_ALLIANCE, hood),
            "bottleneck_form": BottleneckForm(),
        },
    )


def hood_url(code, hood):
    return reverse("staff:neighbourhood_detail", args=[code, hood.pk])


def _alliance_hood(request, space, pk):
    hood = visible(request, space, Neighbourhood, pk=pk)
    space.require(Action.KEEP_ALLIANCE, hood)
    return hood


@login_required
def contact_create(request, code, pk):
    space = workspace(request, code)
    hood = _alliance_hood(request, space, pk)
    form = ContactForm(request.POST or None, instance=AllianceContact(neighbourhood=hood))
    done = save_form(request, form, services.add_contact, hood, target=hood_url(code, hood))
    if done:
        return done
    return page(request, space, "staff/contact_form.html", {"form": form, "neighbourhood": hood})


@login_required
def contact_edit(request, code, pk):
    space = workspace(request, code)
    contact = changeable(request, space, AllianceContact, pk=pk)
    hood = contact.neighbourhood
    form = ContactForm(
        request.POST or None, instance=contact, initial={"token": contact.edit_token}
    )
    done = save_form(request, form, services.update_contact, contact, target=hood_url(code, hood))
    if done:
        return done
    return page(
        request,
        space,
        "staff/contact_form.html",
        {"form": form, "neighbourhood": hood, "contact": contact},
    )


def _alliance_step(request, code, model, pk, step, done_message):
    """A button on the neighbourhood page (deactivate or reactivate a contact, escalate a
    bottleneck): do the step and return to the neighbourhood, saying what happened or why it was
    refused."""
    space = workspace(request, code)
    row = changeable(request, space, model, pk=pk)
    target = hood_url(code, row.neighbourhood)
    try:
        step(request.user, row)
    except DomainError as error:
        return refused(request, target, error)
    return saved(request, target, done_message)


@login_required
@require_http_methods(["GET", "POST"])
def contact_deactivate(request, code, pk):
    """Asks first (GET), then deactivates (POST); the contact can be reactivated later."""
    if request.method == "POST":
        return _alliance_step(
            request,
            code,
            AllianceContact,
            pk,
            services.deactivate_contact,
            _("Contactpersoon gedeactiveerd. U kunt deze later weer activeren."),
        )
    space = workspace(request, code)
    contact = changeable(
        request,
        space,
        AllianceContact.objects.select_related("discipline", "neighbourhood"),
        pk=pk,
    )
    hood = contact.neighbourhood
    explanation = [
        _(
            "%(name)s telt daarna niet meer mee in het wijkverband van %(neighbourhood)s. "
            "De gegevens blijven bewaard; u kunt de contactpersoon later weer activeren."
        )
        % {"name": contact.name, "neighbourhood": hood.name}
    ]
    if services.leaves_core_discipline_uncovered(contact):
        explanation.append(
            _(
                "Het wijkverband is daarna niet meer compleet: er is dan geen actieve "
                "contactpersoon meer voor %(discipline)s."
            )
            % {"discipline": contact.discipline.name}
        )
    return confirm(
        request,
        space,
        title=_("%(name)s deactiveren?") % {"name": contact.name},
        explanation=explanation,
        submit_label=_("Deactiveren"),
        back_url=hood_url(code, hood),
        back_label=hood.name,
    )


@login_required
@require_POST
def contact_reactivate(request, code, pk):
    return _alliance_step(
        request,
        code,
        AllianceContact,
        pk,
        services.reactivate_contact,
        _("Contactpersoon weer actief."),
    )


@login_required
@require_http_methods(["GET", "POST"])
@region_page(Action.ADMINISTER)
def contact_anonymise(request, code, pk):
    """For a region admin: asks first (GET), then removes the personal data of a contact who has
    left (POST), also from the history."""
    space = workspace(request, code)
    contact = visible(
        request, space, AllianceContact.objects.select_related("neighbourhood"), pk=pk
    )
    target = hood_url(code, contact.neighbourhood)
    if request.method == "POST":
        try:
            services.anonymise_contact(request.user, contact)
        except DomainError as error:
            return refused(request, target, error)
        return saved(request, target, _("Contactpersoon geanonimiseerd."))
    return confirm(
        request,
        space,
        title=_("%(name)s anonimiseren?") % {"name": contact.name},
        explanation=[
            _(
                "De naam, het e-mailadres en het telefoonnummer van %(name)s worden verwijderd, "
                "ook uit de geschiedenis. Dit kan niet ongedaan worden gemaakt."
            )
            % {"name": contact.name},
            _(
                "De contactpersoon blijft als ‘geanonimiseerd’ in het wijkverband staan, zodat "
                "aantallen en geschiedenis behouden blijven."
            ),
        ],
        submit_label=_("Anonimiseren"),
        back_url=target,
        back_label=contact.neighbourhood.name,
    )


@login_required
@require_POST
def bottleneck_create(request, code, pk):
    space = workspace(request, code)
    hood = _alliance_hood(request, space, pk)
    form = BottleneckForm(request.POST, instance=Bottleneck(neighbourhood=hood))
    done = save_form(
        request,
        form,
        services.record_bottleneck,
        hood,
        target=hood_url(code, hood),
        message=_("Knelpunt vastgelegd."),
    )
    if done:
        return done
    return page(request, space, "staff/bottleneck_form.html", {"form": form, "neighbourhood": hood})


@login_required
def bottleneck_list(request, code):
    space = workspace(request, code)
    bottlenecks = (
        Bottleneck.objects.visible_to(request.user, Action.VIEW)
        .in_region(space.region)
        .select_related("neighbourhood")
        .order_by("status", "-escalated_at", "-created_at")
    )
    escalated_only = request.GET.get("opgeschaald") == "ja"
    open_only = request.GET.get("open") == "ja"
    if escalated_only:
        bottlenecks = bottlenecks.escalated()
    if open_only:
        bottlenecks = bottlenecks.unresolved()
    return page(
        request,
        space,
        "staff/bottleneck_list.html",
        {"bottlenecks": bottlenecks, "escalated_only": escalated_only, "open_only": open_only},
    )


@login_required
@require_POST
def bottleneck_escalate(request, code, pk):
    return _alliance_step(
        request,
        code,
        Bottleneck,
        pk,
        services.escalate_bottleneck,
        _("Knelpunt opgeschaald naar de regio."),
    )


@login_required
def bottleneck_resolve(request, code, pk):
    space = workspace(request, code)
    bottleneck = changeable(request, space, Bottleneck, pk=pk)
    form = ResolveForm(request.POST or None)
    done = save_form(
        request,
        form,
        services.resolve_bottleneck,
        bottleneck,
        target=hood_url(code, bottleneck.neighbourhood),
        message=_("Knelpunt opgelost."),
    )
    if done:
        return done
    return page(
        request, space, "staff/bottleneck_resolve.html", {"form": form, "bottleneck": bottleneck}
    )
