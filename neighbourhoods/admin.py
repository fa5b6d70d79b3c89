from django.contrib import admin
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from regions.admin import HistoryMixin, RegionChildInline, RegionOwnedAdmin

from .models import AllianceContact, Bottleneck, Neighbourhood, NeighbourhoodUserObjectPermission


class AllianceContactInline(RegionChildInline):
    model = AllianceContact
    fields = ("discipline", "name", "role", "email", "phone", "active")
    autocomplete_fields = ("discipline",)


class BottleneckInline(RegionChildInline):
    model = Bottleneck
    fields = ("theme", "description", "status", "escalated_at", "resolution", "resolved_at")


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(RegionOwnedAdmin):
    list_display = (
        "name",
        "region",
        "municipality",
        "population",
        "outside_norm",
        "alliance_complete",
    )
    list_filter = ("region", "municipality")
    search_fields = ("name", "municipality", "region__name")
    inlines = (AllianceContactInline, BottleneckInline)

    def get_queryset(self, request):
        return super().get_queryset(request).with_alliance_status()

    @admin.display(description=_("buiten 10.000-20.000 inwoners"), boolean=True)
    def outside_norm(self, obj):
        return obj.population_outside_norm

    @admin.display(description=_("wijkverband compleet"), boolean=True, ordering="is_complete")
    def alliance_complete(self, obj):
        return obj.is_complete


@admin.register(AllianceContact)
class AllianceContactAdmin(RegionOwnedAdmin):
    list_display = ("name", "discipline", "neighbourhood", "region", "role", "active")
    list_filter = ("active", "discipline", "region")
    list_select_related = ("discipline", "neighbourhood", "region")
    search_fields = ("name", "email", "role", "neighbourhood__name", "region__name")
    autocomplete_fields = ("neighbourhood", "discipline")


@admin.register(Bottleneck)
class BottleneckAdmin(RegionOwnedAdmin):
    list_display = ("__str__", "neighbourhood", "region", "theme", "status", "escalated")
    list_filter = ("status", "theme", ("escalated_at", admin.EmptyFieldListFilter), "region")
    list_select_related = ("neighbourhood", "region")
    search_fields = ("description", "resolution", "neighbourhood__name", "region__name")
    autocomplete_fields = ("neighbourhood",)

    @admin.display(description=_("opgeschaald"), boolean=True, ordering="escalated_at")
    def escalated(self, obj):
        return obj.is_escalated


@admin.register(NeighbourhoodUserObjectPermission)
class NeighbourhoodUserObjectPermissionAdmin(HistoryMixin, admin.ModelAdmin):
    list_display = ("user", "permission", "content_object")
    list_filter = ("permission",)
    list_select_related = ("user", "permission__content_type", "content_object")
    search_fields = ("user__username", "user__email", "content_object__name")
    autocomplete_fields = ("user", "content_object")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "permission":
            kwargs["queryset"] = Permission.objects.filter(
                content_type=ContentType.objects.get_for_model(Neighbourhood)
            ).select_related("content_type")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
