"""The invitation e-mail: a link to choose a password (Django's password reset confirmation)."""

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


def send_invitation(request, membership) -> None:
    user = membership.user
    link = request.build_absolute_uri(
        reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    )
    context = {"user": user, "region": membership.region, "link": link, "inviter": request.user}
    subject = render_to_string("staff/email/invitation_subject.txt", context).strip()
    body = render_to_string("staff/email/invitation.txt", context)
    send_mail(subject, body, None, [user.email])
