"""Staff pages of spreadsheets in and out, under /regio/<code>/spreadsheets/: templates and
exports for the region's staff; upload, preview and confirm of an import for those who may
change the region (editors and admins); and the region's import history.

The region comes from :func:`staff.access.workspace` (404 for whoever is not a member of it).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from regions.errors import DomainError
from regions.tenancy import Action
from staff.access import region_page, visible, workspace
from staff.views.common import page, refused, show_errors

from . import services
from .exporting import CSV_TYPE, XLSX_TYPE
from .forms import ImportForm
from .kinds import IMPORTERS
from .models import ImportBatch
from .reading import MAX_BYTES

SECTION = "spreadsheets"
HISTORY_SHOWN = 20
ROWS_SHOWN = 500
# The preview's tabs (?toon=): which rows each shows, and its name.
TABS = {
    "geweigerd": (services.REFUSED, gettext_lazy("Geweigerd")),
    "nieuw": (services.CREATE, gettext_lazy("Nieuw")),
    "gewijzigd": (services.UPDATE, gettext_lazy("Gewijzigd")),
    "ongewijzigd": (services.UNCHANGED, gettext_lazy("Ongewijzigd")),
}


def overview_page(request, space, form=None):
    history = (
        ImportBatch.objects.visible_to(request.user)
        .in_region(space.region)
        .filter(status=ImportBatch.Status.IMPORTED)
        .select_related("uploaded_by")
        .order_by("-imported_at")[:HISTORY_SHOWN]
    )
    return page(
        request,
        space,
        "spreadsheets/overview.html",
        {
            "section": SECTION,
            "kinds": [(importer.kind, importer.slug) for importer in IMPORTERS.values()],
            "form": form or ImportForm(),
            "history": history,
        },
    )


@login_required
@require_GET
@region_page(Action.VIEW)
def overview(request, code):
    space = workspace(request, code)
    return overview_page(request, space)


@login_required
@require_POST
@region_page(Action.CHANGE)
def upload(request, code):
    space = workspace(request, code)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.preview(
                request.user,
                space.region,
                form.cleaned_data["kind"],
                upload.name,
                upload.read(MAX_BYTES + 1),  # one byte more than allowed is enough to refuse
            )
        except DomainError as error:
            show_errors(form, error)
        else:
            return redirect("spreadsheets:preview", code, batch.pk)
    return overview_page(request, space, form)


def own_preview(request, space, pk) -> ImportBatch:
    """A preview the signed-in user uploaded in this region, or 404."""
    previews = ImportBatch.objects.visible_to(request.user, Action.CHANGE).filter(
        status=ImportBatch.Status.PREVIEW, uploaded_by=request.user
    )
    return visible(request, space, previews, pk=pk)


@login_required
@require_GET
@region_page(Action.CHANGE)
def preview(request, code, pk):
    space = workspace(request, code)
    batch = own_preview(request, space, pk)
    counts = {
        services.REFUSED: batch.error_count,
        services.CREATE: batch.created_count,
        services.UPDATE: batch.updated_count,
        services.UNCHANGED: batch.unchanged_count,
    }
    tab = request.GET.get("toon")
    if tab not in TABS:
        shown_first = [name for name, (action, _label) in TABS.items() if counts[action]]
        tab = shown_first[0] if shown_first else "ongewijzigd"
    rows = [row for row in batch.rows if row["action"] == TABS[tab][0]]
    return page(
        request,
        space,
        "spreadsheets/preview.html",
        {
            "section": SECTION,
            "batch": batch,
            "tabs": [(name, label, counts[action]) for name, (action, label) in TABS.items()],
            "tab": tab,
            "rows": rows[:ROWS_SHOWN],
            "rows_hidden": max(0, len(rows) - ROWS_SHOWN),
            "errors": [error for row in batch.rows for error in row["errors"]],
        },
    )


@login_required
@require_POST
@region_page(Action.CHANGE)
def confirm(request, code, pk):
    space = workspace(request, code)
    batch = own_preview(request, space, pk)
    target = reverse("spreadsheets:overview", args=[code])
    try:
        batch = services.confirm(request.user, batch)
    except DomainError as error:
        return refused(request, target, error)
    messages.success(
        request,
        _("%(file)s is geïmporteerd: %(created)s nieuw, %(updated)s gewijzigd.")
        % {"file": batch.file_name, "created": batch.created_count, "updated": batch.updated_count},
    )
    return redirect(target)


def download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def importer_or_404(kind_slug):
    importer = services.importer_for_slug(kind_slug)
    if importer is None:
        raise Http404
    return importer


def staff_space(request, code):
    space = workspace(request, code)
    space.require(Action.VIEW)
    return space


@login_required
@require_GET
def template_xlsx(request, code, kind):
    staff_space(request, code)
    importer = importer_or_404(kind)
    return download(
        services.template_xlsx(importer.kind), XLSX_TYPE, f"sjabloon-{importer.slug}.xlsx"
    )


@login_required
@require_GET
def template_csv(request, code, kind):
    staff_space(request, code)
    importer = importer_or_404(kind)
    return download(services.template_csv(importer.kind), CSV_TYPE, f"sjabloon-{importer.slug}.csv")


@login_required
@require_GET
def export_xlsx(request, code):
    space = staff_space(request, code)
    day = timezone.localdate()
    return download(
        services.export_workbook(space.region), XLSX_TYPE, f"{space.region.code}-{day}.xlsx"
    )


@login_required
@require_GET
def export_csv(request, code, kind):
    space = staff_space(request, code)
    importer = importer_or_404(kind)
    day = timezone.localdate()
    return download(
        services.export_csv(space.region, importer.kind),
        CSV_TYPE,
        f"{space.region.code}-{importer.slug}-{day}.csv",
    )
