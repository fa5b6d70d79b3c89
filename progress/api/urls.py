from django.urls import path

from .views import MeasurementViewSet, ProgressViewSet

# Mounted at /api/v1/agreements/<agreement_pk>/ (api/urls.py).
urlpatterns = [
    path(
        "measurements/",
        MeasurementViewSet.as_view({"get": "list", "post": "create"}),
        name="agreement-measurement-list",
    ),
    path(
        "progress/",
        ProgressViewSet.as_view({"get": "retrieve"}),
        name="agreement-progress",
    ),
]
