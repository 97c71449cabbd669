"""Search, fetch and health: the API's use cases, over the index's read side."""

from __future__ import annotations

from typing import Any

from newsdrop.errors import BadParameter, InvalidCursor
from newsdrop.search import cursor, query, results
from newsdrop.search.models import ArticleView, Health, SearchRequest, SearchResponse
from newsdrop.search.syntax import ParsedQuery, parse
from newsdrop.search_index.reader import IndexReader

FEW_HITS = 3  # below this many hits, a spelling suggestion is worth a second request
# Only a long query (a pasted sentence, a claim) with less than a page of full matches is relaxed
# to "any word, full matches first": a short one keeps "every word must match", so its few hits
# mean what they say. Measured on SciFact (bench/relevance.py).
RELAX_FROM_TERMS = 5
RELAX_BELOW_HITS = 10
# The most OpenSearch requests one search makes: the query, its relaxed retry, the spelling
# suggestion. The search function's timeout must exceed this many client timeouts (template.yaml).
MAX_INDEX_CALLS = 3


def search(index: IndexReader, request: SearchRequest, secret: str) -> SearchResponse:
    """One page of hits with facets; strict (every word) unless a long query matches nothing."""
    parsed = parse(request.q)
    relaxed, after = False, None
    if request.cursor:
        try:
            relaxed, after = cursor.decode(secret, request, request.cursor)
        except InvalidCursor as exc:
            raise BadParameter("cursor", str(exc)) from exc
    result = index.search(query.search_body(request, parsed, relaxed, after))
    if result is None:
        return SearchResponse(total=0, took_ms=0, hits=[])
    took = result["took"]
    if _total(result) < RELAX_BELOW_HITS and after is None and not relaxed and len(parsed.groups) >= RELAX_FROM_TERMS:
        relaxed = True
        result = index.search(query.search_body(request, parsed, relaxed, None)) or result
        took += result["took"]
    raw_hits = result["hits"]["hits"]
    page = raw_hits[: request.size]
    next_cursor = None
    if len(raw_hits) > request.size:
        next_cursor = cursor.encode(secret, request, relaxed, page[-1]["sort"])
    response = SearchResponse(
        total=_total(result),
        took_ms=took,
        hits=[results.hit(raw) for raw in page],
        facets=results.facets(result.get("aggregations", {})),
        next_cursor=next_cursor,
    )
    if response.total < FEW_HITS:
        response.did_you_mean = _did_you_mean(index, request.q, parsed)
    return response


def get_article(index: IndexReader, article_id: str) -> ArticleView:
    return ArticleView.model_validate(index.get(article_id))


def health(index: IndexReader) -> Health:
    return Health(status="ok", opensearch=index.health())


def _did_you_mean(index: IndexReader, text: str, parsed: ParsedQuery) -> str | None:
    words = [term.text for term in parsed.positive_terms if term.kind == "word" and " " not in term.text]
    if not words:
        return None
    answer = index.search(query.suggest_body(words))
    return results.did_you_mean(text, words, answer or {})


def _total(result: dict[str, Any]) -> int:
    return result["hits"]["total"]["value"]
