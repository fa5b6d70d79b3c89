from rest_framework import viewsets

from regions.tenancy import Action


class ScopedViewSet(viewsets.GenericViewSet):
    """Base of every API viewset: ``queryset`` is cut down to what the caller may see.

    Declare ``queryset``, ``serializer_class`` and ``filterset_class`` and add the mixins you
    need. ``get_object()`` then answers 404 for objects outside the caller's scope, and the
    default :class:`api.permissions.ScopedPermission` answers 403 for a write on an object the
    caller sees but may not change.
    """

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method in ("POST", "PUT", "PATCH"):
            # Parse the body now (api.parsers.JSONParser checks it), so a malformed one is 400 on
            # every write, also where the operation reads none.
            request.data  # noqa: B018

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user, Action.VIEW)
