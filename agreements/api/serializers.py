"""What the agreements API reads and writes.

Reads of agreements are built as plain dicts by :mod:`agreements.api.representation` (a fixed
number of queries per page, several times faster than nested serializers); the read
serializers here describe that output in the OpenAPI schema, and the schema test and
Schemathesis check that the output conforms. Writes go through the strict write serializers,
then ``agreements.services``.
"""

import copy
from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api import fields as strict
from api.serializers import ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField, StrictSerializer
from regions.api.serializers import OrganisationSummarySerializer
from regions.models import Discipline, MainTask, Organisation, Region, RegionGoal, VisionGoal

from .. import rules
from ..content import CONTENT_KEYS, OWN_FIELDS, PARTS
from ..models import (
    AgreementStatus,
    AgreementType,
    AgreementVersion,
    FundingSource,
    PriceArrangement,
    ProcurementModel,
    Review,
    ReviewDecision,
    Segment,
    Signature,
    ZvwFund,
)
from ..services import ROLES

AMOUNT = {"max_digits": 14, "decimal_places": 2}
SHARE = {"max_digits": 5, "decimal_places": 2, "min_value": 0, "max_value": 100}
PROCUREMENT_MODEL_HELP = _(
    "Inkoopmodel; leeg bij een overeenkomst die de partijen ondertekenen "
    "(intentie-, samenwerkingsovereenkomst, transmurale, substitutie- en ROAZ-afspraak)."
)
FRAMEWORK_HELP = _("Het gepubliceerde kader, verplicht bij gelijkgerichte zorginkoop.")
PRICE_HELP = _("Prijsafspraak (vaste tarieven of lumpsum), verplicht bij gelijkgericht op prijs.")
ACM_HELP = _("Kenmerk van de goedkeuring door de ACM, verplicht bij collectieve zorginkoop.")
COST_SHARE_HELP = _(
    "Aandeel in de kosten in procenten, als tekst; bij gelijkgericht op inhoud en prijs samen "
    "100 voor de zorgverzekeraars. null als niet afgesproken."
)


class RegionSummarySerializer(serializers.Serializer):
    code = serializers.SlugField(help_text=_("Code van de regio."))
    name = serializers.CharField(help_text=_("Naam van de regio."))


class PeriodSerializer(StrictSerializer):
    start = strict.DateField(help_text=_("Eerste dag van de looptijd."))
    end = strict.DateField(help_text=_("Laatste dag van de looptijd (tot en met)."))

    def validate(self, data):
        if data["end"] < data["start"]:
            raise serializers.ValidationError(
                {"end": _("Het einde van de looptijd ligt voor het begin.")}, code="invalid"
            )
        return data


class PartySerializer(serializers.Serializer):
    organisation = serializers.IntegerField(help_text=_("Id van de organisatie."))
    name = serializers.CharField(help_text=_("Naam van de organisatie."))
    kind = serializers.ChoiceField(
        choices=Organisation.Kind.choices, help_text=_("Soort organisatie.")
    )
    is_lead = serializers.BooleanField(help_text=_("De preferente zorgverzekeraar."))
    cost_share = serializers.DecimalField(**SHARE, allow_null=True, help_text=COST_SHARE_HELP)


class GoalSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("Id van het regioplandoel."))
    title = serializers.CharField(help_text=_("Titel van het regioplandoel."))
    vision_goal = serializers.ChoiceField(
        choices=VisionGoal.choices,
        help_text=_("Het doel van de Visie eerstelijnszorg 2030 waaronder het valt (1-6)."),
    )


class BudgetLineSerializer(StrictSerializer):
    year = strict.IntegerField(
        min_value=2000, max_value=2100, help_text=_("Jaar binnen de looptijd.")
    )
    source = strict.ChoiceField(
        choices=FundingSource.choices,
        default=FundingSource.INSURER_NZA,
        help_text=_("Financieringsbron."),
    )
    segment = strict.ChoiceField(
        choices=Segment.choices,
        allow_blank=True,
        default="",
        help_text=_(
            "NZa-segment S1, S2 of S3: alleen en verplicht bij de NZa-beleidsregel (insurer_nza)."
        ),
    )
    zvw_fund = strict.ChoiceField(
        choices=ZvwFund.choices,
        allow_blank=True,
        default="",
        help_text=_("Welke Zvw-middelen: alleen en verplicht bij zvw_other."),
    )
    grant_number = strict.CharField(
        max_length=40,
        allow_blank=True,
        default="",
        help_text=_("Dossiernummer van de ZonMw-subsidie: verplicht bij zonmw."),
    )
    amount = strict.DecimalField(
        **AMOUNT, min_value=0, help_text=_("Bedrag in euro's, als tekst met twee decimalen.")
    )
    description = strict.CharField(
        max_length=200, allow_blank=True, default="", help_text=_("Toelichting bij het bedrag.")
    )


class TargetSerializer(StrictSerializer):
    name = strict.CharField(max_length=200, help_text=_("De indicator (KPI)."))
    unit = strict.CharField(max_length=40, help_text=_("Eenheid, bijvoorbeeld '%'."))
    baseline = strict.DecimalField(**AMOUNT, help_text=_("Nulmeting."))
    goal = strict.DecimalField(**AMOUNT, help_text=_("Streefwaarde."))
    current_value = strict.DecimalField(
        **AMOUNT,
        allow_null=True,
        default=None,
        help_text=_("Laatst gemeten waarde, of null."),
    )


MAIN_TASKS_HELP = _("De hoofdtaken (1-5) van het samenwerkingsverband die de afspraak dient.")


class AgreementSerializer(serializers.Serializer):
    # An agreement as the list shows it: documents representation.represent_agreements.

    id = serializers.IntegerField(help_text=_("Id van de afspraak."))
    reference = serializers.CharField(help_text=_("Kenmerk, uniek binnen de regio."))
    title = serializers.CharField(help_text=_("Titel."))
    type = serializers.ChoiceField(choices=AgreementType.choices, help_text=_("Soort afspraak."))
    procurement_model = serializers.ChoiceField(
        choices=ProcurementModel.choices, allow_blank=True, help_text=PROCUREMENT_MODEL_HELP
    )
    framework = serializers.CharField(allow_blank=True, help_text=FRAMEWORK_HELP)
    price_arrangement = serializers.ChoiceField(
        choices=PriceArrangement.choices, allow_blank=True, help_text=PRICE_HELP
    )
    acm_reference = serializers.CharField(allow_blank=True, help_text=ACM_HELP)
    status = serializers.ChoiceField(
        choices=AgreementStatus.choices, help_text=_("Status in de levenscyclus.")
    )
    version = serializers.IntegerField(
        allow_null=True,
        help_text=_(
            "Nummer van de laatste ingediende (bevroren) versie; null als nooit ingediend."
        ),
    )
    region = RegionSummarySerializer(help_text=_("De regio van de afspraak."))
    parties = PartySerializer(
        many=True, help_text=_("Partijen naast het samenwerkingsverband; preferente eerst.")
    )
    period = PeriodSerializer(help_text=_("Looptijd."))
    description = serializers.CharField(help_text=_("Omschrijving."))
    main_tasks = serializers.ListField(
        child=serializers.ChoiceField(choices=MainTask.choices), help_text=MAIN_TASKS_HELP
    )
    disciplines = serializers.ListField(
        child=serializers.SlugField(), help_text=_("Codes van de gedekte disciplines.")
    )
    goals = GoalSerializer(many=True, help_text=_("De regioplandoelen die de afspraak dient."))
    budget_lines = BudgetLineSerializer(
        many=True, help_text=_("Budget per jaar, financieringsbron en segment.")
    )
    targets = TargetSerializer(many=True, help_text=_("Doelstellingen (KPI's)."))
    created_at = serializers.DateTimeField(help_text=_("Aangemaakt op."))
    updated_at = serializers.DateTimeField(
        help_text=_("Laatst gewijzigd op; filter erop met updated_since.")
    )


class MandateSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("Id van het mandaat."))
    organisation = serializers.CharField(help_text=_("De mandaterende organisatie."))
    delegate_name = serializers.CharField(help_text=_("De gemandateerde."))
    valid_from = serializers.DateField(help_text=_("Geldig vanaf."))
    valid_until = serializers.DateField(
        allow_null=True, help_text=_("Geldig tot en met; null voor onbepaalde tijd.")
    )


class MandateCheckSerializer(serializers.Serializer):
    discipline = serializers.SlugField(help_text=_("Code van de gedekte discipline."))
    covered = serializers.BooleanField(
        help_text=_("Of een geldig mandaat voor contractering de discipline vandaag dekt.")
    )
    mandate = MandateSummarySerializer(
        allow_null=True, help_text=_("Het mandaat dat de discipline dekt, of null.")
    )
    reason = serializers.CharField(help_text=_("Waarom geen mandaat dekt; leeg als gedekt."))


class PositionDecisionSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text=_("Het nummer van de versie."))
    decision = serializers.ChoiceField(choices=ReviewDecision.choices, help_text=_("Het besluit."))
    comment = serializers.CharField(allow_blank=True, help_text=_("Toelichting."))
    contract_reference = serializers.CharField(
        allow_blank=True, help_text=_("Kenmerk van het eigen contract van de zorgverzekeraar.")
    )
    created_at = serializers.DateTimeField(help_text=_("Vastgelegd op."))


class PositionSignatureSerializer(serializers.Serializer):
    signatory = serializers.CharField(help_text=_("Wie namens de partij ondertekende."))
    signed_on = serializers.DateField(help_text=_("Datum van ondertekening."))


class PositionSerializer(serializers.Serializer):
    # Documents representation.represent_positions (services.positions).

    organisation = OrganisationSummarySerializer(help_text=_("De partij."))
    role = serializers.ChoiceField(
        choices=list(ROLES.items()),
        help_text=_(
            "decides: besluit onder het inkoopmodel; follows: kan volgen (volgen); informed: "
            "wordt geïnformeerd; signs: ondertekent; party: andere partij."
        ),
    )
    decision = PositionDecisionSerializer(
        allow_null=True,
        help_text=_(
            "Het laatste besluit of volgbesluit van de partij op de laatste versie, of null."
        ),
    )
    signature = PositionSignatureSerializer(
        allow_null=True, help_text=_("De handtekening onder de laatste versie, of null.")
    )
    contracted = serializers.BooleanField(
        help_text=_("Of de afspraak voor deze partij gecontracteerd is.")
    )
    follow_requested_at = serializers.DateTimeField(
        allow_null=True, help_text=_("Wanneer het samenwerkingsverband vroeg te volgen, of null.")
    )


class AgreementDetailSerializer(AgreementSerializer):
    mandate_check = MandateCheckSerializer(
        many=True, help_text=_("Per gedekte discipline: het mandaat, of waarom dat ontbreekt.")
    )
    positions = PositionSerializer(
        many=True,
        help_text=_(
            "Per partij: haar rol onder het inkoopmodel, haar besluit, volgbesluit of "
            "handtekening op de laatste versie, en of zij gecontracteerd is."
        ),
    )


class PartyWriteSerializer(StrictSerializer):
    organisation = strict.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), help_text=_("Id van de organisatie.")
    )
    is_lead = strict.BooleanField(
        default=False,
        help_text=_("De preferente zorgverzekeraar (bij representatie: een representerende)."),
    )
    cost_share = strict.DecimalField(
        **SHARE, allow_null=True, default=None, help_text=COST_SHARE_HELP
    )


class AgreementContentSerializer(StrictSerializer):
    # A draft's content as services.save_draft takes it. A list that is sent replaces the whole
    # list (rows are matched on their identifying fields, so unchanged rows stay).

    reference = strict.CharField(max_length=40, help_text=_("Kenmerk, uniek in de regio."))
    title = strict.CharField(max_length=200, help_text=_("Titel."))
    type = strict.ChoiceField(choices=AgreementType.choices, help_text=_("Soort afspraak."))
    procurement_model = strict.ChoiceField(
        choices=ProcurementModel.choices,
        allow_blank=True,
        required=False,
        help_text=rules.DEFAULT_MODEL_HELP,
    )
    framework = strict.CharField(
        max_length=200, allow_blank=True, required=False, help_text=FRAMEWORK_HELP
    )
    price_arrangement = strict.ChoiceField(
        choices=PriceArrangement.choices, allow_blank=True, required=False, help_text=PRICE_HELP
    )
    acm_reference = strict.CharField(
        max_length=80, allow_blank=True, required=False, help_text=ACM_HELP
    )
    period = PeriodSerializer(help_text=_("Looptijd; begin en einde samen."))
    description = strict.CharField(allow_blank=True, required=False, help_text=_("Omschrijving."))
    main_tasks = serializers.ListField(
        child=strict.ChoiceField(choices=MainTask.choices),
        required=False,
        help_text=MAIN_TASKS_HELP,
    )
    parties = PartyWriteSerializer(
        many=True,
        required=False,
        help_text=_("Partijen naast het samenwerkingsverband; precies één preferente."),
    )
    disciplines = strict.SlugRelatedField(
        many=True,
        slug_field="code",
        queryset=Discipline.objects.all(),
        required=False,
        help_text=_("Codes van de gedekte disciplines."),
    )
    goals = ScopedPrimaryKeyRelatedField(
        many=True,
        queryset=RegionGoal.objects.all(),
        required=False,
        help_text=_("Ids van de regioplandoelen (van de eigen regio) die de afspraak dient."),
    )
    budget_lines = BudgetLineSerializer(
        many=True, required=False, help_text=_("Budget per jaar, financieringsbron en segment.")
    )
    targets = TargetSerializer(many=True, required=False, help_text=_("Doelstellingen (KPI's)."))

    def service_arguments(self) -> dict:
        """``validated_data`` as keyword arguments of ``services.save_draft``."""
        data = dict(self.validated_data)
        if "period" in data:
            period = data.pop("period")
            data["period_start"], data["period_end"] = period["start"], period["end"]
        if "main_tasks" in data:
            data["main_tasks"] = [int(task) for task in data["main_tasks"]]
        fields = {name: data.pop(name) for name in OWN_FIELDS if name in data}
        # Disciplines and goals are sent as a list of codes or ids: their identifying field.
        parts = {
            name: [
                dict(row) if isinstance(row, Mapping) else {part.identity[0]: row}
                for row in data.pop(name)
            ]
            for name, part in PARTS.items()
            if name in data
        }
        return {"fields": fields, **parts}


class AgreementCreateSerializer(AgreementContentSerializer):
    region = ScopedSlugRelatedField(
        slug_field="code",
        queryset=Region.objects.all(),
        help_text=_("Code van de regio; u moet er afspraken mogen wijzigen."),
    )


class AgreementUpdateSerializer(AgreementContentSerializer):
    # PATCH: every field is optional; what is sent is complete (a period has both ends, a
    # budget line all its fields).

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


def frozen(serializer, part: str):
    """``serializer`` (of a row of ``part``) with only the fields a frozen version keeps."""
    keep = PARTS[part].frozen_keys
    fields = {
        name: copy.deepcopy(field)
        for name, field in serializer._declared_fields.items()
        if name in keep
    }
    if len(fields) == len(serializer._declared_fields):
        return serializer
    return type(f"Snapshot{serializer.__name__}", (serializers.Serializer,), fields)


def snapshot_fields() -> dict:
    """The frozen content of a version (``agreements.content``): the content's fields as
    :class:`AgreementSerializer` documents them, each part with the fields a version keeps."""
    fields = {}
    for name in CONTENT_KEYS:
        field = AgreementSerializer._declared_fields[name]
        if isinstance(field, serializers.ListSerializer):
            fields[name] = frozen(type(field.child), name)(many=True, help_text=field.help_text)
        else:
            fields[name] = copy.deepcopy(field)
    return fields


SnapshotSerializer = type("SnapshotSerializer", (serializers.Serializer,), snapshot_fields())


@extend_schema_field(SnapshotSerializer)
class SnapshotField(serializers.JSONField):
    pass


class AgreementVersionSerializer(serializers.ModelSerializer):
    number = serializers.IntegerField(help_text=_("Versienummer, vanaf 1."))
    submitted_at = serializers.DateTimeField(
        source="created_at", help_text=_("Ingediend op (toen bevroren).")
    )
    snapshot = SnapshotField(help_text=_("De inhoud zoals ingediend; verandert nooit meer."))

    class Meta:
        model = AgreementVersion
        fields = ["number", "submitted_at", "snapshot"]


class ReviewSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(help_text=_("Id van de beoordeling."))
    version = serializers.IntegerField(
        source="version.number", help_text=_("Het nummer van de beoordeelde versie.")
    )
    insurer = OrganisationSummarySerializer(help_text=_("De beoordelende zorgverzekeraar."))
    decision = serializers.ChoiceField(choices=ReviewDecision.choices, help_text=_("Het besluit."))
    comment = serializers.CharField(help_text=_("Toelichting."))
    contract_reference = serializers.CharField(
        help_text=_("Kenmerk van het eigen contract van de zorgverzekeraar; leeg als niet gegeven.")
    )
    by_lead_insurer = serializers.BooleanField(
        help_text=_(
            "Door de preferente zorgverzekeraar (dan bepaalt het besluit de status); anders "
            "geeft het aan of deze verzekeraar volgt."
        )
    )
    created_at = serializers.DateTimeField(help_text=_("Beoordeeld op."))

    class Meta:
        model = Review
        fields = [
            "id",
            "version",
            "insurer",
            "decision",
            "comment",
            "contract_reference",
            "by_lead_insurer",
            "created_at",
        ]


class ReviewCreateSerializer(StrictSerializer):
    version = strict.IntegerField(
        min_value=1, help_text=_("Het nummer van de versie die u beoordeelt: de laatste.")
    )
    decision = strict.ChoiceField(
        choices=ReviewDecision.choices,
        help_text=_(
            "approve, request_changes of reject door wie onder het inkoopmodel besluit (403 "
            "not_a_decider voor een ander); onder volgen legt een andere zorgverzekeraar dan de "
            "preferente een volgbesluit vast (follow_content, follow_price, follow_both, "
            "follow_partly, not_follow) zodra de afspraak is goedgekeurd (anders 409 "
            "lead_not_decided), op elk moment opnieuw."
        ),
    )
    comment = strict.CharField(
        allow_blank=True,
        default="",
        help_text=_("Toelichting; verplicht bij request_changes, reject en follow_partly."),
    )
    contract_reference = strict.CharField(
        max_length=80,
        allow_blank=True,
        default="",
        help_text=_(
            "Kenmerk van het eigen contract; verplicht bij approve onder gelijkgerichte zorginkoop."
        ),
    )


class SignatureSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(help_text=_("Id van de handtekening."))
    version = serializers.IntegerField(
        source="version.number", help_text=_("Het nummer van de ondertekende versie.")
    )
    organisation = OrganisationSummarySerializer(
        source="party.organisation", help_text=_("De partij die ondertekende.")
    )
    signatory = serializers.CharField(help_text=_("Wie namens de partij ondertekende."))
    signed_on = serializers.DateField(help_text=_("Datum van ondertekening."))
    created_at = serializers.DateTimeField(help_text=_("Vastgelegd op."))

    class Meta:
        model = Signature
        fields = ["id", "version", "organisation", "signatory", "signed_on", "created_at"]


class SignatureCreateSerializer(StrictSerializer):
    organisation = strict.IntegerField(
        help_text=_("Id van de organisatie die partij is en ondertekende.")
    )
    signatory = strict.CharField(
        max_length=120, help_text=_("Wie namens de partij ondertekende (naam en functie).")
    )
    signed_on = strict.DateField(help_text=_("Datum van ondertekening; niet in de toekomst."))


class FollowRequestCreateSerializer(StrictSerializer):
    organisation = strict.IntegerField(
        help_text=_(
            "Id van de zorgverzekeraar (partij, niet de preferente) die u vraagt te volgen."
        )
    )


class FollowRequestSerializer(serializers.Serializer):
    organisation = OrganisationSummarySerializer(help_text=_("De gevraagde zorgverzekeraar."))
    follow_requested_at = serializers.DateTimeField(help_text=_("Gevraagd te volgen op."))
