"""The API's default permission: signed in, and the request's action allowed on an object.

Seeing is decided by the queryset (``visible_to``; an invisible object is 404 before any
permission is checked). This class only refuses, with 403, what the caller sees but may not
do: the action :class:`api.viewsets.ScopedViewSet` takes from the HTTP method, as
:func:`regions.permissions.may` answers it.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import IsAuthenticated

from regions.permissions import Action, may


class ScopedPermission(IsAuthenticated):
    message = _("U mag dit niet wijzigen.")

    def has_object_permission(self, request, view, obj):
        action = view.required_action
        return action is Action.VIEW or may(request.user, action, obj)
