"""The API's only parser: JSON, read strictly, refused before it can hurt.

A body is refused with 400 (``parse_error``) when it is not UTF-8, not JSON, nested deeper than
:data:`MAX_DEPTH` (checked by a scan without recursion, before ``json`` descends), has a key
twice in one object, spells ``NaN``/``Infinity``, has a number longer than
:data:`MAX_NUMBER_LENGTH`, or has a NUL character in any string. The messages are Dutch and
never Python's own. (A body larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` never gets here: Django
refuses to read it, and the error handler answers 413.)
"""

import json
import re

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers

MAX_DEPTH = 20
MAX_NUMBER_LENGTH = 40

# A string (to its closing quote, or to the end when it has none, so the scan stays linear)
# or a bracket; everything between them is skipped by finditer.
STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.DOTALL)


def refuse(message, **params):
    raise exceptions.ParseError(message % params if params else message)


def check_depth(text: str) -> None:
    depth = 0
    for match in STRING_OR_BRACKET.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > MAX_DEPTH:
                refuse(_("De JSON is dieper genest dan %(depth)s niveaus."), depth=MAX_DEPTH)
        elif token in ("]", "}"):
            depth -= 1


def unique_keys(pairs) -> dict:
    result = {}
    for key, value in pairs:
        if key in result:
            refuse(_("De sleutel ‘%(key)s’ staat twee keer in hetzelfde object."), key=key[:80])
        result[key] = value
    return result


def bounded_int(text: str) -> int:
    if len(text) > MAX_NUMBER_LENGTH:
        refuse(_("Een getal in de JSON is langer dan %(length)s tekens."), length=MAX_NUMBER_LENGTH)
    return int(text)


def bounded_float(text: str) -> float:
    if len(text) > MAX_NUMBER_LENGTH:
        refuse(_("Een getal in de JSON is langer dan %(length)s tekens."), length=MAX_NUMBER_LENGTH)
    return float(text)


def no_constants(name: str):
    refuse(_("%(name)s is geen geldige JSON-waarde."), name=name)


def check_strings(data) -> None:
    """Refuse a NUL character in any key or string, naming where it is (``parties[0].name``)."""
    pending = [("", data)]
    while pending:
        path, value = pending.pop()
        if isinstance(value, str):
            if "\x00" in value:
                refuse(_("De tekst in ‘%(path)s’ bevat een NUL-teken."), path=path or "/")
        elif isinstance(value, dict):
            for key, item in value.items():
                child = f"{path}.{key}" if path else key
                if "\x00" in key:
                    refuse(_("Een sleutel in ‘%(path)s’ bevat een NUL-teken."), path=path or "/")
                pending.append((child, item))
        elif isinstance(value, list):
            pending.extend((f"{path}[{index}]", item) for index, item in enumerate(value))


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            text = stream.read().decode("utf-8")
        except UnicodeDecodeError:
            refuse(_("De inhoud is geen geldige UTF-8."))
        check_depth(text)
        try:
            data = json.loads(
                text,
                object_pairs_hook=unique_keys,
                parse_int=bounded_int,
                parse_float=bounded_float,
                parse_constant=no_constants,
            )
        except json.JSONDecodeError as error:
            refuse(
                _("De inhoud is geen geldige JSON (regel %(line)s, kolom %(column)s)."),
                line=error.lineno,
                column=error.colno,
            )
        if "\\u0000" in text:  # the only way a NUL gets into a parsed string
            check_strings(data)
        return data
