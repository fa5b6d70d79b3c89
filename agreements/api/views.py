import datetime

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from api.conditional import (
    QueryCache,
    entity_tag,
    etag_for,
    if_match_token,
    not_modified,
    not_modified_response,
    validators,
)
from api.exceptions import PreconditionFailed
from api.schema import problem_responses
from api.viewsets import ScopedViewSet
from regions.errors import DomainError
from regions.permissions import Action, require

from .. import services
from ..models import Agreement, AgreementParty, AgreementVersion, Review, Signature
from .filtersets import AgreementFilterSet
from .representation import (
    agreement_rows,
    fingerprint,
    fingerprint_query,
    page_rows,
    represent_agreements,
    represent_mandate_check,
    represent_positions,
    run_fingerprint,
)
from .serializers import (
    AgreementCreateSerializer,
    AgreementDetailSerializer,
    AgreementSerializer,
    AgreementUpdateSerializer,
    AgreementVersionSerializer,
    FollowRequestCreateSerializer,
    FollowRequestSerializer,
    ReviewCreateSerializer,
    ReviewSerializer,
    SignatureCreateSerializer,
    SignatureSerializer,
)

ETAG_HEADER = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200, 201, 304],
    description=_(
        "Versie van de afspraak; stuur mee als If-Match bij een wijziging, of als "
        "If-None-Match om alleen bij een wijziging de inhoud te krijgen."
    ),
)
LIST_ETAG_HEADER = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200, 304],
    description=_(
        "Versie van deze pagina; stuur mee als If-None-Match om alleen bij een wijziging de "
        "inhoud te krijgen."
    ),
)
LAST_MODIFIED_HEADER = OpenApiParameter(
    "Last-Modified",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200, 304],
    description=_("Wanneer de afspraak of iets wat zij toont het laatst veranderde."),
)
IF_NONE_MATCH_HEADER = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=_(
        "De ETag van uw kopie: is er niets veranderd, dan is het antwoord 304 zonder inhoud."
    ),
)
IF_MODIFIED_SINCE_HEADER = OpenApiParameter(
    "If-Modified-Since",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=_(
        "Het Last-Modified van uw kopie (zonder If-None-Match): is er sindsdien niets "
        "veranderd, dan is het antwoord 304 zonder inhoud."
    ),
)
NOT_MODIFIED = OpenApiResponse(description=_("Niet veranderd sinds uw kopie; geen inhoud."))
AGREEMENT_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description=_("Id van de afspraak.")
)
IF_MATCH_HEADER = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description=_("De ETag van de versie die u wijzigt (uit GET)."),
)


@extend_schema(tags=["agreements"])
class AgreementViewSet(mixins.ListModelMixin, ScopedViewSet):
    """Agreements the caller may see: staff of their regions', insurers' those they are
    party to."""

    queryset = Agreement.objects.order_by("id")
    serializer_class = AgreementSerializer
    filterset_class = AgreementFilterSet

    @extend_schema(
        summary=_("Afspraken"),
        responses={200: AgreementSerializer(many=True), 304: NOT_MODIFIED},
        parameters=[IF_NONE_MATCH_HEADER, LIST_ETAG_HEADER],
    )
    def list(self, request, *args, **kwargs):
        number = self.paginator.page_number(request)
        if number is None:  # not a page number: paginate_queryset says why
            queryset = self.filter_queryset(self.get_queryset())
            return self.get_paginated_response(
                represent_agreements(self.paginate_queryset(agreement_rows(queryset)))
            )
        size = self.paginator.get_page_size(request)
        current = run_fingerprint(self.page_fingerprint_query(number, size))
        etag = f'"{entity_tag(request, current.count, current.state)}"'
        if not_modified(request, etag):
            return not_modified_response(etag)
        if current.ids:  # the page's rows by the ids the scoped fingerprint found
            rows = self.paginator.paginate_rows(
                page_rows(current.ids), request, number, current.count
            )
        else:  # no rows: counted, and a page past the last refused, as usual
            queryset = self.filter_queryset(self.get_queryset())
            rows = self.paginate_queryset(agreement_rows(queryset))
        response = self.get_paginated_response(represent_agreements(rows))
        for header, value in validators(etag).items():
            response[header] = value
        return response

    # The fingerprint queries of list pages, by caller and parameters (see page_fingerprint_query).
    page_queries = QueryCache()

    def page_fingerprint_query(self, number: int, size: int) -> tuple[str, tuple]:
        """The fingerprint query of page ``number`` of the filtered list, built (the filters
        validated, a bad one 400) on this caller's first request with these parameters in this
        process, then kept. It depends on nothing else: the caller's scope is subqueries on
        their id, run by the database each time (a membership or party that changed counts at
        once), and whether they see everything (``visible_to``) is in the key."""
        user = self.request.user
        parameters = tuple((name, tuple(values)) for name, values in self.request.GET.lists())
        key = (user.pk, user.is_active, user.is_superuser, number, size, parameters)
        return self.page_queries.get(
            key,
            lambda: fingerprint_query(
                self.filter_queryset(self.get_queryset()), (number - 1) * size, number * size
            ),
        )

    @extend_schema(
        summary=_("Afspraak"),
        responses={200: AgreementDetailSerializer, 304: NOT_MODIFIED},
        parameters=[
            AGREEMENT_ID,
            IF_NONE_MATCH_HEADER,
            IF_MODIFIED_SINCE_HEADER,
            ETAG_HEADER,
            LAST_MODIFIED_HEADER,
        ],
    )
    def retrieve(self, request, *args, **kwargs):
        agreement = self.get_object()
        etag, last_modified = current = self.detail_validators(agreement)
        if not_modified(request, etag, last_modified):
            return not_modified_response(etag, last_modified)
        return self.detail_response(agreement, current=current)

    @extend_schema(
        summary=_("Concept aanmaken"),
        description=_("Voor medewerkers van de regio met wijzigrechten (beheerder, bewerker)."),
        request=AgreementCreateSerializer,
        responses={201: AgreementDetailSerializer, **problem_responses(422)},
        parameters=[ETAG_HEADER],
    )
    def create(self, request, *args, **kwargs):
        require(request.user, Action.CHANGE, Agreement, message=_("U mag geen afspraken aanmaken."))
        serializer = AgreementCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        region = serializer.validated_data["region"]
        require(
            request.user,
            Action.CHANGE,
            region,
            message=_("U mag in deze regio geen afspraken aanmaken."),
        )
        agreement = services.save_draft(
            request.user, region=region, **serializer.service_arguments()
        )
        response = self.detail_response(agreement, status.HTTP_201_CREATED)
        response["Location"] = reverse("api:agreement-detail", args=[agreement.pk])
        return response

    @extend_schema(
        summary=_("Concept wijzigen"),
        description=_(
            "Alleen een concept of een afspraak waarvoor wijziging is gevraagd. Stuur de ETag "
            "mee als If-Match: zonder is het antwoord 428, met een verouderde 412, en er wordt "
            "niets gewijzigd. Een lijst die u meestuurt vervangt de hele lijst."
        ),
        request=AgreementUpdateSerializer,
        responses={200: AgreementDetailSerializer, **problem_responses(409, 412, 422, 428)},
        parameters=[AGREEMENT_ID, IF_MATCH_HEADER, ETAG_HEADER],
    )
    def partial_update(self, request, *args, **kwargs):
        agreement = self.get_object()
        token = if_match_token(request, agreement)
        serializer = AgreementUpdateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        try:
            agreement = services.save_draft(
                request.user, agreement=agreement, token=token, **serializer.service_arguments()
            )
        except DomainError as error:
            if "stale" in error.codes:
                raise PreconditionFailed() from error
            raise
        return self.detail_response(agreement)

    @extend_schema(
        summary=_("Indienen ter beoordeling"),
        description=_(
            "Controleert de mandaten en bevriest de volgende genummerde versie. Ontbreekt er "
            "een mandaat, dan is het antwoord 422 met per discipline wat er ontbreekt."
        ),
        request=None,
        responses={201: AgreementVersionSerializer, **problem_responses(409, 422)},
        parameters=[AGREEMENT_ID],
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, *args, **kwargs):
        version = services.submit(request.user, self.get_object())
        return Response(
            AgreementVersionSerializer(version).data,
            status=status.HTTP_201_CREATED,
            headers={
                "Location": reverse(
                    "api:agreement-version-detail", args=[version.agreement_id, version.number]
                )
            },
        )

    def detail_validators(self, agreement) -> tuple[str, datetime.datetime]:
        """The detail's ETag (its edit token, for If-Match, and a digest of all it shows) and
        Last-Modified. The mandate check is of today: a new day may change it."""
        today = timezone.localdate()
        current = fingerprint(Agreement.objects.filter(pk=agreement.pk), detail=True)
        digest = entity_tag(self.request, current.state, today.isoformat(), url=False)
        midnight = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
        return etag_for(agreement, digest), max(current.latest, midnight)

    def detail_response(self, agreement, status_code=status.HTTP_200_OK, current=None):
        # ``agreement`` came from the scoped queryset (or was just written by the caller);
        # ``current``: its detail_validators(), if known.
        (data,) = represent_agreements(agreement_rows(Agreement.objects.filter(pk=agreement.pk)))
        data["mandate_check"] = represent_mandate_check(agreement)
        data["positions"] = represent_positions(agreement)
        headers = validators(*(current or self.detail_validators(agreement)))
        return Response(data, status=status_code, headers=headers)


AGREEMENT_PK = OpenApiParameter(
    "agreement_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description=_("Id van de afspraak.")
)


@extend_schema(parameters=[AGREEMENT_PK])
class AgreementChildViewSet(ScopedViewSet):
    """Base for rows under ``/agreements/{agreement_pk}/``: an agreement the caller cannot see
    is 404, whatever the rows."""

    def get_agreement(self) -> Agreement:
        if not hasattr(self, "_agreement"):
            self._agreement = get_object_or_404(
                Agreement.objects.visible_to(self.request.user), pk=self.kwargs["agreement_pk"]
            )
        return self._agreement

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no agreement
            return super().get_queryset().none()
        return super().get_queryset().filter(agreement=self.get_agreement())

    def get_changeable_agreement(self) -> Agreement:
        """The agreement, for a write by its region's staff: 404 if unseen, 403 if read-only."""
        agreement = self.get_agreement()
        self.check_object_permissions(self.request, agreement)
        return agreement


@extend_schema(tags=["agreements"])
class AgreementVersionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, AgreementChildViewSet
):
    """The frozen, numbered versions of an agreement, as submitted."""

    queryset = AgreementVersion.objects.order_by("number")
    serializer_class = AgreementVersionSerializer
    lookup_field = "number"

    @extend_schema(summary=_("Versies van een afspraak"))
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary=_("Versie van een afspraak"),
        parameters=[
            OpenApiParameter(
                "number",
                OpenApiTypes.INT,
                OpenApiParameter.PATH,
                description=_("Het versienummer, vanaf 1."),
            )
        ],
    )
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)


@extend_schema(tags=["agreements"])
class ReviewViewSet(mixins.ListModelMixin, AgreementChildViewSet):
    """Reviews of an agreement's versions by the insurers that are party to it."""

    queryset = Review.objects.select_related("version", "insurer").order_by("created_at", "id")
    serializer_class = ReviewSerializer

    @extend_schema(summary=_("Beoordelingen van een afspraak"))
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary=_("Versie beoordelen"),
        description=_(
            "Door een medewerker van een zorgverzekeraar (of collectieve inkoopentiteit) die "
            "partij is. Wie besluit volgt uit het inkoopmodel: elke zorgverzekeraar voor zichzelf "
            "(individueel, gelijkgericht), de preferente (volgen), de representerende "
            "(representatie) of de collectieve inkoopentiteit (collectief). De status verandert "
            "zodra geen van hen meer openstaat op de laatste versie. Onder volgen legt een "
            "andere zorgverzekeraar een volgbesluit vast zodra de afspraak is goedgekeurd; dat "
            "verandert de status nooit. 403 met code not_a_party, not_a_decider of "
            "not_a_follower als het model u dit besluit niet toestaat; 409 met code "
            "lead_not_decided, signed_not_reviewed, stale_version, already_reviewed of "
            "invalid_transition; 422 als een toelichting of contractkenmerk ontbreekt."
        ),
        request=ReviewCreateSerializer,
        responses={201: ReviewSerializer, **problem_responses(403, 409, 422)},
        examples=[
            OpenApiExample(
                _("Goedkeuren"),
                value={"version": 2, "decision": "approve", "comment": ""},
                request_only=True,
            ),
            OpenApiExample(
                _("Wijziging vragen"),
                value={
                    "version": 2,
                    "decision": "request_changes",
                    "comment": "Graag de streefwaarde voor 2027 onderbouwen.",
                },
                request_only=True,
            ),
            OpenApiExample(
                _("Goedkeuren met eigen contract (gelijkgericht)"),
                value={
                    "version": 1,
                    "decision": "approve",
                    "comment": "",
                    "contract_reference": "ZV-2026-0412",
                },
                request_only=True,
            ),
            OpenApiExample(
                _("Gedeeltelijk volgen"),
                value={
                    "version": 1,
                    "decision": "follow_partly",
                    "comment": "Wij volgen op inhoud; de prijs spreken wij zelf af.",
                },
                request_only=True,
            ),
            OpenApiExample(
                _("Vastgelegde beoordeling"),
                value={
                    "id": 41,
                    "version": 2,
                    "insurer": {"id": 7, "name": "Zorgverzekeraar Fictief"},
                    "decision": "approve",
                    "comment": "",
                    "contract_reference": "",
                    "by_lead_insurer": True,
                    "created_at": "2026-03-02T10:15:00+01:00",
                },
                response_only=True,
                status_codes=["201"],
            ),
        ],
    )
    def create(self, request, *args, **kwargs):
        agreement = self.get_agreement()
        serializer = ReviewCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        review = services.review(request.user, agreement, **serializer.validated_data)
        return Response(ReviewSerializer(review).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["agreements"])
class SignatureViewSet(mixins.ListModelMixin, AgreementChildViewSet):
    """Signatures of the parties under an agreement they sign (intentie-,
    samenwerkingsovereenkomst, afspraken met andere sectoren)."""

    queryset = Signature.objects.select_related("version", "party__organisation").order_by(
        "signed_on", "id"
    )
    serializer_class = SignatureSerializer

    @extend_schema(summary=_("Handtekeningen onder een afspraak"))
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary=_("Handtekening vastleggen"),
        description=_(
            "Door een medewerker van de regio met wijzigrechten: de handtekening van een partij "
            "onder de laatste versie, met wie en wanneer. Als alle partijen hebben ondertekend "
            "is de afspraak actief. 409 als de afspraak niet ter ondertekening ligt, door "
            "zorgverzekeraars wordt beoordeeld of de partij al ondertekende; 422 als de "
            "organisatie geen partij is of een gegeven ontbreekt."
        ),
        request=SignatureCreateSerializer,
        responses={201: SignatureSerializer, **problem_responses(409, 422)},
        examples=[
            OpenApiExample(
                _("Handtekening"),
                value={
                    "organisation": 12,
                    "signatory": "J. Voorbeeld, bestuurder",
                    "signed_on": "2026-03-02",
                },
                request_only=True,
            ),
        ],
    )
    def create(self, request, *args, **kwargs):
        agreement = self.get_changeable_agreement()
        serializer = SignatureCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        signature = services.sign(
            request.user,
            agreement,
            party_of(agreement, data["organisation"]),
            signatory=data["signatory"],
            signed_on=data["signed_on"],
        )
        return Response(SignatureSerializer(signature).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["agreements"])
class FollowRequestViewSet(AgreementChildViewSet):
    """The collaborative asks an insurer that is party to follow the lead (under *volgen*)."""

    queryset = AgreementParty.objects.all()
    serializer_class = FollowRequestSerializer

    @extend_schema(
        summary=_("Vragen te volgen"),
        description=_(
            "Door een medewerker van de regio met wijzigrechten, onder het inkoopmodel volgen, "
            "zodra de preferente zorgverzekeraar heeft goedgekeurd (anders 409). De gevraagde "
            "zorgverzekeraar legt daarna zelf een volgbesluit vast."
        ),
        request=FollowRequestCreateSerializer,
        responses={201: FollowRequestSerializer, **problem_responses(409, 422)},
    )
    def create(self, request, *args, **kwargs):
        agreement = self.get_changeable_agreement()
        serializer = FollowRequestCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organisation = party_of(agreement, serializer.validated_data["organisation"]).organisation
        party = services.ask_to_follow(request.user, agreement, organisation)
        data = {
            "organisation": {"id": party.organisation_id, "name": party.organisation.name},
            "follow_requested_at": party.follow_requested_at,
        }
        return Response(FollowRequestSerializer(data).data, status=status.HTTP_201_CREATED)


def party_of(agreement, organisation_id):
    party = agreement.parties.select_related("organisation").filter(organisation_id=organisation_id)
    if not party:
        raise DomainError.single(
            _("Deze organisatie is geen partij bij de afspraak."),
            field="organisation",
            code="not_a_party",
        )
    return party[0]
