from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regions.admin import RegionOwnedAdmin

from .models import Mandate, MandateStatus


class MandateStatusFilter(admin.SimpleListFilter):
    """The status of ``Mandate.status_on(today)``, as a query."""

    title = _("status vandaag")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return MandateStatus.choices

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.with_status(self.value(), timezone.localdate())


@admin.register(Mandate)
class MandateAdmin(RegionOwnedAdmin):
    list_display = (
        "delegate_name",
        "discipline",
        "organisation",
        "region",
        "valid_from",
        "valid_until",
        "status_today",
        "backing",
    )
    list_filter = (MandateStatusFilter, "discipline", "region", "valid_from")
    list_select_related = ("discipline", "organisation", "region")
    search_fields = ("delegate_name", "delegate_email", "organisation__name", "region__name")
    autocomplete_fields = ("region", "discipline", "organisation")

    @admin.display(description=_("status vandaag"))
    def status_today(self, obj):
        return obj.status_on(timezone.localdate()).label

    @admin.display(description=_("draagvlak"))
    def backing(self, obj):
        share = f"{obj.backing_share:.0%}"
        return f"{obj.backing_practitioners}/{obj.discipline_practitioners} ({share})"
