from django.urls import include, path

app_name = "api"
urlpatterns = [
    path("national/", include("national.api.urls")),
    path("agreements/<int:agreement_pk>/documents/", include("documents.api.urls")),
]
