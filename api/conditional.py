"""Optimistic concurrency for writes: ``ETag`` out, ``If-Match`` in.

The ETag of a tenant row is its :attr:`regions.tenancy.RegionOwned.edit_token` in quotes; a
write hands the token from ``If-Match`` to the service, which compares it inside its
transaction on the locked row (``refuse_if_changed_since``), so two writers cannot both win.
"""

from .exceptions import PreconditionRequired


def etag_for(obj) -> str:
    return f'"{obj.edit_token}"'


def if_match_token(request, current) -> str | None:
    """The edit token the caller's copy was based on; ``None`` for ``If-Match: *``.

    A missing header is 428. Of several entity tags, the one matching ``current`` is used if
    present; weak tags never match (RFC 9110 compares strongly for ``If-Match``).
    """
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired()
    if header == "*":
        return None
    tags = [tag.strip() for tag in header.split(",") if tag.strip()]
    if etag_for(current) in tags:
        return current.edit_token
    first = tags[0]
    if len(first) >= 2 and first[0] == first[-1] == '"':
        return first[1:-1]
    return ""  # a weak or malformed tag matches no row: the service refuses it
