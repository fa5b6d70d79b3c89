"""What each kind of spreadsheet holds and how its rows go in: the columns, the natural key a
row is matched on, and the domain services (the same as the staff forms use) that create or
update a row.

Everything a row refers to is looked up in maps loaded once per file (the region's
neighbourhoods, its organisations, the disciplines), never with a query per row, and only
within the region: another region's neighbourhood or organisation is not found.
"""

from django.utils.translation import gettext as _

from mandates import services as mandate_services
from mandates.models import Mandate, MandateScope
from neighbourhoods import services as neighbourhood_services
from neighbourhoods.models import AllianceContact, Neighbourhood
from regions.models import Discipline, Organisation

from .columns import Choices, Codes, Column, Date, Integer, Reference, YesNo, header_key
from .models import ImportKind

AMBIGUOUS = object()  # more than one existing row has the key


def index(rows, keys_of) -> dict:
    """Rows by each of their keys; a key that more than one row has maps to AMBIGUOUS."""
    found = {}
    for row in rows:
        for key in keys_of(row):
            found[key] = AMBIGUOUS if key in found else row
    return found


class Importer:
    kind: ImportKind
    model: type
    sheet: str  # the worksheet's name in templates and exports
    slug: str  # in URLs and file names
    # The foreign keys the importer fills with rows it looked up in the region itself, as the
    # domain's bulk services take them (regions.errors.validate).
    resolved: tuple[str, ...]

    def __init__(self, region=None):
        self.region = region
        self.columns = self.define_columns()
        self.by_field = {column.field: column for column in self.columns}

    def define_columns(self) -> list[Column]:
        raise NotImplementedError

    def queryset(self):
        """The region's rows of this kind, with what the columns show of them."""
        raise NotImplementedError

    def load(self) -> None:
        """The region's rows and what rows may refer to, for the lookups below."""
        self.existing = index(self.queryset(), self.keys_of)

    def keys_of(self, row) -> list:
        """The keys an existing row is found by."""
        raise NotImplementedError

    def key(self, values: dict):
        raise NotImplementedError

    def label(self, values: dict) -> str:
        raise NotImplementedError

    def new(self, values: dict):
        return self.model(region=self.region, **values)

    def refuse_update(self, row) -> None:
        """Raise a DomainError when the service would refuse to update ``row`` at all."""

    def create_all(self, actor, rows: list) -> None:
        """Insert the new rows (made by :meth:`new`) through the domain's bulk service."""
        raise NotImplementedError

    def update_all(self, actor, changes: list[tuple]) -> None:
        """Apply ``(row, token, fields)`` changes through the domain's bulk service."""
        raise NotImplementedError


class NeighbourhoodImporter(Importer):
    kind = ImportKind.NEIGHBOURHOODS
    model = Neighbourhood
    sheet = "Wijken"
    slug = "wijken"
    resolved = neighbourhood_services.NEIGHBOURHOOD_REFERENCES

    def define_columns(self):
        return [
            Column(
                "name",
                "Naam",
                required=True,
                aliases=("Wijknaam", "Naam wijk"),
                example="Oog in Al",
                help=_("Een wijk met deze naam in de regio wordt bijgewerkt, anders toegevoegd."),
            ),
            Column("municipality", "Gemeente", required=True, example="Utrecht"),
            Column(
                "population",
                "Inwoners",
                Integer(),
                required=True,
                aliases=("Aantal inwoners",),
                example=15000,
                help=_("Een geheel getal."),
            ),
            Column(
                "cbs_codes",
                "CBS-wijkcodes",
                Codes(),
                aliases=("CBS-codes", "Wijkcodes"),
                example="WK034401, WK034402",
                help=_("Gescheiden door komma's."),
            ),
        ]

    def queryset(self):
        return Neighbourhood.objects.in_region(self.region).order_by("name")

    def keys_of(self, row):
        return [row.name]

    def key(self, values):
        return values["name"]

    def label(self, values):
        return values.get("name", "")

    def create_all(self, actor, rows):
        neighbourhood_services.create_neighbourhoods(actor, rows)

    def update_all(self, actor, changes):
        neighbourhood_services.update_neighbourhoods(actor, changes)


class DisciplineLookup:
    def load_disciplines(self):
        """By name, by the name without its explanation (``sociaal domein``) and by code."""
        self.disciplines = {}
        for discipline in Discipline.objects.all():
            for name in (discipline.code, discipline.name.partition(" (")[0], discipline.name):
                self.disciplines[header_key(name)] = discipline

    def find_discipline(self, written):
        return self.disciplines.get(header_key(written))

    def discipline_column(self, example, **kwargs):
        return Column(
            "discipline",
            "Discipline",
            Reference(self.find_discipline, _("onbekende discipline %(value)s")),
            required=True,
            example=example,
            help=_("De naam van de discipline, zoals huisartsenzorg of apotheek."),
            **kwargs,
        )


class ContactImporter(DisciplineLookup, Importer):
    """Contacts of the neighbourhood alliances. A contact is matched on neighbourhood,
    discipline and e-mail address, or on name when the row has no e-mail address."""

    kind = ImportKind.CONTACTS
    model = AllianceContact
    sheet = "Contactpersonen"
    slug = "contactpersonen"
    resolved = neighbourhood_services.CONTACT_REFERENCES

    def define_columns(self):
        return [
            Column(
                "neighbourhood",
                "Wijk",
                Reference(self.find_neighbourhood, _("geen wijk van deze regio: %(value)s")),
                required=True,
                example="Oog in Al",
                help=_("De naam van een wijk van de regio, zoals op het tabblad Wijken."),
            ),
            self.discipline_column("huisartsenzorg"),
            Column("name", "Naam", required=True, example="Fictief Jansen"),
            Column("organisation", "Organisatie", example="Huisartsenpraktijk Oog in Al"),
            Column("role", "Functie", example="praktijkhouder"),
            Column(
                "email",
                "E-mailadres",
                aliases=("E-mail", "Email"),
                example="f.jansen@example.org",
            ),
            Column("phone", "Telefoon", aliases=("Telefoonnummer",), example="030 123 45 67"),
            Column(
                "active",
                "Actief",
                YesNo(),
                example="ja",
                help=_("ja of nee; leeg is ja."),
            ),
        ]

    def queryset(self):
        return (
            AllianceContact.objects.in_region(self.region)
            .select_related("neighbourhood", "discipline")
            .order_by("neighbourhood__name", "discipline__sort_order", "name", "pk")
        )

    def load(self):
        self.load_disciplines()
        self.neighbourhoods = {
            hood.name: hood for hood in Neighbourhood.objects.in_region(self.region)
        }
        super().load()

    def find_neighbourhood(self, written):
        return self.neighbourhoods.get(written)

    def keys_of(self, contact):
        where = (contact.neighbourhood_id, contact.discipline_id)
        keys = [("name", *where, contact.name)]
        if contact.email:
            keys.append(("email", *where, contact.email.casefold()))
        return keys

    def key(self, values):
        where = (values["neighbourhood"].pk, values["discipline"].pk)
        email = values.get("email", "").casefold()
        return ("email", *where, email) if email else ("name", *where, values["name"])

    def label(self, values):
        hood, discipline = values.get("neighbourhood"), values.get("discipline")
        return _("%(name)s (%(discipline)s, %(neighbourhood)s)") % {
            "name": values.get("name", ""),
            "discipline": discipline or "–",
            "neighbourhood": hood or "–",
        }

    def create_all(self, actor, rows):
        neighbourhood_services.add_contacts(actor, rows)

    def update_all(self, actor, changes):
        neighbourhood_services.update_contacts(actor, changes)


class MandateImporter(DisciplineLookup, Importer):
    """Mandates, matched on discipline, delegate and start date."""

    kind = ImportKind.MANDATES
    model = Mandate
    sheet = "Mandaten"
    slug = "mandaten"
    resolved = mandate_services.MANDATE_REFERENCES

    def define_columns(self):
        return [
            self.discipline_column("huisartsenzorg"),
            Column(
                "organisation",
                "Mandaterende organisatie",
                Reference(self.find_organisation, _("geen organisatie van deze regio: %(value)s")),
                required=True,
                aliases=("Organisatie",),
                example="RHO Fictief",
                help=_("De monodisciplinaire organisatie die het mandaat geeft."),
            ),
            Column(
                "delegate_name",
                "Gemandateerde",
                required=True,
                aliases=("Naam gemandateerde",),
                example="Fictief de Vries",
            ),
            Column(
                "delegate_email",
                "E-mailadres gemandateerde",
                aliases=("E-mail gemandateerde",),
                example="f.devries@example.org",
            ),
            Column(
                "scope",
                "Reikwijdte",
                Choices(MandateScope),
                required=True,
                example=Choices(MandateScope).export(
                    [MandateScope.CONTRACTING, MandateScope.REGIONAL_PLAN]
                ),
                help=_("Gescheiden door komma's, uit: %(choices)s.")
                % {"choices": Choices(MandateScope).dutch_labels()},
            ),
            Column(
                "valid_from",
                "Geldig vanaf",
                Date(),
                required=True,
                example="1-1-2026",
                help=_("Een datum, zoals 1-1-2026 of 2026-01-01."),
            ),
            Column("valid_until", "Geldig tot en met", Date(), example="31-12-2027"),
            Column(
                "backing_practitioners",
                "Zorgverleners achter het mandaat",
                Integer(),
                required=True,
                aliases=("Draagvlak",),
                example=80,
            ),
            Column(
                "discipline_practitioners",
                "Zorgverleners in de regio",
                Integer(),
                required=True,
                aliases=("Totaal", "Zorgverleners van de discipline in de regio"),
                example=100,
                help=_("Alle zorgverleners van de discipline in de regio."),
            ),
        ]

    def queryset(self):
        return (
            Mandate.objects.in_region(self.region)
            .select_related("discipline", "organisation")
            .order_by("discipline__sort_order", "delegate_name", "valid_from", "pk")
        )

    def load(self):
        self.load_disciplines()
        self.organisations = {
            organisation.name.casefold(): organisation
            for organisation in Organisation.objects.working_in(self.region)
        }
        super().load()

    def find_organisation(self, written):
        return self.organisations.get(written.casefold())

    def keys_of(self, row):
        return [(row.discipline_id, row.delegate_name, row.valid_from)]

    def key(self, values):
        return (values["discipline"].pk, values["delegate_name"], values["valid_from"])

    def label(self, values):
        return _("%(delegate)s (%(discipline)s, vanaf %(start)s)") % {
            "delegate": values.get("delegate_name", ""),
            "discipline": values.get("discipline") or "–",
            "start": Date().show(values.get("valid_from")),
        }

    def refuse_update(self, row):
        mandate_services.refuse_if_revoked(row)

    def create_all(self, actor, rows):
        mandate_services.create_mandates(actor, rows)

    def update_all(self, actor, changes):
        mandate_services.update_mandates(actor, changes)


IMPORTERS = {
    importer.kind: importer
    for importer in (NeighbourhoodImporter, ContactImporter, MandateImporter)
}
BY_SLUG = {importer.slug: importer for importer in IMPORTERS.values()}
