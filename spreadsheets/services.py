"""Spreadsheets in and out.

An import has two steps. :func:`preview` reads the file, matches every row on its natural key
and keeps, per row, what will be created, updated or refused (with every error in Dutch, row
and column named) in an :class:`ImportBatch` on the server, until it expires. :func:`confirm`
puts the rows in through the domains' bulk services, which check each row as the one-row
services behind the staff forms do, in one transaction (all rows or none) and as one context
in the change history; the batch then is the record in the region's import history. Rows that
would not change are left alone, so importing a file again changes nothing.

Exports write the template's columns, so that export → import is a round trip with no change.
"""

import copy
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.history import acting_as
from regions.errors import DomainError, Problem, validate

from . import exporting
from .columns import CellError, Column, header_key
from .kinds import AMBIGUOUS, BY_SLUG, IMPORTERS, Importer
from .models import PREVIEW_LIFETIME, ImportBatch, ImportKind
from .reading import read_table

CREATE, UPDATE, UNCHANGED, REFUSED = "create", "update", "unchanged", "refused"
EMPTY_VALUES = (None, "", [], ())


def importer_for(kind, region=None) -> Importer:
    return IMPORTERS[ImportKind(kind)](region)


def importer_for_slug(slug, region=None) -> Importer | None:
    importer = BY_SLUG.get(slug)
    return importer(region) if importer else None


def cell_message(row: int, header: str, message: str) -> str:
    return _("rij %(row)s, kolom %(column)s: %(message)s") % {
        "row": row,
        "column": header,
        "message": message,
    }


def row_message(row: int, message: str) -> str:
    return _("rij %(row)s: %(message)s") % {"row": row, "message": message}


@dataclass
class Plan:
    kind: ImportKind
    file_name: str
    rows: list[dict]  # per row: row, action, label, values, pk, token, changes, errors
    warnings: list[str]

    def count(self, action) -> int:
        return sum(1 for row in self.rows if row["action"] == action)


def plan_import(region, kind, file_name: str, content: bytes) -> Plan:
    """What importing ``content`` into ``region`` would do, row by row; writes nothing.

    A file that cannot be read as a whole (too large, not a spreadsheet, a required column
    missing) is a DomainError; a row that cannot go in is a refused row with its errors."""
    importer = importer_for(kind, region)
    table = read_table(file_name, content, sheet=importer.sheet)
    mapping, warnings = match_headers(importer, table.headers)
    importer.load()
    seen: dict = {}
    rows = [plan_row(importer, mapping, seen, number, cells) for number, cells in table.rows]
    return Plan(importer.kind, file_name, rows, warnings)


def match_headers(importer: Importer, headers: list[str]):
    """Which column of the file each of the importer's columns is: ``{field: (index, header
    as written)}``, and warnings naming the columns that are not read."""
    by_key = {key: column for column in importer.columns for key in column.header_keys()}
    mapping: dict[str, tuple[int, str]] = {}
    unknown, doubled = [], []
    for index, header in enumerate(headers):
        if not header:
            continue
        column = by_key.get(header_key(header))
        if column is None:
            unknown.append(header)
        elif column.field in mapping:
            doubled.append(header)
        else:
            mapping[column.field] = (index, header)
    problems = []
    missing = [c.header for c in importer.columns if c.required and c.field not in mapping]
    if missing:
        problems.append(
            _("Deze verplichte kolommen ontbreken: %(columns)s. Is dit een bestand met %(kind)s?")
            % {"columns": ", ".join(missing), "kind": importer.kind.label}
        )
    if doubled:
        problems.append(
            _("Deze kolommen staan er meer dan één keer in: %(columns)s.")
            % {"columns": ", ".join(doubled)}
        )
    if problems:
        raise DomainError(*(Problem(message, "file", "columns") for message in problems))
    warnings = []
    if unknown:
        warnings.append(
            _("Deze kolommen kennen we niet; ze worden niet ingelezen: %(columns)s.")
            % {"columns": ", ".join(unknown)}
        )
    return mapping, warnings


def plan_row(importer: Importer, mapping, seen: dict, number: int, cells: list) -> dict:
    columns = importer.by_field
    values, errors = {}, []
    for field, (index, header) in mapping.items():
        column = columns[field]
        try:
            value = column.type.parse(cells[index])
        except CellError as error:
            errors.append(cell_message(number, header, error.message))
            continue
        if column.required and value in EMPTY_VALUES:
            errors.append(cell_message(number, header, _("niet ingevuld")))
            continue
        values[field] = value
    planned = {
        "row": number,
        "action": REFUSED,
        "label": importer.label(values),
        "values": {},
        "pk": None,
        "token": None,
        "changes": [],
        "errors": errors,
    }
    if errors:
        return planned
    key = importer.key(values)
    if key in seen:
        errors.append(
            row_message(number, _("staat al in het bestand, in rij %(row)s") % {"row": seen[key]})
        )
        return planned
    seen[key] = number
    existing = importer.existing.get(key)
    if existing is AMBIGUOUS:
        errors.append(
            row_message(number, _("past bij meer dan één bestaande rij; pas die eerst aan"))
        )
        return planned
    if existing is None:
        instance, changed = importer.new(values), values
        planned["action"] = CREATE
    else:
        changed = {
            field: value
            for field, value in values.items()
            if not columns[field].type.same(getattr(existing, field), value)
        }
        if not changed:
            planned.update(action=UNCHANGED, pk=existing.pk)
            return planned
        planned.update(
            action=UPDATE,
            pk=existing.pk,
            token=existing.edit_token,
            changes=[
                [
                    mapping[field][1],
                    columns[field].type.show(getattr(existing, field)),
                    columns[field].type.show(value),
                ]
                for field, value in changed.items()
            ],
        )
        instance = _changed_copy(existing, changed)
    errors.extend(validation_errors(importer, mapping, number, instance, existing))
    if errors:
        planned.update(action=REFUSED, pk=None, token=None, changes=[])
        return planned
    planned["values"] = {field: columns[field].type.to_json(v) for field, v in changed.items()}
    return planned


def _changed_copy(row, changes: dict):
    """``row`` with ``changes``, for validation; ``row`` and its cached relations stay as they
    are (a model instance's copy has a copy of that cache)."""
    changed = copy.copy(row)
    for field, value in changes.items():
        setattr(changed, field, value)
    return changed


def validation_errors(importer, mapping, number, instance, existing) -> list[str]:
    """Every rule the service will check (the model's, and a refusal of the update as a
    whole), as messages naming the row and column; the row's own references are resolved in
    the region already and are not checked again one query each."""
    try:
        if existing is not None:
            importer.refuse_update(existing)
        validate(instance, resolved=importer.resolved)
    except DomainError as error:
        return [located_message(importer, mapping, number, problem) for problem in error.problems]
    return []


def located_message(importer, mapping, number, problem: Problem) -> str:
    if problem.field in mapping:
        return cell_message(number, mapping[problem.field][1], problem.message)
    if problem.field in importer.by_field:
        return cell_message(number, importer.by_field[problem.field].header, problem.message)
    return row_message(number, problem.message)


def preview(actor, region, kind, file_name: str, content: bytes) -> ImportBatch:
    """Read the file and keep what importing it would do, for the user to confirm."""
    return keep_preview(actor, region, plan_import(region, kind, file_name, content))


def keep_preview(actor, region, plan: Plan) -> ImportBatch:
    """Keep ``plan`` until it expires; clears the region's previews that expired unconfirmed."""
    now = timezone.now()
    with transaction.atomic():
        ImportBatch.objects.in_region(region).filter(
            status=ImportBatch.Status.PREVIEW, expires_at__lte=now
        ).delete()
        return ImportBatch.objects.create(
            region=region,
            kind=plan.kind,
            file_name=plan.file_name[:255],
            uploaded_by=actor,
            rows=plan.rows,
            warnings=plan.warnings,
            created_count=plan.count(CREATE),
            updated_count=plan.count(UPDATE),
            unchanged_count=plan.count(UNCHANGED),
            error_count=plan.count(REFUSED),
            expires_at=now + PREVIEW_LIFETIME,
        )


def confirm(actor, batch: ImportBatch) -> ImportBatch:
    """Import the previewed rows through the domain services, all in one transaction and one
    history context (who, the file, how many rows), or nothing when any row is refused now."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status != ImportBatch.Status.PREVIEW:
            raise DomainError.single(
                _("Dit bestand is al geïmporteerd."), code="already_imported", conflict=True
            )
        if batch.is_expired:
            raise DomainError.single(
                _("De voorvertoning is verlopen. Upload het bestand opnieuw."),
                code="expired",
                conflict=True,
            )
        if batch.error_count:
            raise DomainError.single(
                _("Verbeter eerst de geweigerde rijen en upload het bestand opnieuw."),
                code="refused_rows",
            )
        importer = importer_for(batch.kind, batch.region)
        importer.load()
        with acting_as(
            actor,
            import_file=batch.file_name,
            import_kind=batch.kind,
            import_created=batch.created_count,
            import_updated=batch.updated_count,
        ) as context:
            apply(importer, actor, batch.rows)
        batch.status = ImportBatch.Status.IMPORTED
        batch.imported_at = timezone.now()
        batch.history_context = context.id
        batch.rows = []
        batch.save(update_fields=["status", "imported_at", "history_context", "rows", "updated_at"])
    return batch


def apply(importer: Importer, actor, rows: list[dict]) -> None:
    """Create and update the planned rows through the domain's bulk services; a row they
    refuse is named by its row in the file."""
    columns = importer.by_field
    current = importer.queryset().in_bulk([row["pk"] for row in rows if row["action"] == UPDATE])
    creates, updates = [], []
    for row in rows:
        if row["action"] not in (CREATE, UPDATE):
            continue
        values = {}
        for field, value in row["values"].items():
            try:
                values[field] = columns[field].type.from_json(value)
            except CellError as error:  # what the row refers to is gone since the preview
                refusal = DomainError.single(error.message, field=field)
                raise located(importer, row, refusal) from None
        if row["action"] == CREATE and importer.key(values) not in importer.existing:
            creates.append((row, importer.new(values)))
        elif row["action"] == CREATE:
            added = stale(_("Iemand anders heeft dit intussen ook vastgelegd."))
            raise located(importer, row, added)
        elif row["pk"] in current:
            updates.append((row, (current[row["pk"]], row["token"], values)))
        else:
            removed = stale(_("Iemand anders heeft dit intussen verwijderd."))
            raise located(importer, row, removed)
    for step, planned in ((importer.update_all, updates), (importer.create_all, creates)):
        try:
            step(actor, [item for _row, item in planned])
        except DomainError as error:
            row = planned[error.index][0] if error.index is not None else None
            raise located(importer, row, error) from None


def stale(message: str) -> DomainError:
    return DomainError.single(message, code="stale", conflict=True)


def located(importer: Importer, row: dict | None, error: DomainError) -> DomainError:
    """``error`` about ``row`` of the file, each problem saying its row and column."""
    problems = [
        Problem(
            located_message(importer, {}, row["row"], problem) if row else problem.message,
            "file",
            problem.code,
        )
        for problem in error.problems
    ]
    return DomainError(*problems, conflict=error.conflict)


# --- exports and templates ---------------------------------------------------------------


def _width(column: Column) -> int:
    return max(14, len(column.header) + 4, len(str(column.example)) + 2)


def export_sheet(importer: Importer) -> exporting.Sheet:
    rows = [
        [column.type.export(getattr(row, column.field)) for column in importer.columns]
        for row in importer.queryset()
    ]
    return exporting.Sheet(
        importer.sheet,
        [column.header for column in importer.columns],
        rows,
        [_width(column) for column in importer.columns],
    )


def export_workbook(region) -> bytes:
    """The region's neighbourhoods, contacts and mandates: a sheet each, the templates' columns."""
    return exporting.xlsx([export_sheet(importer(region)) for importer in IMPORTERS.values()])


def export_csv(region, kind) -> bytes:
    sheet = export_sheet(importer_for(kind, region))
    return exporting.csv_bytes(sheet.headers, sheet.rows)


def template_sheet(importer: Importer) -> exporting.Sheet:
    return exporting.Sheet(
        importer.sheet,
        [column.header for column in importer.columns],
        [[column.example for column in importer.columns]],
        [_width(column) for column in importer.columns],
    )


def template_xlsx(kind) -> bytes:
    """The columns with an example row, and a second sheet explaining each column."""
    importer = importer_for(kind)
    notes = exporting.Sheet(
        _("Toelichting"),
        [_("Kolom"), _("Verplicht"), _("Toelichting"), _("Voorbeeld")],
        [
            [column.header, _("ja") if column.required else _("nee"), column.help, column.example]
            for column in importer.columns
        ],
        [32, 10, 70, 40],
    )
    return exporting.xlsx([template_sheet(importer), notes])


def template_csv(kind) -> bytes:
    sheet = template_sheet(importer_for(kind))
    return exporting.csv_bytes(sheet.headers, sheet.rows)
