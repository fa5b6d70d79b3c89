from django.contrib import admin

from .models import Kpi


@admin.register(Kpi)
class KpiAdmin(admin.ModelAdmin):
    """The national KPI catalogue: reference data that platform admins keep."""

    list_display = ("code", "name", "unit", "direction", "national_aim")
    list_filter = ("direction",)
    search_fields = ("code", "name", "definition")
