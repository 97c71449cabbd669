"""Opaque, signed paging cursors: `search_after` values bound to the search they came from.

A cursor is base64url(JSON) + "." + an HMAC of it. Clients cannot forge or edit one, and one
from another search (other words, filters or sort) is refused, so OpenSearch only ever sees
sort values of the shape it handed out.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from newsdrop.errors import InvalidCursor
from newsdrop.search.models import MAX_CURSOR_CHARS, SearchRequest


def fingerprint(request: SearchRequest) -> str:
    """What a page of one search shares with the next: everything but the page itself."""
    shape = request.model_dump(mode="json", exclude={"size", "offset", "cursor"})
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()[:16]


def encode(secret: str, request: SearchRequest, relaxed: bool, after: list[Any]) -> str:
    payload = {"f": fingerprint(request), "r": relaxed, "a": after}
    data = _b64(json.dumps(payload, separators=(",", ":")).encode())
    return f"{data}.{_sign(secret, data)}"


def decode(secret: str, request: SearchRequest, cursor: str) -> tuple[bool, list[Any]]:
    """(relaxed, search_after) of a cursor this API made for this search, else InvalidCursor."""
    data, _, signature = cursor.partition(".")
    # Compared as bytes: compare_digest refuses str with non-ASCII characters, which a client may send.
    if len(cursor) > MAX_CURSOR_CHARS or not hmac.compare_digest(signature.encode(), _sign(secret, data).encode()):
        raise InvalidCursor("cursor is not one this API issued")
    try:
        payload = json.loads(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))
    except ValueError as exc:
        raise InvalidCursor("cursor is not one this API issued") from exc
    if payload.get("f") != fingerprint(request):
        raise InvalidCursor("cursor belongs to another search (words, filters or sort changed)")
    after = payload.get("a")
    if not _valid_after(after, request.sort):
        raise InvalidCursor("cursor is not one this API issued")
    return bool(payload.get("r")), after


def _valid_after(after: Any, sort: str) -> bool:
    """[score or epoch millis, article id]: the two sort values every page is ordered by."""
    if not isinstance(after, list) or len(after) != 2 or not isinstance(after[1], str):
        return False
    first = after[0]
    if sort == "date":
        return isinstance(first, int) and not isinstance(first, bool)
    return isinstance(first, int | float) and not isinstance(first, bool)


def _sign(secret: str, data: str) -> str:
    return _b64(hmac.new(secret.encode(), data.encode(), hashlib.sha256).digest()[:16])


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")
