"""The REST API's shared plumbing (``/api/v1/``); endpoints live in each app's ``api/`` package.

What is here, one module each:

- ``authentication``: ``POST /api/v1/auth/token/`` (knox token, through django-axes) and
  ``DELETE`` to revoke it. Requests send ``Authorization: Token <token>``; session login works
  too (browsable API).
- ``viewsets.ScopedViewSet``: the base of every viewset; its ``get_queryset()`` is
  ``queryset.visible_to(request.user)``, and ``action_for_method`` maps each HTTP method to the
  :class:`regions.permissions.Action` a request asks of its object (``required_action``).
- ``permissions.ScopedPermission`` (the default): signed in (else 401), and on an object the
  request's action (``regions.permissions.may``, else 403).
- ``exceptions``: one handler turns every error into ``application/problem+json`` (RFC 9457):
  400 malformed input (``invalid_params``), 422 a broken domain rule (``DomainError``), 409 a
  conflict with the current state (``DomainError(conflict=True)``), 403 a refusal
  (``Refused``, with its code), 412/428 ``If-Match``.
- ``throttling``: ``burst`` and ``sustained`` limits per token (or session); 429 with
  ``Retry-After``.
- ``pagination.PageNumberPagination`` (the default): ``{"count", "next", "previous",
  "results"}``, ``?page=`` and ``?page_size=`` (1-100).
- ``filtersets.RegionFilterSet``: ``?region=<code>`` and ``?updated_since=`` for any tenant
  list; ``StableOrderingFilter`` for ``?ordering=``.
- ``serializers``: ``StrictSerializer`` refuses unknown and read-only input fields (400);
  ``ScopedPrimaryKeyRelatedField`` / ``ScopedSlugRelatedField`` accept only objects the caller
  may see.
- ``fields``: the input fields of every ``StrictSerializer`` (``strict.CharField``, …): a value
  of another JSON type than the contract's is 400, never coerced.
- ``parsers.JSONParser``: the only parser; refuses deep nesting, duplicate keys, NUL
  characters, over-long numbers and bodies that are not UTF-8 (400) before they reach a view.
- ``middleware.ApiGuardMiddleware``: a NUL character in the path, query or a header is 400, and
  every 404 under ``/api/`` is problem+json (also an unknown URL with ``DEBUG`` on).
- ``conditional``: ``ETag`` / ``Last-Modified`` and 304 for ``If-None-Match`` /
  ``If-Modified-Since`` from a fingerprint query (``entity_tag``, ``not_modified``), and
  ``etag_for(obj)`` / ``if_match_token(request, obj)`` for optimistic concurrency on
  ``RegionOwned.edit_token``.
- ``compression.CompressionMiddleware``: gzip for JSON above 1 KB under ``/api/``; a response
  that holds a secret is marked with ``carries_secret(response)`` and never compressed.
- ``schema``: every operation documents its problem responses; ``problem_responses(409, ...)``
  adds operation-specific ones to ``extend_schema(responses=...)``.

How to write a scoped endpoint (``yourapp/api/views.py``)::

    from drf_spectacular.utils import extend_schema
    from rest_framework import mixins

    from api.viewsets import ScopedViewSet

    @extend_schema(tags=["documents"])
    class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
        queryset = Document.objects.order_by("id")   # a RegionOwned model: has visible_to
        serializer_class = DocumentSerializer         # help_text on every field (the schema)
        filterset_class = DocumentFilterSet           # subclass api.filtersets.RegionFilterSet

- Never start from an unscoped queryset: invisible objects are then 404 by ``get_object()``.
  Under ``/agreements/{agreement_pk}/`` subclass ``agreements.api.views.AgreementChildViewSet``,
  whose ``get_agreement()`` is 404 for an agreement the caller cannot see.
- Business rules stay in ``services.py``: call the service and let ``DomainError`` propagate;
  the handler answers 422 (or 409 when ``conflict``) with ``invalid_params`` named after
  ``Problem.name``; a service's ``Refused`` is 403. Wrap nothing in try/except unless a code
  needs another status.
- Writes: services run in one transaction; the change history gets the user and request from
  ``config.history.RequestHistoryMiddleware`` (also when DRF authenticates by token).
- Mount the URLs in ``api/urls.py`` and regenerate the committed schema::

      manage.py spectacular --validate --fail-on-warn --lang nl --file api/openapi.yaml

  ``tests/test_api_schema.py`` fails when it drifts, and runs Schemathesis over every operation.
- Tests: for each endpoint and role (staff of the region, of another region, party insurer,
  other insurer, national governance, anonymous) with ``tests/api_helpers.py``.
"""
