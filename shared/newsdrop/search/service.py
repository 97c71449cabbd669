"""Search, fetch and health: the API's calls to OpenSearch for finding articles."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from opensearchpy import OpenSearch
from opensearchpy.exceptions import ConnectionError as TransportConnectionError
from opensearchpy.exceptions import NotFoundError, TransportError

from newsdrop.errors import ArticleNotFound, SearchUnavailable
from newsdrop.search import cursor, query, results
from newsdrop.search.errors import BadParameter
from newsdrop.search.models import ArticleView, Health, SearchRequest, SearchResponse
from newsdrop.search.syntax import parse

FEW_HITS = 3  # below this many hits, a spelling suggestion is worth a second request
# Only a long query (a pasted sentence, a claim) with less than a page of full matches is relaxed
# to "any word, full matches first": a short one keeps "every word must match", so its few hits
# mean what they say. Measured on SciFact (bench/relevance.py).
RELAX_FROM_TERMS = 5
RELAX_BELOW_HITS = 10


def search(client: OpenSearch, alias: str, request: SearchRequest, secret: str) -> SearchResponse:
    """One page of hits with facets; strict (every word) unless a long query matches nothing."""
    parsed = parse(request.q)
    relaxed, after = False, None
    if request.cursor:
        if request.offset:
            raise BadParameter("cursor", "give either cursor or from, not both")
        try:
            relaxed, after = cursor.decode(secret, request, request.cursor)
        except cursor.InvalidCursor as exc:
            raise BadParameter("cursor", str(exc)) from exc
    result = run_search(client, alias, query.search_body(request, parsed, relaxed, after))
    if result is None:
        return SearchResponse(total=0, took_ms=0, hits=[])
    took = result["took"]
    if _total(result) < RELAX_BELOW_HITS and after is None and not relaxed and len(parsed.groups) >= RELAX_FROM_TERMS:
        relaxed = True
        result = run_search(client, alias, query.search_body(request, parsed, relaxed, None)) or result
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
        response.did_you_mean = _did_you_mean(client, alias, request.q, parsed)
    return response


def get_article(client: OpenSearch, alias: str, article_id: str) -> ArticleView:
    try:
        with unavailable_as_domain_error():
            result = client.get(index=alias, id=article_id)
    except NotFoundError as exc:
        raise ArticleNotFound(article_id) from exc
    return ArticleView.model_validate(result["_source"])


def health(client: OpenSearch) -> Health:
    with unavailable_as_domain_error():
        status = client.cluster.health()["status"]
    return Health(status="ok", opensearch=status)


def _did_you_mean(client: OpenSearch, alias: str, text: str, parsed: Any) -> str | None:
    words = [term.text for term in parsed.positive_terms if term.kind == "word" and " " not in term.text]
    if not words:
        return None
    answer = run_search(client, alias, query.suggest_body(words))
    return results.did_you_mean(text, words, answer or {})


def run_search(client: OpenSearch, alias: str, body: dict[str, Any]) -> dict[str, Any] | None:
    """The answer to `body`, or None while the index does not exist yet."""
    try:
        with unavailable_as_domain_error():
            return client.search(index=alias, body=body)
    except NotFoundError:
        return None


def _total(result: dict[str, Any]) -> int:
    return result["hits"]["total"]["value"]


@contextmanager
def unavailable_as_domain_error() -> Iterator[None]:
    """Map "OpenSearch did not answer" to SearchUnavailable; other errors stay what they are."""
    try:
        yield
    except TransportConnectionError as exc:
        raise SearchUnavailable(str(exc)) from exc
    except TransportError as exc:
        if isinstance(exc.status_code, int) and (exc.status_code >= 500 or exc.status_code == 429):
            raise SearchUnavailable(str(exc)) from exc
        raise
