from django.db import migrations

# code, name, primary care, core in the neighbourhood alliance, minimum in the region
DISCIPLINES = [
    ("gp", "huisartsenzorg", True, True, True),
    ("district_nursing", "wijkverpleging", True, True, True),
    ("pharmacy", "apotheek", True, True, True),
    ("physiotherapy", "fysiotherapie", True, False, False),
    ("dietetics", "diëtetiek", True, False, False),
    ("exercise_therapy", "oefentherapie", True, False, False),
    ("occupational_therapy", "ergotherapie", True, False, False),
    ("skin_therapy", "huidtherapie", True, False, False),
    ("speech_therapy", "logopedie", True, False, False),
    ("optometry", "optometrie", True, False, False),
    ("elderly_care_physician", "specialist ouderengeneeskunde", True, False, False),
    ("id_physician", "arts verstandelijk gehandicapten", True, False, False),
    ("social_domain", "sociaal domein (sociaal werk)", False, True, False),
]


def create_disciplines(apps, schema_editor):
    Discipline = apps.get_model("regions", "Discipline")
    for order, (code, name, primary, core, minimum) in enumerate(DISCIPLINES, start=1):
        Discipline.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "is_primary_care": primary,
                "is_core": core,
                "is_regional_minimum": minimum,
                "sort_order": order,
            },
        )


def remove_disciplines(apps, schema_editor):
    apps.get_model("regions", "Discipline").objects.filter(
        code__in=[code for code, *_ in DISCIPLINES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]

    operations = [migrations.RunPython(create_disciplines, remove_disciplines)]
