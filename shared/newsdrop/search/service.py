"""Search, fetch and health: the only code of the API that talks to OpenSearch."""

from __future__ import annotations

import html
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from opensearchpy import OpenSearch
from opensearchpy.exceptions import ConnectionError as TransportConnectionError
from opensearchpy.exceptions import NotFoundError, TransportError

from newsdrop.errors import ArticleNotFound, SearchUnavailable
from newsdrop.search.models import ArticleView, Health, SearchHit, SearchRequest, SearchResponse
from newsdrop.search.query import SNIPPET_CHARS, build_search


def search(client: OpenSearch, alias: str, request: SearchRequest) -> SearchResponse:
    """One page of hits; an index that does not exist yet simply has none."""
    try:
        with _unavailable_as_domain_error():
            result = client.search(index=alias, body=build_search(request))
    except NotFoundError:
        return SearchResponse(total=0, took_ms=0, hits=[])
    hits = [_hit(raw) for raw in result["hits"]["hits"]]
    return SearchResponse(total=result["hits"]["total"]["value"], took_ms=result["took"], hits=hits)


def get_article(client: OpenSearch, alias: str, article_id: str) -> ArticleView:
    try:
        with _unavailable_as_domain_error():
            result = client.get(index=alias, id=article_id)
    except NotFoundError as exc:
        raise ArticleNotFound(article_id) from exc
    return ArticleView.model_validate(result["_source"])


def health(client: OpenSearch) -> Health:
    with _unavailable_as_domain_error():
        status = client.cluster.health()["status"]
    return Health(status="ok", opensearch=status)


def _hit(raw: dict[str, Any]) -> SearchHit:
    source = raw["_source"]
    return SearchHit(
        id=raw["_id"],
        title=source.get("title", ""),
        snippet=_snippet(raw.get("highlight", {}), source),
        published=source.get("published"),
        source=source.get("site"),
        url=source.get("url"),
        score=raw.get("_score"),
    )


def _snippet(highlight: dict[str, list[str]], source: dict[str, Any]) -> str:
    """The highlighted fragment, or the article's opening when only the title matched."""
    for field in ("body", "lead"):
        if highlight.get(field):
            return highlight[field][0]
    opening = source.get("lead") or next(iter(source.get("body") or []), "")
    return html.escape(opening[:SNIPPET_CHARS])


@contextmanager
def _unavailable_as_domain_error() -> Iterator[None]:
    """Map "OpenSearch did not answer" to SearchUnavailable; other errors stay what they are."""
    try:
        yield
    except TransportConnectionError as exc:
        raise SearchUnavailable(str(exc)) from exc
    except TransportError as exc:
        if isinstance(exc.status_code, int) and exc.status_code >= 500:
            raise SearchUnavailable(str(exc)) from exc
        raise
