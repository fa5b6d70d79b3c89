from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from agreements.models import Segment
from api import fields as strict
from api.serializers import StrictSerializer

from ..models import Measurement, ReportingRhythm

AMOUNT = {"max_digits": 14, "decimal_places": 2}


class MeasurementSerializer(serializers.ModelSerializer):
    target = serializers.IntegerField(source="target_id", help_text=_("Id van de doelstelling."))
    period_start = serializers.DateField(help_text=_("Eerste dag van de periode."))
    period_end = serializers.DateField(
        help_text=_("Peildatum: laatste dag van de periode (bij één dag gelijk aan het begin).")
    )
    quarter = serializers.IntegerField(
        allow_null=True, help_text=_("Het kwartaal (1-4) als de periode een heel kwartaal is.")
    )
    value = serializers.DecimalField(**AMOUNT, help_text=_("De gemeten waarde, als tekst."))
    source = serializers.CharField(help_text=_("Bron van de meting."))
    note = serializers.CharField(help_text=_("Toelichting."))
    recorded_at = serializers.DateTimeField(
        source="created_at", help_text=_("Wanneer de meting is vastgelegd.")
    )

    class Meta:
        model = Measurement
        fields = [
            "id",
            "target",
            "period_start",
            "period_end",
            "quarter",
            "value",
            "source",
            "note",
            "recorded_at",
        ]
        read_only_fields = fields
        extra_kwargs = {"id": {"help_text": _("Id van de meting.")}}


class MeasurementCreateSerializer(StrictSerializer):
    target = strict.IntegerField(help_text=_("Id van een doelstelling van deze afspraak."))
    period_start = strict.DateField(help_text=_("Eerste dag van de periode."))
    period_end = strict.DateField(help_text=_("Peildatum: laatste dag van de periode."))
    value = strict.DecimalField(**AMOUNT, help_text=_("De gemeten waarde, als tekst."))
    source = strict.CharField(max_length=200, help_text=_("Bron van de meting."))
    note = strict.CharField(allow_blank=True, default="", help_text=_("Toelichting bij de meting."))


class DueSerializer(serializers.Serializer):
    period_start = serializers.DateField(help_text=_("Eerste dag van de periode."))
    period_end = serializers.DateField(help_text=_("Laatste dag van de periode."))
    label = serializers.CharField(help_text=_("De periode zoals de rapportage hem noemt."))
    missing_targets = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("Ids van de doelstellingen zonder meting.")
    )


class TargetProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("Id van de doelstelling."))
    name = serializers.CharField(help_text=_("Naam van de indicator."))
    unit = serializers.CharField(help_text=_("Eenheid."))
    baseline = serializers.DecimalField(**AMOUNT, help_text=_("Nulmeting."))
    goal = serializers.DecimalField(**AMOUNT, help_text=_("Streefwaarde."))
    kpi = serializers.CharField(
        allow_null=True, help_text=_("Code van de kernindicator uit de landelijke catalogus.")
    )
    latest = MeasurementSerializer(allow_null=True, help_text=_("De laatste meting."))


class BudgetProgressSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text=_("Jaar."))
    segment = serializers.ChoiceField(choices=Segment.choices, help_text=_("NZa-segment."))
    planned = serializers.DecimalField(**AMOUNT, help_text=_("Gepland bedrag in euro's."))
    realised = serializers.DecimalField(
        **AMOUNT, allow_null=True, help_text=_("Gerealiseerd bedrag in euro's; null: nog niet.")
    )


class ProgressSerializer(serializers.Serializer):
    reporting_rhythm = serializers.ChoiceField(
        choices=ReportingRhythm.choices, help_text=_("Hoe vaak over de voortgang wordt gemeld.")
    )
    progress_due = DueSerializer(
        allow_null=True,
        help_text=_(
            "De rapportage over de laatste afgelopen periode als die ontbreekt (een of meer "
            "doelstellingen zonder meting); anders null."
        ),
    )
    targets = TargetProgressSerializer(many=True, help_text=_("De doelstellingen."))
    budget = BudgetProgressSerializer(many=True, help_text=_("Gepland en gerealiseerd budget."))
