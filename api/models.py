"""Change stamps for conditional requests: a counter per agreement that the database raises on
every insert, update and delete of a row the agreement's API representation shows, so that an
ETag needs one indexed join instead of a scan of every kind of nested row.

The triggers come with the migrations (``0001_change_stamps``): per row on the tables under an
agreement, per statement on the reference data the representation names (organisations,
disciplines, regioplan goals, regions), which raise the stamp of ``agreement_id`` 0
(:data:`REFERENCE`) that every list ETag includes. Raw SQL and bulk writes raise them too. A new
table under an agreement that the representation shows needs a migration with
:func:`stamp_triggers` for it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

REFERENCE = 0  # the agreement_id of the reference data's stamp


class ChangeStamp(models.Model):
    agreement_id = models.BigIntegerField(primary_key=True)
    version = models.BigIntegerField(default=1)

    class Meta:
        verbose_name = _("wijzigingsteller")

    def __str__(self):
        return f"{self.agreement_id}: {self.version}"


FUNCTIONS_SQL = f"""
CREATE OR REPLACE FUNCTION api_stamp_agreement_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO api_changestamp (agreement_id, version)
    VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD.agreement_id ELSE NEW.agreement_id END, 1)
    ON CONFLICT (agreement_id) DO UPDATE SET version = api_changestamp.version + 1;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION api_stamp_reference() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO api_changestamp (agreement_id, version) VALUES ({REFERENCE}, 1)
    ON CONFLICT (agreement_id) DO UPDATE SET version = api_changestamp.version + 1;
    RETURN NULL;
END $$;
"""


def stamp_triggers(table: str, *, reference=False) -> tuple[str, str]:
    """(create, drop) SQL of the trigger that raises the stamps on changes of ``table``."""
    name = f"api_stamp_{table}"[:63]
    level, function = (
        ("STATEMENT", "api_stamp_reference")
        if reference
        else (
            "ROW",
            "api_stamp_agreement_row",
        )
    )
    return (
        f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {table} "
        f"FOR EACH {level} EXECUTE FUNCTION {function}()",
        f"DROP TRIGGER IF EXISTS {name} ON {table}",
    )
