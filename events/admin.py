from django.contrib import admin

from .models import Delivery, Event, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("insurer", "url", "paused_at", "created_at")
    list_filter = ("insurer",)
    readonly_fields = ("paused_at", "paused_reason", "created_by", "created_at")
    fields = ("insurer", "url", "kinds", *readonly_fields)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("event", "subscription", "status", "attempts", "last_status_code")
    list_filter = ("status",)
    list_select_related = ("event", "subscription__insurer")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "agreement", "occurred_at")
    list_filter = ("kind",)
    list_select_related = ("agreement",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
