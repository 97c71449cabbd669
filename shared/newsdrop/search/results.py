"""OpenSearch answers turned into the API's response models: hits, snippets, facets, suggestions."""

from __future__ import annotations

import html
from typing import Any

from newsdrop.search.models import DateCount, Facets, FacetValue, HitEntity, SearchHit
from newsdrop.search.query import FACET_ENTITY_TYPES, HIT_ENTITIES, SNIPPET_CHARS
from newsdrop.search.stories import STORIES
from newsdrop.search_index import fields as f


def hit(raw: dict[str, Any]) -> SearchHit:
    source = raw["_source"]
    entities = sorted(source.get(f.ENTITIES) or [], key=lambda entity: -int(entity.get("count", 1)))
    return SearchHit(
        id=raw["_id"],
        title=source.get(f.TITLE, ""),
        snippet=snippet(raw.get("highlight", {}), source),
        published=source.get(f.PUBLISHED),
        source=source.get(f.SITE),
        url=source.get(f.URL),
        entities=[
            HitEntity(text=entity["text"], type=entity["type"], count=entity.get("count", 1))
            for entity in entities[:HIT_ENTITIES]
        ],
        score=raw.get("_score"),
        story_id=source.get(f.STORY_ID),
    )


def snippet(highlight: dict[str, list[str]], source: dict[str, Any]) -> str:
    """The highlighted fragment, or the article's opening when only the title matched."""
    for field in (f.BODY, f.LEAD):
        if highlight.get(field):
            return highlight[field][0]
    opening = source.get(f.LEAD) or next(iter(source.get(f.BODY) or []), "")
    return html.escape(opening[:SNIPPET_CHARS])


def facets(aggregations: dict[str, Any]) -> Facets:
    entities = {}
    for kind in FACET_ENTITY_TYPES:
        values = _values(aggregations.get(f"entity_{kind}"))
        if values:
            entities[kind] = values
    timeline = [
        DateCount(date=bucket["key_as_string"], count=_count(bucket))
        for bucket in (aggregations.get("published") or {}).get("buckets", [])
    ]
    return Facets(entities=entities, sources=_values(aggregations.get("sources")), published=timeline)


def did_you_mean(query: str, words: list[str], answer: dict[str, Any]) -> str | None:
    """`query` with each word no article has replaced by its most frequent close spelling."""
    suggest = answer.get("suggest", {})
    counts = answer.get("aggregations", {})
    corrected = query
    changed = False
    for number, word in enumerate(words):
        if counts.get(f"w{number}", {}).get("doc_count", 1):
            continue
        best: tuple[int, str] | None = None
        for name, entries in suggest.items():
            if not name.startswith(f"w{number}_"):
                continue
            for option in (entries[0] if entries else {}).get("options", []):
                if best is None or option["freq"] > best[0]:
                    best = (option["freq"], option["text"])
        if best and best[1] != word.lower():
            spelling = best[1].capitalize() if word[:1].isupper() else best[1]  # as the user typed it
            corrected = corrected.replace(word, spelling, 1)
            changed = True
    return corrected if changed else None


def _values(aggregation: dict[str, Any] | None) -> list[FacetValue]:
    buckets = (aggregation or {}).get("buckets", [])
    return [FacetValue(value=str(bucket["key"]), count=_count(bucket)) for bucket in buckets]


def _count(bucket: dict[str, Any]) -> int:
    """The bucket's stories when the facets count stories, else its articles."""
    return int(bucket[STORIES]["value"]) if STORIES in bucket else bucket["doc_count"]
