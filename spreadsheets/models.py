import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regions.tenancy import RegionOwned

PREVIEW_LIFETIME = datetime.timedelta(minutes=30)


class ImportKind(models.TextChoices):
    NEIGHBOURHOODS = "neighbourhoods", _("wijken")
    CONTACTS = "contacts", _("contactpersonen van wijkverbanden")
    MANDATES = "mandates", _("mandaten")


class ImportBatch(RegionOwned):
    """One uploaded spreadsheet: first a preview kept on the server until it expires, then,
    once confirmed, the record of the import in the region's import history."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("voorvertoning")
        IMPORTED = "imported", _("geïmporteerd")

    kind = models.CharField(_("soort"), max_length=20, choices=ImportKind.choices)
    file_name = models.CharField(_("bestandsnaam"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geüpload door"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PREVIEW
    )
    rows = models.JSONField(
        _("rijen"),
        default=list,
        blank=True,
        help_text=_("Per rij wat er gebeurt; leeggemaakt zodra de import is uitgevoerd."),
    )
    warnings = models.JSONField(_("waarschuwingen"), default=list, blank=True)
    created_count = models.PositiveIntegerField(_("nieuw"), default=0)
    updated_count = models.PositiveIntegerField(_("gewijzigd"), default=0)
    unchanged_count = models.PositiveIntegerField(_("ongewijzigd"), default=0)
    error_count = models.PositiveIntegerField(_("fouten"), default=0)
    expires_at = models.DateTimeField(_("voorvertoning verloopt op"))
    imported_at = models.DateTimeField(_("geïmporteerd op"), null=True, blank=True)
    history_context = models.UUIDField(
        _("wijzigingsgeschiedenis"),
        null=True,
        blank=True,
        help_text=_("De context waaronder de wijzigingsgeschiedenis alle rijen vastlegde."),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        indexes = [models.Index(fields=["region", "status"], name="importbatch_region_status")]

    def __str__(self):
        return f"{self.file_name} ({self.get_kind_display()})"

    @property
    def is_expired(self) -> bool:
        return self.status == self.Status.PREVIEW and self.expires_at <= timezone.now()

    @property
    def changes_anything(self) -> bool:
        return bool(self.created_count or self.updated_count)
