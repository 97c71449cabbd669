"""The article document shared by parse, index and search, and the record of a failed input."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, Field


def source_id(bucket: str, key: str) -> str:
    """Deterministic id of one raw object: every article and rejection from it derives from this."""
    return hashlib.blake2b(f"s3://{bucket}/{key}".encode(), digest_size=8).hexdigest()


def article_id(bucket: str, key: str, position: int) -> str:
    """Deterministic id of the article at `position` in a raw object (0 for single-article files)."""
    return f"{source_id(bucket, key)}-{position}"


class Entity(BaseModel):
    """A named entity of one article, merged over its mentions."""

    text: str = Field(description="Canonical form within the article, e.g. 'John Kerry' for 'Kerry'")
    type: str = Field(description="PERSON, ORG, GPE, LOC, NORP, EVENT, ...")
    count: int = Field(ge=1, description="Mentions in title and body")
    first_offset: int = Field(ge=0, description="Character offset of the first mention in the text")
    variants: list[str] = Field(default_factory=list, description="Other surface forms seen")


class ArticleContent(BaseModel):
    """What extraction finds in one article, before it gets an identity."""

    title: str
    body: list[str] = Field(description="Clean paragraphs, boilerplate removed")
    lead: str | None = None
    authors: list[str] = Field(default_factory=list)
    published: datetime | None = None
    published_approximate: bool = Field(
        default=False,
        description="The date was resolved from a relative phrase ('8 hours ago') against the upload time",
    )
    dateline: str | None = Field(default=None, description="Place the story was filed from")
    language: str | None = Field(default=None, description="ISO 639-1 code")
    site: str | None = Field(default=None, description="Publisher or site name")
    wire: str | None = Field(default=None, description="The wire service the credits name: Associated Press, ...")
    url: str | None = None
    entities: list[Entity] = Field(default_factory=list)
    format: str = Field(description="Detected input format: html, text, json, ...")
    notes: list[str] = Field(default_factory=list, description="What extraction skipped, and why")

    @property
    def text(self) -> str:
        return "\n\n".join(self.body)


class SourceRef(BaseModel):
    """Where an article came from in the raw bucket."""

    bucket: str
    key: str
    position: int = 0
    articles_in_file: int = Field(default=1, ge=1, description="How many articles the file gave")
    version_id: str | None = None
    etag: str | None = None
    size: int | None = None
    last_modified: datetime | None = Field(default=None, description="When the file was uploaded")


class Article(ArticleContent):
    """One document of the processed bucket and the index."""

    id: str
    origin: SourceRef
    word_count: int
    content_hash: str
    parser_version: str
    parsed_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    timings_ms: dict[str, float] = Field(default_factory=dict)


class Rejection(BaseModel):
    """An input that could not become an article, kept where `newsdrop status` shows it."""

    id: str
    origin: SourceRef
    stage: Literal["parse", "index"]
    reason: str
    detected_type: str | None = None
    rejected_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
