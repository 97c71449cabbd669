"""Search, fetch and health: the API's use cases, over the index's read side."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from newsdrop.embedding import embed_query
from newsdrop.errors import BadParameter, InvalidCursor
from newsdrop.search import cursor, query, results, semantic, stories
from newsdrop.search.models import MAX_RESULT_WINDOW, ArticleView, Health, SearchRequest, SearchResponse, StoryView
from newsdrop.search.syntax import ParsedQuery, parse
from newsdrop.search_index.reader import IndexReader

FEW_HITS = 3  # below this many hits, a spelling suggestion is worth a second request
# Only a long query (a pasted sentence, a claim) with less than a page of full matches is relaxed
# to "any word, full matches first": a short one keeps "every word must match", so its few hits
# mean what they say. Measured on SciFact (bench/relevance.py).
RELAX_FROM_TERMS = 5
RELAX_BELOW_HITS = 10
# The most OpenSearch requests one search makes: the query, its relaxed retry, the collapsed page's
# versions, the spelling suggestion (hybrid: the nearest ids, the keyword window, its relaxed retry,
# the page with its versions in one, the suggestion). The search function's timeout must exceed this
# many client timeouts (template.yaml).
MAX_INDEX_CALLS = 5

Position = tuple[bool, list[Any] | None]  # (relaxed, search_after or [fused offset, id]) from a cursor


def search(index: IndexReader, request: SearchRequest, secret: str) -> SearchResponse:
    """One page of hits with facets, found by words, by meaning, or both (`request.mode`)."""
    parsed = parse(request.q)
    relaxed, after = False, None
    if request.cursor:
        try:
            relaxed, after = cursor.decode(secret, request, request.cursor)
        except InvalidCursor as exc:
            raise BadParameter("cursor", str(exc)) from exc
    if request.mode == "keyword" or parsed.match_all:  # `*` or nothing has no meaning to look for
        response = _by_words(index, request, parsed, secret, (relaxed, after))
    elif request.mode == "semantic":
        body = semantic.semantic_body(request, parsed, embed_query(request.q), after)
        response = _with_versions(index, request, body, _page(request, index.search(body), secret, relaxed, after))
    elif request.sort == "date":
        body = semantic.hybrid_by_date_body(request, parsed, embed_query(request.q), relaxed, after)
        response = _with_versions(index, request, body, _page(request, index.search(body), secret, relaxed, after))
    else:
        response = _fused(index, request, parsed, secret, (relaxed, after))
    if response.total < FEW_HITS:
        response.did_you_mean = _did_you_mean(index, request.q, parsed)
    return response


def _by_words(
    index: IndexReader, request: SearchRequest, parsed: ParsedQuery, secret: str, position: Position
) -> SearchResponse:
    """Strict (every word) unless a long query matches less than a page."""
    relaxed, after = position
    body = query.search_body(request, parsed, relaxed, after)
    result = index.search(body)
    if result is None:
        return SearchResponse(total=0, took_ms=0, hits=[])
    took = result["took"]
    if _total(result) < RELAX_BELOW_HITS and after is None and _may_relax(parsed, relaxed):
        relaxed = True
        relaxed_body = query.search_body(request, parsed, relaxed, None)
        if relaxed_result := index.search(relaxed_body):
            body, result = relaxed_body, relaxed_result
            took += result["took"]
    response = _page(request, result, secret, relaxed, after)
    response.took_ms = took
    return _with_versions(index, request, body, response)


def _page(
    request: SearchRequest, result: dict[str, Any] | None, secret: str, relaxed: bool, after: list[Any] | None
) -> SearchResponse:
    """The response for one OpenSearch page (size + 1 hits: the extra one says another page follows).

    A collapsed page's cursor holds the next page's offset (see search.stories), else its sort values.
    """
    if result is None:
        return SearchResponse(total=0, took_ms=0, hits=[])
    raw_hits = result["hits"]["hits"]
    page = raw_hits[: request.size]
    next_cursor = None
    if len(raw_hits) > request.size:
        start = (after[0] if after else request.offset) + request.size
        served = after[1] if after else datetime.now(UTC).isoformat()
        position = [start, served] if request.collapse else page[-1]["sort"]
        if not request.collapse or start + request.size < MAX_RESULT_WINDOW:  # `from` goes no further
            next_cursor = cursor.encode(secret, request, relaxed, position)
    story_count = stories.story_count(result)
    return SearchResponse(
        total=_total(result) if story_count is None else story_count,
        took_ms=result["took"],
        hits=[results.hit(raw) for raw in page],
        facets=results.facets(result.get("aggregations", {})),
        next_cursor=next_cursor,
    )


def _with_versions(
    index: IndexReader, request: SearchRequest, body: dict[str, Any], page: SearchResponse
) -> SearchResponse:
    """A collapsed page with its stories' versions that match the same search (one more request)."""
    story_ids = sorted({hit.story_id for hit in page.hits if hit.story_id})
    if not request.collapse or not story_ids:
        return page
    answer = index.search(stories.versions_body(body["query"], story_ids))
    page.hits = stories.with_matching_versions(page.hits, answer)
    page.took_ms += (answer or {}).get("took", 0)
    return page


def _fused(
    index: IndexReader, request: SearchRequest, parsed: ParsedQuery, secret: str, position: Position
) -> SearchResponse:
    """Hybrid by relevance: the keyword and the semantic ranking fused by reciprocal rank, then one page.

    The page and its stories' versions go out in one request. A cursor holds the fused list's next
    position: the rankings are asked again for the next page.
    """
    relaxed, after = position
    near = index.search(semantic.nearest_ids_body(request, embed_query(request.q)))
    if near is None:
        return SearchResponse(total=0, took_ms=0, hits=[])
    near_ids = [raw["_id"] for raw in near["hits"]["hits"]]
    window = semantic.keyword_window_body(request, parsed, relaxed, near_ids)
    words = index.search(window) or near
    took = near["took"] + words["took"]
    word_matches = words.get("aggregations", {}).get(semantic.WORD_MATCHES, {}).get("doc_count", 0)
    if word_matches < RELAX_BELOW_HITS and after is None and _may_relax(parsed, relaxed):
        relaxed = True
        window = semantic.keyword_window_body(request, parsed, relaxed, near_ids)
        words = index.search(window) or words
        took += words["took"]
    word_ids = [raw["_id"] for raw in words["hits"]["hits"] if raw.get("_score")]
    fused = semantic.fuse([word_ids, near_ids])
    story_of = stories.story_of([near, words])
    if request.collapse:
        fused = stories.collapse_fused(fused, story_of)
    start = after[0] if after else request.offset
    chosen = fused[start : start + request.size]
    # A story's versions are every article of it that the window's query matches (its words, or near
    # in meaning), not only those within the two rankings' depth
    story_ids = sorted({story_of.get(doc_id, doc_id) for doc_id, _ in chosen}) if request.collapse else []
    bodies = [semantic.page_body([doc_id for doc_id, _ in chosen], parsed)]
    if story_ids:
        bodies.append(stories.versions_body(window["query"], story_ids))
    answers = index.search_all(bodies) if chosen else []
    took += sum(answer.get("took", 0) for answer in answers if answer)
    stored = {raw["_id"]: raw for raw in (answers[0] or {}).get("hits", {}).get("hits", [])} if answers else {}
    hits = [results.hit({**stored[doc_id], "_score": score}) for doc_id, score in chosen if doc_id in stored]
    if story_ids:
        hits = stories.with_matching_versions(hits, answers[1])
    next_cursor = None
    if len(fused) > start + request.size and hits:
        next_cursor = cursor.encode(secret, request, relaxed, [start + request.size, hits[-1].id])
    story_count = stories.story_count(words)
    return SearchResponse(
        total=max(_total(words) if story_count is None else story_count, len(fused)),
        took_ms=took,
        hits=hits,
        facets=results.facets(words.get("aggregations", {})),
        next_cursor=next_cursor,
    )


def _may_relax(parsed: ParsedQuery, relaxed: bool) -> bool:
    return not relaxed and len(parsed.groups) >= RELAX_FROM_TERMS


def get_article(index: IndexReader, article_id: str) -> ArticleView:
    return ArticleView.model_validate(index.get(article_id))


def get_story(index: IndexReader, story_id: str) -> StoryView:
    return stories.story_view(story_id, index.search(stories.story_body(story_id)))


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
