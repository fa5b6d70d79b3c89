from dataclasses import dataclass

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .region import Phase

PHASE_ORDER = {phase: index for index, phase in enumerate(Phase.values)}


class RoadmapYear(models.Model):
    """Reference data: the phase the national roadmap expects every region to have reached in a
    year (seed 002 §6.1.2). A year without a row of its own follows the latest year before it."""

    year = models.PositiveSmallIntegerField(
        _("jaar"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    expected_phase = models.CharField(_("verwachte fase"), max_length=20, choices=Phase.choices)

    class Meta:
        ordering = ["year"]
        verbose_name = _("jaar van de routekaart")
        verbose_name_plural = _("routekaart")

    def __str__(self):
        return f"{self.year}: {self.get_expected_phase_display()}"


@dataclass(frozen=True)
class Roadmap:
    """The national roadmap as read once (one query): the expected phase per year."""

    years: dict  # year -> expected phase

    @classmethod
    def load(cls) -> "Roadmap":
        return cls(dict(RoadmapYear.objects.order_by("year").values_list("year", "expected_phase")))

    def expected_phase(self, year: int) -> str | None:
        """The phase expected in ``year``; ``None`` before the roadmap starts."""
        known = [known for known in self.years if known <= year]
        return self.years[max(known)] if known else None

    def is_behind(self, phase: str, year: int) -> bool:
        """Whether a region in ``phase`` is behind the roadmap ("achter op de routekaart")."""
        expected = self.expected_phase(year)
        return expected is not None and PHASE_ORDER[phase] < PHASE_ORDER[expected]
