"""Events about agreements for insurers' systems: the event log (also the pull feed),
webhook subscriptions of insurers, and one delivery per event and subscription.

Who sees what: an event as its agreement (``Event.objects.visible_to``: the region's staff and
the insurers party to it, today); a subscription and its deliveries only the members of its
insurer (and platform admins).
"""

import base64
import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from regions.models import Organisation
from regions.permissions import is_platform_admin
from regions.tenancy import Action, insurer_ids

SECRET_PREFIX = "whsec_"


class CurrentTransactionId(models.Func):
    """The id of the inserting transaction (PostgreSQL 13+)."""

    template = "(pg_current_xact_id()::text::bigint)"
    output_field = models.BigIntegerField()


class EventQuerySet(models.QuerySet):
    def visible_to(self, user, action=Action.VIEW):
        """The events of the agreements ``user`` may see now."""
        return self.filter(agreement__in=Agreement.objects.visible_to(user, action))


class Event(models.Model):
    """Something that happened to an agreement. Its id is the feed's cursor and the webhook's
    ``webhook-id``; ``transaction_id`` lets the feed hold back events of transactions that
    have not all committed yet (an id is taken before its transaction commits)."""

    kind = models.CharField(_("soort"), max_length=60)  # a name in events.kinds.KINDS
    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="+", verbose_name=_("afspraak")
    )
    data = models.JSONField(_("inhoud"))
    key = models.CharField(
        max_length=100,
        null=True,
        blank=True,
        unique=True,
        help_text=_("Maakt de gebeurtenis uniek (een rapportage)."),
    )
    occurred_at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    transaction_id = models.BigIntegerField(db_default=CurrentTransactionId(), editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("gebeurtenissen")

    def __str__(self):
        return f"{self.kind} #{self.pk}"

    @property
    def message_id(self) -> str:
        return f"evt_{self.pk}"


def new_secret() -> str:
    """A signing secret in the Standard Webhooks format: ``whsec_`` and 32 random bytes in
    base64; the HMAC key is those bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


class SubscriptionQuerySet(models.QuerySet):
    def visible_to(self, user, action=Action.VIEW):
        """Subscriptions of the insurers ``user`` is a member of (all for platform admins); its
        members see and change them alike."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if is_platform_admin(user):
            return self.all()
        return self.filter(insurer__in=insurer_ids(user))


class Subscription(models.Model):
    """An insurer's webhook: where its events go, signed with ``secret``."""

    insurer = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="webhook_subscriptions",
        limit_choices_to={"kind": Organisation.Kind.INSURER},
        verbose_name=_("zorgverzekeraar"),
    )
    url = models.URLField(_("adres"), max_length=500)
    secret = models.CharField(_("geheim"), max_length=100, default=new_secret, editable=False)
    kinds = ArrayField(
        models.CharField(max_length=60),
        default=list,
        blank=True,
        verbose_name=_("soorten"),
        help_text=_("Namen uit events.kinds.KINDS; leeg: alle soorten."),
    )
    paused_at = models.DateTimeField(_("gepauzeerd op"), null=True, blank=True)
    paused_reason = models.CharField(_("reden van de pauze"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aangemaakt door"),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("webhook-abonnement")
        verbose_name_plural = _("webhook-abonnementen")
        constraints = [
            models.CheckConstraint(
                condition=Q(paused_at__isnull=True) | ~Q(paused_reason=""),
                name="subscription_pause_has_reason",
            )
        ]

    def __str__(self):
        return f"{self.insurer}: {self.url}"

    def wants(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("onderweg")
    DELIVERED = "delivered", _("bezorgd")
    FAILED = "failed", _("opgegeven")


class Delivery(models.Model):
    """One event to one subscription: every attempt counted, the last answer or error kept."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(
        _("status"), max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(_("volgende poging"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("laatste poging"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("laatste antwoord"), null=True)
    last_error = models.CharField(_("laatste fout"), max_length=500, blank=True)
    delivered_at = models.DateTimeField(_("bezorgd op"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("bezorging")
        verbose_name_plural = _("bezorgingen")
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event"], name="delivery_once")
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="delivery_pending_due",
            )
        ]

    def __str__(self):
        return f"{self.event} → {self.subscription_id}"
