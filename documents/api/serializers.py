from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api import fields as strict
from api.serializers import StrictSerializer

from ..models import Document


class DocumentSerializer(serializers.ModelSerializer):
    # A PDF of the agreement (a progress report) and how its render went.

    status_url = serializers.SerializerMethodField(
        help_text=_("Waar de status van dit document te volgen is.")
    )
    download_url = serializers.SerializerMethodField(
        help_text=_("De PDF, zodra de status done is; anders null.")
    )
    out_of_date = serializers.SerializerMethodField(
        help_text=_(
            "true als de gegevens van de afspraak zijn gewijzigd sinds het document is gemaakt."
        )
    )
    error = serializers.CharField(
        read_only=True,
        label=_("Foutmelding"),
        help_text=_("Waarom het maken mislukte en wat u kunt doen."),
    )
    requested_at = serializers.DateTimeField(
        source="created_at", help_text=_("Wanneer het document is aangevraagd.")
    )

    class Meta:
        model = Document
        fields = [
            "id",
            "kind",
            "period_start",
            "period_end",
            "status",
            "error",
            "requested_at",
            "finished_at",
            "page_count",
            "size_bytes",
            "render_seconds",
            "attempts",
            "out_of_date",
            "status_url",
            "download_url",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": _("Id van het document.")},
            "period_start": {
                "help_text": _("Eerste dag van de rapportageperiode (null bij oudere documenten).")
            },
            "period_end": {
                "help_text": _(
                    "Laatste dag van de rapportageperiode: de rapportage toont de metingen tot en "
                    "met deze dag (null bij oudere documenten)."
                )
            },
            "finished_at": {"help_text": _("Wanneer het document klaar of mislukt was.")},
            "page_count": {"help_text": _("Aantal pagina's van de PDF.")},
            "size_bytes": {"help_text": _("Grootte van de PDF in bytes.")},
            "render_seconds": {"help_text": _("Hoe lang het maken duurde, in seconden.")},
            "attempts": {
                "help_text": _("Hoe vaak het maken is begonnen (meer dan 1 na een storing).")
            },
            "kind": {"help_text": _("Soort document: progress_report (voortgangsrapportage).")},
            "status": {
                "help_text": _(
                    "queued (in de wachtrij), rendering (wordt gemaakt), done (klaar) of failed "
                    "(mislukt, zie error)."
                )
            },
        }

    def _url(self, name, document):
        url = reverse(name, args=[document.agreement_id, document.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    def get_status_url(self, document) -> str:
        return self._url("api:agreement-document-detail", document)

    def get_download_url(self, document) -> str | None:
        if not document.is_done:
            return None
        return self._url("api:agreement-document-download", document)

    def get_out_of_date(self, document) -> bool:
        current = self.context.get("current_fingerprint")
        return bool(document.is_done and current and document.fingerprint != current)


class DocumentRequestSerializer(StrictSerializer):
    # The agreement in the path is the subject of the progress report.
    period = strict.DateField(
        required=False,
        help_text=_(
            "Een dag in de rapportageperiode; de periode is het kwartaal, halfjaar of jaar van het "
            "rapportageritme van de afspraak waarin die dag valt. Zonder: de laatste afgesloten "
            "periode. De periode moet binnen de looptijd vallen en al begonnen zijn."
        ),
    )
