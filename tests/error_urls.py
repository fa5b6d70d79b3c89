"""The site's URLs plus a view that fails, for the tests of the 500 page."""

from django.urls import path

from config import urls as site


def fail(request):
    raise RuntimeError("a test of the 500 page")


urlpatterns = [path("kapot/", fail), path("api/v1/kapot/", fail), *site.urlpatterns]
handler404 = site.handler404
handler500 = site.handler500
