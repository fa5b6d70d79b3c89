import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constraints import FieldUniqueConstraint
from ..tenancy import RegionOwned, Role


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class RegionMembership(RegionOwned):
    """A person's role in a region. Coordinators also hold grants on their neighbourhoods."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="region_memberships",
        verbose_name=_("gebruiker"),
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, default=Role.VIEWER)

    class Meta:
        ordering = ["region", "user__username"]
        verbose_name = _("lidmaatschap van een regio")
        verbose_name_plural = _("lidmaatschappen van regio's")
        constraints = [
            FieldUniqueConstraint(
                fields=["user", "region"],
                name="one_membership_per_region",
                field="user",
                violation_error_code="duplicate",
                violation_error_message=_("Deze persoon is al lid van de regio."),
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.region} ({self.get_role_display()})"
