"""One hit per story: copies of a wire story (newsdrop.stories) collapsed on their story id.

OpenSearch's field collapsing keeps the best hit of each story. The story's versions that match the
same search come from one second request for the page's stories (`versions_body`): collapse's inner
hits would run the whole search once per hit, which costs more the busier the node
(bench/collapse_latency.py, p50 against not collapsed at 100,000 articles: 1.23x quiet and 1.52x busy,
against 1.14x and 1.26x this way). Collapsing refuses `search_after` ("cannot use `collapse` in
conjunction with `search_after`"), so a collapsed search's cursor holds the next page's offset and
the moment page one was served: later pages leave out articles first indexed since, which would
shift the offsets and repeat hits (an article indexed just before that moment but not yet refreshed
can still shift a page by one). An article written again keeps its first `indexed_at`
(pipeline.index_stage), so it stays in.
"""

from __future__ import annotations

from typing import Any

from newsdrop.errors import StoryNotFound
from newsdrop.search.models import OtherVersion, SearchHit, SearchRequest, StoryVersion, StoryView
from newsdrop.search_index import fields as f
from newsdrop.stories.compare import compare

OTHER_VERSIONS = 3  # listed with each hit; GET /stories/{id} has them all
MAX_STORY_VERSIONS = 500  # GET /stories/{id}: a wire story on every outlet of a large crawl
VERSIONS = "versions"
EARLIEST = "earliest"
STORIES = "stories"
# Exact up to this many stories per search, about 0.5 % off beyond (HyperLogLog++).
STORY_COUNT_PRECISION = 40_000
# Per facet value (a few dozen counts per search, each with its own counter): exact up to 3,000 stories.
FACET_STORY_COUNT_PRECISION = 3_000
VERSION_FIELDS = [f.ID, f.TITLE, f.SITE, f.URL, f.PUBLISHED]
EARLIEST_FIRST = [{f.PUBLISHED: {"order": "asc", "missing": "_last"}}, {f.ID: "asc"}]


def collapse(body: dict[str, Any], request: SearchRequest, after: list[Any] | None) -> dict[str, Any]:
    """`body` with one hit per story when the request asks for it (`after` = [offset, page one's time] then)."""
    if not request.collapse:
        return body
    body["collapse"] = {"field": f.STORY_ID}
    body.setdefault("aggs", {})[STORIES] = story_count_agg()
    body.pop("search_after", None)
    body["from"] = after[0] if after else request.offset
    if after:
        served = {"range": {f.INDEXED_AT: {"lte": after[1]}}}
        body["query"] = {"bool": {"must": [body["query"]], "filter": [served]}}
    return body


def story_count_agg() -> dict[str, Any]:
    return {"cardinality": {"field": f.STORY_ID, "precision_threshold": STORY_COUNT_PRECISION}}


def facet_story_count_agg() -> dict[str, Any]:
    return {"cardinality": {"field": f.STORY_ID, "precision_threshold": FACET_STORY_COUNT_PRECISION}}


def story_of(answers: list[dict[str, Any]]) -> dict[str, str]:
    """The story of each hit of `answers` (asked for as doc values); an article without one is its own."""
    hits = [hit for answer in answers for hit in answer["hits"]["hits"]]
    return {hit["_id"]: (hit.get("fields", {}).get(f.STORY_ID) or [hit["_id"]])[0] for hit in hits}


def collapse_fused(fused: list[tuple[str, float]], story_of: dict[str, str]) -> list[tuple[str, float]]:
    """A fused ranking (hybrid) with the best article of each story only."""
    seen: set[str] = set()
    kept: list[tuple[str, float]] = []
    for doc_id, score in fused:
        story = story_of.get(doc_id, doc_id)
        if story not in seen:
            seen.add(story)
            kept.append((doc_id, score))
    return kept


def story_count(result: dict[str, Any]) -> int | None:
    """How many stories matched, when the search was collapsed."""
    stories = result.get("aggregations", {}).get(STORIES)
    return None if stories is None else int(stories["value"])


def versions_body(search: dict[str, Any], story_ids: list[str]) -> dict[str, Any]:
    """The versions of the page's stories that match the page's `search` query: per story how many, and
    the earliest few (the hit itself may be among them)."""
    return {
        "size": 0,
        "query": {"bool": {"must": [search], "filter": [{"terms": {f.STORY_ID: story_ids}}]}},
        "aggs": {
            VERSIONS: {
                "terms": {"field": f.STORY_ID, "size": len(story_ids)},
                "aggs": {
                    EARLIEST: {
                        "top_hits": {"size": OTHER_VERSIONS + 1, "sort": EARLIEST_FIRST, "_source": VERSION_FIELDS}
                    }
                },
            }
        },
    }


def with_matching_versions(hits: list[SearchHit], answer: dict[str, Any] | None) -> list[SearchHit]:
    """Collapsed hits with how many versions of their story matched and up to OTHER_VERSIONS others."""
    buckets = (answer or {}).get("aggregations", {}).get(VERSIONS, {}).get("buckets", [])
    by_story = {bucket["key"]: bucket for bucket in buckets}
    shown = []
    for hit in hits:
        bucket = by_story.get(hit.story_id)
        if bucket is None:
            shown.append(hit)
            continue
        earliest = [raw for raw in bucket[EARLIEST]["hits"]["hits"] if raw["_id"] != hit.id][:OTHER_VERSIONS]
        others = [version(raw) for raw in earliest]
        shown.append(hit.model_copy(update={"versions": bucket["doc_count"], "other_versions": others}))
    return shown


def version(hit: dict[str, Any]) -> OtherVersion:
    source = hit["_source"]
    return OtherVersion(
        id=hit["_id"],
        title=source.get(f.TITLE, ""),
        source=source.get(f.SITE),
        url=source.get(f.URL),
        published=source.get(f.PUBLISHED),
    )


def story_body(story_id: str) -> dict[str, Any]:
    """Every version of a story, earliest published first."""
    return {
        "size": MAX_STORY_VERSIONS,
        "query": {"term": {f.STORY_ID: story_id}},
        "sort": EARLIEST_FIRST,
        "_source": [*VERSION_FIELDS, f.BODY, f.WIRE],
    }


def story_view(story_id: str, result: dict[str, Any] | None) -> StoryView:
    """The story's versions, each with its paragraphs added, dropped and edited against the lead's."""
    hits = (result or {}).get("hits", {}).get("hits", [])
    if not hits:
        raise StoryNotFound(story_id)
    lead_body = hits[0]["_source"].get(f.BODY) or []
    versions = []
    for hit in hits:
        changes = compare(lead_body, hit["_source"].get(f.BODY) or [])
        versions.append(
            StoryVersion(
                **version(hit).model_dump(),
                wire=hit["_source"].get(f.WIRE),
                added=changes.added,
                dropped=changes.dropped,
                edited=changes.edited,
            )
        )
    return StoryView(story_id=story_id, lead_id=hits[0]["_id"], versions=versions)
