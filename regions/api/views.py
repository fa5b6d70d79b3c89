from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins

from api.viewsets import ScopedViewSet

from ..models import Region
from .serializers import RegionSerializer


@extend_schema(tags=["regions"])
class RegionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Regions the caller works in: staff their regions, insurers where their insurer works."""

    queryset = Region.objects.select_related("lead_insurer").order_by("code")
    serializer_class = RegionSerializer
    lookup_field = "code"

    @extend_schema(summary=_("Regio's"))
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary=_("Regio"),
        parameters=[
            OpenApiParameter(
                "code", str, OpenApiParameter.PATH, description=_("Code van de regio.")
            )
        ],
    )
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)
