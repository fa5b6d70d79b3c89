from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .authentication import TokenView

app_name = "api"
urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path("", include("agreements.api.urls")),
    path("", include("regions.api.urls")),
    path("", include("events.api.urls")),
    path("national/", include("national.api.urls")),
    path("agreements/<int:agreement_pk>/documents/", include("documents.api.urls")),
    path("agreements/<int:agreement_pk>/", include("progress.api.urls")),
]
