import re

import pghistory
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase

from regions.constraints import FieldCheckConstraint, FieldUniqueConstraint
from regions.formatting import ANONYMISED
from regions.history import region_of_object, status_events
from regions.models import Discipline
from regions.tenancy import Action, RegionOwned, RegionScopedQuerySet, region_key

NORM_POPULATION = (10_000, 20_000)
# CBS wijkcode: WK, the four digits of the municipality (gemeentecode) and two of the wijk.
CBS_CODE = re.compile(r"WK[0-9]{6}")
COORDINATE_PERMISSION = "coordinate_neighbourhood"


def validate_cbs_codes(codes):
    wrong = [code for code in codes if not CBS_CODE.fullmatch(code)]
    if wrong:
        raise ValidationError(
            _(
                "Geen CBS-wijkcode: %(codes)s. Een wijkcode is WK met zes cijfers, vier voor de "
                "gemeente en twee voor de wijk, bijvoorbeeld WK036301."
            ),
            code="cbs_code",
            params={"codes": ", ".join(wrong)},
        )


def coordinated_neighbourhood_ids(user):
    """Subquery of the neighbourhoods ``user`` holds a coordinator grant on."""
    return NeighbourhoodUserObjectPermission.objects.filter(
        user=user, permission__codename=COORDINATE_PERMISSION
    ).values("content_object_id")


def core_discipline_count():
    """Subquery: how many disciplines are core (kernspelers) for a neighbourhood alliance."""
    return Subquery(Discipline.objects.core().values("is_core").annotate(n=Count("pk")).values("n"))


def core_contacts():
    return AllianceContact.objects.filter(active=True, discipline__is_core=True)


def complete_alliance_ids():
    """Subquery of neighbourhoods with an active contact for every core discipline."""
    return (
        core_contacts()
        .values("neighbourhood_id")
        .annotate(n=Count("discipline_id", distinct=True))
        .filter(n__gte=core_discipline_count())
        .values("neighbourhood_id")
    )


class NeighbourhoodQuerySet(RegionScopedQuerySet):
    def scope(self, user, action):
        scope = super().scope(user, action)
        if action is Action.VIEW:
            scope |= Q(pk__in=coordinated_neighbourhood_ids(user))
        return scope

    def with_alliance_status(self):
        """Annotate ``core_present`` (core disciplines with an active contact), ``is_complete``."""
        present = (
            core_contacts()
            .filter(neighbourhood=OuterRef("pk"))
            .values("neighbourhood")
            .annotate(n=Count("discipline_id", distinct=True))
            .values("n")
        )
        return self.annotate(
            core_present=Coalesce(Subquery(present), 0),
            is_complete=Q(pk__in=complete_alliance_ids()),
        )

    def with_open_bottlenecks(self):
        return self.annotate(
            open_bottlenecks=Coalesce(
                Subquery(
                    Bottleneck.objects.filter(neighbourhood=OuterRef("pk"))
                    .unresolved()
                    .values("neighbourhood")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            )
        )


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Neighbourhood(RegionOwned):
    """A wijk or dorp of roughly 10,000-20,000 inhabitants, with its hecht wijkverband."""

    name = models.CharField(_("naam"), max_length=120)
    municipality = models.CharField(_("gemeente"), max_length=120)
    population = models.PositiveIntegerField(_("inwoners"))
    cbs_codes = ArrayField(
        models.CharField(max_length=10),
        default=list,
        blank=True,
        verbose_name=_("CBS-wijkcodes"),
        help_text=_("Bijvoorbeeld WK036301."),
        validators=[validate_cbs_codes],
    )

    objects = NeighbourhoodQuerySet.as_manager()

    class Meta:
        ordering = ["region", "name"]
        verbose_name = _("wijk")
        verbose_name_plural = _("wijken")
        permissions = [(COORDINATE_PERMISSION, _("Kan de wijk coördineren"))]
        constraints = [
            region_key("neighbourhood"),
            FieldUniqueConstraint(
                fields=["region", "name"],
                name="neighbourhood_name_unique",
                field="name",
                violation_error_code="duplicate",
                violation_error_message=_("Een wijk met deze naam bestaat al in de regio."),
            ),
            FieldCheckConstraint(
                condition=Q(population__gt=0),
                name="neighbourhood_population_positive",
                field="population",
                violation_error_code="no_population",
                violation_error_message=_("Een wijk heeft ten minste één inwoner."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def population_outside_norm(self) -> bool:
        low, high = NORM_POPULATION
        return not low <= self.population <= high

    def missing_core(self, core: list[Discipline]) -> list[Discipline]:
        """The core disciplines (``core``, from ``Discipline.objects.core()``) without an active
        contact in the alliance. Reads ``contacts``: prefetch them for many neighbourhoods."""
        present = {contact.discipline_id for contact in self.contacts.all() if contact.active}
        return [discipline for discipline in core if discipline.pk not in present]


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    **region_of_object(Neighbourhood),
)
class NeighbourhoodUserObjectPermission(UserObjectPermissionBase):
    """Per-object grants on a neighbourhood (a coordinator's), with a real foreign key."""

    content_object = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("recht op een wijk")
        verbose_name_plural = _("rechten op wijken")


class NeighbourhoodChildQuerySet(RegionScopedQuerySet):
    """Rows of a neighbourhood: its coordinators may see and change them too."""

    def scope(self, user, action):
        scope = super().scope(user, action)
        if action in (Action.VIEW, Action.CHANGE):
            scope |= Q(neighbourhood__in=coordinated_neighbourhood_ids(user))
        return scope


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class AllianceContact(RegionOwned):
    """A named contact person of the neighbourhood alliance for one discipline."""

    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("wijk")
    )
    discipline = models.ForeignKey(
        Discipline, on_delete=models.PROTECT, related_name="+", verbose_name=_("discipline")
    )
    name = models.CharField(_("naam"), max_length=120)
    organisation = models.CharField(_("organisatie"), max_length=160, blank=True)
    role = models.CharField(_("functie"), max_length=120, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    active = models.BooleanField(_("actief"), default=True)

    region_source = "neighbourhood"
    objects = NeighbourhoodChildQuerySet.as_manager()

    class Meta:
        ordering = ["neighbourhood", "discipline__sort_order", "name"]
        verbose_name = _("contactpersoon wijkverband")
        verbose_name_plural = _("contactpersonen wijkverband")

    def __str__(self):
        return f"{self.name} ({self.discipline})"

    @property
    def is_anonymised(self) -> bool:
        return self.name == ANONYMISED


class BottleneckTheme(models.TextChoices):
    ACCESS = "access", _("toegankelijkheid")
    CAPACITY = "capacity", _("capaciteit en personeel")
    HOUSING = "housing", _("huisvesting")
    CONTINUITY = "continuity", _("praktijkopvolging en continuïteit")
    DATA = "data", _("ICT en gegevensuitwisseling")
    COOPERATION = "cooperation", _("samenwerking in de wijk")
    SOCIAL_DOMAIN = "social", _("aansluiting sociaal domein")
    ACUTE_CARE = "acute", _("acute zorg en 24/7")
    OTHER = "other", _("overig")


class BottleneckQuerySet(NeighbourhoodChildQuerySet):
    def unresolved(self):
        """Open bottlenecks: not resolved yet (open or being handled)."""
        return self.exclude(status=Bottleneck.Status.RESOLVED)

    def escalated(self):
        return self.filter(escalated_at__isnull=False)

    def open_escalated(self):
        """What the region has to act on: escalated to it and not resolved."""
        return self.escalated().unresolved()


# A bottleneck's status moves as named events in its history (``Bottleneck.Status`` values).
BOTTLENECK_STATUS_EVENTS = {
    "open": ("reopened", _("heropend")),
    "in_progress": ("taken_up", _("in behandeling genomen")),
    "resolved": ("resolved", _("opgelost")),
}


@pghistory.track(*status_events("status", BOTTLENECK_STATUS_EVENTS))
class Bottleneck(RegionOwned):
    """A knelpunt collected in a neighbourhood; it may be escalated to the region."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in behandeling")
        RESOLVED = "resolved", _("opgelost")

    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.CASCADE, related_name="bottlenecks", verbose_name=_("wijk")
    )
    theme = models.CharField(_("thema"), max_length=20, choices=BottleneckTheme.choices)
    description = models.TextField(_("omschrijving"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    escalated_at = models.DateTimeField(_("opgeschaald naar de regio op"), null=True, blank=True)
    resolution = models.TextField(_("oplossing"), blank=True)
    resolved_at = models.DateTimeField(_("opgelost op"), null=True, blank=True)

    region_source = "neighbourhood"
    objects = BottleneckQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("knelpunt")
        verbose_name_plural = _("knelpunten")
        constraints = [
            FieldCheckConstraint(
                condition=~Q(status="resolved")
                | (Q(resolved_at__isnull=False) & ~Q(resolution="")),
                name="bottleneck_resolved_has_resolution",
                field="resolution",
                violation_error_code="required",
                violation_error_message=_("Beschrijf hoe het knelpunt is opgelost."),
            ),
        ]
        indexes = [models.Index(fields=["region", "status"], name="bottleneck_region_status")]

    def __str__(self):
        return f"{self.get_theme_display()}: {self.description[:40]}"

    @property
    def is_escalated(self) -> bool:
        return self.escalated_at is not None
