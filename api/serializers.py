"""Serializer building blocks: strict input, scoped choices, and the problem body's schema."""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from regions.tenancy import Action

from . import fields as strict

# Class docstrings of serializers become descriptions in the public schema, so the serializers
# here explain themselves in comments.


class StrictSerializerMixin:
    # Refuse fields the serializer does not accept as input (unknown or read-only) with 400,
    # instead of ignoring them: a client that misspells a field learns so at once. Its
    # writable fields are those of api.fields, which refuse a value of the wrong JSON type.

    def to_internal_value(self, data):
        unknown = {}
        if isinstance(data, Mapping):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = {
                name: [serializers.ErrorDetail(_("Onbekend veld."), code="unknown_field")]
                for name in sorted(set(data) - writable)
            }
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as error:
            if unknown and isinstance(error.detail, dict):
                raise serializers.ValidationError({**error.detail, **unknown}) from None
            raise
        if unknown:
            raise serializers.ValidationError(unknown)
        return value


class StrictSerializer(StrictSerializerMixin, serializers.Serializer):
    pass


class ScopedRelatedFieldMixin:
    # Choices limited to what the requesting user may see (visible_to): a reference to anything
    # else is refused as if it did not exist.

    def get_queryset(self):
        queryset = super().get_queryset()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return queryset.visible_to(user, Action.VIEW)


class ScopedPrimaryKeyRelatedField(ScopedRelatedFieldMixin, strict.PrimaryKeyRelatedField):
    pass


class ScopedSlugRelatedField(ScopedRelatedFieldMixin, strict.SlugRelatedField):
    pass


class InvalidParamSerializer(serializers.Serializer):
    name = serializers.CharField(
        help_text=_("Het veld zoals in het verzoek, bijvoorbeeld 'budget_lines[1].amount'.")
    )
    code = serializers.CharField(help_text=_("Vaste code van de fout, bijvoorbeeld 'required'."))
    reason = serializers.CharField(help_text=_("Uitleg voor mensen."))


class ProblemSerializer(serializers.Serializer):
    # The body of every error (RFC 9457, application/problem+json).

    type = serializers.CharField(help_text=_("URI van de soort fout: urn:regio:problem:<code>."))
    code = serializers.CharField(help_text=_("Vaste code van de soort fout."))
    title = serializers.CharField(help_text=_("Korte samenvatting van de soort fout."))
    status = serializers.IntegerField(help_text=_("De HTTP-statuscode."))
    detail = serializers.CharField(help_text=_("Wat er mis is, voor mensen."))
    instance = serializers.CharField(help_text=_("Het pad van het verzoek."))
    invalid_params = InvalidParamSerializer(
        many=True,
        required=False,
        help_text=_("Bij ongeldige invoer: elke fout met het veld waar zij over gaat."),
    )
