"""The fictional demo world, as plain data: regions, organisations, people, and what happened.

Every name here is made up. Care-office regions (zorgkantoorregio's) are real names, because
they are public reference data; the collaboratives, municipalities, insurers and people are not.
:mod:`demo.seeding` turns this into rows through the domain services.

Dates are given relative to *today* (``timezone.localdate()``) or to today's year, so the demo
always has an expiring mandate and a current agreement period.
"""

from dataclasses import dataclass, field
from decimal import Decimal

DEFAULT_PASSWORD = "regio-demo-2026"

# Core disciplines of a neighbourhood alliance (kernspelers), by Discipline.code.
CORE = ("gp", "district_nursing", "pharmacy", "social_domain")


# --- organisations -----------------------------------------------------------------------------


@dataclass(frozen=True)
class InsurerSpec:
    key: str
    name: str
    kind: str = "insurer"  # or "joint_entity": buys collectively on behalf of the insurers


INSURERS = [
    InsurerSpec("noord", "Zorgverzekeraar Fictief Noord"),
    InsurerSpec("west", "Zorgverzekeraar Fictief West"),
    InsurerSpec("midden", "Zorgverzekeraar Fictief Midden"),
    InsurerSpec("zuidoost", "Zorgverzekeraar Fictief Zuid-Oost"),
    InsurerSpec("collectief", "Collectieve Inkoop Fictief Zorgverzekeraars", kind="joint_entity"),
]

# How a monodisciplinary regional organisation of a discipline is called; "{short}" is the
# region's short name.
MONO_NAMES = {
    "gp": "RHO Fictief {short}",
    "district_nursing": "Wijkverpleging Fictief {short}",
    "pharmacy": "Apothekerscoöperatie Fictief {short}",
    "physiotherapy": "Fysiotherapienetwerk Fictief {short}",
    "dietetics": "Diëtistennetwerk Fictief {short}",
    "elderly_care_physician": "SO-netwerk Fictief {short}",
}


# --- people ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UserSpec:
    username: str
    first_name: str
    last_name: str
    role: str  # shown in the logins table
    sees: str  # shown in the logins table
    superuser: bool = False
    # region key -> Role value ("admin", "editor", "viewer"); coordinators get theirs by grant
    memberships: dict = field(default_factory=dict)
    insurer: str | None = None  # InsurerSpec.key
    national: bool = False
    coordinates: tuple = ()  # (region key, neighbourhood name) pairs


USERS = [
    UserSpec(
        "demo-platformbeheer",
        "Paula",
        "Beheer-Fictief",
        "platform admin (superuser)",
        "everything, including the Django admin at /admin/",
        superuser=True,
    ),
    UserSpec(
        "demo-regiobeheer",
        "Rik",
        "Regio-Voorbeeld",
        "region admin",
        "Regio Fictief Kustland-Noord: all of it, may manage its members",
        memberships={"kustland": "admin"},
    ),
    UserSpec(
        "demo-bewerker",
        "Eva",
        "Bewerk-Fictief",
        "region editor",
        "Regio Fictief Amstelland-Zuid: region, neighbourhoods, mandates, agreements",
        memberships={"amstelland": "editor"},
    ),
    UserSpec(
        "demo-bewerker-heuvelland",
        "Hugo",
        "Heuvel-Voorbeeld",
        "region editor (2 regions)",
        "Regio Fictief Heuvelland-Oost and Regio Fictief Rivierenland-West",
        memberships={"heuvelland": "editor", "rivierenland": "editor"},
    ),
    UserSpec(
        "demo-lezer",
        "Lotte",
        "Lees-Fictief",
        "region viewer",
        "Regio Fictief Amstelland-Zuid, read only",
        memberships={"amstelland": "viewer"},
    ),
    UserSpec(
        "demo-wijkcoordinator",
        "Wim",
        "Wijk-Voorbeeld",
        "neighbourhood coordinator",
        "Veenmeer-Centrum and Bloemhof (Amstelland-Zuid): alliance and bottlenecks",
        coordinates=(("amstelland", "Veenmeer-Centrum"), ("amstelland", "Bloemhof")),
    ),
    UserSpec(
        "demo-verzekeraar-noord",
        "Noor",
        "Verzeker-Fictief",
        "insurer reviewer",
        "agreements Zorgverzekeraar Fictief Noord is party to (API, reviews)",
        insurer="noord",
    ),
    UserSpec(
        "demo-verzekeraar-west",
        "Wouter",
        "Polis-Voorbeeld",
        "insurer reviewer",
        "agreements Zorgverzekeraar Fictief West is party to (API, reviews)",
        insurer="west",
    ),
    UserSpec(
        "demo-inkoopentiteit",
        "Iris",
        "Collectief-Voorbeeld",
        "joint entity reviewer",
        "agreements the collective purchasing entity is party to (API, reviews)",
        insurer="collectief",
    ),
    UserSpec(
        "demo-landelijk",
        "Lieke",
        "Landelijk-Fictief",
        "national governance",
        "national dashboards: aggregates of all regions, no personal data",
        national=True,
    ),
]


# --- regions -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class NeighbourhoodSpec:
    name: str
    municipality: str
    population: int
    cbs_codes: tuple
    # "complete", "missing:<code>[,<code>]" or "inactive:<code>" (a contact who left)
    alliance: str = "complete"
    extra_disciplines: tuple = ()


@dataclass(frozen=True)
class BottleneckSpec:
    neighbourhood: str
    theme: str  # BottleneckTheme value
    description: str
    escalated: bool = False
    resolution: str = ""  # resolved when set


@dataclass(frozen=True)
class MandateSpec:
    discipline: str
    delegate: str
    scope: tuple
    kind: str = "valid"  # valid, expiring, expired, revoked
    backing: int = 80
    total: int = 100
    revocation_reason: str = ""


@dataclass(frozen=True)
class GoalSpec:
    vision_goal: int  # VisionGoal value
    title: str
    description: str
    # (title, owner, due (month, day) in today's year (+1 when "next"), status)
    actions: tuple = ()


@dataclass(frozen=True)
class Step:
    """One step of an agreement's story, in the order it happened."""

    action: str  # submit, review, sign (every party), update, add_target, add_budget, activate, end
    insurer: str | None = None  # InsurerSpec.key, for reviews
    decision: str = ""
    comment: str = ""
    fields: dict = field(default_factory=dict)


@dataclass(frozen=True)
class AgreementSpec:
    reference: str
    title: str
    type: str
    procurement_model: str
    years: tuple  # (first, last) as offsets from today's year
    description: str
    main_tasks: tuple
    disciplines: tuple
    goals: tuple  # GoalSpec titles of the region
    followers: tuple = ()  # insurer keys besides the lead
    other_parties: tuple = ()  # organisation names (municipalities, care organisations)
    framework: str = ""  # gelijkgerichte zorginkoop: the published framework it follows
    price_arrangement: str = ""
    acm_reference: str = ""
    shares: tuple = ()  # (insurer key, percentage): the cost-sharing key
    budget: tuple = ()  # (year offset, segment, amount, description)
    targets: tuple = ()  # (name, unit, baseline, goal)
    story: tuple = ()
    expected_status: str = "draft"


# Targets that measure a KPI of the national catalogue (progress.Kpi codes).
TARGET_KPIS = {
    "Inwoners in een wijk met een compleet wijkverband": "complete-alliance-coverage",
    "Wijkverpleging 24/7 bereikbaar via één nummer": "district-nursing-reachable",
}
# The share of the way from baseline to goal each quarter adds, per region (in REGIONS order).
MEASURED_PROGRESS = (Decimal("0.12"), Decimal("0.07"), Decimal("0.15"), Decimal("0.05"))
MEASUREMENT_SOURCE = "Regiomonitor (fictief)"


@dataclass(frozen=True)
class RegionSpec:
    key: str
    code: str
    name: str
    short: str
    care_office_region: str
    legal_form: str
    phase: str
    lead_municipality: str
    lead_insurer: str
    insurers: tuple
    mono_disciplines: tuple
    staff: str  # username of the staff member who acts for the region in the story
    tasks: tuple  # five (status, note)
    municipalities: tuple = ()  # organisations of kind municipality
    neighbourhoods: tuple = ()
    bottlenecks: tuple = ()
    mandates: tuple = ()
    goals: tuple = ()
    agreements: tuple = ()
    # (IndicatorKind value, figure of two years ago, figure of last year)
    indicators: tuple = ()
    # the whole region: its inhabitants (also those of neighbourhoods not yet registered) and
    # its municipalities
    population: int | None = None
    municipality_names: tuple = ()


# Where a region's indicators would come from; every figure in the demo is made up.
INDICATOR_SOURCES = {
    "share_75_plus": "CBS Statline (fictief)",
    "gps_per_10000": "Nivel-registratie huisartsen (fictief)",
    "practices_patient_stop": "Enquête RHO (fictief)",
    "district_nurses_per_10000": "Vektis (fictief)",
    "share_chronic": "Nivel Zorgregistraties (fictief)",
}


def indicators(*rows) -> tuple:
    return tuple((kind, Decimal(before), Decimal(last)) for kind, before, last in rows)


SCOPE_ALL = ("contracting", "regional_plan", "acute_care", "care_programmes", "municipalities")
SCOPE_CONTRACTING = ("contracting", "regional_plan")

OI_TARGETS = (
    ("Wijken met een compleet hecht wijkverband", "%", Decimal("40"), Decimal("90")),
    ("Inwoners in een wijk met een compleet wijkverband", "%", Decimal("45"), Decimal("95")),
)

GOALS_COMMON = {
    "pressure": GoalSpec(
        1,
        "Minder ongewenste druk op de huisartsenpraktijk",
        "Zorgvragen die niet bij de huisarts horen, komen eerder op de goede plek.",
        (
            (
                "Afspraken met het sociaal domein over doorverwijzing",
                "Werkgroep sociaal domein",
                (3, 31),
                "done",
            ),
            (
                "Digitale zelfzorginformatie op de praktijksites",
                "Programmabureau",
                (9, 30),
                "in_progress",
            ),
        ),
    ),
    "neighbourhoods": GoalSpec(
        5,
        "Elke wijk een compleet hecht wijkverband",
        "Per wijk een huisarts, wijkverpleegkundige, apotheker en sociaal werker als vaste "
        "contactpersonen.",
        (
            ("Wijkscan in alle wijken", "Wijkcoördinatoren", (6, 30), "in_progress"),
            ("Contactpersonen per discipline vastleggen", "Regiobureau", (4, 30), "done"),
            ("Tweede ronde wijkbijeenkomsten", "Wijkcoördinatoren", (11, 30), "planned"),
        ),
    ),
    "capacity": GoalSpec(
        4,
        "Capaciteit beter benutten",
        "Taakherschikking en gezamenlijke inzet van personeel in de regio.",
        (
            ("Regionale pool praktijkondersteuners", "RHO", (10, 31), "planned"),
            ("Inventarisatie praktijkopvolging 2026-2030", "Regiobureau", (5, 31), "done"),
        ),
    ),
    "appropriate": GoalSpec(
        3,
        "Passende zorg voor kwetsbare ouderen",
        "Eén zorgprogramma kwetsbare ouderen met vaste afspraken tussen huisarts en "
        "wijkverpleging.",
        (
            ("Zorgpad kwetsbare ouderen vaststellen", "Werkgroep ouderen", (7, 1), "in_progress"),
            ("Scholing proactieve zorgplanning", "Regiobureau", (12, 15), "planned"),
        ),
    ),
    "accountability": GoalSpec(
        6,
        "Eén aanspreekpunt voor de eerstelijnszorg in de regio",
        "Het samenwerkingsverband spreekt met mandaat voor alle disciplines, ook in het ROAZ.",
        (
            ("Mandaten van alle disciplines vernieuwen", "Bestuur", (3, 1), "done"),
            ("Vertegenwoordiging in het ROAZ regelen", "Bestuur", (9, 1), "postponed"),
        ),
    ),
    "prepare": GoalSpec(
        2,
        "Inwoners goed voorbereid naar de eerste lijn",
        "Voorlichting over zelfzorg en de juiste ingang voor zorgvragen.",
        (("Campagne 'Waar kan ik terecht?'", "Communicatie", (10, 1), "planned"),),
    ),
}

TASKS_MATURE = (
    ("in_place", "Mandaten van huisartsen, wijkverpleging en apotheek zijn vastgelegd."),
    ("in_progress", "Regionale continuïteit 24/7 in uitwerking met de huisartsenpost."),
    ("in_progress", "Zorgprogramma kwetsbare ouderen in ontwikkeling."),
    ("in_place", "Elke wijk heeft een wijkcoördinator."),
    ("in_progress", "Gezamenlijke inkoop ICT loopt."),
)


def lead_oi_agreement(prefix: str, lead_story: tuple, status: str, **overrides) -> AgreementSpec:
    """The region's O&I agreement, the backbone of every collaborative's funding."""
    values = {
        "reference": f"{prefix}-OI-01",
        "title": "O&I-afspraak regionale samenwerking",
        "type": "oi",
        "procurement_model": "representation",
        "years": (0, 1),
        "description": "Financiering van organisatie en infrastructuur van het "
        "samenwerkingsverband en de ondersteuning van de wijkverbanden.",
        "main_tasks": (1, 2, 4),
        "disciplines": ("gp", "district_nursing", "pharmacy"),
        "goals": (
            "Elke wijk een compleet hecht wijkverband",
            "Eén aanspreekpunt voor de eerstelijnszorg in de regio",
        ),
        "budget": (
            (0, "S2", Decimal("420000.00"), "Regiobureau en wijkcoördinatie"),
            (1, "S2", Decimal("435000.00"), "Regiobureau en wijkcoördinatie"),
            (0, "S3", Decimal("60000.00"), "Innovatie gegevensuitwisseling"),
        ),
        "targets": OI_TARGETS,
        "story": lead_story,
        "expected_status": status,
    }
    values.update(overrides)
    return AgreementSpec(**values)


REGIONS = [
    RegionSpec(
        key="amstelland",
        code="amstelland-zuid",
        name="Regio Fictief Amstelland-Zuid",
        short="Amstelland-Zuid",
        care_office_region="Amstelland en de Meerlanden",
        legal_form="cooperative",
        phase="organisation",
        lead_municipality="Gemeente Fictief Veenmeer",
        population=138_000,
        municipality_names=("Amstelrade", "Veenmeer", "Zuiderhout"),
        lead_insurer="noord",
        insurers=("noord", "west", "collectief"),
        mono_disciplines=("gp", "district_nursing", "pharmacy", "physiotherapy", "dietetics"),
        staff="demo-bewerker",
        indicators=indicators(
            ("share_75_plus", "9.8", "10.3"),
            ("gps_per_10000", "7.1", "7.0"),
            ("practices_patient_stop", "28", "33"),
            ("district_nurses_per_10000", "12.4", "12.9"),
            ("share_chronic", "55.0", "55.6"),
        ),
        tasks=TASKS_MATURE,
        municipalities=("Gemeente Fictief Veenmeer",),
        neighbourhoods=(
            NeighbourhoodSpec(
                "Veenmeer-Centrum",
                "Veenmeer",
                16_250,
                ("WK090101", "WK090102"),
                extra_disciplines=("physiotherapy",),
            ),
            NeighbourhoodSpec("Veenmeer-Oost", "Veenmeer", 12_800, ("WK090103",)),
            NeighbourhoodSpec(
                "Bloemhof", "Veenmeer", 11_400, ("WK090104",), alliance="missing:social_domain"
            ),
            NeighbourhoodSpec("Amstelrade-Noord", "Amstelrade", 18_900, ("WK090201", "WK090202")),
            NeighbourhoodSpec(
                "Amstelrade-Zuid",
                "Amstelrade",
                14_300,
                ("WK090203",),
                extra_disciplines=("dietetics",),
            ),
            NeighbourhoodSpec(
                "Zuiderhout", "Zuiderhout", 19_600, ("WK090301", "WK090302", "WK090303")
            ),
            NeighbourhoodSpec(
                "Polderzicht",
                "Zuiderhout",
                24_100,
                ("WK090304", "WK090305"),
                alliance="inactive:pharmacy",
            ),
        ),
        bottlenecks=(
            BottleneckSpec(
                "Veenmeer-Centrum",
                "housing",
                "Gezondheidscentrum Veenmeer-Centrum te klein voor een derde huisartsenpraktijk.",
                escalated=True,
            ),
            BottleneckSpec(
                "Veenmeer-Centrum",
                "cooperation",
                "Geen vast overleg tussen huisartsen en wijkverpleging over kwetsbare ouderen.",
                resolution="Maandelijks multidisciplinair overleg ingesteld.",
            ),
            BottleneckSpec(
                "Bloemhof", "social", "Geen vast aanspreekpunt bij het sociaal wijkteam."
            ),
            BottleneckSpec(
                "Bloemhof",
                "continuity",
                "Twee huisartsen stoppen binnen twee jaar; opvolging onzeker.",
                escalated=True,
            ),
            BottleneckSpec(
                "Polderzicht",
                "data",
                "Apotheek en huisartsen wisselen medicatiegegevens nog per fax uit.",
                escalated=True,
                resolution="Aangesloten op het regionale uitwisselingsplatform.",
            ),
        ),
        mandates=(
            MandateSpec("gp", "Dr. Anne Voorbeeld", SCOPE_ALL, backing=112, total=128),
            MandateSpec("district_nursing", "Bram Fictief", SCOPE_CONTRACTING, backing=9, total=11),
            MandateSpec("pharmacy", "Carla Demo", SCOPE_CONTRACTING, backing=20, total=24),
            MandateSpec(
                "physiotherapy",
                "Daan Proef",
                ("contracting", "care_programmes"),
                backing=61,
                total=140,
            ),
            MandateSpec(
                "dietetics",
                "Els Voorbeeld",
                ("regional_plan",),
                kind="expired",
                backing=12,
                total=18,
            ),
        ),
        goals=(
            GOALS_COMMON["neighbourhoods"],
            GOALS_COMMON["appropriate"],
            GOALS_COMMON["accountability"],
            GOALS_COMMON["pressure"],
        ),
        agreements=(
            lead_oi_agreement(
                "AMZ",
                (
                    Step("submit"),
                    Step(
                        "review",
                        "noord",
                        "request_changes",
                        "Graag een doelstelling voor de bereikbaarheid van de wijkverpleging.",
                    ),
                    Step(
                        "update",
                        fields={
                            "description": (
                                "Financiering van organisatie en infrastructuur van het "
                                "samenwerkingsverband, de wijkcoördinatie en de bereikbaarheid "
                                "van de wijkverpleging."
                            )
                        },
                    ),
                    Step(
                        "add_target",
                        fields={
                            "name": "Wijkverpleging 24/7 bereikbaar via één nummer",
                            "unit": "%",
                            "baseline": Decimal("60"),
                            "goal": Decimal("100"),
                        },
                    ),
                    Step("submit"),
                    Step("review", "noord", "approve"),
                    Step("activate"),
                ),
                "active",
                followers=("west",),
            ),
            AgreementSpec(
                reference="AMZ-ZP-01",
                title="Zorgprogramma kwetsbare ouderen",
                type="care_programme",
                procurement_model="follow",
                years=(0, 2),
                description="Proactieve zorgplanning en vaste afspraken tussen huisarts, "
                "wijkverpleging, apotheek en fysiotherapie.",
                main_tasks=(3,),
                disciplines=("gp", "district_nursing", "pharmacy", "physiotherapy"),
                goals=("Passende zorg voor kwetsbare ouderen",),
                followers=("west",),
                budget=(
                    (0, "S2", Decimal("180000.00"), "Coördinatie zorgprogramma"),
                    (1, "S2", Decimal("195000.00"), "Coördinatie zorgprogramma"),
                ),
                targets=(
                    ("Ouderen met een proactief zorgplan", "%", Decimal("15"), Decimal("60")),
                ),
                story=(
                    Step("submit"),
                    Step("review", "noord", "approve"),
                    Step(
                        "review",
                        "west",
                        "follow_partly",
                        "Wij volgen op inhoud; de prijs spreken wij zelf af, met een nulmeting "
                        "per wijk.",
                    ),
                ),
                expected_status="approved",
            ),
            AgreementSpec(
                reference="AMZ-ZP-02",
                title="Collectieve inkoop zorgprogramma hartfalen",
                type="care_programme",
                procurement_model="collective",
                years=(0, 1),
                description="De collectieve inkoopentiteit koopt het zorgprogramma in namens "
                "alle zorgverzekeraars, met goedkeuring van de ACM.",
                main_tasks=(3,),
                disciplines=("gp", "pharmacy"),
                goals=("Passende zorg voor kwetsbare ouderen",),
                followers=("west",),
                other_parties=("Collectieve Inkoop Fictief Zorgverzekeraars",),
                acm_reference="ACM/UIT/2026/000123",
                budget=((0, "S2", Decimal("120000.00"), "Coördinatie en scholing"),),
                targets=(
                    (
                        "Patiënten met hartfalen in het zorgprogramma",
                        "%",
                        Decimal("20"),
                        Decimal("70"),
                    ),
                ),
                story=(
                    Step("submit"),
                    Step("review", "collectief", "approve"),
                ),
                expected_status="approved",
            ),
            AgreementSpec(
                reference="AMZ-TR-01",
                title="Transformatie voeding en leefstijl in de wijk",
                type="transformation",
                procurement_model="individual",
                years=(0, 1),
                description="Diëtisten en sociaal domein samen in de wijk; mandaat diëtetiek "
                "moet nog worden vernieuwd.",
                main_tasks=(3, 4),
                disciplines=("gp", "dietetics"),
                goals=("Minder ongewenste druk op de huisartsenpraktijk",),
                other_parties=("Gemeente Fictief Veenmeer",),
                budget=((0, "S3", Decimal("75000.00"), "Pilot twee wijken"),),
                targets=(
                    ("Deelnemers leefstijlprogramma", "aantal", Decimal("0"), Decimal("250")),
                ),
                expected_status="draft",
            ),
        ),
    ),
    RegionSpec(
        key="kustland",
        code="kustland-noord",
        name="Regio Fictief Kustland-Noord",
        short="Kustland-Noord",
        care_office_region="Noord-Holland Noord",
        legal_form="association",
        phase="agreements",
        lead_municipality="Gemeente Fictief Duinwijk",
        population=154_000,
        municipality_names=("Duinwijk", "Kwelderdorp", "Zandvoorde", "Zeehaven"),
        lead_insurer="west",
        insurers=("west", "noord", "midden"),
        mono_disciplines=("gp", "district_nursing", "pharmacy", "physiotherapy"),
        staff="demo-regiobeheer",
        indicators=indicators(
            ("share_75_plus", "11.6", "12.1"),
            ("gps_per_10000", "6.4", "6.2"),
            ("practices_patient_stop", "41", "46"),
            ("district_nurses_per_10000", "13.8", "14.1"),
            ("share_chronic", "59.2", "59.8"),
        ),
        tasks=(
            ("in_place", "Vereniging opgericht; mandaten huisartsen en apotheek rond."),
            ("in_progress", "Werkgroep huisvesting gestart."),
            ("not_started", ""),
            ("in_progress", "Vier van de zes wijken hebben een compleet wijkverband."),
            ("not_started", ""),
        ),
        neighbourhoods=(
            NeighbourhoodSpec("Duinwijk-Dorp", "Duinwijk", 13_700, ("WK091101",)),
            NeighbourhoodSpec("Duinwijk-Strand", "Duinwijk", 10_900, ("WK091102",)),
            NeighbourhoodSpec("Zeehaven-Centrum", "Zeehaven", 17_450, ("WK091201", "WK091202")),
            NeighbourhoodSpec(
                "Zeehaven-Havenkwartier",
                "Zeehaven",
                15_200,
                ("WK091203",),
                alliance="missing:pharmacy,social_domain",
            ),
            NeighbourhoodSpec(
                "Kwelderdorp en omstreken",
                "Kwelderdorp",
                8_400,
                ("WK091301", "WK091302", "WK091303"),
                alliance="missing:district_nursing",
            ),
            NeighbourhoodSpec("Zeehaven-West", "Zeehaven", 12_100, ("WK091204",)),
        ),
        bottlenecks=(
            BottleneckSpec(
                "Kwelderdorp en omstreken",
                "access",
                "Dichtstbijzijnde apotheek op 14 km; geen bezorgdienst.",
                escalated=True,
            ),
            BottleneckSpec(
                "Zeehaven-Havenkwartier",
                "capacity",
                "Wijkverpleging heeft vacatures die langer dan een half jaar openstaan.",
            ),
            BottleneckSpec(
                "Duinwijk-Strand",
                "acute",
                "Toeristenseizoen zet de avondzorg onder druk.",
                resolution="Extra dienst op de huisartsenpost in de zomer.",
            ),
        ),
        mandates=(
            MandateSpec("gp", "Dr. Femke Fictief", SCOPE_ALL, backing=70, total=85),
            MandateSpec(
                "district_nursing", "Gert Voorbeeld", SCOPE_CONTRACTING, backing=5, total=7
            ),
            MandateSpec(
                "pharmacy", "Hanna Proef", SCOPE_CONTRACTING, kind="expiring", backing=12, total=15
            ),
            MandateSpec("physiotherapy", "Ivo Demo", ("regional_plan",), backing=30, total=90),
        ),
        goals=(GOALS_COMMON["neighbourhoods"], GOALS_COMMON["capacity"], GOALS_COMMON["prepare"]),
        agreements=(
            lead_oi_agreement(
                "KLN",
                (
                    Step("submit"),
                    Step("review", "west", "approve"),
                ),
                "approved",
                followers=("noord", "midden"),
                goals=("Elke wijk een compleet hecht wijkverband",),
            ),
            AgreementSpec(
                reference="KLN-ZP-01",
                title="Zorgprogramma chronische zorg (diabetes, COPD)",
                type="care_programme",
                procurement_model="aligned_content_price",
                years=(0, 1),
                description="Ketenzorg voor chronische aandoeningen met medicatiebeoordeling "
                "door de apotheek.",
                main_tasks=(3,),
                disciplines=("gp", "pharmacy"),
                goals=("Capaciteit beter benutten",),
                followers=("noord",),
                framework="Zorgstandaarden diabetes en COPD, ketenzorgleidraad (ZN)",
                price_arrangement="tariff",
                shares=(("west", Decimal("65")), ("noord", Decimal("35"))),
                budget=((0, "S2", Decimal("240000.00"), "Ketenzorg"),),
                targets=(
                    (
                        "Patiënten met een jaarlijkse medicatiebeoordeling",
                        "%",
                        Decimal("35"),
                        Decimal("75"),
                    ),
                ),
                story=(
                    Step("submit"),
                    Step(
                        "review",
                        "west",
                        "request_changes",
                        "Graag de prijsafspraak per patiënt uitsplitsen naar S1 en S2.",
                    ),
                    Step(
                        "review",
                        "noord",
                        "request_changes",
                        "Wij sluiten aan bij de vraag van de preferente zorgverzekeraar.",
                    ),
                ),
                expected_status="changes_requested",
            ),
            AgreementSpec(
                reference="KLN-IO-01",
                title="Intentieovereenkomst regionale samenwerking",
                type="letter_of_intent",
                procurement_model="",
                years=(-1, -1),
                description="Intentie om samen te werken aan een regioplan en een O&I-afspraak.",
                main_tasks=(1,),
                disciplines=("gp", "district_nursing", "pharmacy"),
                goals=(),
                followers=("noord", "midden"),
                budget=((-1, "S2", Decimal("50000.00"), "Kwartiermaker"),),
                targets=(),
                story=(
                    Step("submit"),
                    Step("sign"),
                    Step("end"),
                ),
                expected_status="ended",
            ),
            AgreementSpec(
                reference="KLN-TR-01",
                title="Transformatie regionale avond- en weekendzorg",
                type="transformation",
                procurement_model="representation",
                years=(0, 2),
                description="Samenvoegen van twee huisartsenposten tot één regionale post.",
                main_tasks=(2,),
                disciplines=("gp",),
                goals=("Capaciteit beter benutten",),
                budget=((0, "S3", Decimal("310000.00"), "Verbouwing en personeel"),),
                targets=(
                    ("Diensten per huisarts per maand", "aantal", Decimal("6"), Decimal("4")),
                ),
                story=(
                    Step("submit"),
                    Step(
                        "review",
                        "west",
                        "reject",
                        "Past niet in het regionale beleid acute zorg; bespreek eerst in het ROAZ.",
                    ),
                ),
                expected_status="rejected",
            ),
        ),
    ),
    RegionSpec(
        key="heuvelland",
        code="heuvelland-oost",
        name="Regio Fictief Heuvelland-Oost",
        short="Heuvelland-Oost",
        care_office_region="Zuid-Limburg",
        legal_form="foundation",
        phase="deepening",
        lead_municipality="Gemeente Fictief Heuvelrade",
        population=118_000,
        municipality_names=("Bronsdal", "Heuvelrade", "Mergelveld"),
        lead_insurer="noord",
        insurers=("noord", "zuidoost", "midden"),
        mono_disciplines=(
            "gp",
            "district_nursing",
            "pharmacy",
            "physiotherapy",
            "elderly_care_physician",
        ),
        staff="demo-bewerker-heuvelland",
        indicators=indicators(
            ("share_75_plus", "13.1", "13.7"),
            ("gps_per_10000", "6.9", "6.8"),
            ("practices_patient_stop", "35", "38"),
            ("district_nurses_per_10000", "15.2", "15.6"),
            ("share_chronic", "61.0", "61.7"),
        ),
        tasks=(
            ("in_place", "Alle eerstelijnsdisciplines zijn gemandateerd."),
            ("in_place", "Regionaal capaciteitsoverleg elk kwartaal."),
            ("in_place", "Zorgprogramma's ouderen en GGZ lopen."),
            ("in_place", "Alle wijken gedekt."),
            ("in_progress", "Gezamenlijk HR-loket in opbouw."),
        ),
        neighbourhoods=(
            NeighbourhoodSpec(
                "Heuvelrade-Centrum",
                "Heuvelrade",
                17_900,
                ("WK092101", "WK092102"),
                extra_disciplines=("physiotherapy",),
            ),
            NeighbourhoodSpec("Heuvelrade-Berg", "Heuvelrade", 13_250, ("WK092103",)),
            NeighbourhoodSpec("Mergelveld", "Mergelveld", 15_600, ("WK092201", "WK092202")),
            NeighbourhoodSpec("Mergelveld-Dal", "Mergelveld", 10_300, ("WK092203",)),
            NeighbourhoodSpec(
                "Bronsdal",
                "Bronsdal",
                19_950,
                ("WK092301",),
                extra_disciplines=("elderly_care_physician",),
            ),
            NeighbourhoodSpec("Bronsdal-Kerkdorpen", "Bronsdal", 11_800, ("WK092302", "WK092303")),
            NeighbourhoodSpec(
                "Grensland", "Bronsdal", 9_200, ("WK092304",), alliance="inactive:gp"
            ),
            NeighbourhoodSpec("Heuvelrade-Noord", "Heuvelrade", 14_450, ("WK092104",)),
        ),
        bottlenecks=(
            BottleneckSpec(
                "Grensland",
                "continuity",
                "Solopraktijk zonder opvolger; patiënten dreigen zonder huisarts te komen.",
                escalated=True,
            ),
            BottleneckSpec(
                "Mergelveld-Dal",
                "housing",
                "Geen ruimte voor de wijkverpleging in het gezondheidscentrum.",
            ),
            BottleneckSpec(
                "Bronsdal",
                "cooperation",
                "Specialist ouderengeneeskunde niet bereikbaar voor consultatie.",
                resolution="Vast consultatiespreekuur op dinsdag.",
            ),
            BottleneckSpec(
                "Heuvelrade-Centrum",
                "other",
                "Taalbarrière bij nieuwe inwoners; tolken niet vergoed.",
                escalated=True,
            ),
        ),
        mandates=(
            MandateSpec("gp", "Dr. Joost Fictief", SCOPE_ALL, backing=140, total=150),
            MandateSpec("district_nursing", "Karin Voorbeeld", SCOPE_ALL, backing=10, total=12),
            MandateSpec("pharmacy", "Lars Proef", SCOPE_CONTRACTING, backing=25, total=27),
            MandateSpec(
                "physiotherapy",
                "Mira Demo",
                ("contracting",),
                kind="revoked",
                backing=40,
                total=110,
                revocation_reason="Fysiotherapienetwerk heeft het mandaat opgezegd na "
                "een ledenraadpleging.",
            ),
            MandateSpec(
                "elderly_care_physician",
                "Dr. Nina Fictief",
                ("care_programmes", "contracting"),
                backing=14,
                total=16,
            ),
        ),
        goals=(
            GOALS_COMMON["appropriate"],
            GOALS_COMMON["capacity"],
            GOALS_COMMON["accountability"],
            GOALS_COMMON["pressure"],
            GOALS_COMMON["neighbourhoods"],
        ),
        agreements=(
            lead_oi_agreement(
                "HLO",
                (
                    Step("submit"),
                    Step("sign"),
                ),
                "active",
                reference="HLO-SO-01",
                title="Samenwerkingsovereenkomst eerstelijnszorg Heuvelland-Oost",
                type="cooperation",
                procurement_model="",
                main_tasks=(1, 2, 3, 4, 5),
                followers=("zuidoost", "midden"),
            ),
            AgreementSpec(
                reference="HLO-ZP-01",
                title="Zorgprogramma ouderen met een specialist ouderengeneeskunde",
                type="care_programme",
                procurement_model="aligned_content",
                framework="Leidraad specialist ouderengeneeskunde in de eerstelijn (ZN)",
                years=(0, 1),
                description="Consultatie en medebehandeling door de specialist "
                "ouderengeneeskunde in de wijk.",
                main_tasks=(3,),
                disciplines=("gp", "district_nursing", "elderly_care_physician"),
                goals=("Passende zorg voor kwetsbare ouderen",),
                followers=("zuidoost",),
                budget=(
                    (0, "S2", Decimal("150000.00"), "Consultatie SO"),
                    (1, "S2", Decimal("150000.00"), "Consultatie SO"),
                ),
                targets=(
                    ("Consultaties SO per 1.000 ouderen", "aantal", Decimal("12"), Decimal("30")),
                ),
                story=(Step("submit"),),
                expected_status="in_review",
            ),
            AgreementSpec(
                reference="HLO-OB-01",
                title="Continuïteit huisartsenzorg Grensland",
                type="transformation",
                procurement_model="follow",
                years=(0, 0),
                description="Tijdelijke huisartsenzorg voor patiënten van de solopraktijk in "
                "Grensland.",
                main_tasks=(2,),
                disciplines=("gp",),
                goals=("Capaciteit beter benutten",),
                budget=((0, "S3", Decimal("95000.00"), "Waarneming en praktijkruimte"),),
                targets=(
                    (
                        "Patiënten ingeschreven bij een nieuwe praktijk",
                        "%",
                        Decimal("0"),
                        Decimal("100"),
                    ),
                ),
                expected_status="draft",
            ),
        ),
    ),
    RegionSpec(
        key="rivierenland",
        code="rivierenland-west",
        name="Regio Fictief Rivierenland-West",
        short="Rivierenland-West",
        care_office_region="Midden-Holland",
        legal_form="network",
        phase="network",
        lead_municipality="Gemeente Fictief Uiterwaarde",
        population=96_000,
        municipality_names=("Dijkhoven", "Uiterwaarde", "Waalkant"),
        lead_insurer="midden",
        insurers=("midden", "west", "zuidoost"),
        mono_disciplines=("gp", "district_nursing", "pharmacy", "dietetics"),
        staff="demo-bewerker-heuvelland",
        indicators=indicators(
            ("share_75_plus", "8.4", "8.8"),
            ("gps_per_10000", "7.4", "7.3"),
            ("practices_patient_stop", "22", "25"),
            ("district_nurses_per_10000", "11.1", "11.3"),
            ("share_chronic", "52.8", "53.1"),
        ),
        tasks=(
            ("in_progress", "Gesprekken met de RHO en de thuiszorgorganisaties."),
            ("not_started", ""),
            ("not_started", ""),
            ("in_progress", "Eerste wijkscans gepland."),
            ("not_started", ""),
        ),
        neighbourhoods=(
            NeighbourhoodSpec("Uiterwaarde-Centrum", "Uiterwaarde", 15_800, ("WK093101",)),
            NeighbourhoodSpec(
                "Uiterwaarde-Dijk",
                "Uiterwaarde",
                12_600,
                ("WK093102",),
                alliance="missing:social_domain",
            ),
            NeighbourhoodSpec(
                "Dijkhoven",
                "Dijkhoven",
                18_300,
                ("WK093201", "WK093202"),
                alliance="missing:pharmacy",
            ),
            NeighbourhoodSpec("Dijkhoven-Polder", "Dijkhoven", 10_700, ("WK093203",)),
            NeighbourhoodSpec(
                "Waardeiland",
                "Uiterwaarde",
                6_900,
                ("WK093103",),
                alliance="missing:district_nursing,social_domain",
            ),
        ),
        bottlenecks=(
            BottleneckSpec(
                "Waardeiland",
                "access",
                "Veerpont vaart 's avonds niet; geen avondzorg op het eiland.",
                escalated=True,
            ),
            BottleneckSpec(
                "Dijkhoven", "social", "Sociaal wijkteam en huisartsen kennen elkaar niet."
            ),
        ),
        mandates=(
            MandateSpec("gp", "Dr. Olaf Voorbeeld", SCOPE_CONTRACTING, backing=55, total=64),
            MandateSpec("district_nursing", "Petra Fictief", SCOPE_CONTRACTING, backing=4, total=6),
            MandateSpec("pharmacy", "Quinten Proef", SCOPE_CONTRACTING, backing=11, total=14),
            MandateSpec("dietetics", "Rosa Demo", ("regional_plan",), backing=6, total=9),
        ),
        goals=(GOALS_COMMON["neighbourhoods"], GOALS_COMMON["accountability"]),
        agreements=(
            AgreementSpec(
                reference="RVW-IO-01",
                title="Intentieovereenkomst regionaal samenwerkingsverband",
                type="letter_of_intent",
                procurement_model="",
                years=(0, 0),
                description="Intentie om in twee jaar een regionaal samenwerkingsverband op te "
                "richten.",
                main_tasks=(1, 4),
                disciplines=("gp", "district_nursing", "pharmacy"),
                goals=("Elke wijk een compleet hecht wijkverband",),
                followers=("west",),
                budget=((0, "S2", Decimal("40000.00"), "Kwartiermaker"),),
                targets=(
                    (
                        "Wijken met een compleet hecht wijkverband",
                        "%",
                        Decimal("40"),
                        Decimal("80"),
                    ),
                ),
                story=(Step("submit"),),
                expected_status="awaiting_signatures",
            ),
        ),
    ),
]

# Contact people of the alliances: fictional first and last names, combined by position.
FIRST_NAMES = (
    "Anouk",
    "Bas",
    "Chantal",
    "Dirk",
    "Esther",
    "Frank",
    "Gina",
    "Henk",
    "Iris",
    "Jeroen",
    "Kim",
    "Luuk",
    "Marloes",
    "Niels",
    "Olga",
    "Pim",
    "Roos",
    "Sven",
    "Tess",
    "Ugo",
)
LAST_NAMES = (
    "Voorbeeld",
    "Fictief",
    "Proef",
    "Demo",
    "van Verzonnen",
    "de Bedacht",
    "Testman",
    "Naamloos",
    "van Denkbeeld",
    "Schijnveld",
    "ter Illustratie",
    "Model",
)
CONTACT_ROLES = {
    "gp": "huisarts",
    "district_nursing": "wijkverpleegkundige",
    "pharmacy": "apotheker",
    "social_domain": "sociaal werker",
    "physiotherapy": "fysiotherapeut",
    "dietetics": "diëtist",
    "elderly_care_physician": "specialist ouderengeneeskunde",
}
