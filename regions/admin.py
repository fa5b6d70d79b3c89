"""Admin for platform admins, and the building blocks the other apps' admins share.

- :class:`RegionOwnedAdmin`: a tenant-owned row. Its region is chosen once, when it is added; a row
  that hangs under a parent (``region_source``) takes the parent's region and never shows the
  field. A foreign key to a row of another region is refused in the form rather than by the
  database at commit.
- :class:`HistoryMixin`: the change page of a model tracked by pghistory shows its last changes
  (when, what, who, which request and the differences) and links to all of them.
- :class:`RegionChildInline` / :class:`ReadOnlyInline` / :class:`FrozenAdminMixin`: inlines
  for children, and view-only admin for frozen rows (a database trigger refuses their UPDATE).
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.postgres.fields import ArrayField
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from pghistory import config as pghistory_config
from pghistory.models import MiddlewareEvents

from config.history import describe_changes, describe_origin, event_name

from . import formatting
from .models import (
    Discipline,
    Organisation,
    Region,
    RegionAction,
    RegionGoal,
    RegionIndicator,
    RegionMembership,
    RegionTask,
    RoadmapYear,
)
from .tenancy import RegionOwned

OTHER_REGION = _("Dit hoort bij een andere regio.")


# --- forms ------------------------------------------------------------------------------------


class RegionOwnedForm(forms.ModelForm):
    """Refuses a foreign key to a tenant-owned row of another region than this row's."""

    def _post_clean(self):
        super()._post_clean()
        region_id = self.instance.region_id
        if region_id is None:
            return
        for name, value in list(self.cleaned_data.items()):
            if name != "region" and isinstance(value, RegionOwned) and value.region_id != region_id:
                self.add_error(name, OTHER_REGION)


class RegionChildFormSet(BaseInlineFormSet):
    """Gives new inline rows their parent's region up front, so the check above works on add."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        parent_region_id = getattr(self.instance, "region_id", None)
        if parent_region_id is not None and form.instance.region_id is None:
            form.instance.region_id = parent_region_id
        return form


class ChoiceArrayMixin:
    """An array of choices (``Mandate.scope``, ``Agreement.main_tasks``) as checkboxes."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, ArrayField) and db_field.base_field.choices:
            return forms.TypedMultipleChoiceField(
                choices=db_field.base_field.choices,
                coerce=db_field.base_field.to_python,
                widget=forms.CheckboxSelectMultiple,
                required=not db_field.blank,
                label=capfirst(db_field.verbose_name),
                help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


# --- history ----------------------------------------------------------------------------------

HISTORY_FIELD = "change_history"


def events_admin_url(obj) -> str:
    """The events admin, filtered to the events of ``obj``."""
    events_model = pghistory_config.admin_queryset().model
    opts = events_model._meta
    back = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    query = urlencode({"method": "tracks", "obj": f"{obj._meta.label}:{obj.pk}", "back": back})
    return f"{reverse(f'admin:{opts.app_label}_{opts.model_name}_changelist')}?{query}"


def history_table(obj, limit: int):
    """The last ``limit`` events of ``obj`` as an HTML table, newest first."""
    events = list(
        MiddlewareEvents.objects.tracks(obj).select_related("user").order_by("-pgh_id")[:limit]
    )
    link = format_html('<a href="{}">{}</a>', events_admin_url(obj), _("Alle wijzigingen"))
    if not events:
        return format_html("<p>{}</p><p>{}</p>", _("Nog geen wijzigingen vastgelegd."), link)

    def changes(event):
        if event.pgh_label in ("insert", "delete"):
            return ""
        return format_html_join(
            "",
            "<div>{}: {} → {}</div>",
            (
                (change.label, change.before, change.after)
                for change in describe_changes(type(obj), event.pgh_diff)
            ),
        )

    def author(event):
        if event.user is not None:
            return str(event.user)
        context = event.pgh_context or {}
        if context.get("user") is not None:
            return f"#{context['user']}"
        return _("systeem")

    def origin(event):
        return describe_origin(event.pgh_context)

    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                formatting.moment(event.pgh_created_at),
                event_name(type(obj), event.pgh_label),
                author(event),
                origin(event),
                changes(event),
            )
            for event in events
        ),
    )
    return format_html(
        "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
        "<tbody>{}</tbody></table><p>{}</p>",
        _("wanneer"),
        _("wat"),
        _("door"),
        _("verzoek"),
        _("wijzigingen"),
        rows,
        link,
    )


class HistoryMixin:
    """History of a model tracked by pghistory, from its change page.

    The page gets a section with the last changes, and its "Geschiedenis" link (Django's own,
    which only knows about edits made in the admin) leads to every recorded change instead.
    """

    history_limit = 20

    @property
    def is_tracked(self) -> bool:
        return bool(getattr(self.model, "pgh_event_models", None))

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and self.is_tracked:
            fields += (HISTORY_FIELD,)
        return fields

    def get_fields(self, request, obj=None):
        return [field for field in super().get_fields(request, obj) if field != HISTORY_FIELD]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and self.is_tracked:
            fieldsets.append((_("Wijzigingsgeschiedenis"), {"fields": [HISTORY_FIELD]}))
        return fieldsets

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id)) if self.is_tracked else None
        events_admin = self.admin_site._registry.get(pghistory_config.admin_queryset().model)
        if (
            obj is None
            or events_admin is None
            or not self.has_view_or_change_permission(request, obj)
            or not events_admin.has_view_permission(request)
        ):
            return super().history_view(request, object_id, extra_context)
        return HttpResponseRedirect(events_admin_url(obj))

    @admin.display(description=_("laatste wijzigingen"))
    def change_history(self, obj):
        return history_table(obj, self.history_limit)


# --- bases ------------------------------------------------------------------------------------


class RegionOwnedAdmin(HistoryMixin, ChoiceArrayMixin, admin.ModelAdmin):
    """A tenant-owned row: region chosen on add only (inherited from the parent if it has one)."""

    form = RegionOwnedForm
    autocomplete_fields = ("region",)
    list_select_related = ("region",)
    readonly_fields = ("created_at", "updated_at")

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if obj is not None or self.model.region_source is not None:
            fields = ("region", *fields)
        return fields


class RegionChildInline(ChoiceArrayMixin, admin.TabularInline):
    """Rows under a parent; their region is the parent's (``RegionOwned.inherit_region``)."""

    form = RegionOwnedForm
    formset = RegionChildFormSet
    extra = 0
    show_change_link = True


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FrozenAdminMixin:
    """View only: the rows are written once by services and the database refuses an UPDATE."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- regions ----------------------------------------------------------------------------------


@admin.register(Discipline)
class DisciplineAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "code",
        "is_primary_care",
        "is_core",
        "is_regional_minimum",
        "represented_by_care_organisations",
        "sort_order",
    )
    list_filter = ("is_primary_care", "is_core", "is_regional_minimum")
    search_fields = ("name", "code")
    prepopulated_fields = {"code": ("name",)}


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "discipline", "group")
    list_filter = ("kind", "discipline", "regions")
    list_select_related = ("discipline", "group")
    search_fields = ("name",)
    autocomplete_fields = ("discipline", "regions", "group")


class RegionTaskInline(RegionChildInline):
    model = RegionTask
    fields = ("task", "status", "note")
    max_num = len(RegionTask._meta.get_field("task").choices)
    show_change_link = False


class RegionMembershipInline(RegionChildInline):
    model = RegionMembership
    fields = ("user", "role")
    autocomplete_fields = ("user",)
    show_change_link = False


@admin.register(Region)
class RegionAdmin(HistoryMixin, admin.ModelAdmin):
    list_display = (
        "name",
        "code",
        "care_office_region",
        "phase",
        "population",
        "legal_form",
        "lead_insurer",
    )
    list_filter = ("phase", "legal_form", "care_office_region")
    list_select_related = ("lead_insurer",)
    search_fields = ("name", "code", "care_office_region", "lead_municipality")
    autocomplete_fields = ("lead_insurer",)
    readonly_fields = ("created_at", "updated_at")
    inlines = (RegionTaskInline, RegionMembershipInline)


@admin.register(RoadmapYear)
class RoadmapYearAdmin(admin.ModelAdmin):
    list_display = ("year", "expected_phase")
    list_editable = ("expected_phase",)


@admin.register(RegionTask)
class RegionTaskAdmin(RegionOwnedAdmin):
    list_display = ("region", "task", "status")
    list_filter = ("status", "task", "region")
    search_fields = ("region__name", "note")


@admin.register(RegionMembership)
class RegionMembershipAdmin(RegionOwnedAdmin):
    list_display = ("user", "region", "role")
    list_filter = ("role", "region")
    list_select_related = ("user", "region")
    search_fields = ("user__username", "user__email", "user__last_name", "region__name")
    autocomplete_fields = ("region", "user")


class RegionActionInline(RegionChildInline):
    model = RegionAction
    fk_name = "goal"
    fields = ("title", "owner", "due_date", "status")


@admin.register(RegionGoal)
class RegionGoalAdmin(RegionOwnedAdmin):
    list_display = ("title", "region", "vision_goal")
    list_filter = ("vision_goal", "region")
    search_fields = ("title", "description", "region__name")
    inlines = (RegionActionInline,)


@admin.register(RegionAction)
class RegionActionAdmin(RegionOwnedAdmin):
    list_display = ("title", "goal", "region", "owner", "due_date", "status")
    list_filter = ("status", "region")
    list_select_related = ("goal", "region")
    search_fields = ("title", "owner", "goal__title", "region__name")
    autocomplete_fields = ("goal",)


@admin.register(RegionIndicator)
class RegionIndicatorAdmin(RegionOwnedAdmin):
    list_display = ("kind", "region", "year", "value", "source")
    list_filter = ("kind", "year", "region")
    search_fields = ("region__name", "source")
