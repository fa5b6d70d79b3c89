import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase

from regions.constraints import FieldCheckConstraint, FieldUniqueConstraint
from regions.errors import DomainError
from regions.history import region_of_object, status_events
from regions.models import Discipline, MainTask, Organisation, RegionGoal
from regions.tenancy import Action, RegionOwned, RegionScopedQuerySet, insurer_ids, region_key

VIEW_PERMISSION = "view_agreement"


class AgreementType(models.TextChoices):
    ORGANISATION_INFRASTRUCTURE = "oi", _("organisatie en infrastructuur (O&I)")
    CARE_PROGRAMME = "care_programme", _("zorgprogramma")
    TRANSFORMATION = "transformation", _("transformatie")
    BRIDGING_CARE = "bridging_care", _("overbruggingszorg")
    LETTER_OF_INTENT = "letter_of_intent", _("intentieovereenkomst")
    COOPERATION = "cooperation", _("samenwerkingsovereenkomst")
    TRANSMURAL = "transmural", _("transmurale afspraak")
    SUBSTITUTION = "substitution", _("substitutie / anderhalvelijnszorg")
    ROAZ = "roaz", _("ROAZ-afspraak")


class ProcurementModel(models.TextChoices):
    INDIVIDUAL = "individual", _("individueel")
    FOLLOW = "follow", _("volgen")
    ALIGNED_CONTENT = "aligned_content", _("gelijkgericht op inhoud")
    ALIGNED_CONTENT_PRICE = "aligned_content_price", _("gelijkgericht op inhoud en prijs")
    COLLECTIVE = "collective", _("collectief")
    REPRESENTATION = "representation", _("representatie")


class PriceArrangement(models.TextChoices):
    TARIFF = "tariff", _("vaste tarieven")
    LUMP_SUM = "lump_sum", _("lumpsum")


class FundingSource(models.TextChoices):
    INSURER_NZA = "insurer_nza", _("zorgverzekeraar (NZa-beleidsregel huisartsenzorg en MDZ)")
    ZVW_OTHER = "zvw_other", _("zorgverzekeraar (overige Zvw-middelen)")
    ZONMW = "zonmw", _("ZonMw-subsidie")
    VWS = "vws", _("ministerie van VWS")
    MUNICIPALITY = "municipality", _("gemeente")
    OWN_FUNDS = "own_funds", _("eigen middelen")


# The sources that insurers pay: what an insurer's contracted budget counts (national figures).
INSURER_SOURCES = (FundingSource.INSURER_NZA, FundingSource.ZVW_OTHER)
# The ZonMw programme subsidises the development years 2024 to 2026 (seed 002, §6.1.2).
ZONMW_YEARS = (2024, 2026)


class ZvwFund(models.TextChoices):
    DISTRICT_NURSING = "district_nursing", _("wijkverpleging")
    PHARMACY = "pharmacy", _("farmacie")
    PARAMEDICAL = "paramedical", _("paramedische zorg")


class Segment(models.TextChoices):
    S1 = "S1", _("S1 – basis huisartsenzorg")
    S2 = "S2", _("S2 – multidisciplinaire zorg en O&I")
    S3 = "S3", _("S3 – innovatie en contractafspraken")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("concept")
    IN_REVIEW = "in_review", _("ter beoordeling")
    AWAITING_SIGNATURES = "awaiting_signatures", _("ter ondertekening")
    CHANGES_REQUESTED = "changes_requested", _("wijziging gevraagd")
    APPROVED = "approved", _("goedgekeurd")
    ACTIVE = "active", _("actief")
    ENDED = "ended", _("beëindigd")
    REJECTED = "rejected", _("afgewezen")


# The history names a move to each of these statuses (label, name); other changes are an update.
STATUS_EVENTS = {
    AgreementStatus.IN_REVIEW: ("submitted", _("ingediend")),
    AgreementStatus.AWAITING_SIGNATURES: (
        "offered_for_signature",
        _("ter ondertekening aangeboden"),
    ),
    AgreementStatus.CHANGES_REQUESTED: (
        "changes_requested",
        AgreementStatus.CHANGES_REQUESTED.label,
    ),
    AgreementStatus.APPROVED: ("approved", AgreementStatus.APPROVED.label),
    AgreementStatus.REJECTED: ("rejected", AgreementStatus.REJECTED.label),
    AgreementStatus.ACTIVE: ("activated", AgreementStatus.ACTIVE.label),
    AgreementStatus.ENDED: ("ended", AgreementStatus.ENDED.label),
}

# Agreements between the regional parties or with other sectors: each party signs, no insurer
# reviews them, and they are in force once all have signed.
SIGNED_TYPES = (
    AgreementType.LETTER_OF_INTENT,
    AgreementType.COOPERATION,
    AgreementType.TRANSMURAL,
    AgreementType.SUBSTITUTION,
    AgreementType.ROAZ,
)

EDITABLE_STATUSES = (AgreementStatus.DRAFT, AgreementStatus.CHANGES_REQUESTED)
# Contracted: the insurers approved it, and it has not ended. Drafts and agreements under review
# are not (yet), rejected and ended ones no longer.
CONTRACTED_STATUSES = (AgreementStatus.APPROVED, AgreementStatus.ACTIVE)


def insurer_granted_agreement_ids(user):
    """Agreements that one of ``user``'s insurers is a party to or holds an explicit grant on."""
    # Without its default ordering: a sort (and joins for it) that no IN (...) needs.
    party_of = (
        AgreementParty.objects.filter(organisation__in=insurer_ids(user))
        .order_by()
        .values("agreement_id")
    )
    granted = AgreementGroupObjectPermission.objects.filter(
        group__user=user, permission__codename=VIEW_PERMISSION
    ).values("content_object_id")
    return party_of.union(granted)


class AgreementQuerySet(RegionScopedQuerySet):
    def scope(self, user, action):
        scope = super().scope(user, action)
        if action is Action.VIEW:
            scope |= Q(pk__in=insurer_granted_agreement_ids(user))
        return scope


class AgreementChildQuerySet(RegionScopedQuerySet):
    """Rows of an agreement: whoever may see the agreement (insurers too) may see them."""

    def scope(self, user, action):
        scope = super().scope(user, action)
        if action is Action.VIEW:
            scope |= Q(agreement__in=insurer_granted_agreement_ids(user))
        return scope


class BudgetLineQuerySet(AgreementChildQuerySet):
    def contracted_in(self, year: int):
        """The budget of ``year`` in contracted agreements (see ``CONTRACTED_STATUSES``)."""
        return self.filter(year=year, agreement__status__in=CONTRACTED_STATUSES)


@pghistory.track(*status_events("status", STATUS_EVENTS))
class Agreement(RegionOwned):
    """An agreement between the regional collaborative and insurers (and possibly others)."""

    reference = models.CharField(_("kenmerk"), max_length=40)
    title = models.CharField(_("titel"), max_length=200)
    type = models.CharField(_("soort"), max_length=20, choices=AgreementType.choices)
    procurement_model = models.CharField(
        _("inkoopmodel"),
        max_length=30,
        choices=ProcurementModel.choices,
        blank=True,
        help_text=_("Leeg bij een overeenkomst die de partijen ondertekenen."),
    )
    framework = models.CharField(
        _("gepubliceerd kader"),
        max_length=200,
        blank=True,
        help_text=_("Bij gelijkgerichte zorginkoop, bijvoorbeeld de ANW-leidraad of MTVP."),
    )
    price_arrangement = models.CharField(
        _("prijsafspraak"), max_length=20, choices=PriceArrangement.choices, blank=True
    )
    acm_reference = models.CharField(
        _("kenmerk goedkeuring ACM"),
        max_length=80,
        blank=True,
        help_text=_("Verplicht bij collectieve zorginkoop."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    period_start = models.DateField(_("looptijd vanaf"))
    period_end = models.DateField(_("looptijd tot en met"))
    description = models.TextField(_("omschrijving"), blank=True)
    main_tasks = ArrayField(
        models.PositiveSmallIntegerField(choices=MainTask.choices),
        default=list,
        blank=True,
        verbose_name=_("hoofdtaken"),
    )

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["region", "reference"]
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        constraints = [
            region_key("agreement"),
            FieldUniqueConstraint(
                fields=["region", "reference"],
                name="agreement_reference_unique",
                field="reference",
                violation_error_code="duplicate_reference",
                violation_error_message=_("Deze regio heeft al een afspraak met dit kenmerk."),
            ),
            FieldCheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="agreement_period_ordered",
                field="period_end",
                violation_error_code="before_start",
                violation_error_message=_("De einddatum ligt vóór de begindatum."),
            ),
            FieldCheckConstraint(
                condition=Q(main_tasks__contained_by=[1, 2, 3, 4, 5]),
                name="agreement_main_tasks_known",
                field="main_tasks",
                violation_error_code="unknown_main_task",
                violation_error_message=_("Kies uit de vijf hoofdtaken."),
            ),
        ]
        indexes = [models.Index(fields=["region", "status"], name="agreement_region_status")]

    def __str__(self):
        return f"{self.reference} – {self.title}"

    @property
    def is_contracted(self) -> bool:
        return self.status in CONTRACTED_STATUSES

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_signed_by_parties(self) -> bool:
        """Signed by each party instead of reviewed by insurers (see ``SIGNED_TYPES``)."""
        return self.type in SIGNED_TYPES

    def clean(self):
        super().clean()
        if not self.type:
            return
        if self.is_signed_by_parties and self.procurement_model:
            raise DomainError.single(
                _("Een overeenkomst die de partijen ondertekenen heeft geen inkoopmodel."),
                field="procurement_model",
                code="not_procured",
            )
        if not self.is_signed_by_parties and not self.procurement_model:
            raise DomainError.single(
                _("Kies het inkoopmodel."), field="procurement_model", code="required"
            )


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    **region_of_object(Agreement),
)
class AgreementGroupObjectPermission(GroupObjectPermissionBase):
    """Explicit per-object grants of a group (an insurer's) on an agreement it is not party to."""

    content_object = models.ForeignKey(Agreement, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("recht op een afspraak")
        verbose_name_plural = _("rechten op afspraken")


class AgreementChild(RegionOwned):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="%(class)ss", verbose_name=_("afspraak")
    )

    region_source = "agreement"
    objects = AgreementChildQuerySet.as_manager()

    class Meta:
        abstract = True

    def agreement_or_none(self) -> Agreement | None:
        """The agreement, also an unsaved one that a service checks its rows with."""
        try:
            return self.agreement
        except Agreement.DoesNotExist:
            return None


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class AgreementParty(AgreementChild):
    """An organisation that is party to the agreement besides the regional collaborative."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="parties", verbose_name=_("afspraak")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="agreement_parties",
        verbose_name=_("organisatie"),
    )
    is_lead = models.BooleanField(
        _("preferente zorgverzekeraar"),
        default=False,
        help_text=_("Bij representatie: een van de (ten hoogste twee) representerende."),
    )
    cost_share = models.DecimalField(
        _("aandeel in de kosten (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Bij gelijkgerichte zorginkoop op inhoud en prijs: samen 100%."),
    )
    follow_requested_at = models.DateTimeField(
        _("gevraagd te volgen op"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["agreement", "-is_lead", "organisation__name"]
        verbose_name = _("partij")
        verbose_name_plural = _("partijen")
        constraints = [
            region_key("agreementparty"),
            FieldUniqueConstraint(
                fields=["agreement", "organisation"],
                name="party_once",
                field="organisation",
                violation_error_code="duplicate",
                violation_error_message=_("Deze organisatie is al partij."),
            ),
            FieldCheckConstraint(
                condition=Q(cost_share__isnull=True) | Q(cost_share__gte=0, cost_share__lte=100),
                name="party_cost_share_percentage",
                field="cost_share",
                violation_error_code="out_of_range",
                violation_error_message=_("Een aandeel ligt tussen 0 en 100%%."),
            ),
        ]

    def __str__(self):
        return str(self.organisation)

    @staticmethod
    def organisation_choices(region, agreement_type=None):
        """Who may be party to an agreement of ``region``: the organisations that work in it.
        Monodisciplinary ones only sign agreements between the regional parties; an agreement
        bought by insurers they mandate a delegate for (the collaborative is the party)."""
        choices = Organisation.objects.working_in(region)
        if agreement_type in SIGNED_TYPES:
            return choices
        return choices.exclude(kind=Organisation.Kind.MONODISCIPLINARY)

    def clean(self):
        super().clean()
        if not self.organisation_id:
            return
        if self.is_lead and not self.organisation.is_insurer:
            raise DomainError.single(
                _("De preferente partij moet een zorgverzekeraar zijn."),
                field="organisation",
                code="lead_not_insurer",
            )
        if not self.region_id:
            return
        agreement = self.agreement_or_none()
        choices = self.organisation_choices(self.region_id, agreement and agreement.type)
        if choices.filter(pk=self.organisation_id).exists():
            return
        if self.organisation.kind == Organisation.Kind.MONODISCIPLINARY:
            raise DomainError.single(
                _("Een monodisciplinaire organisatie geeft een mandaat en is geen partij."),
                field="organisation",
                code="monodisciplinary",
            )
        raise DomainError.single(
            _("Deze organisatie werkt niet in de regio van de afspraak."),
            field="organisation",
            code="region",
        )


class AgreementDiscipline(AgreementChild):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="disciplines", verbose_name=_("afspraak")
    )
    discipline = models.ForeignKey(Discipline, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("gedekte discipline")
        verbose_name_plural = _("gedekte disciplines")
        constraints = [
            FieldUniqueConstraint(
                fields=["agreement", "discipline"],
                name="discipline_once",
                field="discipline",
                violation_error_code="duplicate",
                violation_error_message=_("Deze discipline staat er al bij."),
            ),
        ]

    @staticmethod
    def discipline_choices():
        """What an agreement may cover: the disciplines that are mandated (primary care)."""
        return Discipline.objects.primary_care()

    def clean(self):
        super().clean()
        if self.discipline_id and not self.discipline.is_primary_care:
            raise DomainError.single(
                _("Een afspraak dekt alleen eerstelijnsdisciplines."),
                field="discipline",
                code="not_primary_care",
            )


class AgreementGoal(AgreementChild):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="goals", verbose_name=_("afspraak")
    )
    goal = models.ForeignKey(RegionGoal, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("gediend regioplandoel")
        verbose_name_plural = _("gediende regioplandoelen")
        constraints = [
            FieldUniqueConstraint(
                fields=["agreement", "goal"],
                name="goal_once",
                field="goal",
                violation_error_code="duplicate",
                violation_error_message=_("Dit regioplandoel staat er al bij."),
            )
        ]

    @staticmethod
    def goal_choices(region):
        """The goals an agreement of ``region`` may serve: those of the region's own regioplan."""
        return RegionGoal.objects.in_region(region)

    def clean(self):
        super().clean()
        if self.goal_id and self.region_id and self.goal.region_id != self.region_id:
            raise DomainError.single(
                _("Dit hoort bij een andere regio."),
                field="goal",
                code="region",
            )


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class BudgetLine(AgreementChild):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("afspraak")
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    source = models.CharField(
        _("financieringsbron"),
        max_length=20,
        choices=FundingSource.choices,
        default=FundingSource.INSURER_NZA,
    )
    segment = models.CharField(
        _("segment"),
        max_length=2,
        choices=Segment.choices,
        blank=True,
        help_text=_("Alleen bij de NZa-beleidsregel huisartsenzorg en multidisciplinaire zorg."),
    )
    zvw_fund = models.CharField(
        _("Zvw-middelen"), max_length=20, choices=ZvwFund.choices, blank=True
    )
    grant_number = models.CharField(_("dossiernummer ZonMw"), max_length=40, blank=True)
    amount = models.DecimalField(
        _("bedrag (EUR)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    description = models.CharField(_("omschrijving"), max_length=200, blank=True)

    objects = BudgetLineQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "year", "source", "segment"]
        verbose_name = _("budgetregel")
        verbose_name_plural = _("budgetregels")
        constraints = [
            FieldUniqueConstraint(
                fields=["agreement", "year", "source", "segment", "zvw_fund"],
                name="budget_line_once",
                field="segment",
                violation_error_code="duplicate",
                violation_error_message=_(
                    "Er is al een budgetregel voor dit jaar, deze bron en dit segment."
                ),
            ),
            FieldCheckConstraint(
                condition=(Q(source="insurer_nza") & ~Q(segment=""))
                | (~Q(source="insurer_nza") & Q(segment="")),
                name="budget_segment_for_nza_only",
                field="segment",
                violation_error_code="segment",
                violation_error_message=_(
                    "Een segment hoort alleen bij de NZa-beleidsregel huisartsenzorg en MDZ, "
                    "en is daar verplicht."
                ),
            ),
            FieldCheckConstraint(
                condition=(Q(source="zvw_other") & ~Q(zvw_fund=""))
                | (~Q(source="zvw_other") & Q(zvw_fund="")),
                name="budget_zvw_fund_for_zvw_only",
                field="zvw_fund",
                violation_error_code="zvw_fund",
                violation_error_message=_(
                    "Kies de Zvw-middelen bij overige Zvw-middelen, en alleen daar."
                ),
            ),
            FieldCheckConstraint(
                condition=~Q(source="zonmw") | ~Q(grant_number=""),
                name="budget_zonmw_has_number",
                field="grant_number",
                violation_error_code="required",
                violation_error_message=_("Vermeld het dossiernummer van de ZonMw-subsidie."),
            ),
            FieldCheckConstraint(
                condition=Q(amount__gte=0),
                name="budget_amount_not_negative",
                field="amount",
                violation_error_code="negative",
                violation_error_message=_("Een bedrag kan niet negatief zijn."),
            ),
            FieldCheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="budget_year_sane",
                field="year",
                violation_error_code="year_out_of_range",
                violation_error_message=_("Kies een jaar van 2000 tot en met 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.segment or self.get_source_display()}: € {self.amount}"

    def clean(self):
        super().clean()
        if self.year is None:
            return
        first, last = ZONMW_YEARS
        if self.source == FundingSource.ZONMW and not first <= self.year <= last:
            raise DomainError.single(
                _("Het ZonMw-programma subsidieert de jaren %(first)s tot en met %(last)s.")
                % {"first": first, "last": last},
                field="year",
                code="zonmw_years",
            )
        agreement = self.agreement_or_none()
        if agreement is None:
            return
        start, end = agreement.period_start, agreement.period_end
        if start and end and start <= end and not start.year <= self.year <= end.year:
            raise DomainError.single(
                _("Het jaar valt buiten de looptijd (%(first)s-%(last)s).")
                % {"first": start.year, "last": end.year},
                field="year",
                code="outside_period",
            )


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Target(AgreementChild):
    """A KPI of the agreement with its baseline and goal."""

    name = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("eenheid"), max_length=40)
    baseline = models.DecimalField(_("nulmeting"), max_digits=14, decimal_places=2)
    goal = models.DecimalField(_("streefwaarde"), max_digits=14, decimal_places=2)
    current_value = models.DecimalField(
        _("huidige waarde"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["agreement", "name"]
        verbose_name = _("doelstelling")
        verbose_name_plural = _("doelstellingen")
        constraints = [
            FieldUniqueConstraint(
                fields=["agreement", "name"],
                name="target_once",
                field="name",
                violation_error_code="duplicate",
                violation_error_message=_("Deze doelstelling staat er al in."),
            )
        ]

    def __str__(self):
        return self.name


@pgtrigger.register(
    pgtrigger.Protect(name="version_is_frozen", operation=pgtrigger.Update),
)
class AgreementVersion(AgreementChild):
    """The frozen, numbered snapshot of an agreement, written once per submission."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="versions", verbose_name=_("afspraak")
    )
    number = models.PositiveIntegerField(_("versie"))
    snapshot = models.JSONField(_("inhoud"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ingediend door"),
    )

    class Meta:
        ordering = ["agreement", "number"]
        verbose_name = _("versie van een afspraak")
        verbose_name_plural = _("versies van afspraken")
        get_latest_by = "number"
        constraints = [
            region_key("agreementversion"),
            models.UniqueConstraint(
                fields=["id", "agreement"], name="agreementversion_id_agreement_key"
            ),
            models.UniqueConstraint(fields=["agreement", "number"], name="version_number_once"),
            models.CheckConstraint(condition=Q(number__gte=1), name="version_number_positive"),
        ]

    def __str__(self):
        return f"{self.agreement.reference} v{self.number}"


class ReviewDecision(models.TextChoices):
    """What an insurer (or the joint entity) records on a version: the first three decide,
    the others are follow decisions under *volgen* (see ``agreements.rules``)."""

    APPROVE = "approve", _("goedkeuren")
    REQUEST_CHANGES = "request_changes", _("wijziging vragen")
    REJECT = "reject", _("afwijzen")
    FOLLOW_CONTENT = "follow_content", _("volgen op inhoud")
    FOLLOW_PRICE = "follow_price", _("volgen op prijs")
    FOLLOW_BOTH = "follow_both", _("volgen op inhoud en prijs")
    FOLLOW_PARTLY = "follow_partly", _("gedeeltelijk volgen")
    NOT_FOLLOW = "not_follow", _("niet volgen")


DECISIONS = (ReviewDecision.APPROVE, ReviewDecision.REQUEST_CHANGES, ReviewDecision.REJECT)
FOLLOW_DECISIONS = (
    ReviewDecision.FOLLOW_CONTENT,
    ReviewDecision.FOLLOW_PRICE,
    ReviewDecision.FOLLOW_BOTH,
    ReviewDecision.FOLLOW_PARTLY,
    ReviewDecision.NOT_FOLLOW,
)
# Decisions that need an explanation.
EXPLAINED = ("request_changes", "reject", "follow_partly")


@pgtrigger.register(pgtrigger.Protect(name="review_is_final", operation=pgtrigger.Update))
class Review(AgreementChild):
    """An insurer's decision (or follow decision) on one frozen version of an agreement.

    Rows are never changed: an insurer that changes its follow decision records a new one, and
    its latest counts.
    """

    version = models.ForeignKey(
        AgreementVersion, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("versie")
    )
    insurer = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("zorgverzekeraar"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("beoordelaar"),
    )
    decision = models.CharField(_("besluit"), max_length=20, choices=ReviewDecision.choices)
    comment = models.TextField(_("toelichting"), blank=True)
    contract_reference = models.CharField(
        _("eigen contractkenmerk"),
        max_length=80,
        blank=True,
        help_text=_("Het kenmerk van het eigen contract van de zorgverzekeraar."),
    )
    by_lead_insurer = models.BooleanField(_("door de preferente zorgverzekeraar"))

    class Meta:
        ordering = ["agreement", "created_at"]
        verbose_name = _("beoordeling")
        verbose_name_plural = _("beoordelingen")
        constraints = [
            FieldCheckConstraint(
                condition=~Q(decision__in=EXPLAINED) | ~Q(comment=""),
                name="review_comment_when_not_approving",
                field="comment",
                violation_error_code="required",
                violation_error_message=_(
                    "Licht toe waarom u een wijziging vraagt, afwijst of gedeeltelijk volgt."
                ),
            ),
        ]
        indexes = [models.Index(fields=["version", "insurer"], name="review_version_insurer")]

    def __str__(self):
        return f"{self.insurer}: {self.get_decision_display()} (v{self.version.number})"

    @property
    def is_follow_decision(self) -> bool:
        return self.decision in FOLLOW_DECISIONS


@pgtrigger.register(pgtrigger.Protect(name="signature_is_final", operation=pgtrigger.Update))
class Signature(AgreementChild):
    """A party's signature under a version of an agreement that the parties sign."""

    version = models.ForeignKey(
        AgreementVersion,
        on_delete=models.PROTECT,
        related_name="signatures",
        verbose_name=_("versie"),
    )
    party = models.ForeignKey(
        AgreementParty,
        on_delete=models.PROTECT,
        related_name="signatures",
        verbose_name=_("partij"),
    )
    signatory = models.CharField(_("ondertekend door"), max_length=120)
    signed_on = models.DateField(_("ondertekend op"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )

    class Meta:
        ordering = ["agreement", "signed_on", "id"]
        verbose_name = _("handtekening")
        verbose_name_plural = _("handtekeningen")
        constraints = [
            FieldUniqueConstraint(
                fields=["version", "party"],
                name="signature_once",
                field="party",
                violation_error_code="already_signed",
                violation_error_message=_("Deze partij heeft deze versie al ondertekend."),
            ),
        ]

    def __str__(self):
        return f"{self.party}: {self.signatory} ({self.signed_on})"
