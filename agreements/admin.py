import json

from django.contrib import admin
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from regions.admin import (
    FrozenAdminMixin,
    HistoryMixin,
    ReadOnlyInline,
    RegionChildInline,
    RegionOwnedAdmin,
)

from .models import (
    EDITABLE_STATUSES,
    Agreement,
    AgreementDiscipline,
    AgreementGoal,
    AgreementGroupObjectPermission,
    AgreementParty,
    AgreementVersion,
    BudgetLine,
    Review,
    Signature,
    Target,
)


def is_editable(agreement) -> bool:
    return agreement is None or agreement.is_editable


class ContentInline(RegionChildInline):
    """A part of the agreement's content: read-only once the agreement is no longer editable
    (``obj`` is the agreement)."""

    def has_add_permission(self, request, obj=None):
        return is_editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return is_editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_editable(obj) and super().has_delete_permission(request, obj)


class PartyInline(ContentInline):
    model = AgreementParty
    fields = ("organisation", "is_lead", "cost_share")
    autocomplete_fields = ("organisation",)


class CoveredDisciplineInline(ContentInline):
    model = AgreementDiscipline
    fields = ("discipline",)
    autocomplete_fields = ("discipline",)
    show_change_link = False


class ServedGoalInline(ContentInline):
    model = AgreementGoal
    fields = ("goal",)
    autocomplete_fields = ("goal",)
    show_change_link = False


class BudgetLineInline(ContentInline):
    model = BudgetLine
    fields = ("year", "source", "segment", "zvw_fund", "grant_number", "amount", "description")


class TargetInline(ContentInline):
    model = Target
    fields = ("name", "unit", "baseline", "goal", "current_value")


class VersionInline(ReadOnlyInline):
    model = AgreementVersion
    fields = ("number", "submitted_by", "created_at")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agreement", "submitted_by")


class ReviewInline(ReadOnlyInline):
    model = Review
    fk_name = "agreement"
    fields = (
        "version",
        "insurer",
        "reviewer",
        "decision",
        "by_lead_insurer",
        "comment",
        "created_at",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("version__agreement", "insurer", "reviewer")
        )


@admin.register(Agreement)
class AgreementAdmin(RegionOwnedAdmin):
    list_display = (
        "reference",
        "title",
        "region",
        "type",
        "procurement_model",
        "status",
        "period_start",
        "period_end",
    )
    list_filter = ("status", "type", "procurement_model", "region")
    search_fields = ("reference", "title", "description", "region__name")
    # The life cycle (submit, review, activate, end) belongs to agreements.services, which
    # freezes versions and checks mandates; the admin does not bypass it, nor changes the
    # content of an agreement that is no longer editable (under review, signed, active).
    readonly_fields = ("status", "created_at", "updated_at")
    inlines = (
        PartyInline,
        CoveredDisciplineInline,
        ServedGoalInline,
        BudgetLineInline,
        TargetInline,
        VersionInline,
        ReviewInline,
    )

    def has_change_permission(self, request, obj=None):
        return is_editable(obj) and super().has_change_permission(request, obj)


class AgreementChildAdmin(RegionOwnedAdmin):
    list_select_related = ("agreement", "region")
    autocomplete_fields = ("agreement",)
    list_filter = ("region",)


class ContentAdmin(AgreementChildAdmin):
    """A row of an agreement's content: added, changed or deleted only while the agreement is
    editable."""

    def has_change_permission(self, request, obj=None):
        return (obj is None or obj.agreement.is_editable) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return (obj is None or obj.agreement.is_editable) and super().has_delete_permission(
            request, obj
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agreement":
            kwargs["queryset"] = Agreement.objects.filter(status__in=EDITABLE_STATUSES)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(AgreementParty)
class AgreementPartyAdmin(ContentAdmin):
    list_display = ("organisation", "agreement", "region", "is_lead")
    list_filter = ("is_lead", "organisation__kind", "region")
    list_select_related = ("organisation", "agreement", "region")
    search_fields = ("organisation__name", "agreement__reference", "agreement__title")
    autocomplete_fields = ("agreement", "organisation")


@admin.register(AgreementDiscipline)
class AgreementDisciplineAdmin(ContentAdmin):
    list_display = ("discipline", "agreement", "region")
    list_filter = ("discipline", "region")
    list_select_related = ("discipline", "agreement", "region")
    search_fields = ("discipline__name", "agreement__reference", "agreement__title")
    autocomplete_fields = ("agreement", "discipline")


@admin.register(AgreementGoal)
class AgreementGoalAdmin(ContentAdmin):
    list_display = ("goal", "agreement", "region")
    list_select_related = ("goal", "agreement", "region")
    search_fields = ("goal__title", "agreement__reference", "agreement__title")
    autocomplete_fields = ("agreement", "goal")


@admin.register(BudgetLine)
class BudgetLineAdmin(ContentAdmin):
    list_display = ("agreement", "year", "source", "segment", "amount", "region")
    list_filter = ("source", "segment", "year", "region")
    search_fields = ("description", "agreement__reference", "agreement__title")


@admin.register(Target)
class TargetAdmin(ContentAdmin):
    list_display = ("name", "agreement", "unit", "baseline", "goal", "current_value", "region")
    search_fields = ("name", "agreement__reference", "agreement__title")


@admin.register(AgreementVersion)
class AgreementVersionAdmin(FrozenAdminMixin, AgreementChildAdmin):
    list_display = ("agreement", "number", "submitted_by", "created_at", "region")
    list_select_related = ("agreement", "submitted_by", "region")
    search_fields = ("agreement__reference", "agreement__title", "submitted_by__username")
    fields = ("agreement", "region", "number", "submitted_by", "created_at", "content")
    readonly_fields = fields

    @admin.display(description=_("inhoud"))
    def content(self, obj):
        return format_html("<pre>{}</pre>", json.dumps(obj.snapshot, indent=2, ensure_ascii=False))


@admin.register(Review)
class ReviewAdmin(FrozenAdminMixin, AgreementChildAdmin):
    list_display = (
        "agreement",
        "version_number",
        "insurer",
        "decision",
        "by_lead_insurer",
        "reviewer",
        "created_at",
    )
    list_filter = ("decision", "by_lead_insurer", "insurer", "region")
    list_select_related = ("agreement", "version", "insurer", "reviewer", "region")
    search_fields = ("agreement__reference", "insurer__name", "reviewer__username", "comment")
    fields = (
        "agreement",
        "region",
        "version",
        "insurer",
        "reviewer",
        "decision",
        "by_lead_insurer",
        "comment",
        "contract_reference",
        "created_at",
    )
    readonly_fields = fields

    @admin.display(description=_("versie"), ordering="version__number")
    def version_number(self, obj):
        return obj.version.number


@admin.register(Signature)
class SignatureAdmin(FrozenAdminMixin, AgreementChildAdmin):
    list_display = ("agreement", "party", "signatory", "signed_on", "recorded_by", "region")
    list_select_related = ("agreement", "party__organisation", "recorded_by", "region")
    search_fields = ("agreement__reference", "party__organisation__name", "signatory")
    fields = ("agreement", "region", "version", "party", "signatory", "signed_on", "recorded_by")
    readonly_fields = fields


@admin.register(AgreementGroupObjectPermission)
class AgreementGroupObjectPermissionAdmin(HistoryMixin, admin.ModelAdmin):
    list_display = ("group", "permission", "content_object")
    list_filter = ("permission",)
    list_select_related = ("group", "permission__content_type", "content_object")
    search_fields = ("group__name", "content_object__reference", "content_object__title")
    autocomplete_fields = ("group", "content_object")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "permission":
            kwargs["queryset"] = Permission.objects.filter(
                content_type=ContentType.objects.get_for_model(Agreement)
            ).select_related("content_type")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
