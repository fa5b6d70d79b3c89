"""The platform's URLs and the plain view the API list is measured against (:mod:`bench.api`)."""

from bench.api import urlpatterns_with_plain_view

urlpatterns = urlpatterns_with_plain_view()
