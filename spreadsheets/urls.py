"""Spreadsheets in and out, under /regio/<code>/spreadsheets/."""

from django.urls import path

from . import views

app_name = "spreadsheets"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("importeren/", views.upload, name="upload"),
    path("importeren/<int:pk>/", views.preview, name="preview"),
    path("importeren/<int:pk>/bevestigen/", views.confirm, name="confirm"),
    path("sjablonen/<slug:kind>.xlsx", views.template_xlsx, name="template_xlsx"),
    path("sjablonen/<slug:kind>.csv", views.template_csv, name="template_csv"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("export/<slug:kind>.csv", views.export_csv, name="export_csv"),
]
