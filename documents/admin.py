from django.contrib import admin

from regions.admin import FrozenAdminMixin, RegionOwnedAdmin

from .models import Document


@admin.register(Document)
class DocumentAdmin(FrozenAdminMixin, RegionOwnedAdmin):
    """View only: documents are asked for on the staff pages and written by the render task."""

    list_display = ("__str__", "region", "status", "requested_by", "created_at", "page_count")
    list_filter = ("kind", "status", "failure", "region")
    list_select_related = ("region", "agreement", "requested_by")
    search_fields = ("region__name", "agreement__reference", "request_id")
    date_hierarchy = "created_at"
