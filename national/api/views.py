from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets

from regions.models import Phase

from ..forms import ANY_REASON, table_for
from ..services import Reason
from ..table import sort_keys
from .serializers import RegionFiguresSerializer

SORT_DESCRIPTION = _(
    "Sorteer op een kolom van het overzicht (region: de naam; agreements_<status>: het aantal "
    "afspraken met die status); met een minteken aflopend. Regio's zonder waarde (zoals "
    "coverage zonder wijken) komen altijd achteraan. Standaard: region."
)


@extend_schema(tags=["national"])
class NationalRegionViewSet(viewsets.GenericViewSet):
    """The national table as JSON, for national governance (every region) and regional staff
    (their own regions). Who sees what is :func:`national.services.dashboard_access`, as for
    the page and the exports."""

    serializer_class = RegionFiguresSerializer
    filter_backends = []  # the table's own filters: national.forms.RegionFilterForm

    @extend_schema(
        summary=_("Landelijk overzicht per regio"),
        description=_(
            "Per regio de kerncijfers van het landelijk overzicht, zonder persoonsgegevens. De "
            "landelijke governance ziet alle regio's, medewerkers van een regio alleen hun "
            "eigen regio('s); anderen krijgen 403."
        ),
        parameters=[
            OpenApiParameter(
                "care_office_region",
                OpenApiTypes.STR,
                description=_("Alleen deze zorgkantoorregio."),
            ),
            OpenApiParameter(
                "phase",
                OpenApiTypes.STR,
                enum=Phase.values,
                description=_("Alleen regio's in deze fase."),
            ),
            OpenApiParameter(
                "lead_insurer",
                OpenApiTypes.INT,
                description=_("Alleen regio's met deze preferente zorgverzekeraar (id)."),
            ),
            OpenApiParameter(
                "attention",
                OpenApiTypes.STR,
                enum=[ANY_REASON, *Reason.values],
                description=_(
                    "Alleen regio's die aandacht vragen: om een of meer redenen (any) of om deze "
                    "reden (roadmap: achter op de routekaart)."
                ),
            ),
            OpenApiParameter(
                "sort", OpenApiTypes.STR, enum=sort_keys(), description=SORT_DESCRIPTION
            ),
        ],
    )
    def list(self, request):
        table, _columns, form = table_for(request.user, request.query_params)
        if not form.is_valid():
            raise serializers.ValidationError(
                {
                    name: [serializers.ErrorDetail(e["message"], code=e["code"]) for e in errors]
                    for name, errors in form.errors.get_json_data().items()
                }
            )
        page = self.paginate_queryset(form.apply(table.rows))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
