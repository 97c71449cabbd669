"""SearchApiFunction: HTTP API routes -> newsdrop.search -> JSON (and the web page at `/`)."""

from datetime import date
from typing import Annotated
from urllib.parse import parse_qs

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, CORSConfig, Response
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import ValidationError

from newsdrop.errors import ArticleNotFound, SearchUnavailable
from newsdrop.indexing.client import get_client
from newsdrop.observability import logger, metrics, tracer
from newsdrop.search import explore, service, web
from newsdrop.search.errors import BadParameter
from newsdrop.search.models import (
    ENTITY_TYPE_PATTERN,
    MAX_FILTER_CHARS,
    MAX_PAGE_SIZE,
    MAX_QUERY_CHARS,
    MAX_RESULT_WINDOW,
    ArticleView,
    EntitiesResponse,
    ErrorBody,
    Health,
    SearchRequest,
    SearchResponse,
    SimilarResponse,
    Sort,
    Stats,
)
from newsdrop.settings import get_settings

RETRY_AFTER_S = "5"
ARTICLE_ID = Path(max_length=200, description="Article id, as in a hit's `id`")
REPEATABLE = ("entity", "entity_type", "source", "lang")


def _cors() -> CORSConfig:
    """CORS_ORIGINS is comma-separated; the first is the main origin, the rest extra ones."""
    origins = [origin.strip() for origin in get_settings().cors_origins.split(",") if origin.strip()] or ["*"]
    return CORSConfig(allow_origin=origins[0], extra_origins=origins[1:], max_age=300)


app = APIGatewayHttpResolver(enable_validation=True, cors=_cors())
app.enable_swagger(path="/docs", title="newsdrop search API", version="1.0.0")


@app.get("/search")
@tracer.capture_method
def search(
    q: Annotated[str, Query(max_length=MAX_QUERY_CHARS, description='Words, "phrases", OR, -not, pre*')] = "",
    size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Hits per page")] = 10,
    offset: Annotated[int, Query(alias="from", ge=0, le=MAX_RESULT_WINDOW - MAX_PAGE_SIZE)] = 0,
    sort: Annotated[Sort, Query(description="relevance (default) or date, newest first")] = "relevance",
    cursor: Annotated[str | None, Query(max_length=1000, description="A response's next_cursor")] = None,
    entity: Annotated[list[str] | None, Query(description="Canonical entity text; repeat: all must appear")] = None,
    entity_type: Annotated[list[str] | None, Query(description="PERSON, ORG, GPE, ...; repeatable")] = None,
    source: Annotated[list[str] | None, Query(description="Site or publisher; repeat: any of them")] = None,
    lang: Annotated[list[str] | None, Query(description="ISO 639-1 code; repeat: any of them")] = None,
    from_date: Annotated[date | None, Query(description="Published on or after (YYYY-MM-DD)")] = None,
    to_date: Annotated[date | None, Query(description="Published on or before (YYYY-MM-DD)")] = None,
) -> SearchResponse:
    if from_date and to_date and to_date < from_date:
        raise BadParameter("to_date", "is before from_date")
    repeated = _repeated_values({"entity": entity, "entity_type": entity_type, "source": source, "lang": lang})
    try:
        request = SearchRequest(
            q=q, size=size, offset=offset, sort=sort, cursor=cursor, from_date=from_date, to_date=to_date, **repeated
        )
    except ValidationError as exc:
        raise BadParameter(str(exc.errors()[0]["loc"][0]), exc.errors()[0]["msg"]) from exc
    settings = get_settings()
    return service.search(get_client(), settings.index_alias, request, settings.cursor_secret)


@app.get("/articles/<article_id>")
@tracer.capture_method
def get_article(article_id: Annotated[str, ARTICLE_ID]) -> ArticleView:
    return service.get_article(get_client(), get_settings().index_alias, article_id)


@app.get("/articles/<article_id>/similar")
@tracer.capture_method
def similar(
    article_id: Annotated[str, ARTICLE_ID],
    size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="How many similar articles")] = 10,
) -> SimilarResponse:
    return explore.similar(get_client(), get_settings().index_alias, article_id, size)


@app.get("/entities")
@tracer.capture_method
def entities(
    prefix: Annotated[str, Query(max_length=MAX_FILTER_CHARS, description="Start of any word of the entity")] = "",
    entity_type: Annotated[
        str | None, Query(alias="type", pattern=ENTITY_TYPE_PATTERN, description="PERSON, ORG, GPE, ...")
    ] = None,
    size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="How many suggestions")] = 10,
) -> EntitiesResponse:
    return explore.entities(get_client(), get_settings().index_alias, prefix, entity_type, size)


@app.get("/stats")
def stats() -> Stats:
    return explore.stats(get_client(), get_settings().index_alias)


@app.get("/health")
def health() -> Health:
    return service.health(get_client())


@app.get("/openapi.json", include_in_schema=False)
def openapi():  # no return annotation: a raw Response has no schema
    return Response(status_code=200, content_type="application/json", body=app.get_openapi_json_schema())


@app.get("/", include_in_schema=False)
def page():  # no return annotation: a raw Response has no schema
    return Response(status_code=200, content_type="text/html; charset=utf-8", body=web.page())


def _repeated_values(parsed: dict[str, list[str] | None]) -> dict[str, list[str]]:
    """Repeated filters, exactly as sent.

    API Gateway's HTTP API joins repeats with commas (`entity=John Kerry&entity=Moscow` arrives
    as "John Kerry,Moscow") and Powertools splits list parameters on commas, which would also
    cut "Washington, D.C." in two. rawQueryString keeps every repeat apart, so it wins when present.
    """
    raw = app.current_event.raw_query_string
    if raw:
        exact = parse_qs(raw, keep_blank_values=False)
        return {name: exact.get(name, []) for name in REPEATABLE}
    return {name: values or [] for name, values in parsed.items()}


def _error(status: int, body: ErrorBody, headers: dict[str, str] | None = None) -> Response:
    return Response(status_code=status, content_type="application/json", body=body.model_dump_json(), headers=headers)


@app.exception_handler(RequestValidationError)
def bad_request(error: RequestValidationError) -> Response:
    first = error.errors()[0]
    location = [part for part in first.get("loc", ()) if isinstance(part, str) and part not in {"query", "path"}]
    parameter = location[0] if location else None
    return _error(400, ErrorBody(message=f"invalid {parameter}: {first.get('msg')}", parameter=parameter))


@app.exception_handler(BadParameter)
def bad_parameter(error: BadParameter) -> Response:
    return _error(400, ErrorBody(message=str(error), parameter=error.parameter))


@app.exception_handler(ArticleNotFound)
def not_found(error: ArticleNotFound) -> Response:
    return _error(404, ErrorBody(message=f"no article with id {error}"))


@app.exception_handler(SearchUnavailable)
def unavailable(error: SearchUnavailable) -> Response:
    logger.warning("opensearch unavailable", extra={"error": str(error)})
    body = ErrorBody(message="search is unavailable right now; try again shortly")
    return _error(503, body, {"Retry-After": RETRY_AFTER_S})


@logger.inject_lambda_context
@metrics.log_metrics
@tracer.capture_lambda_handler
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    return app.resolve(event, context)
