from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.response import Response

from agreements.api.views import AgreementChildViewSet
from agreements.models import Agreement, Target
from api.schema import problem_responses
from regions.errors import DomainError
from regions.permissions import Action, require

from .. import services
from ..models import Measurement
from .serializers import MeasurementCreateSerializer, MeasurementSerializer, ProgressSerializer


@extend_schema(tags=["progress"])
class MeasurementViewSet(mixins.ListModelMixin, AgreementChildViewSet):
    """Measurements of an agreement's targets: read by whoever sees the agreement (party
    insurers too), recorded by the region's staff with change rights."""

    queryset = Measurement.objects.order_by("target_id", "period_end", "id")
    serializer_class = MeasurementSerializer

    @extend_schema(summary=_("Metingen van een afspraak"))
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary=_("Meting vastleggen"),
        description=_(
            "Voor medewerkers van de regio met wijzigrechten (beheerder, bewerker); "
            "zorgverzekeraars lezen metingen maar leggen ze niet vast (403). Alleen voor een "
            "goedgekeurde of actieve afspraak (anders 409)."
        ),
        request=MeasurementCreateSerializer,
        responses={201: MeasurementSerializer, **problem_responses(409, 422)},
    )
    def create(self, request, *args, **kwargs):
        agreement = self.get_agreement()
        require(
            request.user, Action.CHANGE, agreement, message=_("U mag geen metingen vastleggen.")
        )
        serializer = MeasurementCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        target = Target.objects.filter(agreement=agreement, pk=data.pop("target")).first()
        if target is None:
            raise DomainError.single(
                _("Deze afspraak heeft geen doelstelling met dit id."),
                field="target",
                code="unknown",
            )
        measurement = services.record_measurement(request.user, target, **data)
        return Response(MeasurementSerializer(measurement).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["progress"])
class ProgressViewSet(AgreementChildViewSet):
    """The agreement's progress at a glance: rhythm, what is due, latest values, budget."""

    queryset = Measurement.objects.none()
    serializer_class = ProgressSerializer

    @extend_schema(summary=_("Voortgang van een afspraak"), responses={200: ProgressSerializer})
    def retrieve(self, request, *args, **kwargs):
        agreement = self.get_agreement()
        today = timezone.localdate()
        due = services.reports_due(Agreement.objects.filter(pk=agreement.pk), today).get(
            agreement.pk
        )
        series = services.target_series(agreement)
        lines = agreement.budget_lines.select_related("realisation").order_by("year", "segment")
        data = {
            "reporting_rhythm": services.rhythm_of(agreement),
            "progress_due": due
            and {
                "period_start": due.period.start,
                "period_end": due.period.end,
                "label": due.period.label,
                "missing_targets": [target.pk for target in due.missing],
            },
            "targets": [
                {
                    "id": item.target.pk,
                    "name": item.target.name,
                    "unit": item.target.unit,
                    "baseline": item.target.baseline,
                    "goal": item.target.goal,
                    "kpi": item.kpi.code if item.kpi else None,
                    "latest": item.latest,
                }
                for item in series
            ],
            "budget": [
                {
                    "year": line.year,
                    "segment": line.segment,
                    "planned": line.amount,
                    "realised": services.realised_amount(line),
                }
                for line in lines
            ],
        }
        return Response(ProgressSerializer(data).data)
