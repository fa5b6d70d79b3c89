"""Staff pages of the documents: the panel (request buttons and the list with status), asking
for a document, and downloading it. Under /regio/<code>/documenten/.

The region comes from :func:`staff.access.workspace` (404 for whoever is not a member of it);
documents are looked up through ``Document.objects.visible_to``.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements.models import Agreement
from progress.services import Period
from regions.errors import DomainError
from regions.permissions import Action
from staff.access import region_page, visible, workspace

from .models import Document, DocumentKind, DocumentStatus
from .services import current_fingerprints, default_period, report_periods, request_document

LISTED = 5  # the latest documents of a kind shown in the panel


@dataclass(frozen=True)
class KindPanel:
    kind: DocumentKind
    agreement: Agreement | None
    documents: list
    current_fingerprint: str
    periods: list = field(default_factory=list)  # a progress report's periods to choose from
    default_period: Period | None = None

    @property
    def latest_done(self) -> Document | None:
        return next((d for d in self.documents if d.status == DocumentStatus.DONE), None)

    @property
    def is_out_of_date(self) -> bool:
        latest = self.latest_done
        return latest is not None and latest.fingerprint != self.current_fingerprint


def panel_context(user, space, agreement=None) -> dict:
    """What the documents panel of the region home (``agreement`` None) or of an agreement's
    page shows: per kind the latest documents, and whether the newest PDF is out of date."""
    region = space.region
    kinds = (
        [DocumentKind.PROGRESS_REPORT]
        if agreement is not None
        else [DocumentKind.REGIOBEELD, DocumentKind.REGIOPLAN]
    )
    documents = (
        Document.objects.visible_to(user)
        .in_region(region)
        .filter(kind__in=kinds, agreement=agreement)
        .select_related("requested_by")
        .order_by("-created_at")
    )
    by_kind: dict[str, list] = {kind: [] for kind in kinds}
    for document in documents[: LISTED * len(kinds) * 4]:
        if len(by_kind[document.kind]) < LISTED:
            by_kind[document.kind].append(document)
    current = current_fingerprints(kinds, region, agreement)
    periods = report_periods(agreement) if agreement is not None else []
    panels = [
        KindPanel(
            kind,
            agreement,
            by_kind[kind],
            current[kind],
            periods,
            default_period(agreement) if periods else None,
        )
        for kind in kinds
    ]
    query = f"?afspraak={agreement.pk}" if agreement is not None else ""
    back = (
        reverse("staff:agreement_detail", args=[region.code, agreement.pk])
        if agreement is not None
        else reverse("staff:region_home", args=[region.code])
    )
    return {
        "space": space,
        "panels": panels,
        "agreement": agreement,
        "pending": any(d.is_pending for panel in panels for d in panel.documents),
        "panel_url": reverse("documents:panel", args=[region.code]) + query,
        "back_url": f"{back}#documenten",
    }


def _agreement(request, space):
    pk = request.GET.get("afspraak") or request.POST.get("afspraak")
    if not pk:
        return None
    if not str(pk).isdigit():
        raise Http404
    return visible(request, space, Agreement, pk=pk)


def _period_day(text):
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise DomainError.single(
            _("Kies een periode uit de lijst."), field="period", code="invalid"
        ) from None


@login_required
@region_page(Action.VIEW)
def panel(request, code):
    """The panel on its own: the page's script fetches it while a document is being made."""
    space = workspace(request, code)
    agreement = _agreement(request, space)
    return render(request, "documents/panel.html", panel_context(request.user, space, agreement))


@login_required
@require_POST
@region_page(Action.VIEW)
def ask(request, code):
    """Queue a document (the form's ``kind``, and ``afspraak`` for a progress report) and go
    back to the page the button was on."""
    space = workspace(request, code)
    agreement = _agreement(request, space)
    try:
        document = request_document(
            request.user,
            request.POST.get("kind", ""),
            space.region,
            agreement,
            period_day=_period_day(request.POST.get("periode")),
            request_id=request.request_id,
        )
    except DomainError as error:
        for problem in error.problems:
            messages.error(request, problem.message)
    else:
        kind = {"kind": document.get_kind_display()}
        if document.awaits_message:
            messages.warning(
                request,
                _(
                    "Uw %(kind)s staat in de wachtrij en wordt zo snel mogelijk gemaakt: de "
                    "wachtrij is even niet bereikbaar. U hoeft niets opnieuw aan te vragen."
                )
                % kind,
            )
        else:
            messages.success(
                request,
                _(
                    "Uw %(kind)s wordt gemaakt; de lijst hieronder laat zien wanneer de PDF "
                    "klaar is."
                )
                % kind,
            )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("staff:region_home", args=[code])
    return redirect(back)


@login_required
@region_page(Action.VIEW)
def download(request, code, pk):
    space = workspace(request, code)
    document = visible(request, space, Document.objects.filter(status=DocumentStatus.DONE), pk=pk)
    return FileResponse(
        document.file.open("rb"), filename=document.filename, content_type="application/pdf"
    )
