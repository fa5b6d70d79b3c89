from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import EventFeedView, SubscriptionViewSet

router = SimpleRouter()
router.register("webhooks", SubscriptionViewSet, basename="webhook")

urlpatterns = [
    path("events/", EventFeedView.as_view(), name="event-list"),
    *router.urls,
    path(
        "webhooks/<int:pk>/deliveries/<int:delivery_id>/replay/",
        SubscriptionViewSet.as_view({"post": "replay"}),
        name="webhook-delivery-replay",
    ),
]
