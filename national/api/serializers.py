from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from agreements.models import AgreementStatus
from regions.models import Phase

# One count per status, named after the status's code.
AgreementCountsSerializer = type(
    "AgreementCountsSerializer",
    (serializers.Serializer,),
    {
        status: serializers.IntegerField(
            help_text=_("Aantal afspraken met status ‘%(label)s’.") % {"label": label}
        )
        for status, label in AgreementStatus.choices
    },
)


class RegionFiguresSerializer(serializers.Serializer):
    """One region's row of the national table: figures only, no personal data."""

    code = serializers.SlugField(help_text=_("Code van de regio."))
    name = serializers.CharField(help_text=_("Naam van de regio."))
    care_office_region = serializers.CharField(help_text=_("De zorgkantoorregio."))
    phase = serializers.ChoiceField(choices=Phase.choices, help_text=_("Fase van de regio."))
    tasks_in_place = serializers.IntegerField(
        help_text=_("Aantal van de vijf hoofdtaken met status ‘ingericht’.")
    )
    core_mandated = serializers.IntegerField(
        help_text=_(
            "Aantal van de drie kerndisciplines (huisartsenzorg, wijkverpleging, apotheek) met "
            "een vandaag geldig mandaat voor contractering met zorgverzekeraars."
        )
    )
    disciplines_mandated = serializers.IntegerField(
        help_text=_("Aantal van de twaalf eerstelijnsdisciplines met een vandaag geldig mandaat.")
    )
    neighbourhoods = serializers.IntegerField(help_text=_("Aantal wijken."))
    complete_neighbourhoods = serializers.IntegerField(
        help_text=_("Aantal wijken met een compleet hecht wijkverband.")
    )
    population = serializers.IntegerField(help_text=_("Inwoners van de wijken samen."))
    covered_population = serializers.IntegerField(
        help_text=_("Inwoners van wijken met een compleet hecht wijkverband.")
    )
    coverage = serializers.DecimalField(
        max_digits=5,
        decimal_places=4,
        coerce_to_string=False,
        allow_null=True,
        help_text=_(
            "Aandeel (0-1) van de inwoners dat in een wijk met een compleet hecht wijkverband "
            "woont; null zonder wijken."
        ),
    )
    open_escalated_bottlenecks = serializers.IntegerField(
        help_text=_("Aantal knelpunten dat naar de regio is opgeschaald en nog niet is opgelost.")
    )
    agreements = AgreementCountsSerializer(help_text=_("Aantal afspraken per status."))
    contracted_budget = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        help_text=_("Budget in euro voor dit kalenderjaar in goedgekeurde en actieve afspraken."),
    )
    lead_insurer = serializers.CharField(
        allow_null=True, help_text=_("Naam van de preferente zorgverzekeraar, of null.")
    )
