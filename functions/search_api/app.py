"""SearchApiFunction: HTTP API routes -> newsdrop.search -> JSON."""

from typing import Annotated

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, CORSConfig, Response
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.utilities.typing import LambdaContext

from newsdrop.errors import ArticleNotFound, SearchUnavailable
from newsdrop.indexing.client import get_client
from newsdrop.observability import logger, metrics, tracer
from newsdrop.search import service
from newsdrop.search.models import (
    MAX_PAGE_SIZE,
    MAX_QUERY_CHARS,
    MAX_RESULT_WINDOW,
    ArticleView,
    ErrorBody,
    Health,
    SearchRequest,
    SearchResponse,
)
from newsdrop.settings import get_settings

RETRY_AFTER_S = "5"

app = APIGatewayHttpResolver(
    enable_validation=True, cors=CORSConfig(allow_origin=get_settings().cors_origins, max_age=300)
)


@app.get("/search")
@tracer.capture_method
def search(
    q: Annotated[str, Query(max_length=MAX_QUERY_CHARS, description='Words, "phrases", OR, -not, pre*')] = "",
    size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Hits per page")] = 10,
    offset: Annotated[int, Query(alias="from", ge=0, le=MAX_RESULT_WINDOW - MAX_PAGE_SIZE)] = 0,
) -> SearchResponse:
    request = SearchRequest(q=q, size=size, offset=offset)
    return service.search(get_client(), get_settings().index_alias, request)


@app.get("/articles/<article_id>")
@tracer.capture_method
def get_article(article_id: Annotated[str, Path(max_length=200)]) -> ArticleView:
    return service.get_article(get_client(), get_settings().index_alias, article_id)


@app.get("/health")
def health() -> Health:
    return service.health(get_client())


@app.exception_handler(RequestValidationError)
def bad_parameter(error: RequestValidationError) -> Response:
    first = error.errors()[0]
    parameter = str(first["loc"][-1]) if first.get("loc") else None
    body = ErrorBody(message=f"invalid {parameter}: {first.get('msg')}", parameter=parameter)
    return Response(status_code=400, content_type="application/json", body=body.model_dump_json())


@app.exception_handler(ArticleNotFound)
def not_found(error: ArticleNotFound) -> Response:
    body = ErrorBody(message=f"no article with id {error}")
    return Response(status_code=404, content_type="application/json", body=body.model_dump_json())


@app.exception_handler(SearchUnavailable)
def unavailable(error: SearchUnavailable) -> Response:
    logger.warning("opensearch unavailable", extra={"error": str(error)})
    body = ErrorBody(message="search is unavailable right now; try again shortly")
    return Response(
        status_code=503,
        content_type="application/json",
        body=body.model_dump_json(),
        headers={"Retry-After": RETRY_AFTER_S},
    )


@logger.inject_lambda_context
@metrics.log_metrics
@tracer.capture_lambda_handler
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    return app.resolve(event, context)
