"""What each route of the search API may answer, as /openapi.json declares it: its errors, and
links from its answer to the next call.

Errors are 400 (a bad parameter, named), 404 (an unknown id) and 503 with Retry-After (OpenSearch
unreachable or overloaded). Links: a search's hits lead to each article, its story and the
articles like it; its `next_cursor` to the next page of the same search; an entity suggestion to
the search filtered by it. With links, clients (and schemathesis' stateful tests) chain calls
with values the API gave rather than made-up ones.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse

from newsdrop.search.models import ErrorBody

# Operation ids as Powertools derives them from the handler's function names and paths.
SEARCH = "search_search_get"
ARTICLE = "get_article_articles__article_id__get"
SIMILAR = "similar_articles__article_id__similar_get"
STORY = "get_story_stories__story_id__get"

# A cursor is bound to the search it came from: the next page repeats every parameter but `from`.
SAME_SEARCH = (
    "q",
    "size",
    "sort",
    "mode",
    "collapse",
    "facet_count",
    "entity",
    "entity_type",
    "source",
    "lang",
    "from_date",
    "to_date",
)


def _link(operation_id: str, description: str, **parameters: str) -> dict[str, Any]:
    return {"operationId": operation_id, "description": description, "parameters": parameters}


def _error(description: str, **extra: Any) -> OpenAPIResponse:
    return {"description": description, "content": {"application/json": {"model": ErrorBody}}, **extra}


ERRORS: dict[int, OpenAPIResponse] = {
    400: _error("A parameter is invalid; `message` says why and `parameter` names it"),
    503: _error(
        "Search is unavailable right now (OpenSearch unreachable or overloaded)",
        headers={"Retry-After": {"description": "Seconds to wait before trying again", "schema": {"type": "integer"}}},
    ),
}
BY_ID_ERRORS = {**ERRORS, 404: _error("No article or story has this id")}


def _ok(errors: dict[int, OpenAPIResponse] = ERRORS, **links: dict[str, Any]) -> dict[int, OpenAPIResponse]:
    """A route's responses: the 200 with its links (its content is the route's return type) and its errors."""
    return {200: {"description": "Successful Response", **({"links": links} if links else {})}, **errors}


def _to_hit(hits: str) -> dict[str, dict[str, Any]]:
    """Links from the first hit of a list of hits at the JSON pointer `hits`."""
    return {
        "FirstHit": _link(ARTICLE, "The first hit, whole", article_id=f"$response.body#{hits}/0/id"),
        "SimilarToFirstHit": _link(SIMILAR, "Articles like the first hit", article_id=f"$response.body#{hits}/0/id"),
        "StoryOfFirstHit": _link(
            STORY, "Every version of the first hit's story", story_id=f"$response.body#{hits}/0/story_id"
        ),
    }


SEARCH_RESPONSES = _ok(
    NextPage=_link(
        SEARCH,
        "The next page of the same search",
        cursor="$response.body#/next_cursor",
        **{name: f"$request.query.{name}" for name in SAME_SEARCH},
    ),
    **_to_hit("/hits"),
)
SIMILAR_RESPONSES = _ok(BY_ID_ERRORS, **_to_hit("/hits"))
ARTICLE_RESPONSES = _ok(BY_ID_ERRORS)
PLAIN_RESPONSES = _ok()  # routes with nothing to link to
ENTITIES_RESPONSES = _ok(
    SearchFirstEntity=_link(
        SEARCH, "Articles that mention the first suggestion", entity="$response.body#/entities/0/value"
    )
)
STORY_RESPONSES = _ok(
    BY_ID_ERRORS, LeadVersion=_link(ARTICLE, "The story's lead version", article_id="$response.body#/lead_id")
)
