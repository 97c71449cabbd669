"""Fine-grained access control: the index function maps the search role to read-only, once per cold start.

The embedded node has no security plugin, so the requests are recorded by a connection class of
this test's own instead of answered.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from opensearchpy import Connection, OpenSearch

from newsdrop.search_index.security import READ_ROLE, map_reader_role_once

SEARCH_ROLE = "arn:aws:iam::123456789012:role/newsdrop-SearchApiFunctionRole-ABC"


class Recording(Connection):
    """Answers every request with `{}` and keeps (method, path, body)."""

    sent: ClassVar[list[tuple[str, str, Any]]] = []

    def perform_request(self, method: str, url: str, params=None, body=None, timeout=None, ignore=(), headers=None):
        self.sent.append((method, url, json.loads(body) if body else None))
        return 200, {"content-type": "application/json"}, "{}"


def test_the_search_role_is_mapped_to_the_read_only_role_once_per_cold_start() -> None:
    client = OpenSearch(hosts=["http://domain.example:443"], connection_class=Recording)
    map_reader_role_once(client, SEARCH_ROLE)
    map_reader_role_once(client, SEARCH_ROLE)
    assert Recording.sent == [
        ("PUT", f"/_plugins/_security/api/rolesmapping/{READ_ROLE}", {"backend_roles": [SEARCH_ROLE]})
    ]
