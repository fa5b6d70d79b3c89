"""The error types that domain rules raise; views and the API turn them into 4xx responses."""

from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError


@dataclass(frozen=True)
class Problem:
    message: str
    field: str | None = None
    code: str = "invalid"
    # The row of a list the field belongs to: (the list's name, the row's position).
    row: tuple[str, int] | None = None

    @property
    def name(self) -> str | None:
        """Where the problem is, as a request names it: ``budget_lines[1].amount``."""
        if self.row is None:
            return self.field
        rows, index = self.row
        return f"{rows}[{index}].{self.field}" if self.field else f"{rows}[{index}]"


class DomainError(ValidationError):
    """A domain rule was broken; nothing has been written when this is raised.

    ``problems`` lists every broken rule, each with a Dutch message and the field it concerns
    (``None`` for the object as a whole; with the row of a list it is on, if any), so a form or
    API response can show them all at once.
    ``conflict`` marks errors about state (a stale version, a refused transition) that the API
    answers with 409 rather than 400/422.

    It is a ``ValidationError``, so ``Model.full_clean()``, model forms and the admin show it
    next to the right field without any translation layer.
    """

    def __init__(self, *problems: Problem, conflict: bool = False):
        if not problems:
            raise ValueError("DomainError needs at least one problem")
        self.problems = problems
        self.conflict = conflict
        # A service that checks many rows at once sets the position of the row it refused.
        self.index: int | None = None
        by_field: dict[str, list[ValidationError]] = {}
        for problem in problems:
            by_field.setdefault(problem.name or NON_FIELD_ERRORS, []).append(
                ValidationError(problem.message, code=problem.code)
            )
        super().__init__(by_field)

    @classmethod
    def single(cls, message, *, field=None, code="invalid", conflict=False):
        return cls(Problem(message=message, field=field, code=code), conflict=conflict)

    @property
    def codes(self) -> list[str]:
        return [problem.code for problem in self.problems]

    @classmethod
    def from_validation_error(cls, error: ValidationError) -> "DomainError":
        if isinstance(error, DomainError):
            return error
        if hasattr(error, "error_dict"):
            problems = [
                Problem(
                    message=message,
                    field=None if field == NON_FIELD_ERRORS else field,
                    code=item.code or "invalid",
                )
                for field, items in error.error_dict.items()
                for item in items
                for message in item.messages
            ]
        else:
            problems = [
                Problem(message=message, code=item.code or "invalid")
                for item in error.error_list
                for message in item.messages
            ]
        return cls(*problems)


def validate(instance, *, resolved=()):
    """Run every model rule (fields, ``clean()``, constraints); a broken rule is a
    :class:`DomainError`. Foreign keys named in ``resolved`` hold rows the caller read itself
    (in the right region): their existence is not checked again, a query each."""
    try:
        instance.full_clean(exclude=list(resolved))
    except ValidationError as error:
        raise DomainError.from_validation_error(error) from None


def save_validated(instance, **save_kwargs):
    """Run every model rule (fields, ``clean()``, constraints) and save; a broken rule is a
    :class:`DomainError` and nothing is written."""
    validate(instance)
    instance.save(**save_kwargs)
    return instance


class Refused(DomainError, PermissionDenied):
    """The actor may not do this (:func:`regions.permissions.require`); nothing has been written.

    The API answers 403 problem+json with its code; a staff page that does not show it beside a
    form answers 403, as for any ``PermissionDenied``.
    """
