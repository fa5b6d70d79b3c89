"""``GET /api/v1/agreements/{agreement_pk}/history/``: the recorded changes of an agreement and
of its rows (parties, budget lines, targets, progress), for everyone who may read it.

Who made a change is shown by name only to members of the caller's own organisation; anyone
else appears as their organisation (an insurer party, or the region's collaborative), so no
personal data of another party's staff reaches the caller. Fields naming a user are left out.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from pghistory.models import MiddlewareEvents
from rest_framework import mixins, serializers

from config.history import describe_changes, related_labels, tracked_models
from regions.models import Organisation
from regions.tenancy import insurer_ids

from ..models import STATUS_EVENTS, Agreement
from .views import AgreementChildViewSet


def agreement_models() -> list:
    """The tracked models of an agreement: itself and the rows with an ``agreement`` key."""
    return [
        model
        for model in tracked_models()
        if model is Agreement
        or any(
            field.name == "agreement" and field.related_model is Agreement
            for field in model._meta.concrete_fields
        )
    ]


class FieldChangeSerializer(serializers.Serializer):
    label = serializers.CharField(help_text=gettext_lazy("Het veld, zoals de pagina's het noemen."))
    before = serializers.CharField(help_text=gettext_lazy("De oude waarde, als tekst."))
    after = serializers.CharField(help_text=gettext_lazy("De nieuwe waarde, als tekst."))


class AgreementChangeSerializer(serializers.Serializer):
    at = serializers.DateTimeField(help_text=gettext_lazy("Wanneer de wijziging is vastgelegd."))
    kind = serializers.CharField(
        help_text=gettext_lazy("Wat voor rij, bijvoorbeeld 'begrotingsregel'.")
    )
    object_id = serializers.IntegerField(help_text=gettext_lazy("Id van de gewijzigde rij."))
    action = serializers.ChoiceField(
        choices=["insert", "update", "delete", *(label for label, _name in STATUS_EVENTS.values())],
        help_text=gettext_lazy(
            "Aangemaakt (insert), gewijzigd (update), verwijderd (delete), of de afspraak kreeg "
            "een nieuwe status: ingediend (submitted), ter ondertekening aangeboden "
            "(offered_for_signature), wijziging gevraagd (changes_requested), goedgekeurd "
            "(approved), afgewezen (rejected), actief (activated), beëindigd (ended)."
        ),
    )
    actor = serializers.CharField(
        help_text=gettext_lazy(
            "Wie: een naam alleen voor leden van uw eigen organisatie; anders de organisatie."
        )
    )
    changes = FieldChangeSerializer(
        many=True,
        help_text=gettext_lazy("De gewijzigde velden (leeg bij aanmaken en verwijderen)."),
    )


@extend_schema(tags=["agreements"])
class AgreementHistoryViewSet(mixins.ListModelMixin, AgreementChildViewSet):
    """The change history of an agreement the caller may read, oldest first."""

    queryset = MiddlewareEvents.objects.none()
    serializer_class = AgreementChangeSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        agreement = self.get_agreement()
        return (
            MiddlewareEvents.objects.across(*(m.pgh_event_model for m in agreement_models()))
            .filter(
                Q(pgh_obj_model=Agreement._meta.label, pgh_obj_id=str(agreement.pk))
                | Q(pgh_data__agreement_id=agreement.pk)
            )
            .select_related("user")
            .order_by("pgh_created_at", "pgh_id", "pgh_model")
        )

    @extend_schema(summary=gettext_lazy("Wijzigingen van een afspraak"))
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.describe(page))

    def describe(self, events):
        agreement = self.get_agreement()
        own = set(
            get_user_model()
            .objects.filter(groups__organisation__in=insurer_ids(self.request.user))
            .values_list("pk", flat=True)
        )
        party_of = dict(
            Organisation.objects.filter(agreement_parties__agreement=agreement)
            .exclude(group=None)
            .values_list("group__user", "name")
        )
        models = {model._meta.label: model for model in agreement_models()}
        labels = related_labels(events)
        rows = []
        for event in events:
            model = models[event.pgh_obj_model]
            diff = {
                key: value
                for key, value in (event.pgh_diff or {}).items()
                if not _names_a_user(model, key)
            }
            rows.append(
                {
                    "at": event.pgh_created_at,
                    "kind": str(model._meta.verbose_name),
                    "object_id": int(event.pgh_obj_id),
                    "action": event.pgh_label,
                    "actor": self.actor(event.user, own, party_of, agreement),
                    "changes": describe_changes(model, diff, labels),
                }
            )
        return AgreementChangeSerializer(rows, many=True).data

    @staticmethod
    def actor(user, own, party_of, agreement) -> str:
        if user is None:
            return _("systeem")
        if user.pk in own:
            return user.get_full_name() or user.username
        return party_of.get(user.pk) or agreement.region.name


def _names_a_user(model, key) -> bool:
    field = next((f for f in model._meta.concrete_fields if key in (f.name, f.attname)), None)
    return field is not None and field.is_relation and field.related_model is get_user_model()
