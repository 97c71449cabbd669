"""Ways into the archive besides a query: similar articles, entity autocomplete, index stats."""

from __future__ import annotations

from newsdrop.errors import ArticleNotFound
from newsdrop.search import query, results, semantic
from newsdrop.search.models import EntitiesResponse, EntitySuggestion, SimilarResponse, Stats
from newsdrop.search_index.fields import VECTOR, split_entity_key
from newsdrop.search_index.reader import IndexReader


def similar(index: IndexReader, article_id: str, size: int) -> SimilarResponse:
    """The articles nearest in meaning to this one; by shared distinctive words where it has no vector."""
    stored = index.get(article_id)  # an unknown id is a 404, not an empty list
    vector = stored.get(VECTOR)
    body = (
        semantic.similar_body(vector, article_id, size) if vector else query.similar_body(index.alias, article_id, size)
    )
    answer = index.search(body)
    if answer is None:
        raise ArticleNotFound(article_id)
    return SimilarResponse(id=article_id, hits=[results.hit(raw) for raw in answer["hits"]["hits"]])


def entities(index: IndexReader, prefix: str, entity_type: str | None, size: int) -> EntitiesResponse:
    """Entities with a word starting with `prefix` ("Ker" finds John Kerry), most mentioned first."""
    prefix = " ".join(prefix.split())
    answer = index.search(query.entities_body(prefix, entity_type, size)) or {}
    suggestions = []
    for bucket in answer.get("aggregations", {}).get("names", {}).get("buckets", []):
        found_type, value = (entity_type.upper(), bucket["key"]) if entity_type else split_entity_key(bucket["key"])
        if _starts_a_word(value, prefix):
            suggestions.append(EntitySuggestion(value=value, type=found_type, count=bucket["doc_count"]))
    return EntitiesResponse(entities=suggestions[:size])


def stats(index: IndexReader) -> Stats:
    """How much is searchable and how fresh it is."""
    answer = index.search(query.stats_body())
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
