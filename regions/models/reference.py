from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constraints import FieldCheckConstraint


class DisciplineQuerySet(models.QuerySet):
    def primary_care(self):
        """The disciplines a region mandates and contracts for (not the social domain)."""
        return self.filter(is_primary_care=True)

    def core(self):
        """The kernspelers: an alliance is complete with an active contact for each of them."""
        return self.filter(is_core=True)


class Discipline(models.Model):
    """Reference data: the primary-care disciplines of the vision plus the social domain."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=80, unique=True)
    is_primary_care = models.BooleanField(
        _("eerstelijnsdiscipline"),
        default=True,
        help_text=_("Uit voor het sociaal domein: partner in de wijk, niet gemandateerd."),
    )
    is_core = models.BooleanField(
        _("kernspeler in de wijk"),
        default=False,
        help_text=_("Nodig voor een compleet hecht wijkverband."),
    )
    is_regional_minimum = models.BooleanField(
        _("minimaal vertegenwoordigd in de regio"), default=False
    )
    represented_by_care_organisations = models.BooleanField(
        _("vertegenwoordiging via zorgorganisaties"),
        default=False,
        help_text=_(
            "Zoals specialisten ouderengeneeskunde en artsen verstandelijk gehandicapten: een "
            "zorgorganisatie van deze discipline die in de regio werkt, vertegenwoordigt haar "
            "voor het doel van 2030, ook zonder mandaat."
        ),
    )
    sort_order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = DisciplineQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")

    def __str__(self):
        return self.name


class OrganisationQuerySet(models.QuerySet):
    def working_in(self, region):
        """The organisations that work in ``region`` (a region or its id): the only ones a row of
        that region may name, whoever writes it."""
        return self.filter(regions=region)


class Organisation(models.Model):
    """An organisation that works in one or more regions: RHO, insurer, municipality, provider."""

    class Kind(models.TextChoices):
        MONODISCIPLINARY = "mono", _("monodisciplinaire regionale organisatie")
        INSURER = "insurer", _("zorgverzekeraar")
        MUNICIPALITY = "municipality", _("gemeente")
        CARE_ORGANISATION = "care", _("zorgorganisatie")
        HOSPITAL = "hospital", _("ziekenhuis")
        MENTAL_HEALTH = "mental_health", _("ggz-aanbieder")
        NURSING_CARE = "nursing_care", _("vvt-organisatie")
        GP_POST = "gp_post", _("huisartsenpost")
        ROS = "ros", _("ROS")
        CARE_OFFICE = "care_office", _("zorgkantoor")
        WELFARE = "welfare", _("welzijnsorganisatie")
        JOINT_ENTITY = "joint_entity", _("collectieve inkoopentiteit")

    name = models.CharField(_("naam"), max_length=160, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    discipline = models.ForeignKey(
        Discipline,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("discipline"),
        help_text=_("De discipline die een monodisciplinaire organisatie vertegenwoordigt."),
    )
    regions = models.ManyToManyField(
        "regions.Region", blank=True, related_name="organisations", verbose_name=_("regio's")
    )
    group = models.OneToOneField(
        Group,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisation",
        verbose_name=_("groep van medewerkers"),
        help_text=_("Medewerkers van een zorgverzekeraar zijn lid van deze groep."),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        constraints = [
            FieldCheckConstraint(
                condition=~models.Q(kind="mono") | models.Q(discipline__isnull=False),
                name="organisation_mono_has_discipline",
                field="discipline",
                violation_error_code="required",
                violation_error_message=_(
                    "Kies de discipline die deze monodisciplinaire organisatie vertegenwoordigt."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.kind in DECIDING_KINDS and self.group_id is None:
            self.group, _created = Group.objects.get_or_create(name=f"verzekeraar:{self.name}")
        super().save(*args, **kwargs)

    @property
    def is_insurer(self) -> bool:
        return self.kind == self.Kind.INSURER

    @property
    def is_joint_entity(self) -> bool:
        return self.kind == self.Kind.JOINT_ENTITY


# Organisations whose staff decide on agreements through the API (a group of members each).
DECIDING_KINDS = (Organisation.Kind.INSURER, Organisation.Kind.JOINT_ENTITY)
