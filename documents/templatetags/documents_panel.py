from django import template

from documents.views import panel_context

register = template.Library()


@register.inclusion_tag("documents/panel.html", takes_context=True)
def documents_panel(context, space, agreement=None):
    """The documents panel of a staff page: request buttons and the latest PDFs with status.

    Only regional staff see it (coordinators do not ask for or read the region's documents).
    """
    if not space.is_staff:
        return {"hidden": True}
    request = context["request"]
    return {
        **panel_context(request.user, space, agreement),
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "with_script": True,
    }
