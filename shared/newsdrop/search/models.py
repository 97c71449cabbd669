"""Request and response models of the search API; the OpenAPI document is generated from them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, Field, StringConstraints, ValidationError, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from newsdrop.errors import BadParameter
from newsdrop.models import Article

MAX_QUERY_CHARS = 500
MAX_PAGE_SIZE = 100
MAX_RESULT_WINDOW = 10_000
MAX_FILTER_VALUES = 20
MAX_FILTER_CHARS = 200
MAX_CURSOR_CHARS = 1000
ENTITY_TYPE_PATTERN = r"^[A-Za-z_]{1,32}$"  # an entity type names a field: letters only
LANG_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$"

Sort = Literal["relevance", "date"]
# keyword: the words (BM25); semantic: nearest in meaning (k-NN); hybrid: both, fused by reciprocal rank.
Mode = Literal["keyword", "semantic", "hybrid"]
# What a facet value's count counts: distinct stories (copies of one wire story once) or articles.
FacetCount = Literal["stories", "articles"]
DEFAULT_MODE: Mode = "hybrid"  # the best on SciFact's held-apart queries (bench/relevance.py)
FilterValue = Annotated[str, StringConstraints(min_length=1, max_length=MAX_FILTER_CHARS)]
EntityType = Annotated[str, StringConstraints(pattern=ENTITY_TYPE_PATTERN)]
Lang = Annotated[str, StringConstraints(pattern=LANG_PATTERN)]


class SearchRequest(BaseModel):
    """One search, every parameter checked here; filters as lists."""

    q: str = Field(default="", max_length=MAX_QUERY_CHARS)
    size: int = Field(default=10, ge=1, le=MAX_PAGE_SIZE)
    offset: int = Field(default=0, ge=0, le=MAX_RESULT_WINDOW - MAX_PAGE_SIZE)
    sort: Sort = "relevance"
    mode: Mode = DEFAULT_MODE
    cursor: str | None = Field(default=None, max_length=MAX_CURSOR_CHARS)
    entity: list[FilterValue] = Field(default_factory=list, max_length=MAX_FILTER_VALUES)
    entity_type: list[EntityType] = Field(default_factory=list, max_length=MAX_FILTER_VALUES)
    source: list[FilterValue] = Field(default_factory=list, max_length=MAX_FILTER_VALUES)
    lang: list[Lang] = Field(default_factory=list, max_length=MAX_FILTER_VALUES)
    from_date: date | None = None
    to_date: date | None = None
    collapse: bool = True  # one hit per story (copies of one wire story), its versions inside
    # Articles by default: a count of stories per facet value made a collapsed search 1.7x slower
    # (bench/collapse_latency.py, 100,000 articles: 2.16x not collapsed, where collapsing may cost 1.3x).
    facet_count: FacetCount = "articles"

    @classmethod
    def from_params(cls, **params: Any) -> Self:
        """The request, or BadParameter naming the first parameter that is wrong."""
        try:
            return cls(**params)
        except ValidationError as exc:
            first = exc.errors()[0]
            raise BadParameter(str(first["loc"][0]), first["msg"]) from exc

    # Fields are validated in order, so `info.data` holds the fields declared before the checked one.
    @field_validator("cursor")
    @classmethod
    def _cursor_or_from(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value and info.data.get("offset"):
            raise PydanticCustomError("cursor_with_from", "give either cursor or from, not both")
        return value

    @field_validator("to_date")
    @classmethod
    def _to_after_from(cls, value: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("from_date")
        if value and start and value < start:
            raise PydanticCustomError("to_date_before_from_date", "is before from_date")
        return value


class HitEntity(BaseModel):
    text: str
    type: str
    count: int


class OtherVersion(BaseModel):
    """Another outlet's copy of a hit's story."""

    id: str
    title: str
    source: str | None = Field(description="Site or publisher name")
    url: str | None
    published: datetime | None


class SearchHit(BaseModel):
    id: str
    title: str
    snippet: str = Field(description="Best matching fragment, matched terms in <mark>, HTML-escaped")
    published: datetime | None
    source: str | None = Field(description="Site or publisher name")
    url: str | None
    entities: list[HitEntity] = Field(default_factory=list, description="The article's most mentioned entities")
    score: float | None
    story_id: str | None = Field(default=None, description="The story this article is a version of")
    versions: int = Field(default=1, description="Versions of the story matching the search (collapse=true)")
    other_versions: list[OtherVersion] = Field(default_factory=list, description="Up to three, earliest first")


class FacetValue(BaseModel):
    value: str
    count: int


class DateCount(BaseModel):
    date: str = Field(description="Start of the bucket, YYYY-MM-DD")
    count: int


class Facets(BaseModel):
    """Counts of matching stories or articles per value (`facet_count`)."""

    entities: dict[str, list[FacetValue]] = Field(default_factory=dict, description="Top entities by type")
    sources: list[FacetValue] = Field(default_factory=list)
    published: list[DateCount] = Field(default_factory=list, description="Counts over time: daily or coarser")


class SearchResponse(BaseModel):
    total: int = Field(description="Matching stories when collapsed, else matching articles")
    took_ms: int
    hits: list[SearchHit]
    facets: Facets = Field(default_factory=Facets)
    next_cursor: str | None = Field(default=None, description="Pass as `cursor` for the next page")
    did_you_mean: str | None = Field(default=None, description="A spelling suggestion when few hits came back")


class SimilarResponse(BaseModel):
    id: str
    hits: list[SearchHit]


class EntitySuggestion(BaseModel):
    value: str
    type: str
    count: int = Field(description="Articles mentioning it")


class EntitiesResponse(BaseModel):
    entities: list[EntitySuggestion]


class Stats(BaseModel):
    documents: int
    sources: int
    newest_published: datetime | None
    newest_indexed: datetime | None


class ArticleView(Article):
    """An article as the API returns it: the stored document plus when it first became searchable."""

    indexed_at: datetime | None = None


class StoryVersion(OtherVersion):
    """One outlet's version of a story, and how its paragraphs differ from the lead version's."""

    wire: str | None = Field(default=None, description="The wire service its credits name")
    added: list[str] = Field(default_factory=list, description="Paragraphs the lead version does not have")
    dropped: list[str] = Field(default_factory=list, description="Lead paragraphs this version lacks")
    edited: list[str] = Field(default_factory=list, description="Lead paragraphs this version words differently")


class StoryView(BaseModel):
    story_id: str
    lead_id: str = Field(description="The earliest published version, which the others are compared with")
    versions: list[StoryVersion] = Field(description="Earliest published first; the lead has no changes")


class ErrorBody(BaseModel):
    message: str
    parameter: str | None = None


class Health(BaseModel):
    status: str
    opensearch: str
