from rest_framework import viewsets

from regions.permissions import Action


class ScopedViewSet(viewsets.GenericViewSet):
    """Base of every API viewset: ``queryset`` is cut down to what the caller may see.

    Declare ``queryset``, ``serializer_class`` and ``filterset_class`` and add the mixins you
    need. ``get_object()`` then answers 404 for objects outside the caller's scope, and the
    default :class:`api.permissions.ScopedPermission` answers 403 when the caller sees the
    object but may not do ``required_action`` on it (:func:`regions.permissions.may`).
    """

    # What a request asks of the object it is about, by HTTP method (as NetBox's
    # BaseViewSet.initial). Services check what is more specific (an insurer's review).
    action_for_method = {
        "GET": Action.VIEW,
        "HEAD": Action.VIEW,
        "OPTIONS": Action.VIEW,
        "POST": Action.CHANGE,
        "PUT": Action.CHANGE,
        "PATCH": Action.CHANGE,
        "DELETE": Action.CHANGE,
    }

    def initial(self, request, *args, **kwargs):
        self.required_action = self.action_for_method.get(request.method, Action.CHANGE)
        super().initial(request, *args, **kwargs)
        if request.method in ("POST", "PUT", "PATCH"):
            # Parse the body now (api.parsers.JSONParser checks it), so a malformed one is 400 on
            # every write, also where the operation reads none.
            request.data  # noqa: B018

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user, Action.VIEW)
