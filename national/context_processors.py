"""Whether the site's header links to the national dashboard."""

from django.utils.functional import SimpleLazyObject

from .services import dashboard_access


def dashboard_link(request):
    """``may_see_dashboard``, looked up only on pages whose header asks (see base.html)."""
    return {
        "may_see_dashboard": SimpleLazyObject(
            lambda: dashboard_access(getattr(request, "user", None)) is not None
        )
    }
