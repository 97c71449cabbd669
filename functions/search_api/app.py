"""SearchApiFunction: HTTP API routes -> newsdrop.search -> JSON (and the web page at `/`)."""

from datetime import date
from typing import Annotated
from urllib.parse import parse_qs

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, CORSConfig, Response
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from newsdrop.embedding import get_encoder
from newsdrop.errors import ArticleNotFound, BadParameter, SearchUnavailable, StoryNotFound
from newsdrop.observability import logger, metrics, tracer
from newsdrop.search import explore, service, web
from newsdrop.search.models import (
    DEFAULT_MODE,
    ENTITY_TYPE_PATTERN,
    MAX_CURSOR_CHARS,
    MAX_FILTER_CHARS,
    MAX_PAGE_SIZE,
    MAX_QUERY_CHARS,
    MAX_RESULT_WINDOW,
    ArticleView,
    EntitiesResponse,
    ErrorBody,
    FacetCount,
    Health,
    Mode,
    SearchRequest,
    SearchResponse,
    SimilarResponse,
    Sort,
    Stats,
    StoryView,
)
from newsdrop.search.responses import (
    ARTICLE_RESPONSES,
    ENTITIES_RESPONSES,
    PLAIN_RESPONSES,
    SEARCH_RESPONSES,
    SIMILAR_RESPONSES,
    STORY_RESPONSES,
)
from newsdrop.search_index.reader import IndexReader
from newsdrop.settings import get_search_settings

settings = get_search_settings()  # a missing variable stops the cold start, naming it
index = IndexReader.from_settings(settings)
get_encoder()  # the query model loads during the cold start and stays for every invocation after
RETRY_AFTER_S = "5"
ARTICLE_ID = Path(max_length=200, description="Article id, as in a hit's `id`")
STORY_ID = Path(max_length=200, description="Story id, as in a hit's `story_id`")
REPEATABLE = ("entity", "entity_type", "source", "lang")


def _cors() -> CORSConfig | None:
    """CORS_ORIGINS is comma-separated (the first is the main origin); empty: no CORS headers at all."""
    origins = [origin.strip() for origin in settings.cors_origins.split(",") if origin.strip()]
    if not origins:
        return None
    return CORSConfig(allow_origin=origins[0], extra_origins=origins[1:], max_age=300)


app = APIGatewayHttpResolver(enable_validation=True, cors=_cors())
app.enable_swagger(path="/docs", title="newsdrop search API", version="1.0.0")


@app.get("/search", responses=SEARCH_RESPONSES)
@tracer.capture_method
def search(
    q: Annotated[str, Query(max_length=MAX_QUERY_CHARS, description='Words, "phrases", OR, -not, pre*')] = "",
    size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Hits per page")] = 10,
    offset: Annotated[int, Query(alias="from", ge=0, le=MAX_RESULT_WINDOW - MAX_PAGE_SIZE)] = 0,
    sort: Annotated[Sort, Query(description="relevance (default) or date, newest first")] = "relevance",
    mode: Annotated[
        Mode, Query(description="keyword (the words), semantic (nearest in meaning) or hybrid (both, fused)")
    ] = DEFAULT_MODE,
    cursor: Annotated[str | None, Query(max_length=MAX_CURSOR_CHARS, description="A response's next_cursor")] = None,
    entity: Annotated[list[str] | None, Query(description="Canonical entity text; repeat: all must appear")] = None,
    entity_type: Annotated[list[str] | None, Query(description="PERSON, ORG, GPE, ...; repeatable")] = None,
    source: Annotated[list[str] | None, Query(description="Site or publisher; repeat: any of them")] = None,
    lang: Annotated[list[str] | None, Query(description="ISO 639-1 code; repeat: any of them")] = None,
    from_date: Annotated[date | None, Query(description="Published on or after (YYYY-MM-DD)")] = None,
    to_date: Annotated[date | None, Query(description="Published on or before (YYYY-MM-DD)")] = None,
    collapse: Annotated[
        bool, Query(description="One hit per story, other outlets' copies of it in versions and other_versions")
    ] = True,
    facet_count: Annotated[
        FacetCount,
        Query(description="What facet counts count: articles (default) or stories (copies of one story once)"),
    ] = "articles",
) -> SearchResponse:
    repeated = _repeated_values({"entity": entity, "entity_type": entity_type, "source": source, "lang": lang})
    request = SearchRequest.from_params(
        q=q,
        size=size,
        offset=offset,
        sort=sort,
        mode=mode,
        cursor=cursor,
        from_date=from_date,
        to_date=to_date,
        collapse=collapse,
        facet_count=facet_count,
        **repeated,
    )
    return service.search(index, request, settings.cursor_key)


@app.get("/stories/<story_id>", responses=STORY_RESPONSES)
@tracer.capture_method
def get_story(story_id: Annotated[str, STORY_ID]) -> StoryView:
    """Every version of a story, with what each outlet added to or dropped from the lead version."""
    return service.get_story(index, story_id)


@app.get("/articles/<article_id>", responses=ARTICLE_RESPONSES)
@tracer.capture_method
def get_article(article_id: Annotated[str, ARTICLE_ID]) -> ArticleView:
    return service.get_article(index, article_id)


@app.get("/articles/<article_id>/similar", responses=SIMILAR_RESPONSES)
@tracer.capture_method
def similar(
    article_id: Annotated[str, ARTICLE_ID],
    size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="How many similar articles")] = 10,
) -> SimilarResponse:
    return explore.similar(index, article_id, size)


@app.get("/entities", responses=ENTITIES_RESPONSES)
@tracer.capture_method
def entities(
    prefix: Annotated[str, Query(max_length=MAX_FILTER_CHARS, description="Start of any word of the entity")] = "",
    entity_type: Annotated[
        str | None, Query(alias="type", pattern=ENTITY_TYPE_PATTERN, description="PERSON, ORG, GPE, ...")
    ] = None,
    size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="How many suggestions")] = 10,
) -> EntitiesResponse:
    return explore.entities(index, prefix, entity_type, size)


@app.get("/stats", responses=PLAIN_RESPONSES)
def stats() -> Stats:
    return explore.stats(index)


@app.get("/health", responses=PLAIN_RESPONSES)
def health() -> Health:
    return service.health(index)


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


@app.exception_handler([BadParameter, ArticleNotFound, SearchUnavailable])
def domain_error(error: Exception) -> Response:
    """The one place domain errors become HTTP: 400 naming the parameter, 404, 503 with Retry-After."""
    if isinstance(error, BadParameter):
        return _error(400, ErrorBody(message=str(error), parameter=error.parameter))
    if isinstance(error, StoryNotFound):
        return _error(404, ErrorBody(message=f"no story with id {error}"))
    if isinstance(error, ArticleNotFound):
        return _error(404, ErrorBody(message=f"no article with id {error}"))
    logger.warning("opensearch unavailable", extra={"error": str(error)})
    metrics.add_metric(name="SearchUnavailable", unit=MetricUnit.Count, value=1)  # the 503-rate alarm's numerator
    body = ErrorBody(message="search is unavailable right now; try again shortly")
    return _error(503, body, {"Retry-After": RETRY_AFTER_S})


@logger.inject_lambda_context
@metrics.log_metrics
@tracer.capture_lambda_handler
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    return app.resolve(event, context)
