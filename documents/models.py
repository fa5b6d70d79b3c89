"""Stored PDF documents: a regiobeeld, a regioplan or a progress report, and its render state."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from agreements.models import insurer_granted_agreement_ids
from progress.services import Period
from regions.tenancy import Action, RegionOwned, RegionScopedQuerySet

from .storage import document_storage


class DocumentKind(models.TextChoices):
    REGIOBEELD = "regiobeeld", _("regiobeeld")
    REGIOPLAN = "regioplan", _("regioplan")
    PROGRESS_REPORT = "progress_report", _("voortgangsrapportage")

    @property
    def request_label(self) -> str:
        """The button that asks for one (het regiobeeld, het regioplan, de rapportage)."""
        return REQUEST_LABELS[self]


REQUEST_LABELS = {
    DocumentKind.REGIOBEELD: _("Maak een nieuw regiobeeld"),
    DocumentKind.REGIOPLAN: _("Maak een nieuw regioplan"),
    DocumentKind.PROGRESS_REPORT: _("Maak een nieuwe voortgangsrapportage"),
}


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", _("in de wachtrij")
    RENDERING = "rendering", _("wordt gemaakt")
    DONE = "done", _("klaar")
    FAILED = "failed", _("mislukt")


PENDING_STATUSES = (DocumentStatus.QUEUED, DocumentStatus.RENDERING)


class DocumentFailure(models.TextChoices):
    """Why a render failed. What went wrong inside (the exception, a path) is logged with the
    document's id and request id, never shown."""

    RENDER = "render", _("fout bij het maken")
    TIMEOUT = "timeout", _("duurde te lang")
    DATABASE = "database", _("database niet bereikbaar")
    LOST = "lost", _("niet op tijd gemaakt")


FAILURE_MESSAGES = {
    DocumentFailure.RENDER: _(
        "Het maken van de PDF is mislukt door een fout in het platform. Vraag het document "
        "opnieuw aan; gebeurt dit weer, meld het dan aan de beheerder met documentnummer %(id)s."
    ),
    DocumentFailure.TIMEOUT: _(
        "Het maken duurde langer dan %(seconds)s seconden en is afgebroken. Vraag het document "
        "opnieuw aan; gebeurt dit weer, meld het dan aan de beheerder met documentnummer %(id)s."
    ),
    DocumentFailure.DATABASE: _(
        "De database was bij herhaalde pogingen niet bereikbaar. Vraag het document over een "
        "paar minuten opnieuw aan."
    ),
    DocumentFailure.LOST: _(
        "Het document is niet op tijd gemaakt en is opgegeven. Vraag het opnieuw aan."
    ),
}


class DocumentQuerySet(RegionScopedQuerySet):
    def scope(self, user, action):
        """Staff of the region; insurers see the progress reports of agreements they are party
        to (the regiobeeld and regioplan are the region's own)."""
        scope = super().scope(user, action)
        if action is Action.VIEW:
            scope |= Q(
                kind=DocumentKind.PROGRESS_REPORT,
                agreement__in=insurer_granted_agreement_ids(user),
            )
        return scope

    def pending(self):
        return self.filter(status__in=PENDING_STATUSES)


def document_path(document, filename):
    return f"documents/{document.region_id}/{filename}"


class Document(RegionOwned):
    """One run of a document: what was asked, by whom, how it went, and the PDF it produced."""

    kind = models.CharField(_("soort"), max_length=20, choices=DocumentKind.choices)
    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("afspraak"),
        help_text=_("Het onderwerp van een voortgangsrapportage."),
    )
    period_start = models.DateField(
        _("periode vanaf"),
        null=True,
        blank=True,
        help_text=_("De rapportageperiode van een voortgangsrapportage."),
    )
    period_end = models.DateField(_("periode tot en met"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("aangevraagd door"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED
    )
    failure = models.CharField(
        _("reden van mislukken"), max_length=20, choices=DocumentFailure.choices, blank=True
    )
    request_id = models.CharField(
        _("verzoek-id"),
        max_length=64,
        blank=True,
        help_text=_("De X-Request-ID van de aanvraag; het logboek noemt hem bij elke stap."),
    )
    fingerprint = models.CharField(
        _("vingerafdruk van de gegevens"),
        max_length=64,
        help_text=_("Verandert zodra de gegevens veranderen waaruit het document is gemaakt."),
    )
    file = models.FileField(
        _("bestand"), storage=document_storage, upload_to=document_path, blank=True
    )
    page_count = models.PositiveIntegerField(_("pagina's"), null=True, blank=True)
    size_bytes = models.PositiveIntegerField(_("grootte (bytes)"), null=True, blank=True)
    render_seconds = models.FloatField(_("maaktijd (s)"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    enqueued_at = models.DateTimeField(
        _("in de wachtrij gezet op"),
        null=True,
        blank=True,
        help_text=_(
            "Wanneer de opdracht aan de wachtrij is gegeven; leeg zolang de wachtrij niet "
            "bereikbaar was (dan wordt de opdracht opnieuw verstuurd)."
        ),
    )
    started_at = models.DateTimeField(_("begonnen op"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)

    region_source = "agreement"
    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["region", "-created_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        constraints = [
            # Idempotence: the same request while one is queued or rendering is that one.
            models.UniqueConstraint(
                fields=["region", "kind", "agreement", "period_end", "fingerprint"],
                condition=Q(status__in=PENDING_STATUSES),
                nulls_distinct=False,
                name="document_one_pending_per_subject",
            ),
            models.CheckConstraint(
                condition=Q(kind=DocumentKind.PROGRESS_REPORT, agreement__isnull=False)
                | (~Q(kind=DocumentKind.PROGRESS_REPORT) & Q(agreement__isnull=True)),
                name="document_progress_report_has_agreement",
            ),
            # Progress reports made before they had a period have none.
            models.CheckConstraint(
                condition=Q(period_start__isnull=True, period_end__isnull=True)
                | Q(
                    kind=DocumentKind.PROGRESS_REPORT,
                    period_start__isnull=False,
                    period_end__gte=F("period_start"),
                ),
                name="document_period_of_progress_report",
            ),
            models.CheckConstraint(
                condition=~Q(status=DocumentStatus.DONE)
                | (~Q(file="") & Q(page_count__gt=0) & Q(size_bytes__gt=0)),
                name="document_done_has_file",
            ),
            models.CheckConstraint(
                condition=Q(status=DocumentStatus.FAILED, failure__gt="")
                | (~Q(status=DocumentStatus.FAILED) & Q(failure="")),
                name="document_failed_has_failure",
            ),
        ]
        indexes = [
            models.Index(fields=["region", "kind", "-created_at"], name="document_region_kind"),
        ]

    def __str__(self):
        subject = f" {self.agreement.reference}" if self.agreement_id else ""
        return f"{self.get_kind_display()}{subject} ({self.get_status_display()})"

    @property
    def period(self):
        """The reporting period of a progress report (``None`` for the other kinds)."""
        return Period(self.period_start, self.period_end) if self.period_start else None

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING_STATUSES

    @property
    def awaits_message(self) -> bool:
        """Queued, but the broker was away when it was asked for: no worker knows of it yet."""
        return self.status == DocumentStatus.QUEUED and self.enqueued_at is None

    @property
    def is_done(self) -> bool:
        return self.status == DocumentStatus.DONE

    @property
    def error(self) -> str:
        """Why the render failed and what to do about it, in the reader's language."""
        if not self.failure:
            return ""
        return FAILURE_MESSAGES[self.failure] % {
            "id": self.pk,
            "seconds": settings.DOCUMENTS_RENDER_SOFT_TIME_LIMIT,
        }

    @property
    def filename(self) -> str:
        """The name a reader saves it under, e.g. ``regiobeeld-amstelland-zuid-12.pdf``."""
        subject = self.agreement.reference.lower() if self.agreement_id else self.region.code
        return f"{self.kind.replace('_', '-')}-{subject}-{self.pk}.pdf"
