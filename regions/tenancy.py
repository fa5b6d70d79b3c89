"""Tenant scoping in one place.

Every tenant-owned model inherits :class:`RegionOwned`: it carries ``region`` itself and its
queryset has :meth:`RegionScopedQuerySet.visible_to`, the only way views, the API and tasks
start a query. Models whose rows are reachable by more than regional staff (neighbourhood
coordinators, insurers) widen :meth:`RegionScopedQuerySet.scope`; they never narrow it.
Which staff roles allow which action, and who is a platform admin, is
:mod:`regions.permissions`.
"""

from typing import ClassVar

from django.db import migrations, models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .errors import DomainError

# Role, Action and insurer_ids are re-exported: scoping and permissions share them.
from .permissions import Action as Action
from .permissions import Role as Role
from .permissions import insurer_ids as insurer_ids
from .permissions import is_platform_admin, staff_region_ids


class RegionScopedQuerySet(models.QuerySet):
    def visible_to(self, user, action=Action.VIEW):
        """The rows ``user`` may reach for ``action``; no rows for anonymous or inactive users.

        National governance gets no rows here: it reads aggregates only.
        """
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if is_platform_admin(user):
            return self.all()
        return self.filter(self.scope(user, Action(action)))

    def scope(self, user, action: Action) -> Q:
        return Q(region__in=staff_region_ids(user, action))

    def in_region(self, region):
        return self.filter(region=region)


class RegionOwned(models.Model):
    """Abstract base of every tenant-owned row.

    ``region_source`` names the parent foreign key whose region a row inherits: the region is
    copied on save, a mismatch is refused, and a composite foreign key in the database
    (:func:`same_region_constraint`) makes a mismatch impossible even for bulk writes.
    """

    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="%(class)ss",
        verbose_name=_("regio"),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True, db_index=True)

    region_source: ClassVar[str | None] = None

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.inherit_region()
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None):
        self.inherit_region()
        super().clean_fields(exclude)

    @property
    def edit_token(self) -> str:
        """Changes whenever the row is saved; forms and ETags carry it to detect lost updates."""
        return self.updated_at.isoformat() if self.updated_at else ""

    def refuse_if_changed_since(self, token: str | None) -> None:
        """Refuse a write based on an older copy of this row (someone else saved in between)."""
        if token is not None and token != self.edit_token:
            raise DomainError.single(
                _(
                    "Iemand anders heeft dit intussen gewijzigd. Laad de pagina opnieuw en "
                    "breng uw wijziging opnieuw aan."
                ),
                code="stale",
                conflict=True,
            )

    def inherit_region(self):
        """Take the region of the ``region_source`` parent; refuse a row that names another."""
        if self.region_source is None or getattr(self, f"{self.region_source}_id") is None:
            return
        parent_region_id = getattr(self, self.region_source).region_id
        if self.region_id is None:
            self.region_id = parent_region_id
        elif self.region_id != parent_region_id:
            raise DomainError.single(
                _("Dit hoort bij een andere regio."), field=self.region_source, code="region"
            )


def region_key(model_name: str) -> models.UniqueConstraint:
    """The (id, region) key that lets children reference a parent together with its region."""
    return models.UniqueConstraint(fields=["id", "region"], name=f"{model_name}_id_region_key")


def same_region_constraint(child_table, fk_column, parent_table):
    """Migration operation: the database refuses a child whose region differs from its parent's."""
    name = f"{child_table}_{fk_column}_same_region"[:63]
    return migrations.RunSQL(
        sql=(
            f"ALTER TABLE {child_table} ADD CONSTRAINT {name} "
            f"FOREIGN KEY ({fk_column}, region_id) REFERENCES {parent_table} (id, region_id) "
            "DEFERRABLE INITIALLY DEFERRED"
        ),
        reverse_sql=f"ALTER TABLE {child_table} DROP CONSTRAINT {name}",
    )
