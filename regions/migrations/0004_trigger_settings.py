from django.db import migrations

# pgtrigger's triggers read the setting `pgtrigger.ignore` on every row they fire for; when it is
# unset that read raises and is caught, which made bulk writes several times slower (seed_scale:
# 22-35 s against 8 s). An empty default for the database makes the read cheap. New sessions
# pick it up; it changes no behaviour.
SET_DEFAULT = """
DO $$ BEGIN
    EXECUTE format('ALTER DATABASE %I SET pgtrigger.ignore = %L', current_database(), '{}');
END $$;
"""
RESET_DEFAULT = """
DO $$ BEGIN
    EXECUTE format('ALTER DATABASE %I RESET pgtrigger.ignore', current_database());
END $$;
"""


class Migration(migrations.Migration):
    dependencies = [("regions", "0003_same_region")]

    operations = [migrations.RunSQL(SET_DEFAULT, RESET_DEFAULT)]
