from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from agreements.models import AgreementStatus
from regions.models import Phase

from ..services import Reason

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
    expected_phase = serializers.ChoiceField(
        choices=Phase.choices,
        allow_null=True,
        help_text=_(
            "De fase die de landelijke routekaart dit jaar verwacht; null zonder routekaart."
        ),
    )
    behind_roadmap = serializers.BooleanField(
        help_text=_("Of de regio achter op de routekaart staat (haar fase vóór de verwachte).")
    )
    attention_codes = serializers.ListField(
        child=serializers.ChoiceField(choices=Reason.choices),
        help_text=_("Waarom de regio aandacht vraagt; leeg als ze dat niet doet."),
    )
    tasks_in_place = serializers.IntegerField(
        help_text=_("Aantal van de vijf hoofdtaken met status ‘ingericht’.")
    )
    core_mandated = serializers.IntegerField(
        help_text=_(
            "Aantal van de drie kerndisciplines (huisartsenzorg, wijkverpleging, apotheek) met "
            "een vandaag geldig mandaat voor contractering met zorgverzekeraars."
        )
    )
    disciplines_contracting = serializers.IntegerField(
        help_text=_(
            "Aantal van de twaalf eerstelijnsdisciplines vertegenwoordigd voor contractering: met "
            "een vandaag geldig mandaat voor contractering, of (specialist ouderengeneeskunde, "
            "arts verstandelijk gehandicapten) via een zorgorganisatie in de regio."
        )
    )
    disciplines_mandated = serializers.IntegerField(
        help_text=_("Aantal van de twaalf eerstelijnsdisciplines met een vandaag geldig mandaat.")
    )
    neighbourhoods = serializers.IntegerField(help_text=_("Aantal wijken."))
    complete_neighbourhoods = serializers.IntegerField(
        help_text=_("Aantal wijken met een compleet hecht wijkverband.")
    )
    population = serializers.IntegerField(
        help_text=_(
            "Inwoners van de regio zoals vastgelegd (de noemer van de dekking); zonder dat, of "
            "als de wijken samen meer hebben, de inwoners van de wijken samen."
        )
    )
    registered_population = serializers.IntegerField(help_text=_("Inwoners van de wijken samen."))
    unassigned_population = serializers.IntegerField(
        help_text=_("Inwoners die nog in geen geregistreerde wijk wonen (nog niet ingedeeld).")
    )
    municipalities = serializers.ListField(
        child=serializers.CharField(), help_text=_("De gemeenten in de regio.")
    )
    covered_population = serializers.IntegerField(
        help_text=_("Inwoners van wijken met een compleet hecht wijkverband.")
    )
    coverage = serializers.DecimalField(
        max_digits=5,
        decimal_places=4,
        coerce_to_string=False,
        allow_null=True,
        help_text=_(
            "Aandeel (0-1) van de inwoners van de regio dat in een wijk met een compleet hecht "
            "wijkverband woont; null zonder inwoners."
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
