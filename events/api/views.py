from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from api.compression import carries_secret
from api.schema import problem_responses
from api.viewsets import ScopedViewSet

from .. import services
from ..models import Delivery, Subscription
from .serializers import (
    DeliverySerializer,
    FeedSerializer,
    NewSubscriptionSerializer,
    SubscriptionSerializer,
    SubscriptionWriteSerializer,
)

FEED_LIMIT = 100


@extend_schema(tags=["events"])
class EventFeedView(APIView):
    """The events of the agreements the caller may see, oldest first: the pull alternative to
    webhooks."""

    @extend_schema(
        summary=_("Gebeurtenissen"),
        description=_(
            "Dezelfde gebeurtenissen als de webhooks, op volgorde. Begin met after=0 en stuur "
            "daarna steeds next_cursor mee. U krijgt alleen gebeurtenissen van afspraken "
            "waarbij uw zorgverzekeraar partij is."
        ),
        parameters=[
            OpenApiParameter(
                "after",
                OpenApiTypes.INT,
                description=_("De cursor van de laatste gebeurtenis die u al heeft (0: alles)."),
            ),
            OpenApiParameter(
                "limit",
                OpenApiTypes.INT,
                description=_("Hoeveel gebeurtenissen hoogstens (1-100, standaard 100)."),
            ),
        ],
        responses={200: FeedSerializer},
    )
    def get(self, request):
        after = _whole_number(request, "after", 0, minimum=0, maximum=2**63 - 1)
        limit = _whole_number(request, "limit", FEED_LIMIT, minimum=1, maximum=FEED_LIMIT)
        events = list(services.feed(request.user, after, limit))
        next_cursor = events[-1].pk if events else after
        return Response(FeedSerializer({"results": events, "next_cursor": next_cursor}).data)


def _whole_number(request, name, default, *, minimum, maximum):
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not minimum <= int(raw) <= maximum:
        raise ValidationError({name: [_("Geef een geheel getal in het toegestane bereik.")]})
    return int(raw)


WEBHOOK_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description=_("Id van het abonnement.")
)


@extend_schema(tags=["events"])
class SubscriptionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    """Webhook subscriptions of the caller's insurer (members of the insurer, and platform
    admins)."""

    queryset = Subscription.objects.order_by("id")
    serializer_class = SubscriptionSerializer

    @extend_schema(summary=_("Webhooks"))
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(summary=_("Webhook"), parameters=[WEBHOOK_ID])
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        summary=_("Webhook aanmelden"),
        description=_(
            "Voor leden van een zorgverzekeraar. Het antwoord toont eenmalig het geheim "
            "waarmee elke bezorging is ondertekend (Standard Webhooks)."
        ),
        request=SubscriptionWriteSerializer,
        responses={201: NewSubscriptionSerializer},
    )
    def create(self, request, *args, **kwargs):
        serializer = SubscriptionWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        subscription = services.subscribe(
            request.user,
            url=data["url"],
            kinds=data.get("kinds", []),
            insurer_id=data.get("insurer"),
        )
        body = NewSubscriptionSerializer(subscription).data
        return carries_secret(Response(body, status=status.HTTP_201_CREATED))

    @extend_schema(
        summary=_("Webhook wijzigen of hervatten"),
        request=SubscriptionWriteSerializer,
        responses={200: SubscriptionSerializer},
        parameters=[WEBHOOK_ID],
    )
    def partial_update(self, request, *args, **kwargs):
        subscription = self.get_object()
        serializer = SubscriptionWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        for name in ("url", "kinds"):
            if name in data:
                setattr(subscription, name, data[name])
        subscription.save()
        if data.get("paused") is False and subscription.paused_at is not None:
            services.resume(subscription)
        return Response(SubscriptionSerializer(subscription).data)

    @extend_schema(summary=_("Webhook opzeggen"), parameters=[WEBHOOK_ID])
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    @extend_schema(
        summary=_("Bezorgingen van een webhook"),
        description=_("Per gebeurtenis: status, pogingen, laatste antwoord of fout."),
        responses={200: DeliverySerializer(many=True)},
        parameters=[WEBHOOK_ID],
    )
    @action(detail=True, methods=["get"])
    def deliveries(self, request, *args, **kwargs):
        subscription = self.get_object()
        page = self.paginate_queryset(
            subscription.deliveries.select_related("event").order_by("-id")
        )
        return self.get_paginated_response(DeliverySerializer(page, many=True).data)

    @extend_schema(
        summary=_("Bezorging opnieuw sturen"),
        request=None,
        responses={202: DeliverySerializer, **problem_responses(409)},
        parameters=[
            WEBHOOK_ID,
            OpenApiParameter(
                "delivery_id",
                OpenApiTypes.INT,
                OpenApiParameter.PATH,
                description=_("Id van de bezorging."),
            ),
        ],
    )
    def replay(self, request, *args, **kwargs):
        subscription = self.get_object()
        delivery = get_object_or_404(
            Delivery.objects.select_related("subscription", "event"),
            subscription=subscription,
            pk=kwargs["delivery_id"],
        )
        services.replay(delivery)
        return Response(DeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)
