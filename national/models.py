from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from neighbourhoods.services import Coverage
from regions.models import Phase


def share(part, whole) -> Decimal | None:
    """``part`` of ``whole`` as a fraction, or ``None`` when there is nothing to divide."""
    if not whole:
        return None
    return Decimal(part) / Decimal(whole)


class NationalSnapshot(models.Model):
    """The national figures of one day, so that progress towards the 2030 aims has a trend.

    Written by the daily Celery beat task; a second snapshot on the same day replaces the
    first. The live figures of the dashboard are an unsaved instance built the same way.
    """

    date = models.DateField(_("datum"), unique=True)
    taken_at = models.DateTimeField(_("gemaakt op"), auto_now=True)
    regions = models.PositiveIntegerField(_("regio's"))
    regions_expected = models.PositiveIntegerField(
        _("verwachte regio's"),
        help_text=_("De noemer van de doelen voor elke regio: REGIONS_EXPECTED, of meer."),
    )
    regions_by_phase = models.JSONField(_("regio's per fase"), default=dict)
    regions_all_tasks_in_place = models.PositiveIntegerField(
        _("regio's met alle hoofdtaken ingericht")
    )
    regions_core_mandated = models.PositiveIntegerField(
        _("regio's met mandaat voor contractering voor alle kerndisciplines")
    )
    regions_all_mandated = models.PositiveIntegerField(
        _("regio's met een geldig mandaat voor alle eerstelijnsdisciplines")
    )
    neighbourhoods = models.PositiveIntegerField(_("wijken"))
    complete_neighbourhoods = models.PositiveIntegerField(_("wijken met compleet wijkverband"))
    population = models.PositiveBigIntegerField(_("inwoners"))
    registered_population = models.PositiveBigIntegerField(_("inwoners van de ingedeelde wijken"))
    covered_population = models.PositiveBigIntegerField(
        _("inwoners in een wijk met compleet wijkverband")
    )
    open_escalated_bottlenecks = models.PositiveIntegerField(_("open opgeschaalde knelpunten"))
    agreements_by_status = models.JSONField(_("afspraken per status"), default=dict)
    contracted_budget = models.DecimalField(
        _("gecontracteerd budget dit jaar (EUR)"), max_digits=16, decimal_places=2
    )
    regions_behind_roadmap = models.PositiveIntegerField(
        _("regio's achter op de routekaart"), null=True, blank=True
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("landelijke momentopname")
        verbose_name_plural = _("landelijke momentopnamen")

    def __str__(self):
        return f"{self.date:%Y-%m-%d}"

    @property
    def share_all_mandated(self) -> Decimal | None:
        """2030 aim: every region a collaborative with all disciplines mandated (to contract)."""
        return share(self.regions_all_mandated, self.regions_expected)

    @property
    def share_complete_neighbourhoods(self) -> Decimal | None:
        """2030 aim: every neighbourhood a complete alliance."""
        return share(self.complete_neighbourhoods, self.neighbourhoods)

    @property
    def coverage(self) -> Decimal | None:
        """2030 aim: every inhabitant in a neighbourhood with a complete alliance."""
        return Coverage(self.population, self.covered_population, self.registered_population).share

    @property
    def unassigned_population(self) -> int:
        return self.population - self.registered_population

    @property
    def share_core_mandated(self) -> Decimal | None:
        return share(self.regions_core_mandated, self.regions_expected)

    @property
    def regions_missing(self) -> int:
        """Regions the country expects that are not in the platform yet."""
        return self.regions_expected - self.regions


class RegionSnapshot(models.Model):
    """One region's figures of one day, written with the national snapshot: the region's own
    trend on the drill-down page. Counts and statuses only, like everything national."""

    date = models.DateField(_("datum"))
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.CASCADE,
        related_name="snapshots",
        verbose_name=_("regio"),
    )
    phase = models.CharField(_("fase"), max_length=20, choices=Phase.choices)
    behind_roadmap = models.BooleanField(_("achter op de routekaart"), default=False)
    tasks_in_place = models.PositiveSmallIntegerField(_("hoofdtaken ingericht"))
    core_mandated = models.PositiveSmallIntegerField(
        _("kerndisciplines met mandaat voor contractering")
    )
    disciplines_contracting = models.PositiveSmallIntegerField(
        _("disciplines vertegenwoordigd voor contractering")
    )
    population = models.PositiveIntegerField(_("inwoners"))
    covered_population = models.PositiveIntegerField(
        _("inwoners in een wijk met compleet wijkverband")
    )
    open_escalated_bottlenecks = models.PositiveIntegerField(_("open opgeschaalde knelpunten"))

    class Meta:
        ordering = ["region", "date"]
        verbose_name = _("momentopname van een regio")
        verbose_name_plural = _("momentopnamen van regio's")
        constraints = [
            models.UniqueConstraint(fields=["region", "date"], name="region_snapshot_once_a_day")
        ]

    def __str__(self):
        return f"{self.region_id} {self.date:%Y-%m-%d}"

    @property
    def coverage(self) -> Decimal | None:
        return share(self.covered_population, self.population)


# --- change stamps of the national figures ----------------------------------------------------

REFERENCE_STAMP = 0  # the region_id of the stamp of data that belongs to no region


class FiguresStamp(models.Model):
    """A counter per region that the database raises on every insert, update, delete and
    truncate of a row the national figures read, so that the figures can be kept between
    requests and still be exact: they are reused only while the stamps are what they were.

    The triggers come with the migrations (:func:`figures_stamp_triggers`): per statement, one
    stamp per region the statement touched (``REFERENCE_STAMP`` for reference data and
    truncates). A raised stamp takes a new value of the sequence ``national_figures_version``
    (and more than it had), so stamps never come back to a value they had: not after a rolled
    back transaction either. A new table the figures read needs a migration adding it.
    """

    region_id = models.BigIntegerField(primary_key=True)
    version = models.BigIntegerField()

    class Meta:
        verbose_name = _("wijzigingsteller landelijke cijfers")

    def __str__(self):
        return f"{self.region_id}: {self.version}"


_RAISE = """
    ON CONFLICT (region_id) DO UPDATE
    SET version = GREATEST(national_figuresstamp.version + 1, EXCLUDED.version)"""

FIGURES_STAMP_SQL = f"""
CREATE SEQUENCE IF NOT EXISTS national_figures_version;
CREATE OR REPLACE FUNCTION national_stamp_regions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    touched text;
BEGIN
    touched := CASE TG_OP
        WHEN 'INSERT' THEN format('SELECT %1$I FROM new_rows', TG_ARGV[0])
        WHEN 'DELETE' THEN format('SELECT %1$I FROM old_rows', TG_ARGV[0])
        ELSE format('SELECT %1$I FROM new_rows UNION SELECT %1$I FROM old_rows', TG_ARGV[0])
    END;
    -- In region order, so that two statements touching the same regions lock them alike.
    EXECUTE format(
        'INSERT INTO national_figuresstamp (region_id, version) '
        'SELECT region_id, nextval(''national_figures_version'') FROM ('
        'SELECT DISTINCT region_id FROM (%s) AS touched (region_id) '
        'WHERE region_id IS NOT NULL ORDER BY region_id) AS regions{_RAISE}',
        touched
    );
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION national_stamp_reference() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO national_figuresstamp (region_id, version)
    VALUES ({REFERENCE_STAMP}, nextval('national_figures_version')){_RAISE};
    RETURN NULL;
END $$;
"""
DROP_FIGURES_STAMP_SQL = (
    "DROP FUNCTION national_stamp_regions(); DROP FUNCTION national_stamp_reference(); "
    "DROP SEQUENCE national_figures_version;"
)


def figures_stamp_triggers(table: str, region_column: str | None) -> list[tuple[str, str]]:
    """(create, drop) SQL of the triggers that raise the stamps on changes of ``table``."""
    name = f"national_stamp_{table}"[:55]
    statements = []
    if region_column is None:
        events = [("", "INSERT OR UPDATE OR DELETE OR TRUNCATE", "", "national_stamp_reference()")]
    else:
        function = f"national_stamp_regions('{region_column}')"
        events = [
            ("_ins", "INSERT", "REFERENCING NEW TABLE AS new_rows", function),
            (
                "_upd",
                "UPDATE",
                "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
                function,
            ),
            ("_del", "DELETE", "REFERENCING OLD TABLE AS old_rows", function),
            ("_trunc", "TRUNCATE", "", "national_stamp_reference()"),
        ]
    for suffix, event, referencing, function in events:
        trigger = f"{name}{suffix}"
        statements.append(
            (
                f"CREATE TRIGGER {trigger} AFTER {event} ON {table} {referencing} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {function}",
                f"DROP TRIGGER IF EXISTS {trigger} ON {table}",
            )
        )
    return statements
