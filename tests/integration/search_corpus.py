"""A small news archive on the real node, shared by the search API tests of one module.

Documents are written exactly as the index stage writes them (`ensure_index`, `to_document` and
`add_vectors`), and the API is called with the API Gateway HTTP API event the local gateway builds.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from opensearchpy import OpenSearch

from newsdrop.models import ArticleContent, Entity, SourceRef
from newsdrop.pipeline.parse_stage import build_article
from newsdrop.search_index.bulk import bulk_write
from newsdrop.search_index.mapping import ensure_index, to_document
from newsdrop.search_index.vectors import add_vectors
from newsdrop_local.gateway import http_api_event
from tests.helpers import context, load_function


def entity(text: str, kind: str, count: int = 1) -> Entity:
    return Entity(text=text, type=kind, count=count, first_offset=0)


def article(key: str, title: str, body: list[str], **fields: Any) -> ArticleContent:
    fields.setdefault("language", "en")
    return ArticleContent(title=title, body=body, format="text", **fields)


KERRY = article(
    "kerry",
    "In Moscow, Kerry calls for common ground with Russia",
    [
        "Secretary of State John Kerry met Foreign Minister Sergey Lavrov in Moscow on Tuesday.",
        "Lavrov said the sides disagree over Syria and Ukraine but will keep talking.",
    ],
    published="2015-12-15T10:00:00+00:00",
    site="Example Wire",
    entities=[
        entity("John Kerry", "PERSON", 3),
        entity("Sergey Lavrov", "PERSON", 2),
        entity("Moscow", "GPE", 2),
        entity("Syria", "GPE"),
    ],
)
PLANE = article(
    "plane",
    "Plane with 40 aboard crashes near Chitral",
    ["A passenger plane carrying more than 40 people crashed in northern Pakistan on Wednesday."],
    published="2016-12-07T08:00:00+00:00",
    site="Daily Courier",
    entities=[entity("Chitral", "GPE"), entity("Pakistan", "GPE")],
)
PUTIN_EXACT = article(
    "putin-exact",
    "Kremlin weighs its options",
    ["Vladimir Putin told advisers the Kremlin would wait."],
    published="2016-01-10T09:00:00+00:00",
    site="Example Wire",
    entities=[entity("Vladimir Putin", "PERSON"), entity("Kremlin", "ORG")],
)
PUTIN_TYPO = article(
    "putin-typo",
    "Advisers meet in the capital",
    ["Vladimir Puton, as the wire misspelt him, was not at the meeting."],
    published="2016-01-11T09:00:00+00:00",
    site="Daily Courier",
)
CLIMATE_TITLE = article(
    "climate-title",
    "Climate talks stall in Paris",
    ["Negotiators left without agreement on emissions."],
    published="2015-11-30T12:00:00+00:00",
    site="Le Monde",
    language="fr",
    entities=[entity("Paris", "GPE"), entity("Washington, D.C.", "GPE")],
)
CLIMATE_BODY = article(
    "climate-body",
    "Farmers count the cost of a dry summer",
    ["Growers blame the changing climate for a poor harvest this year."],
    published="2015-09-01T12:00:00+00:00",
    site="Example Wire",
)
BANK_NEAR = article(
    "bank-near",
    "Rates held steady",
    ["The central bank kept its main rate unchanged on Thursday."],
    published="2016-02-04T12:00:00+00:00",
    site="Example Wire",
)
BANK_FAR = article(
    "bank-far",
    "Regional news roundup",
    ["The central square was busy; later a river bank flooded after heavy rain in the region."],
    published="2016-02-05T12:00:00+00:00",
    site="Example Wire",
)
MARKET_DAY = datetime(2016, 3, 1, 12, tzinfo=UTC)
MARKETS = [
    article(
        f"market-{n}",
        f"Market report number {n}",
        [f"Shares moved in quiet trading, report {n} of the series."],
        published=(MARKET_DAY + timedelta(days=n)).isoformat(),
        site="Markets Daily",
    )
    for n in range(25)
]
CORPUS = {
    "kerry": KERRY,
    "plane": PLANE,
    "putin-exact": PUTIN_EXACT,
    "putin-typo": PUTIN_TYPO,
    "climate-title": CLIMATE_TITLE,
    "climate-body": CLIMATE_BODY,
    "bank-near": BANK_NEAR,
    "bank-far": BANK_FAR,
    **{f"market-{n}": content for n, content in enumerate(MARKETS)},
}


@dataclass
class Archive:
    client: OpenSearch
    alias: str
    ids: dict[str, str]  # corpus key -> article id

    def add(self, key: str, content: ArticleContent) -> str:
        """Index one more article now, as the index stage would."""
        built = build_article(content, SourceRef(bucket="raw", key=f"{key}.txt", etag="e", size=100), 0, 1.0)
        docs = {built.id: to_document(built, _now())}
        add_vectors(docs)
        assert not bulk_write(self.client, self.alias, docs, [])
        self.client.indices.refresh(index=self.alias)
        self.ids[key] = built.id
        return built.id

    def key_of(self, article_id: str) -> str:
        return next(key for key, value in self.ids.items() if value == article_id)


@pytest.fixture(scope="module")
def archive(opensearch_url: str) -> Iterator[Archive]:
    """The corpus above in an index of this module's own, removed afterwards."""
    alias = f"search-{uuid.uuid4().hex[:8]}"
    client = OpenSearch(hosts=[opensearch_url])
    ensure_index(client, f"{alias}-v1", alias)
    state = Archive(client, alias, {})
    docs = {}
    for key, content in CORPUS.items():
        built = build_article(content, SourceRef(bucket="raw", key=f"{key}.txt", etag="e", size=100), 0, 1.0)
        docs[built.id] = to_document(built, _now())
        state.ids[key] = built.id
    add_vectors(docs)
    assert not bulk_write(client, alias, docs, [])
    client.indices.refresh(index=alias)
    yield state
    client.indices.delete(index=f"{alias}-v1", ignore_unavailable=True)


@pytest.fixture
def api(archive: Archive, opensearch_url: str, monkeypatch: pytest.MonkeyPatch):
    """GET a path of the search function, as API Gateway (HTTP API) would call it."""
    monkeypatch.setenv("OPENSEARCH_URL", opensearch_url)
    monkeypatch.setenv("INDEX_ALIAS", archive.alias)
    function = load_function("search_api")

    def get(path: str, query: dict[str, Any] | list[tuple[str, str]] | None = None) -> tuple[int, Any, dict]:
        target = f"{path}?{urlencode(query or {}, doseq=True)}" if query else path
        event = http_api_event("GET", target, {"host": "api.test"}, b"", "127.0.0.1")
        response = function.lambda_handler(event, context("SearchApiFunction"))
        body = response.get("body") or ""
        is_json = response.get("headers", {}).get("Content-Type", "").startswith("application/json")
        return response["statusCode"], json.loads(body) if is_json else body, response.get("headers", {})

    get.function = function
    return get


def titles(body: dict) -> list[str]:
    return [hit["title"] for hit in body["hits"]]


def _now() -> str:
    return datetime.now(UTC).isoformat()
