"""Ways into the archive besides a query: similar articles, entity autocomplete, index stats."""

from __future__ import annotations

from typing import Any

from opensearchpy import OpenSearch
from opensearchpy.exceptions import NotFoundError

from newsdrop.errors import ArticleNotFound
from newsdrop.search import query, results
from newsdrop.search.models import EntitiesResponse, EntitySuggestion, SimilarResponse, Stats
from newsdrop.search.service import get_article, unavailable_as_domain_error


def similar(client: OpenSearch, alias: str, article_id: str, size: int) -> SimilarResponse:
    """Articles sharing the most distinctive words of this one (more_like_this)."""
    get_article(client, alias, article_id)  # an unknown id is a 404, not an empty list
    body = {
        "size": size,
        "_source": query.SOURCE_FIELDS,
        "query": {
            "more_like_this": {
                "fields": ["title", "lead", "body", "entity_names.text"],
                "like": [{"_index": alias, "_id": article_id}],
                "min_term_freq": 1,
                "min_doc_freq": 1,
                "max_query_terms": 40,
                "minimum_should_match": "20%",
            }
        },
    }
    answer = _search(client, alias, body)
    if answer is None:
        raise ArticleNotFound(article_id)
    return SimilarResponse(id=article_id, hits=[results.hit(raw) for raw in answer["hits"]["hits"]])


def entities(client: OpenSearch, alias: str, prefix: str, entity_type: str | None, size: int) -> EntitiesResponse:
    """Entities with a word starting with `prefix` ("Ker" finds John Kerry), most mentioned first."""
    prefix = " ".join(prefix.split())
    kind = entity_type.upper() if entity_type else "[A-Z_]+"
    pattern = f"{kind}\\|" + (f"(.*[ \\-])?{_caseless(prefix)}.*" if prefix else ".*")
    body: dict[str, Any] = {
        "size": 0,
        "query": {"match_phrase_prefix": {"entity_names.words": prefix}} if prefix else {"match_all": {}},
        "aggs": {"keys": {"terms": {"field": "entity_keys", "size": size, "include": pattern}}},
    }
    answer = _search(client, alias, body) or {}
    suggestions = []
    for bucket in answer.get("aggregations", {}).get("keys", {}).get("buckets", []):
        found_type, _, value = bucket["key"].partition("|")
        suggestions.append(EntitySuggestion(value=value, type=found_type, count=bucket["doc_count"]))
    return EntitiesResponse(entities=suggestions)


def stats(client: OpenSearch, alias: str) -> Stats:
    """How much is searchable and how fresh it is."""
    body = {
        "size": 0,
        "track_total_hits": True,
        "aggs": {
            "sources": {"cardinality": {"field": "site"}},
            "newest_published": {"max": {"field": "published"}},
            "newest_indexed": {"max": {"field": "indexed_at"}},
        },
    }
    answer = _search(client, alias, body)
    if answer is None:
        return Stats(documents=0, sources=0, newest_published=None, newest_indexed=None)
    aggs = answer["aggregations"]
    return Stats(
        documents=answer["hits"]["total"]["value"],
        sources=aggs["sources"]["value"],
        newest_published=aggs["newest_published"].get("value_as_string"),
        newest_indexed=aggs["newest_indexed"].get("value_as_string"),
    )


def _caseless(text: str) -> str:
    """A Lucene regular expression matching `text` literally, ignoring case."""
    parts = []
    for char in text:
        if char.lower() != char.upper():
            parts.append(f"[{char.lower()}{char.upper()}]")
        else:
            parts.append(char if char.isalnum() or char == " " else f"\\{char}")  # \x is a literal x
    return "".join(parts)


def _search(client: OpenSearch, alias: str, body: dict[str, Any]) -> dict[str, Any] | None:
    try:
        with unavailable_as_domain_error():
            return client.search(index=alias, body=body)
    except NotFoundError:
        return None
