"""Database constraints a person can break through a form, reported beside the field concerned.

Django reports a broken constraint that spans several fields above the form, under its name
("Beperking 'agreement_period_ordered' is geschonden."). These constraints carry a Dutch
``violation_error_message``, a ``violation_error_code`` and the ``field`` the message belongs
to, so ``full_clean()`` (and with it every service, the admin and the API) puts it there.
``field`` only changes how a violation is reported, not the SQL, so changing it (or moving a
constraint to one of these classes) is an ``AlterConstraint`` in a migration.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.utils import DEFAULT_DB_ALIAS


class FieldConstraintMixin:
    non_db_attrs = (*models.BaseConstraint.non_db_attrs, "field")

    def __init__(self, *args, field: str, violation_error_code: str, **kwargs):
        self.field = field
        super().__init__(*args, violation_error_code=violation_error_code, **kwargs)

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        try:
            super().validate(model, instance, exclude=exclude, using=using)
        except ValidationError as error:
            raise ValidationError({self.field: error}) from None

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        kwargs["field"] = self.field
        return path, args, kwargs

    def __eq__(self, other):
        if getattr(other, "field", None) != self.field:
            return False
        return super().__eq__(other)


class FieldCheckConstraint(FieldConstraintMixin, models.CheckConstraint):
    pass


class FieldUniqueConstraint(FieldConstraintMixin, models.UniqueConstraint):
    pass
