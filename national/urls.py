from django.urls import path

from . import views

app_name = "national"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("indicatoren/", views.kpis, name="kpis"),
    path("regio/<slug:code>/", views.detail, name="region"),
]
