"""Turn a search request into OpenSearch DSL. User text only ever goes in as query text."""

from __future__ import annotations

from typing import Any

from newsdrop.search.models import SearchRequest

SEARCH_FIELDS = ["title^3", "lead^2", "body", "entity_names.text^2"]
SNIPPET_CHARS = 200
SOURCE_FIELDS = ["id", "title", "lead", "body", "published", "site", "url"]


def build_search(request: SearchRequest) -> dict[str, Any]:
    """All words must match by default; `simple_query_string` never errors on bad syntax."""
    text = request.q.strip()
    if text in {"", "*"}:
        query: dict[str, Any] = {"match_all": {}}
    else:
        query = {
            "simple_query_string": {
                "query": text,
                "fields": SEARCH_FIELDS,
                "default_operator": "and",
                "flags": "AND|OR|NOT|PHRASE|PREFIX|PRECEDENCE|WHITESPACE|ESCAPE",
            }
        }
    return {
        "query": query,
        "size": request.size,
        "from": request.offset,
        "track_total_hits": True,
        "_source": SOURCE_FIELDS,
        "highlight": {
            "encoder": "html",
            "pre_tags": ["<mark>"],
            "post_tags": ["</mark>"],
            "fields": {
                "body": {"fragment_size": SNIPPET_CHARS, "number_of_fragments": 1},
                "lead": {"fragment_size": SNIPPET_CHARS, "number_of_fragments": 1},
            },
        },
    }
