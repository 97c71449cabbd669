"""Request and response models of the search API; the OpenAPI document is generated from them."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from newsdrop.models import Article

MAX_QUERY_CHARS = 500
MAX_PAGE_SIZE = 100
MAX_RESULT_WINDOW = 10_000


class SearchRequest(BaseModel):
    q: str = Field(default="", max_length=MAX_QUERY_CHARS)
    size: int = Field(default=10, ge=1, le=MAX_PAGE_SIZE)
    offset: int = Field(default=0, ge=0, le=MAX_RESULT_WINDOW - MAX_PAGE_SIZE)


class SearchHit(BaseModel):
    id: str
    title: str
    snippet: str = Field(description="Best matching fragment, matched terms in <mark>, HTML-escaped")
    published: datetime | None
    source: str | None = Field(description="Site or publisher name")
    url: str | None
    score: float | None


class SearchResponse(BaseModel):
    total: int
    took_ms: int
    hits: list[SearchHit]


class ArticleView(Article):
    """An article as the API returns it: the stored document plus when it was indexed."""

    indexed_at: datetime | None = None


class ErrorBody(BaseModel):
    message: str
    parameter: str | None = None


class Health(BaseModel):
    status: str
    opensearch: str
