from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api import fields as strict
from api.serializers import StrictSerializer

from ..kinds import CHOICES as KIND_CHOICES
from ..models import Delivery, DeliveryStatus, Subscription
from ..services import forbidden_address


class EventSerializer(serializers.Serializer):
    # The same body as a webhook delivery, with the cursor for the next ?after=.
    id = serializers.CharField(source="message_id", help_text=_("Id van de gebeurtenis."))
    cursor = serializers.IntegerField(
        source="pk", help_text=_("Stuur mee als ?after= om de gebeurtenissen daarna te krijgen.")
    )
    type = serializers.ChoiceField(source="kind", choices=KIND_CHOICES, help_text=_("Soort."))
    timestamp = serializers.DateTimeField(source="occurred_at", help_text=_("Wanneer."))
    data = serializers.JSONField(
        help_text=_("De afspraak (id, reference, title, status, version, region) en details.")
    )


class FeedSerializer(serializers.Serializer):
    results = EventSerializer(many=True, help_text=_("De gebeurtenissen, oudste eerst."))
    next_cursor = serializers.IntegerField(
        help_text=_("Stuur mee als ?after= bij de volgende vraag (ook als er niets nieuws was).")
    )


class SubscriptionSerializer(serializers.ModelSerializer):
    insurer = serializers.IntegerField(
        source="insurer_id", help_text=_("Id van de zorgverzekeraar.")
    )
    kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=KIND_CHOICES),
        help_text=_("De soorten gebeurtenissen; leeg: alle."),
    )
    paused = serializers.SerializerMethodField(help_text=_("Gepauzeerd: er wordt niets bezorgd."))

    class Meta:
        model = Subscription
        fields = [
            "id",
            "insurer",
            "url",
            "kinds",
            "paused",
            "paused_at",
            "paused_reason",
            "created_at",
        ]
        extra_kwargs = {
            "id": {"help_text": _("Id van het abonnement.")},
            "url": {"help_text": _("Het https-adres waarheen de gebeurtenissen gaan.")},
            "paused_at": {"help_text": _("Sinds wanneer gepauzeerd.")},
            "paused_reason": {"help_text": _("Waarom gepauzeerd.")},
            "created_at": {"help_text": _("Aangemaakt op.")},
        }

    def get_paused(self, subscription) -> bool:
        return subscription.paused_at is not None


class NewSubscriptionSerializer(SubscriptionSerializer):
    secret = serializers.CharField(
        help_text=_(
            "Het geheim waarmee elke bezorging is ondertekend (Standard Webhooks); alleen nu "
            "getoond."
        )
    )

    class Meta(SubscriptionSerializer.Meta):
        fields = [*SubscriptionSerializer.Meta.fields, "secret"]


def validate_url(value):
    refused = forbidden_address(value)
    if refused:
        raise serializers.ValidationError(refused, code="forbidden_address")
    return value


class SubscriptionWriteSerializer(StrictSerializer):
    url = strict.CharField(
        max_length=500,
        validators=[serializers.URLField().run_validators, validate_url],
        help_text=_("Het https-adres waarheen de gebeurtenissen gaan."),
    )
    kinds = serializers.ListField(
        child=strict.ChoiceField(choices=KIND_CHOICES),
        required=False,
        help_text=_("De soorten gebeurtenissen; leeg of weggelaten: alle."),
    )
    insurer = strict.IntegerField(
        required=False,
        help_text=_("Id van de zorgverzekeraar; alleen nodig als u bij meer dan één hoort."),
    )
    paused = strict.BooleanField(
        required=False, help_text=_("false hervat een gepauzeerd abonnement.")
    )


class DeliverySerializer(serializers.ModelSerializer):
    event = serializers.CharField(source="event.message_id", help_text=_("Id van de gebeurtenis."))
    type = serializers.ChoiceField(
        source="event.kind", choices=KIND_CHOICES, help_text=_("Soort gebeurtenis.")
    )
    status = serializers.ChoiceField(choices=DeliveryStatus.choices, help_text=_("Status."))

    class Meta:
        model = Delivery
        fields = [
            "id",
            "event",
            "type",
            "status",
            "attempts",
            "last_attempt_at",
            "last_status_code",
            "last_error",
            "next_attempt_at",
            "delivered_at",
        ]
        extra_kwargs = {
            "id": {"help_text": _("Id van de bezorging.")},
            "attempts": {"help_text": _("Aantal pogingen tot nu toe.")},
            "last_attempt_at": {"help_text": _("Tijdstip van de laatste poging.")},
            "last_status_code": {"help_text": _("HTTP-status van het laatste antwoord.")},
            "last_error": {"help_text": _("De laatste fout; leeg na bezorging.")},
            "next_attempt_at": {"help_text": _("Wanneer de volgende poging is.")},
            "delivered_at": {"help_text": _("Wanneer bezorgd.")},
        }
