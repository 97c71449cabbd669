"""Ways into the archive besides a query: similar articles, entity autocomplete, index stats."""

from __future__ import annotations

from typing import Any

from opensearchpy import OpenSearch

from newsdrop.errors import ArticleNotFound
from newsdrop.search import query, results
from newsdrop.search.models import EntitiesResponse, EntitySuggestion, SimilarResponse, Stats
from newsdrop.search.service import get_article, run_search

ENTITY_CANDIDATES = 200  # names looked at per request before the prefix picks among them


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
    answer = run_search(client, alias, body)
    if answer is None:
        raise ArticleNotFound(article_id)
    return SimilarResponse(id=article_id, hits=[results.hit(raw) for raw in answer["hits"]["hits"]])


def entities(client: OpenSearch, alias: str, prefix: str, entity_type: str | None, size: int) -> EntitiesResponse:
    """Entities with a word starting with `prefix` ("Ker" finds John Kerry), most mentioned first.

    The query narrows to articles with such a word; the names are picked from their entities here,
    not by a regex `include` (OpenSearch 2.19 fails on one that matches no term at all).
    """
    prefix = " ".join(prefix.split())
    field = f"entities_by_type.{entity_type.lower()}" if entity_type else "entity_keys"
    narrow: list[dict[str, Any]] = [{"exists": {"field": field}}]
    if prefix:
        narrow.append({"match_phrase_prefix": {"entity_names.words": {"query": prefix, "max_expansions": 100}}})
    body: dict[str, Any] = {
        "size": 0,
        "query": {"bool": {"filter": narrow}},
        "aggs": {"names": {"terms": {"field": field, "size": max(size * 10, ENTITY_CANDIDATES)}}},
    }
    answer = run_search(client, alias, body) or {}
    suggestions = []
    for bucket in answer.get("aggregations", {}).get("names", {}).get("buckets", []):
        found_type, value = (entity_type.upper(), bucket["key"]) if entity_type else bucket["key"].split("|", 1)
        if _starts_a_word(value, prefix):
            suggestions.append(EntitySuggestion(value=value, type=found_type, count=bucket["doc_count"]))
    return EntitiesResponse(entities=suggestions[:size])


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
    answer = run_search(client, alias, body)
    if answer is None:
        return Stats(documents=0, sources=0, newest_published=None, newest_indexed=None)
    aggs = answer["aggregations"]
    return Stats(
        documents=answer["hits"]["total"]["value"],
        sources=aggs["sources"]["value"],
        newest_published=aggs["newest_published"].get("value_as_string"),
        newest_indexed=aggs["newest_indexed"].get("value_as_string"),
    )


def _starts_a_word(value: str, prefix: str) -> bool:
    """Whether `prefix` starts `value` or one of its words, ignoring case."""
    words = " " + value.lower().replace("-", " ")
    return not prefix or f" {prefix.lower()}" in words
