"""Input fields that take only the JSON type the contract (``api/openapi.yaml``) names.

DRF's fields coerce: ``"title": 123`` becomes ``"123"``, ``"amount": 1000.5`` an amount,
``"is_lead": "yes"`` true, ``"organisation": "7"`` an id. These refuse any other JSON type with
400 (code ``wrong_type``), naming the field; otherwise they behave as DRF's. Every writable
field of a :class:`api.serializers.StrictSerializer` is one of them (a test checks it)::

    from api import fields as strict

    class ExampleSerializer(StrictSerializer):
        title = strict.CharField(max_length=200, help_text=...)
"""

import re

from django.utils.translation import gettext_lazy as _
from rest_framework import relations, serializers

TEXT = _("Geef tekst.")
WHOLE_NUMBER = _("Geef een geheel getal.")


class JsonTypeMixin:
    """Refuse input whose JSON type is not one of ``json_types`` (a bool is no number)."""

    json_types: tuple[type, ...] = ()

    def to_internal_value(self, data):
        if not isinstance(data, self.json_types) or (
            isinstance(data, bool) and bool not in self.json_types
        ):
            self.fail("wrong_type")
        return super().to_internal_value(data)


class CharField(JsonTypeMixin, serializers.CharField):
    json_types = (str,)
    default_error_messages = {"wrong_type": TEXT}


class IntegerField(JsonTypeMixin, serializers.IntegerField):
    json_types = (int,)
    default_error_messages = {"wrong_type": WHOLE_NUMBER}


class BooleanField(JsonTypeMixin, serializers.BooleanField):
    json_types = (bool,)
    default_error_messages = {"wrong_type": _("Geef true of false.")}


class DateField(JsonTypeMixin, serializers.DateField):
    json_types = (str,)
    default_error_messages = {"wrong_type": _("Geef een datum als tekst, zoals “2026-03-01”.")}


class DecimalField(JsonTypeMixin, serializers.DecimalField):
    # The contract writes amounts as text ("1250.00"): no JSON numbers (binary fractions), and
    # no exponents or spaces either.
    json_types = (str,)
    default_error_messages = {
        "wrong_type": _("Geef een getal als tekst, zoals “1250.00”."),
    }
    plain = re.compile(r"-?\d+(?:\.\d+)?")

    def to_internal_value(self, data):
        if isinstance(data, str) and not self.plain.fullmatch(data):
            self.fail("wrong_type")
        return super().to_internal_value(data)


class ChoiceField(JsonTypeMixin, serializers.ChoiceField):
    # The type of the choices: 1 for a number choice, "oi" for a text one; never "1" for 1.

    def __init__(self, choices, **kwargs):
        super().__init__(choices, **kwargs)
        numeric = all(isinstance(key, int) and not isinstance(key, bool) for key in self.choices)
        self.json_types = (int,) if numeric else (str,)
        self.error_messages["wrong_type"] = WHOLE_NUMBER if numeric else TEXT


class ManyRelatedField(serializers.ManyRelatedField):
    # A JSON array only (DRF's takes any iterable, an object's keys too).

    def to_internal_value(self, data):
        if not isinstance(data, list):
            self.fail("not_a_list", input_type=type(data).__name__)
        return super().to_internal_value(data)


class StrictRelatedMixin(JsonTypeMixin):
    @classmethod
    def many_init(cls, *args, **kwargs):
        list_kwargs = {"child_relation": cls(*args, **kwargs)}
        for key in kwargs:
            if key in relations.MANY_RELATION_KWARGS:
                list_kwargs[key] = kwargs[key]
        return ManyRelatedField(**list_kwargs)


class PrimaryKeyRelatedField(StrictRelatedMixin, serializers.PrimaryKeyRelatedField):
    json_types = (int,)
    default_error_messages = {"wrong_type": _("Geef het id als geheel getal.")}


class SlugRelatedField(StrictRelatedMixin, serializers.SlugRelatedField):
    json_types = (str,)
    default_error_messages = {"wrong_type": _("Geef de code als tekst.")}
