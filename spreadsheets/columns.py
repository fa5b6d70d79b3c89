"""The columns of an import template: how a header is recognised and how a cell is read,
shown in the preview, kept in the stored preview (JSON) and written in an export.

Headers and the words in cells (``ja``/``nee``, the scopes of a mandate) are a file format:
Dutch in every language of the interface, so that files travel between users.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from regions.formatting import number

YES = "ja"
NO = "nee"
YES_WORDS = {"ja", "j", "yes", "y", "true", "waar", "1", "x"}
NO_WORDS = {"nee", "n", "no", "false", "onwaar", "0"}
EMPTY = "–"
_GROUPED_INTEGER = re.compile(r"\d{1,3}(?:[. ]\d{3})+")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DUTCH_DATE = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")


class CellError(Exception):
    """A cell its column cannot read; the message (Dutch) says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def header_key(text) -> str:
    """A header as compared: without accents, case, spaces or punctuation (``E-mailadres``,
    ``e-mail adres`` and ``EMAILADRES`` are one)."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in decomposed if c.isalnum()).casefold()


def quoted(value: str) -> str:
    value = str(value)
    return f"‘{value[:60]}…’" if len(value) > 60 else f"‘{value}’"


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date() if value.time() == datetime.time() else value
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return str(value).strip()


class Text:
    """Plain text, stored as written: a cell starting with ``=`` is text, never a formula."""

    def parse(self, value):
        return text(value)

    def to_json(self, value):
        return value

    def from_json(self, value):
        return value

    def show(self, value) -> str:
        return str(value) if value not in (None, "", []) else EMPTY

    def export(self, value):
        return value

    def same(self, old, new) -> bool:
        return old == new


class Integer(Text):
    def parse(self, value):
        if isinstance(value, bool):
            raise CellError(_("geen geheel getal"))
        if isinstance(value, int):
            return value
        if isinstance(value, float):
            if value.is_integer():
                return int(value)
            raise CellError(_("geen geheel getal"))
        written = text(value).replace("\u00a0", " ")
        if not written:
            return None
        if _GROUPED_INTEGER.fullmatch(written):
            written = written.replace(".", "").replace(" ", "")
        if not re.fullmatch(r"[0-9]+", written):
            raise CellError(_("geen geheel getal"))
        return int(written)

    def show(self, value) -> str:
        return number(value) if value is not None else EMPTY


class Date(Text):
    def parse(self, value):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        written = text(value)
        if not written:
            return None
        if match := _ISO_DATE.fullmatch(written):
            year, month, day = match.groups()
        elif match := _DUTCH_DATE.fullmatch(written):
            day, month, year = match.groups()
        else:
            raise CellError(_("geen datum (schrijf bijvoorbeeld 1-3-2026)"))
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise CellError(_("geen bestaande datum")) from None

    def to_json(self, value):
        return value.isoformat() if value else None

    def from_json(self, value):
        return datetime.date.fromisoformat(value) if value else None

    def show(self, value) -> str:
        return date_format(value) if value else EMPTY


class YesNo(Text):
    """``ja`` or ``nee`` (and the usual other ways to say it); empty is ``ja``."""

    def parse(self, value):
        if isinstance(value, bool):
            return value
        written = text(value).casefold()
        if not written:
            return True
        if written in YES_WORDS:
            return True
        if written in NO_WORDS:
            return False
        raise CellError(_("geen ja of nee"))

    def show(self, value) -> str:
        return _("ja") if value else _("nee")

    def export(self, value):
        return YES if value else NO


class Codes(Text):
    """A list of codes in one cell, separated by commas (CBS-wijkcodes)."""

    def parse(self, value):
        return [code.strip().upper() for code in re.split(r"[,;\s]+", text(value)) if code.strip()]

    def show(self, value) -> str:
        return ", ".join(value) or EMPTY

    def export(self, value):
        return ", ".join(value)


@dataclass
class Choices(Text):
    """Several of a fixed set of choices in one cell, by code or name, separated by commas;
    kept in the order of the choices."""

    choices: type  # a TextChoices

    def parse(self, value):
        known = {}
        for choice in self.choices:
            known[header_key(choice.value)] = choice.value
            known[header_key(choice.label)] = choice.value  # in the interface's language
            with translation.override("nl"):
                known[header_key(choice.label)] = choice.value
        chosen = set()
        for word in re.split(r"[,;]", text(value)):
            if not word.strip():
                continue
            found = known.get(header_key(word))
            if found is None:
                raise CellError(
                    _("onbekende waarde %(value)s (kies uit: %(choices)s)")
                    % {"value": quoted(word.strip()), "choices": self.dutch_labels()}
                )
            chosen.add(found)
        return [choice.value for choice in self.choices if choice.value in chosen]

    def dutch_labels(self, values=None) -> str:
        with translation.override("nl"):
            return ", ".join(
                str(choice.label)
                for choice in self.choices
                if values is None or choice.value in values
            )

    def show(self, value) -> str:
        return ", ".join(str(self.choices(v).label) for v in value) or EMPTY

    def export(self, value):
        return self.dutch_labels(value)

    def same(self, old, new) -> bool:
        return set(old) == set(new)


@dataclass
class Reference(Text):
    """A row of the region (or reference data) named in the cell; ``find`` looks it up by
    what is written, ``missing`` says (with ``%(value)s``) that there is none."""

    find: object
    missing: str

    def parse(self, value):
        written = text(value)
        if not written:
            return None
        found = self.find(written)
        if found is None:
            raise CellError(self.missing % {"value": quoted(written)})
        return found

    def to_json(self, value):
        return str(value)  # the name, looked up again (in the region) on import

    def from_json(self, value):
        return self.parse(value)

    def show(self, value) -> str:
        return str(value) if value is not None else EMPTY

    def export(self, value):
        return str(value)

    def same(self, old, new) -> bool:
        return getattr(old, "pk", None) == getattr(new, "pk", None)


@dataclass
class Column:
    field: str  # the model field it fills
    header: str  # as in the template
    type: Text = field(default_factory=Text)
    required: bool = False
    aliases: tuple[str, ...] = ()
    example: object = ""
    help: str = ""

    def header_keys(self) -> set[str]:
        return {header_key(name) for name in (self.header, *self.aliases)}
