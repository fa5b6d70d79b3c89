import pghistory
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..constraints import FieldCheckConstraint, FieldUniqueConstraint
from ..errors import DomainError
from ..history import region_of_events
from ..permissions import is_platform_admin
from ..tenancy import Action, RegionOwned, RegionScopedQuerySet, insurer_ids, staff_region_ids


class Phase(models.TextChoices):
    NETWORK = "network", _("netwerkfase")
    AGREEMENTS = "agreements", _("afsprakenfase")
    ORGANISATION = "organisation", _("organisatiefase")
    DEEPENING = "deepening", _("verdiepingsfase")


class LegalForm(models.TextChoices):
    ASSOCIATION = "association", _("vereniging")
    FOUNDATION = "foundation", _("stichting")
    COOPERATIVE = "cooperative", _("coöperatie")
    NETWORK = "network", _("netwerk")


class MainTask(models.IntegerChoices):
    """The five main tasks (hoofdtaken) of the regional collaborative."""

    MANDATE_AND_REPRESENT = 1, _("Mandatering en vertegenwoordiging van de disciplines")
    CAPACITY_AND_ACCESS = 2, _("Regionale capaciteit en toegankelijkheid organiseren")
    CARE_PROGRAMMES = 3, _("Zorginhoudelijke afspraken voor patiëntgroepen")
    NEIGHBOURHOOD_ALLIANCES = 4, _("Hechte wijkverbanden ondersteunen en elke wijk dekken")
    FACILITATE_PROVIDERS = 5, _("Zorgaanbieders faciliteren en ondersteunen")


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("niet gestart")
    IN_PROGRESS = "in_progress", _("in ontwikkeling")
    IN_PLACE = "in_place", _("ingericht")


class RegionQuerySet(models.QuerySet):
    def visible_to(self, user, action=Action.VIEW):
        """Regions where ``user`` has a membership (coordinators included) or their insurer works.

        For ``change`` and ``administer`` only staff roles that allow it count.
        """
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if is_platform_admin(user):
            return self.all()
        action = Action(action)
        if action is Action.VIEW:
            from .membership import RegionMembership
            from .reference import Organisation

            insurer_regions = Organisation.regions.through.objects.filter(
                organisation__in=insurer_ids(user)
            ).values("region_id")
            return self.filter(
                Q(pk__in=RegionMembership.objects.filter(user=user).values("region_id"))
                | Q(pk__in=insurer_regions)
            )
        return self.filter(pk__in=staff_region_ids(user, action))


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    **region_of_events("NEW.pgh_obj_id"),
)
class Region(models.Model):
    """A huisartsenregio: the tenant, and its regional primary-care collaborative."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("naam"), max_length=120, unique=True)
    care_office_region = models.CharField(_("zorgkantoorregio"), max_length=120)
    legal_form = models.CharField(
        _("rechtsvorm"), max_length=20, choices=LegalForm.choices, default=LegalForm.NETWORK
    )
    phase = models.CharField(_("fase"), max_length=20, choices=Phase.choices, default=Phase.NETWORK)
    lead_municipality = models.CharField(_("mandaatgemeente"), max_length=120, blank=True)
    population = models.PositiveIntegerField(
        _("inwoners"),
        null=True,
        blank=True,
        help_text=_(
            "Alle inwoners van de regio, ook die van wijken die nog niet zijn ingedeeld: de "
            "noemer van de dekking."
        ),
    )
    municipalities = ArrayField(
        models.CharField(max_length=120),
        verbose_name=_("gemeenten"),
        blank=True,
        default=list,
        help_text=_("De gemeenten in de regio, gescheiden door komma's."),
    )
    lead_insurer = models.ForeignKey(
        "regions.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lead_regions",
        limit_choices_to={"kind": "insurer"},
        verbose_name=_("preferente zorgverzekeraar"),
    )
    preferred_insurers = models.ManyToManyField(
        "regions.Organisation",
        blank=True,
        related_name="preferred_in_regions",
        limit_choices_to={"kind": "insurer"},
        verbose_name=_("preferente zorgverzekeraars"),
        help_text=_(
            "De marktleider(s) in de regio; bij representatie kunnen het er twee zijn. Een "
            "afspraak die niet individueel wordt ingekocht, wordt geleid door een van hen."
        ),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.lead_insurer_id and not self.lead_insurer.is_insurer:
            raise DomainError.single(
                _("De preferente zorgverzekeraar moet een zorgverzekeraar zijn."),
                field="lead_insurer",
            )


class RegionTaskQuerySet(RegionScopedQuerySet):
    """Call on one region's rows: a main task without a row has its status's default."""

    def of_task(self, task) -> "RegionTask":
        return self.filter(task=task).first() or RegionTask(task=task)

    def every_main_task(self) -> list["RegionTask"]:
        """A row for each of the five main tasks, in their order."""
        rows = {row.task: row for row in self}
        return [rows.get(task.value) or RegionTask(task=task) for task in MainTask]


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class RegionTask(RegionOwned):
    """The status of one of the five main tasks in one region."""

    task = models.PositiveSmallIntegerField(_("hoofdtaak"), choices=MainTask.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    note = models.TextField(_("toelichting"), blank=True)

    objects = RegionTaskQuerySet.as_manager()

    class Meta:
        ordering = ["region", "task"]
        verbose_name = _("hoofdtaak van de regio")
        verbose_name_plural = _("hoofdtaken van de regio")
        constraints = [
            FieldUniqueConstraint(
                fields=["region", "task"],
                name="region_task_once",
                field="task",
                violation_error_code="duplicate",
                violation_error_message=_("Deze hoofdtaak heeft in deze regio al een status."),
            ),
            FieldCheckConstraint(
                condition=Q(task__gte=1, task__lte=5),
                name="region_task_is_main_task",
                field="task",
                violation_error_code="unknown_main_task",
                violation_error_message=_("Kies uit de vijf hoofdtaken."),
            ),
        ]

    def __str__(self):
        return f"{self.region}: {self.get_task_display()}"

    @property
    def main_task(self) -> MainTask:
        return MainTask(self.task)

    @property
    def task_status(self) -> TaskStatus:
        return TaskStatus(self.status)
