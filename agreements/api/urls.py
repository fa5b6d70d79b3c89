from django.urls import path
from rest_framework.routers import SimpleRouter

from .history import AgreementHistoryViewSet
from .views import (
    AgreementVersionViewSet,
    AgreementViewSet,
    FollowRequestViewSet,
    ReviewViewSet,
    SignatureViewSet,
)

router = SimpleRouter()
router.register("agreements", AgreementViewSet, basename="agreement")

urlpatterns = [
    *router.urls,
    path(
        "agreements/<int:agreement_pk>/history/",
        AgreementHistoryViewSet.as_view({"get": "list"}),
        name="agreement-history",
    ),
    path(
        "agreements/<int:agreement_pk>/versions/",
        AgreementVersionViewSet.as_view({"get": "list"}),
        name="agreement-version-list",
    ),
    path(
        "agreements/<int:agreement_pk>/versions/<int:number>/",
        AgreementVersionViewSet.as_view({"get": "retrieve"}),
        name="agreement-version-detail",
    ),
    path(
        "agreements/<int:agreement_pk>/reviews/",
        ReviewViewSet.as_view({"get": "list", "post": "create"}),
        name="agreement-review-list",
    ),
    path(
        "agreements/<int:agreement_pk>/signatures/",
        SignatureViewSet.as_view({"get": "list", "post": "create"}),
        name="agreement-signature-list",
    ),
    path(
        "agreements/<int:agreement_pk>/follow-requests/",
        FollowRequestViewSet.as_view({"post": "create"}),
        name="agreement-follow-request-list",
    ),
]
