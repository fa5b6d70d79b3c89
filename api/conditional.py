"""Conditional requests: ``ETag`` and ``Last-Modified`` out, ``If-None-Match``,
``If-Modified-Since`` and ``If-Match`` in.

Reads: a view computes a *fingerprint* of what its representation shows with one cheap query
(:func:`agreements.api.representation.fingerprint`), makes it an entity tag with
:func:`entity_tag` and answers 304 from :func:`not_modified` before building anything.

Writes: optimistic concurrency on :attr:`regions.tenancy.RegionOwned.edit_token`. A row's
entity tag starts with its edit token (``"<edit token>/<digest>"``); a write hands the token
from ``If-Match`` to the service, which compares it inside its transaction on the locked row
(``refuse_if_changed_since``), so two writers cannot both win.

A compressed answer carries its entity tag with :data:`GZIP_SUFFIX` (as Apache's mod_deflate
does), so each content coding has a tag of its own; the tags that come back are compared
without it.
"""

import datetime
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from django.utils.http import http_date, parse_http_date_safe
from rest_framework import status
from rest_framework.response import Response

from .exceptions import PreconditionRequired

GZIP_SUFFIX = "-gzip"
# Caches may keep an answer but must ask again each time (the answer depends on the caller).
CACHE_CONTROL = "private, no-cache"


def etag_for(obj, digest: str = "") -> str:
    """The entity tag of ``obj``'s representation: its edit token, then ``digest`` if any."""
    return f'"{obj.edit_token}/{digest}"' if digest else f'"{obj.edit_token}"'


def entity_tag(request, *parts, url=True) -> str:
    """A digest of ``parts`` and of what else shapes the answer to ``request``: the format, the
    language and (with ``url``, for a list) its URL (page, filters, the host in the links)."""
    renderer = getattr(request, "accepted_renderer", None)
    seed = repr(
        (
            (request.get_host(), request.get_full_path()) if url else (),
            getattr(renderer, "format", ""),
            getattr(request, "LANGUAGE_CODE", ""),
            parts,
        )
    )
    return hashlib.blake2b(seed.encode(), digest_size=16).hexdigest()


class QueryCache:
    """Built queries (SQL and parameters) by a key that fixes them, kept in this process.

    For a fingerprint that depends only on the caller's identity and the request's parameters
    (:meth:`agreements.api.views.AgreementViewSet.list`): a client polling the same URL has its
    filters validated and its query built once, not on every request. At most ``size`` keys;
    the least recently used goes first.
    """

    def __init__(self, size: int = 1024):
        self.size = size
        self._queries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, build: Callable[[], tuple[str, tuple]]) -> tuple[str, tuple]:
        with self._lock:
            query = self._queries.get(key)
            if query is not None:
                self._queries.move_to_end(key)
                return query
        query = build()  # outside the lock: it may raise (a filter's 400) and it takes time
        with self._lock:
            self._queries[key] = query
            if len(self._queries) > self.size:
                self._queries.popitem(last=False)
        return query


def request_tags(request, header: str) -> list[str]:
    """The entity tags in ``header``, weak or strong, without the content coding's suffix."""
    tags = []
    for tag in request.headers.get(header, "").split(","):
        tag = tag.strip().removeprefix("W/")
        if len(tag) >= 2 and tag[0] == tag[-1] == '"':
            tag = tag[1:-1].removesuffix(GZIP_SUFFIX)
            tags.append(f'"{tag}"')
        elif tag == "*":
            tags.append(tag)
    return tags


def not_modified(request, etag: str, last_modified: datetime.datetime | None = None) -> bool:
    """Whether the caller's copy is current (RFC 9110 §13.2.2): ``If-None-Match`` by weak
    comparison; only without it ``If-Modified-Since``."""
    if request.method not in ("GET", "HEAD"):
        return False
    if "If-None-Match" in request.headers:
        tags = request_tags(request, "If-None-Match")
        return "*" in tags or etag in tags
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return (
        since is not None and last_modified is not None and int(last_modified.timestamp()) <= since
    )


def validators(etag: str, last_modified: datetime.datetime | None = None) -> dict[str, str]:
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
    if last_modified is not None:
        headers["Last-Modified"] = http_date(last_modified.timestamp())
    return headers


def not_modified_response(etag: str, last_modified=None) -> Response:
    return Response(status=status.HTTP_304_NOT_MODIFIED, headers=validators(etag, last_modified))


def if_match_token(request, current) -> str | None:
    """The edit token the caller's copy was based on; ``None`` for ``If-Match: *``.

    A missing header is 428. Of several entity tags, the one whose edit token is ``current``'s
    is used if present; weak tags never match (RFC 9110 compares strongly for ``If-Match``).
    """
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired()
    if header == "*":
        return None
    tokens = [_edit_token(tag.strip()) for tag in header.split(",") if tag.strip()]
    if current.edit_token in tokens:
        return current.edit_token
    return tokens[0] or ""  # a weak or malformed tag matches no row: the service refuses it


def _edit_token(tag: str) -> str:
    if len(tag) < 2 or tag[0] != '"' or tag[-1] != '"':
        return ""
    return tag[1:-1].removesuffix(GZIP_SUFFIX).partition("/")[0]
