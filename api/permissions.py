"""The API's default permission: signed in, and the request's action allowed on an object.

Seeing is decided by the queryset (``visible_to``; an invisible object is 404 before any
permission is checked). This class only refuses, with 403, what the caller sees but may not
do: the action :class:`api.viewsets.ScopedViewSet` takes from the HTTP method, as
:func:`regions.permissions.may` answers it.
"""

from rest_framework.permissions import IsAuthenticated

from regions.permissions import REFUSALS, Action, may


class ScopedPermission(IsAuthenticated):
    message = REFUSALS[Action.CHANGE]

    def has_object_permission(self, request, view, obj):
        action = view.required_action
        return action is Action.VIEW or may(request.user, action, obj)
