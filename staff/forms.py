"""Forms of the staff pages. They check the input's types and show errors; every rule is checked
by the service the view calls (which runs the model's ``full_clean``), so it is checked once and
its Dutch message is shown as written. Choices are scoped to the region the page is about."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agreements import rules
from agreements.content import OWN_FIELDS
from agreements.models import (
    Agreement,
    AgreementDiscipline,
    AgreementGoal,
    AgreementParty,
    BudgetLine,
    ProcurementModel,
    Target,
)
from mandates.models import Mandate, MandateScope, MandateStatus
from neighbourhoods.models import AllianceContact, Bottleneck, Neighbourhood
from progress.models import Kpi, ReportingRhythm
from progress.services import Period, parse_quarter
from regions.models import (
    Discipline,
    MainTask,
    Phase,
    Region,
    RegionAction,
    RegionGoal,
    RegionIndicator,
    TaskStatus,
)
from regions.services import INVITABLE_ROLES
from regions.tenancy import Role


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CheckedByServiceForm(forms.ModelForm):
    """Fields, labels and widgets from the model; the model's rules are left to the service,
    which reports every broken rule at once as a ``DomainError`` (see ``views.common``)."""

    def _post_clean(self):
        pass


class TokenMixin(forms.Form):
    """Carries the edit token of the copy the user started from (against lost updates)."""

    token = forms.CharField(widget=forms.HiddenInput, required=False)


class NameListField(forms.CharField):
    """A list of names as one line separated by commas, each once."""

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value):
        items = (self.clean_item(item) for item in super().to_python(value).split(","))
        return list(dict.fromkeys(item for item in items if item))

    def clean_item(self, item: str) -> str:
        return item.strip()


class CodeListField(NameListField):
    """A list of codes as one line separated by commas, upper case, each once."""

    def clean_item(self, item: str) -> str:
        return item.strip().upper()


class NeighbourhoodForm(TokenMixin, CheckedByServiceForm):
    cbs_codes = CodeListField(
        label=_("CBS-wijkcodes"),
        required=False,
        help_text=_("Gescheiden door komma's, bijvoorbeeld WK036301, WK036302."),
    )

    class Meta:
        model = Neighbourhood
        fields = ["name", "municipality", "population", "cbs_codes"]


class ContactForm(TokenMixin, CheckedByServiceForm):
    class Meta:
        model = AllianceContact
        fields = ["discipline", "name", "organisation", "role", "email", "phone"]


class BottleneckForm(CheckedByServiceForm):
    class Meta:
        model = Bottleneck
        fields = ["theme", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("Hoe is het knelpunt opgelost?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class MandateForm(TokenMixin, CheckedByServiceForm):
    scope = forms.MultipleChoiceField(
        label=_("Reikwijdte"), choices=MandateScope.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Mandate
        fields = [
            "discipline",
            "organisation",
            "delegate_name",
            "delegate_email",
            "scope",
            "valid_from",
            "valid_until",
            "backing_practitioners",
            "discipline_practitioners",
        ]
        widgets = {"valid_from": DateInput(), "valid_until": DateInput()}

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["discipline"].queryset = Discipline.objects.primary_care()
        self.fields["organisation"].queryset = Mandate.organisation_choices(region).select_related(
            "discipline"
        )


class SignatureForm(forms.Form):
    """A party's signature under an agreement the parties sign (``services.sign``)."""

    signatory = forms.CharField(label=_("Ondertekend door"), max_length=120)
    signed_on = forms.DateField(label=_("Ondertekend op"), widget=DateInput())


class RevokeForm(forms.Form):
    revoked_on = forms.DateField(label=_("Ingetrokken op"), widget=DateInput())
    revocation_reason = forms.CharField(
        label=_("Reden van intrekking"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def service_values(self) -> dict:
        return {
            "on": self.cleaned_data["revoked_on"],
            "reason": self.cleaned_data["revocation_reason"],
        }


class MandateFilterForm(forms.Form):
    discipline = forms.ModelChoiceField(
        label=_("Discipline"),
        queryset=Discipline.objects.primary_care(),
        required=False,
        empty_label=_("alle disciplines"),
    )
    status = forms.ChoiceField(
        label=_("Geldigheid"),
        choices=[("", _("alle")), *MandateStatus.choices],
        required=False,
    )


class AgreementForm(TokenMixin, CheckedByServiceForm):
    main_tasks = forms.TypedMultipleChoiceField(
        label=_("Hoofdtaken"),
        choices=MainTask.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    disciplines = forms.ModelMultipleChoiceField(
        label=_("Gedekte disciplines"),
        queryset=AgreementDiscipline.discipline_choices(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    goals = forms.ModelMultipleChoiceField(
        label=_("Regioplandoelen"),
        queryset=RegionGoal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Agreement
        fields = OWN_FIELDS
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goals"].queryset = AgreementGoal.goal_choices(region)
        self.fields["procurement_model"].choices = [
            ("", _("standaard (volgbeleid van ZN)")),
            *ProcurementModel.choices,
        ]
        self.fields["procurement_model"].help_text = rules.DEFAULT_MODEL_HELP
        if self.instance.pk and not self.is_bound:
            self.initial["disciplines"] = [c.discipline_id for c in self.instance.disciplines.all()]
            self.initial["goals"] = [g.goal_id for g in self.instance.goals.all()]


class PartyForm(CheckedByServiceForm):
    class Meta:
        model = AgreementParty
        fields = ["organisation", "is_lead", "cost_share"]

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = AgreementParty.organisation_choices(region)


class BudgetLineForm(CheckedByServiceForm):
    class Meta:
        model = BudgetLine
        fields = [
            "year",
            "source",
            "segment",
            "zvw_fund",
            "grant_number",
            "amount",
            "description",
        ]


class TargetForm(CheckedByServiceForm):
    class Meta:
        model = Target
        fields = ["name", "unit", "baseline", "goal", "current_value"]


def row_formset(form, prefix, *, data=None, initial=None, extra=1, **form_kwargs):
    """Inline rows (budget lines, targets, parties): one empty row to add, a box to remove."""
    formset_class = forms.formset_factory(form, extra=extra, can_delete=True)
    return formset_class(data=data, initial=initial, prefix=prefix, form_kwargs=form_kwargs)


class GoalForm(TokenMixin, CheckedByServiceForm):
    class Meta:
        model = RegionGoal
        fields = ["vision_goal", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ActionForm(TokenMixin, CheckedByServiceForm):
    class Meta:
        model = RegionAction
        fields = ["title", "owner", "due_date", "status"]
        widgets = {"due_date": DateInput()}


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mailadres"))
    first_name = forms.CharField(label=_("Voornaam"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150, required=False)
    role = forms.ChoiceField(
        label=_("Rol"), choices=[(r.value, r.label) for r in INVITABLE_ROLES], initial=Role.EDITOR
    )


class RoleForm(TokenMixin, forms.Form):
    role = forms.ChoiceField(label=_("Rol"), choices=[(r.value, r.label) for r in INVITABLE_ROLES])


# --- progress: measurements, realised amounts, rhythm, KPIs, phase and main tasks ----------


class MeasurementForm(forms.Form):
    target = forms.ModelChoiceField(label=_("Doelstelling"), queryset=Target.objects.none())
    quarter = forms.CharField(
        label=_("Kwartaal"),
        required=False,
        help_text=_("Bijvoorbeeld 2026-K1. Of vul hieronder een peildatum in."),
    )
    measured_on = forms.DateField(label=_("Peildatum"), required=False, widget=DateInput())
    value = forms.DecimalField(label=_("Waarde"), max_digits=14, decimal_places=2)
    source = forms.CharField(label=_("Bron"), max_length=200)
    note = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = agreement.targets.order_by("name")

    def clean(self):
        data = super().clean()
        quarter, day = data.get("quarter", "").strip(), data.get("measured_on")
        if quarter and day:
            raise forms.ValidationError(_("Vul een kwartaal of een peildatum in, niet allebei."))
        if quarter:
            period = parse_quarter(quarter)
            if period is None:
                self.add_error("quarter", _("Schrijf het kwartaal als 2026-K1."))
            data["period"] = period
        elif day:
            data["period"] = Period(day, day)
        elif "measured_on" not in self.errors:
            raise forms.ValidationError(_("Vul een kwartaal of een peildatum in."))
        return data

    # A rule about the period is shown beside the quarter it was written as.
    problem_fields = {"period_start": "quarter", "period_end": "quarter"}

    def service_values(self) -> dict:
        """The measurement as ``record_measurement`` takes it: the period as its first and
        last day."""
        data = self.cleaned_data
        return {
            "target": data["target"],
            "period_start": data["period"].start,
            "period_end": data["period"].end,
            "value": data["value"],
            "source": data["source"],
            "note": data["note"],
        }


class RealisationForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Gerealiseerd bedrag (EUR)"), max_digits=14, decimal_places=2, min_value=0
    )
    note = forms.CharField(label=_("Toelichting"), max_length=200, required=False)


class RhythmForm(forms.Form):
    rhythm = forms.ChoiceField(label=_("Rapportageritme"), choices=ReportingRhythm.choices)


class KpiLinkForm(forms.Form):
    kpi = forms.ModelChoiceField(
        label=_("Kernindicator"),
        queryset=Kpi.objects.order_by("name"),
        required=False,
        empty_label=_("geen kernindicator"),
    )


class RegionChangeForm(forms.Form):
    changed_on = forms.DateField(label=_("Datum"), widget=DateInput())
    reason = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.ModelChoiceField(
        label=_("Onderbouwing"),
        queryset=Agreement.objects.none(),
        required=False,
        empty_label=_("geen afspraak"),
        help_text=_("Bijvoorbeeld de intentieovereenkomst of de samenwerkingsovereenkomst."),
    )

    def __init__(self, *args, evidence, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].queryset = evidence


class RegionFactsForm(CheckedByServiceForm):
    municipalities = NameListField(
        label=_("Gemeenten"),
        required=False,
        help_text=_("De gemeenten in de regio, gescheiden door komma's."),
    )

    class Meta:
        model = Region
        fields = ["population", "municipalities"]


class PhaseChangeForm(RegionChangeForm):
    phase = forms.ChoiceField(label=_("Nieuwe fase"), choices=Phase.choices)
    field_order = ["phase", "changed_on", "reason", "evidence"]


class TaskChangeForm(RegionChangeForm):
    status = forms.ChoiceField(label=_("Nieuwe status"), choices=TaskStatus.choices)
    field_order = ["status", "changed_on", "reason", "evidence"]


class IndicatorForm(TokenMixin, CheckedByServiceForm):
    class Meta:
        model = RegionIndicator
        fields = ["kind", "year", "value", "source"]


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class ChangeFilterForm(forms.Form):
    """The filters of the region's change history: kind of row, who, and a period."""

    kind = forms.ChoiceField(label=_("Soort"), required=False)
    person = PersonChoiceField(
        label=_("Wie"), queryset=None, required=False, empty_label=_("iedereen")
    )
    since = forms.DateField(label=_("Vanaf"), required=False, widget=DateInput())
    until = forms.DateField(label=_("Tot en met"), required=False, widget=DateInput())

    def __init__(self, *args, kinds, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("alle soorten")), *kinds]
        self.fields["person"].queryset = people
