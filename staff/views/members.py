from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from regions import services
from regions.errors import DomainError
from regions.models import RegionMembership
from regions.tenancy import Action

from ..access import region_page, visible, workspace
from ..forms import InviteForm, RoleForm
from ..mail import send_invitation
from .common import page, refused, save_form, saved


@login_required
@region_page(Action.VIEW)
def members(request, code):
    space = workspace(request, code)
    memberships = (
        RegionMembership.objects.visible_to(request.user, Action.VIEW)
        .in_region(space.region)
        .select_related("user")
        .order_by("role", "user__last_name", "user__username")
    )
    rows = [
        (m, RoleForm(initial={"role": m.role, "token": m.edit_token}, prefix=f"m{m.pk}"))
        for m in memberships
    ]
    return page(request, space, "staff/members.html", {"rows": rows, "invite_form": InviteForm()})


@login_required
@region_page(Action.ADMINISTER)
def member_invite(request, code):
    space = workspace(request, code)
    form = InviteForm(request.POST or None)

    def invite(actor, region, **values):
        membership = services.invite_member(actor, region, **values)
        send_invitation(request, membership)
        return membership

    done = save_form(
        request,
        form,
        invite,
        space.region,
        target=reverse("staff:members", args=[code]),
        message=lambda membership: (
            _("Uitnodiging verstuurd naar %(email)s.") % {"email": membership.user.email}
        ),
    )
    if done:
        return done
    return page(request, space, "staff/member_invite.html", {"form": form})


@login_required
@require_POST
@region_page(Action.ADMINISTER)
def member_role(request, code, pk):
    space = workspace(request, code)
    membership = visible(request, space, RegionMembership.objects.select_related("user"), pk=pk)
    target = reverse("staff:members", args=[code])
    form = RoleForm(request.POST, prefix=f"m{membership.pk}")
    if not form.is_valid():
        return refused(request, target, DomainError.single(_("Kies een geldige rol.")))
    try:
        services.set_role(
            request.user,
            membership,
            role=form.cleaned_data["role"],
            token=form.cleaned_data["token"],
        )
    except DomainError as error:
        return refused(request, target, error)
    return saved(request, target, _("Rol gewijzigd."))
