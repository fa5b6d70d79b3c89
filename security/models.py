from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserSession(models.Model):
    """A browser session of a person, so that they can see and end their own sessions.

    Written at sign-in, touched at most once a minute by ``SessionLifetimeMiddleware``; the
    session itself stays in Django's session store (``session_key``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="browser_sessions",
        verbose_name=_("gebruiker"),
    )
    session_key = models.CharField(_("sessiesleutel"), max_length=40, unique=True)
    signed_in_at = models.DateTimeField(_("ingelogd op"))
    last_seen_at = models.DateTimeField(_("laatst actief"))
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)

    class Meta:
        ordering = ["-last_seen_at"]
        verbose_name = _("sessie")
        verbose_name_plural = _("sessies")

    def __str__(self):
        return f"{self.user} {self.signed_in_at:%Y-%m-%d %H:%M}"
