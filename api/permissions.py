"""The API's default permission: signed in, and change rights for writes on an object.

Seeing is decided by the queryset (``visible_to``; an invisible object is 404 before any
permission is checked). This class only refuses, with 403, a write on an object the caller
can see but may not change.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, IsAuthenticated

from regions.tenancy import Action


class ScopedPermission(IsAuthenticated):
    message = _("U mag dit niet wijzigen.")

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True
        manager = type(obj)._default_manager
        return manager.visible_to(request.user, Action.CHANGE).filter(pk=obj.pk).exists()
