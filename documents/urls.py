from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.panel, name="panel"),
    path("aanvragen/", views.ask, name="request"),
    path("<int:pk>/download/", views.download, name="download"),
]
