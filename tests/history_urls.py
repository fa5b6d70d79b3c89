"""Test-only views for tests/test_history.py: a write through ``QuerySet.update()`` and a read."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_http_methods

from mandates.models import Mandate


@login_required
@require_http_methods(["GET", "POST"])
def mandate_delegate(request, pk):
    if request.method == "POST":
        Mandate.objects.filter(pk=pk).update(delegate_name=request.POST["delegate_name"])
        return HttpResponse(status=204)
    return HttpResponse(Mandate.objects.get(pk=pk).delegate_name)


urlpatterns = [
    path("mandates/<int:pk>/delegate/", mandate_delegate, name="mandate-delegate"),
]
