from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ImportKind


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Wat staat erin?"), choices=ImportKind.choices, widget=forms.RadioSelect
    )
    file = forms.FileField(
        label=_("Bestand"),
        help_text=_("Een .xlsx- of .csv-bestand van hoogstens 5 MB en 5.000 rijen."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
