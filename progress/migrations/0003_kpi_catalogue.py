"""The first KPI catalogue: indicators the vision documents name (seed 002, 003)."""

from decimal import Decimal

from django.db import migrations

VISION = "Visie eerstelijnszorg 2030"
KPIS = [
    {
        "code": "complete-alliance-coverage",
        "name": "Inwoners in een wijk met een compleet hecht wijkverband",
        "unit": "%",
        "direction": "higher",
        "national_aim": Decimal("100"),
        "source": VISION,
        "definition": (
            "Het deel van alle inwoners van de regio dat woont in een wijk waar huisarts, "
            "wijkverpleging, apotheek en sociaal domein elk ten minste één actieve "
            "contactpersoon in het wijkverband hebben. In 2030 heeft elke wijk er een."
        ),
    },
    {
        "code": "practices-patient-stop",
        "name": "Huisartsenpraktijken met een patiëntenstop",
        "unit": "%",
        "direction": "lower",
        "national_aim": None,
        "source": VISION,
        "definition": (
            "Het deel van de huisartsenpraktijken in de regio dat geen nieuwe patiënten "
            "inschrijft, op de peildatum."
        ),
    },
    {
        "code": "digital-hybrid-care-offered",
        "name": "Geschikte zorg die digitaal of hybride wordt aangeboden",
        "unit": "%",
        "direction": "higher",
        "national_aim": Decimal("70"),
        "source": "Integraal Zorgakkoord; " + VISION,
        "definition": (
            "Van de zorg die zich leent voor digitale of hybride vormen (e-consult, "
            "beeldbellen, thuismeten), het deel dat ook zo beschikbaar is. Het IZA streeft "
            "naar 70 %."
        ),
    },
    {
        "code": "hybrid-care-use",
        "name": "Gebruik van hybride zorg door de patiënten voor wie die geschikt is",
        "unit": "%",
        "direction": "higher",
        "national_aim": Decimal("50"),
        "source": "Integraal Zorgakkoord; " + VISION,
        "definition": (
            "Van de patiënten voor wie een hybride zorgpad geschikt is, het deel dat het "
            "gebruikt. Het streven is ten minste de helft."
        ),
    },
    {
        "code": "key-data-within-24h",
        "name": "Kerngegevens van de patiënt binnen 24 uur gedeeld",
        "unit": "%",
        "direction": "higher",
        "national_aim": Decimal("100"),
        "source": VISION,
        "definition": (
            "Het deel van de overdrachten tussen zorgverleners waarbij de ontvangende "
            "zorgverlener binnen 24 uur na registratie over alle kerngegevens van de patiënt "
            "beschikt."
        ),
    },
    {
        "code": "gp-waiting-time",
        "name": "Wachttijd voor een afspraak bij de huisarts",
        "unit": "werkdagen",
        "direction": "lower",
        "national_aim": None,
        "source": "Zorgverzekeraars Nederland, visie huisartsenzorg 2030",
        "definition": (
            "Het gemiddelde aantal werkdagen tussen de vraag van een patiënt om een "
            "niet-spoedeisende afspraak en de afspraak bij de eigen huisartsenpraktijk."
        ),
    },
    {
        "code": "district-nursing-reachable",
        "name": "Wijkverpleging bereikbaar overdag, 's avonds, 's nachts en in het weekend",
        "unit": "%",
        "direction": "higher",
        "national_aim": Decimal("100"),
        "source": VISION,
        "definition": (
            "Het deel van de wijken waar voor patiënten, zorgaanbieders, gemeenten en "
            "zorgverzekeraars duidelijk is wie zij voor wijkverpleging kunnen benaderen, op "
            "alle vier momenten: overdag, 's avonds, 's nachts en in het weekend."
        ),
    },
]


def seed(apps, schema_editor):
    kpi = apps.get_model("progress", "Kpi")
    for fields in KPIS:
        kpi.objects.update_or_create(code=fields["code"], defaults=fields)


def unseed(apps, schema_editor):
    apps.get_model("progress", "Kpi").objects.filter(code__in=[k["code"] for k in KPIS]).delete()


class Migration(migrations.Migration):
    dependencies = [("progress", "0002_same_region")]

    operations = [migrations.RunPython(seed, unseed)]
