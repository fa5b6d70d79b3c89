"""gzip for the API's JSON answers above 1 KB, when the client accepts it.

A page of 100 agreements is about 176 KB of JSON and some 10 KB compressed; polling systems
fetch it often. Only JSON under ``/api/`` is compressed (the browsable API's HTML carries a
CSRF token and is left alone), and never an answer marked with :func:`carries_secret`.

BREACH: a compressed answer's length can leak a secret in it when the same body reflects
what an attacker sends. Secrets appear in exactly two answers, the new token
(``POST /api/v1/auth/token/``) and a webhook subscription's signing secret (when it is made
or rotated); both are marked and sent uncompressed. Other JSON holds no secret (no tokens,
no CSRF token, no session), so compressing it leaks nothing. As Django's GZipMiddleware does,
each compressed body also carries up to 100 random bytes in its gzip header
("Heal the BREACH").
"""

import re

from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

from .conditional import GZIP_SUFFIX
from .exceptions import API_PATH_PREFIX, PROBLEM_CONTENT_TYPE

MIN_SIZE = 1024
COMPRESSED_TYPES = ("application/json", PROBLEM_CONTENT_TYPE)
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def carries_secret(response):
    """Mark ``response`` as holding a secret: it is never compressed (BREACH)."""
    response.carries_secret = True
    return response


def _gzip_tag(etag: str) -> str:
    return f'{etag[:-1]}{GZIP_SUFFIX}"'


class CompressionMiddleware:
    """Compresses as the module says. A compressed answer's strong ``ETag`` gets
    :data:`api.conditional.GZIP_SUFFIX` (each coding has its own tag); a 304 to a client that
    holds the compressed copy names that copy's tag. Place it first after SecurityMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(API_PATH_PREFIX):
            return response
        accepts = bool(ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")))
        etag = response.get("ETag", "")
        strong = etag.startswith('"')
        if response.status_code == 304:
            if strong and accepts and _gzip_tag(etag) in request.headers.get("If-None-Match", ""):
                response["ETag"] = _gzip_tag(etag)
            return response
        content_type = response.get("Content-Type", "").split(";")[0].strip()
        if (
            response.streaming
            or content_type not in COMPRESSED_TYPES
            or getattr(response, "carries_secret", False)
            or response.has_header("Content-Encoding")
            or len(response.content) < MIN_SIZE
        ):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if not accepts:
            return response
        response.content = compress_string(response.content, max_random_bytes=100)
        response["Content-Length"] = str(len(response.content))
        response["Content-Encoding"] = "gzip"
        if strong:
            response["ETag"] = _gzip_tag(etag)
        return response
