import datetime

import django_filters
from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField


class UtcDateTimeField(IsoDateTimeField):
    """An ISO 8601 moment with its time zone, in UTC: PostgreSQL refuses some offsets Python
    accepts (+20:08). Without a zone the moment is ambiguous (whose 09:00?), so it is refused."""

    default_error_messages = {
        "no_timezone": _("Geef het tijdstip met tijdzone, zoals 2026-03-01T09:00:00+01:00."),
    }

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            try:
                parsed = parse_datetime(value.strip())
            except ValueError:
                parsed = None  # not ISO 8601: the field's own message says so
            if parsed is not None and parsed.tzinfo is None:
                raise ValidationError(self.error_messages["no_timezone"], code="no_timezone")
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(datetime.UTC)
        except OverflowError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class UtcDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcDateTimeField


class RegionFilterSet(django_filters.FilterSet):
    """Filters every tenant-owned list has: ``region`` (its code) and ``updated_since``.

    A region the caller cannot see gives an empty list, like one that does not exist.
    """

    region = django_filters.CharFilter(
        field_name="region__code", help_text=_("Alleen deze regio (code, bijvoorbeeld 'twente').")
    )
    updated_since = UtcDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text=_(
            "Alleen wat op of na dit tijdstip (ISO 8601, met tijdzone) is gewijzigd; om te pollen."
        ),
    )


class StableOrderingFilter(django_filters.OrderingFilter):
    """``?ordering=`` on the declared fields, with ``id`` last so pages never overlap."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        return qs.order_by(*qs.query.order_by, "id") if value else qs
