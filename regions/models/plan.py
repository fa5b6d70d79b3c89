import pghistory
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constraints import FieldCheckConstraint, FieldUniqueConstraint
from ..history import status_events
from ..tenancy import RegionOwned, RegionScopedQuerySet, region_key


class VisionGoal(models.IntegerChoices):
    """The six goals of the Visie eerstelijnszorg 2030, under which a regioplan is organised."""

    REDUCE_PRESSURE = 1, _("Ongewenste druk op de eerstelijnszorg verminderen")
    PREPARE_AND_GUIDE = 2, _("Passende voorbereiding op en toeleiding naar de eerste lijn")
    APPROPRIATE_CARE = 3, _("Passende eerstelijnszorg met focus op gezondheid")
    USE_CAPACITY = 4, _("Capaciteit beter benutten en taken beter organiseren")
    NEIGHBOURHOOD_COOPERATION = 5, _("Hechte samenwerking in de wijk")
    REGIONAL_ACCOUNTABILITY = 6, _("Aanspreekbaarheid en regionale samenwerking in de keten")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("gepland")
    IN_PROGRESS = "in_progress", _("in uitvoering")
    DONE = "done", _("afgerond")
    POSTPONED = "postponed", _("uitgesteld")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class RegionGoal(RegionOwned):
    """A goal of the region's regioplan, under one of the six goals of the vision."""

    vision_goal = models.PositiveSmallIntegerField(
        _("doel van de visie"), choices=VisionGoal.choices
    )
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        ordering = ["region", "vision_goal", "title"]
        verbose_name = _("regioplandoel")
        verbose_name_plural = _("regioplandoelen")
        constraints = [
            region_key("regiongoal"),
            FieldUniqueConstraint(
                fields=["region", "title"],
                name="region_goal_title_unique",
                field="title",
                violation_error_code="duplicate",
                violation_error_message=_("De regio heeft al een doel met deze titel."),
            ),
            FieldCheckConstraint(
                condition=models.Q(vision_goal__gte=1, vision_goal__lte=6),
                name="region_goal_is_vision_goal",
                field="vision_goal",
                violation_error_code="unknown_vision_goal",
                violation_error_message=_("Kies uit de zes doelen van de visie."),
            ),
        ]

    def __str__(self):
        return self.title


class RegionActionQuerySet(RegionScopedQuerySet):
    def with_overdue(self, day):
        """Annotate ``overdue``: the deadline passed before ``day`` and the action is not done."""
        return self.annotate(
            overdue=models.Q(due_date__isnull=False, due_date__lt=day)
            & ~models.Q(status=ActionStatus.DONE)
        )


# An action's status moves as named events in its history.
ACTION_STATUS_EVENTS = {
    ActionStatus.PLANNED: ("planned", _("opnieuw gepland")),
    ActionStatus.IN_PROGRESS: ("started", _("gestart")),
    ActionStatus.DONE: ("completed", _("afgerond")),
    ActionStatus.POSTPONED: ("postponed", _("uitgesteld")),
}


@pghistory.track(*status_events("status", ACTION_STATUS_EVENTS))
class RegionAction(RegionOwned):
    """An action under a regioplan goal."""

    goal = models.ForeignKey(
        RegionGoal, on_delete=models.CASCADE, related_name="actions", verbose_name=_("doel")
    )
    title = models.CharField(_("titel"), max_length=200)
    owner = models.CharField(_("eigenaar"), max_length=120)
    due_date = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )

    region_source = "goal"
    objects = RegionActionQuerySet.as_manager()

    class Meta:
        ordering = ["goal", "due_date", "title"]
        verbose_name = _("actie")
        verbose_name_plural = _("acties")

    def __str__(self):
        return self.title
