"""Search by meaning: k-NN requests over the article vectors, and reciprocal rank fusion with the words.

`semantic` ranks the articles nearest the query's vector (the same model as the articles', see
newsdrop.embedding). `hybrid` asks for the best keyword and the nearest semantic hits and fuses the
two rankings by reciprocal rank (RRF), which needs no score calibration between BM25 and cosine.
Filters apply inside the k-NN search (Lucene's filtered HNSW), so a filter never empties a page
that the nearest neighbours outside it would have filled.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsdrop.search import query
from newsdrop.search.models import SearchRequest
from newsdrop.search.stories import STORIES, collapse, story_count_agg
from newsdrop.search.syntax import ParsedQuery
from newsdrop.search_index import fields as f

# How many nearest neighbours a semantic search considers (and so the most it can page through),
# and the depth of each ranking fused in hybrid mode; both grow for deeper pages.
NEAREST = 100
FUSION_DEPTH = 100
# RRF's constant from Cormack et al. (2009); larger flattens the difference between ranks.
RRF_K = 60
# A neighbour less similar than this is no match (score = (1 + cosine) / 2, so cosine 0.3): without a
# floor a query of nonsense would return the articles nearest to nonsense.
MIN_SIMILARITY_SCORE = 0.65


def depth(request: SearchRequest, base: int) -> int:
    """How many hits a ranking must hold for the requested page, plus one to tell if another follows."""
    return max(base, request.offset + request.size + 1)


def knn_clause(vector: Sequence[float], k: int, request: SearchRequest) -> dict[str, Any]:
    """The k nearest articles that pass the request's filters."""
    knn: dict[str, Any] = {"vector": list(vector), "k": k}
    if filters := query.filters(request):
        knn["filter"] = {"bool": {"filter": filters}}
    return {"knn": {f.VECTOR: knn}}


def semantic_body(
    request: SearchRequest, parsed: ParsedQuery, vector: Sequence[float], after: list[Any] | None
) -> dict[str, Any]:
    """A page of the nearest articles, with facets, and snippets marking the query's words where they occur."""
    body: dict[str, Any] = {
        "query": near_clause(vector, request, NEAREST),
        "size": request.size + 1,
        "track_total_hits": True,
        "sort": query.sort_order(request),
        "_source": query.SOURCE_FIELDS,
        "highlight": highlight_for(parsed),
        "aggs": query.facets(request),
    }
    if after is not None:
        body["search_after"] = after
    else:
        body["from"] = request.offset
    return collapse(body, request, after)


def hybrid_by_date_body(
    request: SearchRequest, parsed: ParsedQuery, vector: Sequence[float], relaxed: bool, after: list[Any] | None
) -> dict[str, Any]:
    """Sorted by date, hybrid is a union: articles with the words or near in meaning, newest first."""
    body = query.search_body(request, parsed, relaxed, after)
    words = body["query"]["bool"].pop("must")[0]
    body["query"]["bool"].update(should=[words, near_clause(vector, request, NEAREST)], minimum_should_match=1)
    return body


def near_clause(vector: Sequence[float], request: SearchRequest, base: int) -> dict[str, Any]:
    """The nearest articles above the similarity floor.

    The floor is a script_score's min_score, so that articles below it do not match at all: a
    top-level min_score would drop them from the hits but still count them in the total and facets.
    """
    nearest = knn_clause(vector, depth(request, base), request)
    return {
        "script_score": {
            "query": nearest,
            "script": {"source": "_score", "lang": "painless"},
            "min_score": MIN_SIMILARITY_SCORE,
        }
    }


def nearest_ids_body(request: SearchRequest, vector: Sequence[float]) -> dict[str, Any]:
    """The ids of the nearest articles above the similarity floor, best first (for fusion)."""
    ranked = {"query": near_clause(vector, request, FUSION_DEPTH), "size": depth(request, FUSION_DEPTH)}
    return {**ranked, **STORY_ONLY}  # the story, so that the fused list can collapse


def keyword_window_body(
    request: SearchRequest, parsed: ParsedQuery, relaxed: bool, near_ids: Sequence[str]
) -> dict[str, Any]:
    """The best keyword hits (ids only) and, over them and the semantic ones, the total and facets.

    The near articles join the match with no score of their own, so hits with a score are the
    keyword ranking, while `total` and the facets count every article the fused list can show.
    """
    words = query.text_query(parsed, relaxed)
    near = {"constant_score": {"filter": {"ids": {"values": list(near_ids)}}, "boost": 0.0}}
    aggs = query.facets(request)
    aggs[WORD_MATCHES] = {"filter": words}
    if request.collapse:
        aggs[STORIES] = story_count_agg()
    return {
        "query": {
            "bool": {"should": [words, near], "minimum_should_match": 1, "filter": query.filters(request)},
        },
        "size": depth(request, FUSION_DEPTH),
        "track_total_hits": True,
        "sort": query.sort_order(request),
        "aggs": aggs,
        **STORY_ONLY,
    }


# A ranking's hits need only their story, read from doc values: fetching a hundred _sources (each
# with its vector) to keep one field cost more than the search (bench/search_latency.py).
STORY_ONLY = {"_source": False, "docvalue_fields": [f.STORY_ID]}
WORD_MATCHES = "word_matches"


def page_body(ids: Sequence[str], parsed: ParsedQuery) -> dict[str, Any]:
    """The stored fields and snippets of the articles of one fused page."""
    return {
        "query": {"ids": {"values": list(ids)}},
        "size": len(ids),
        "_source": query.SOURCE_FIELDS,
        "highlight": highlight_for(parsed),
    }


def highlight_for(parsed: ParsedQuery) -> dict[str, Any]:
    """Highlights of the query's words (any of them), whichever query picked the article."""
    return {**query.highlight(), "highlight_query": query.text_query(parsed, relaxed=True)}


def fuse(rankings: Sequence[Sequence[str]]) -> list[tuple[str, float]]:
    """Reciprocal rank fusion: (id, score) best first; ties keep the first ranking's order."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, doc_id in enumerate(ranking):
            scores[doc_id] = scores.get(doc_id, 0.0) + 1.0 / (RRF_K + rank + 1)
    order = {doc_id: position for position, doc_id in enumerate(scores)}
    return sorted(scores.items(), key=lambda item: (-item[1], order[item[0]]))


def similar_body(vector: Sequence[float], article_id: str, size: int) -> dict[str, Any]:
    """The articles nearest to one article's vector, itself excluded."""
    knn = {"vector": list(vector), "k": size + 1, "filter": {"bool": {"must_not": [{"ids": {"values": [article_id]}}]}}}
    return {"size": size, "_source": query.SOURCE_FIELDS, "query": {"knn": {f.VECTOR: knn}}}
