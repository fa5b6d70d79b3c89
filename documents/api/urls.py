from django.urls import path

from .views import AgreementDocumentViewSet

# Mounted at /api/v1/agreements/<agreement_pk>/documents/ (api/urls.py).
urlpatterns = [
    path(
        "",
        AgreementDocumentViewSet.as_view({"get": "list", "post": "create"}),
        name="agreement-document-list",
    ),
    path(
        "<int:pk>/",
        AgreementDocumentViewSet.as_view({"get": "retrieve"}),
        name="agreement-document-detail",
    ),
    path(
        "<int:pk>/download/",
        # As a router would: with the action's own options (its renderers).
        AgreementDocumentViewSet.as_view(
            {"get": "download"}, **AgreementDocumentViewSet.download.kwargs
        ),
        name="agreement-document-download",
    ),
]
