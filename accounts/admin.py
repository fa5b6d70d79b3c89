from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from regions.admin import RegionChildInline
from regions.models import RegionMembership

from .models import User


class RegionMembershipInline(RegionChildInline):
    model = RegionMembership
    fk_name = "user"
    fields = ("region", "role")
    autocomplete_fields = ("region",)
    show_change_link = False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's user admin, with the person's regions (and roles) and groups (insurers)."""

    list_display = (*DjangoUserAdmin.list_display, "is_superuser", "group_names")
    inlines = (RegionMembershipInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("groepen"))
    def group_names(self, obj):
        return ", ".join(group.name for group in obj.groups.all()) or "-"
