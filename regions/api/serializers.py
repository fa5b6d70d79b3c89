from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import LegalForm, Phase, Region


class OrganisationSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("Id van de organisatie."))
    name = serializers.CharField(help_text=_("Naam van de organisatie."))


class RegionSerializer(serializers.ModelSerializer):
    code = serializers.SlugField(help_text=_("Code van de regio; gebruik hem in /regions/{code}/."))
    name = serializers.CharField(help_text=_("Naam van de regio."))
    care_office_region = serializers.CharField(help_text=_("De zorgkantoorregio."))
    legal_form = serializers.ChoiceField(
        choices=LegalForm.choices, help_text=_("Rechtsvorm van het samenwerkingsverband.")
    )
    phase = serializers.ChoiceField(choices=Phase.choices, help_text=_("Fase van de regio."))
    lead_municipality = serializers.CharField(help_text=_("De mandaatgemeente."))
    lead_insurer = OrganisationSummarySerializer(
        allow_null=True, help_text=_("De preferente zorgverzekeraar, of null.")
    )

    class Meta:
        model = Region
        fields = [
            "code",
            "name",
            "care_office_region",
            "legal_form",
            "phase",
            "lead_municipality",
            "lead_insurer",
        ]
