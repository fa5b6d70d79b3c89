from django.contrib import admin

from regions.admin import FrozenAdminMixin, RegionOwnedAdmin

from .models import ImportBatch


@admin.register(ImportBatch)
class ImportBatchAdmin(FrozenAdminMixin, RegionOwnedAdmin):
    """View only: imports are previewed and confirmed on the staff pages or by the command."""

    list_display = (
        "file_name",
        "kind",
        "region",
        "status",
        "uploaded_by",
        "created_count",
        "updated_count",
        "imported_at",
    )
    list_filter = ("kind", "status", "region")
    list_select_related = ("region", "uploaded_by")
    search_fields = ("file_name", "region__name")
    exclude = ("rows",)  # a preview's rows (personal data, up to 5,000) stay out of the admin
    date_hierarchy = "created_at"
