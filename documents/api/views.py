from django.http import FileResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, renderers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from agreements.api.views import AgreementChildViewSet
from api.schema import problem_responses
from regions.errors import DomainError

from ..models import Document, DocumentKind
from ..services import current_fingerprint, request_document
from .serializers import DocumentRequestSerializer, DocumentSerializer

DOCUMENT_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description=_("Id van het document.")
)


class PDFRenderer(renderers.BaseRenderer):
    """Lets a client ask for ``Accept: application/pdf``; errors are still problem+json."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return renderers.JSONRenderer().render(data, None, renderer_context)


@extend_schema(tags=["documents"])
class AgreementDocumentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, AgreementChildViewSet
):
    """Progress reports (PDF) of an agreement: insurers that are party to it list and download
    them; the region's staff ask for new ones."""

    queryset = Document.objects.filter(kind=DocumentKind.PROGRESS_REPORT).order_by(
        "-created_at", "-id"
    )
    serializer_class = DocumentSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.action in ("list", "retrieve", "create") and not getattr(
            self, "swagger_fake_view", False
        ):
            agreement = self.get_agreement()
            context["current_fingerprint"] = current_fingerprint(
                DocumentKind.PROGRESS_REPORT, agreement.region, agreement
            )
        return context

    @extend_schema(summary=_("Voortgangsrapportages van een afspraak"))
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(summary=_("Status van een voortgangsrapportage"), parameters=[DOCUMENT_ID])
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        summary=_("Voortgangsrapportage aanvragen"),
        description=_(
            "Voor medewerkers van de regio (anders 403). Antwoordt meteen met 202 en het "
            "document in de wachtrij; volg status_url tot de status done is en download dan "
            "download_url. Opnieuw aanvragen terwijl hetzelfde document nog wordt gemaakt geeft "
            "dat document terug."
        ),
        request=DocumentRequestSerializer,
        responses={202: DocumentSerializer, **problem_responses(422)},
    )
    def create(self, request, *args, **kwargs):
        asked = DocumentRequestSerializer(data=request.data or {})
        asked.is_valid(raise_exception=True)
        agreement = self.get_agreement()
        document = request_document(
            request.user,
            DocumentKind.PROGRESS_REPORT,
            agreement.region,
            agreement,
            period_day=asked.validated_data.get("period"),
            request_id=request.request_id,
        )
        body = self.get_serializer(document).data
        return Response(
            body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["status_url"]}
        )

    @extend_schema(
        summary=_("Voortgangsrapportage downloaden"),
        parameters=[DOCUMENT_ID, OpenApiParameter("format", exclude=True)],
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description=_("De PDF (PDF/A-3a).")
            ),
            **problem_responses(409),
        },
    )
    @action(detail=True, renderer_classes=[renderers.JSONRenderer, PDFRenderer])
    def download(self, request, *args, **kwargs):
        document = self.get_object()
        if not document.is_done:
            raise DomainError.single(
                _("Het document is nog niet klaar (status: %(status)s).")
                % {"status": document.get_status_display()},
                code="not_ready",
                conflict=True,
            )
        return FileResponse(
            document.file.open("rb"), filename=document.filename, content_type="application/pdf"
        )
