from django.urls import path

from . import views

urlpatterns = [
    path("code/", views.otp_verify, name="otp_verify"),
    path("tweestapsverificatie/", views.otp_setup, name="otp_setup"),
    path("sessies/", views.session_list, name="session_list"),
    path("sessies/overal-uitloggen/", views.log_out_everywhere, name="log_out_everywhere"),
]
