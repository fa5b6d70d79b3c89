from base64 import b32encode

import segno
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from . import services
from .forms import CodeForm
from .otp import check_code, forget_failures, locked_out


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    """The second step of signing in: a code from the authenticator, or a recovery code."""
    if request.user.is_verified():
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if form.is_valid():
        device = check_code(request, request.user, form.cleaned_data["code"])
        if locked_out(request, request.user):
            logout(request)
            return render(request, "registration/locked_out.html", status=429)
        if device is not None:
            otp_login(request, device)
            forget_failures(request.user)
            return redirect(_next(request))
        form.add_error("code", _("Deze code klopt niet. Probeer het opnieuw."))
    return render(request, "registration/otp_verify.html", {"form": form, "next": _next(request)})


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    """Enrolment: scan the QR code, confirm with a code, get the recovery codes once."""
    user = request.user
    if user.totpdevice_set.filter(confirmed=True).exists() and not user.is_verified():
        return redirect("otp_verify")
    device = services.new_totp_device(user)
    form = CodeForm(request.POST or None)
    if "recovery" in request.POST and user.is_verified():
        codes = services.new_recovery_codes(user)
        return render(request, "registration/otp_recovery_codes.html", {"codes": codes})
    if form.is_valid() and not device.confirmed:
        if device.verify_token("".join(form.cleaned_data["code"].split())):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            codes = services.new_recovery_codes(user)
            return render(
                request,
                "registration/otp_recovery_codes.html",
                {"codes": codes, "next": _next(request)},
            )
        form.add_error("code", _("Deze code klopt niet. Probeer het opnieuw."))
    enrolled = user.totpdevice_set.filter(confirmed=True).exists()
    context = {
        "form": form,
        "enrolled": enrolled,
        "secret": "" if enrolled else b32encode(device.bin_key).decode(),
        "qr_svg": ""
        if enrolled
        else segno.make(device.config_url).svg_inline(scale=4, dark="#1b1f24", light="#ffffff"),
        "required": request.session.get(services.OTP_REQUIRED, False),
        "next": _next(request),
    }
    return render(request, "registration/otp_setup.html", context)


@login_required
@require_http_methods(["GET"])
def session_list(request):
    sessions = services.active_sessions(request.user)
    return render(
        request,
        "registration/sessions.html",
        {"sessions": sessions, "current": request.session.session_key},
    )


@login_required
@require_POST
def log_out_everywhere(request):
    services.end_sessions(request.user)
    logout(request)
    messages.success(request, _("U bent overal uitgelogd."))
    return redirect("login")
