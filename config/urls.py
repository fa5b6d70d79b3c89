from django.contrib import admin
from django.urls import include, path

from staff.views.home import home

from . import views

urlpatterns = [
    path("", home, name="home"),
    path("health/", views.health, name="health"),
    # login, logout, password change and reset (Dutch templates in templates/registration/)
    path("", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("account/", include("security.urls")),
    path("regio/", include("staff.urls")),
    path("regio/<slug:code>/documenten/", include("documents.urls")),
    path("regio/<slug:code>/spreadsheets/", include("spreadsheets.urls")),
    path("landelijk/", include("national.urls")),
    path("api/v1/", include("api.urls")),
    path("admin/", admin.site.urls),
]

# Under /api/ errors outside DRF (an unknown URL, a crash) are problem+json too.
handler404 = "api.exceptions.not_found"
handler500 = "api.exceptions.server_error"
