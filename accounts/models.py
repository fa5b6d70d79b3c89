from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

NATIONAL_GOVERNANCE_GROUP = "landelijke-governance"


class User(AbstractUser):
    """A person who signs in. What they may see follows from their memberships and grants."""

    email = models.EmailField(_("e-mailadres"), blank=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    @property
    def is_national_governance(self) -> bool:
        if not hasattr(self, "_is_national_governance"):
            self._is_national_governance = self.groups.filter(
                name=NATIONAL_GOVERNANCE_GROUP
            ).exists()
        return self._is_national_governance
