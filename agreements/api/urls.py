from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import AgreementVersionViewSet, AgreementViewSet, ReviewViewSet

router = SimpleRouter()
router.register("agreements", AgreementViewSet, basename="agreement")

urlpatterns = [
    *router.urls,
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
]
