"""Index function and search API against the real OpenSearch node, with S3 in moto."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from opensearchpy import OpenSearch

from newsdrop.models import ArticleContent, Entity, SourceRef, source_id
from newsdrop.pipeline.parse_stage import build_article
from newsdrop.storage import ProcessedStore
from tests.conftest import PROCESSED_BUCKET, RAW_BUCKET
from tests.helpers import context, http_get, load_function, s3_event_batch

pytestmark = pytest.mark.opensearch

KERRY = ArticleContent(
    title="In Moscow, Kerry calls for common ground with Russia",
    body=[
        "Secretary of State John Kerry met Foreign Minister Sergey Lavrov in Moscow on Tuesday.",
        "Lavrov said the sides disagree over Syria and Ukraine but will keep talking.",
    ],
    published="2015-12-15T10:00:00+00:00",
    site="Example Wire",
    format="text",
    entities=[
        Entity(text="John Kerry", type="PERSON", count=2, first_offset=26),
        Entity(text="Sergey Lavrov", type="PERSON", count=2, first_offset=55),
        Entity(text="Moscow", type="GPE", count=2, first_offset=3),
    ],
)
PLANE = ArticleContent(
    title="Plane with 40 aboard crashes near Chitral",
    body=["A passenger plane carrying more than 40 people crashed in northern Pakistan on Wednesday."],
    format="text",
)


def _store(buckets, key: str, content: ArticleContent) -> str:
    """Put the article parsed from raw `key` into the processed bucket; return its processed key."""
    origin = SourceRef(bucket=RAW_BUCKET, key=key, etag="e", size=100)
    article = build_article(content, origin, 0, 1.0)
    return ProcessedStore(PROCESSED_BUCKET).put_article(source_id(RAW_BUCKET, key), article)


def _index(keys: list[str], event_name: str = "ObjectCreated:Put") -> dict:
    batch = s3_event_batch("index_object_created", [(PROCESSED_BUCKET, key, event_name) for key in keys])
    return load_function("index").lambda_handler(batch, context("IndexFunction"))


def _get(path: str, **query: str) -> tuple[int, dict]:
    response = load_function("search_api").lambda_handler(http_get(path, query), context("SearchApiFunction"))
    return response["statusCode"], json.loads(response["body"])


def test_an_indexed_article_is_found_by_its_words_and_not_by_others(buckets, search_index: OpenSearch) -> None:
    # Given two articles in the processed bucket, announced to the index function
    keys = [_store(buckets, "kerry.txt", KERRY), _store(buckets, "plane.txt", PLANE)]
    assert _index(keys) == {"batchItemFailures": []}
    search_index.indices.refresh(index="_all")
    # When a user searches for Lavrov
    status, body = _get("/search", q="Lavrov")
    # Then the Kerry article is the only hit, with a highlighted snippet and its metadata
    assert status == 200
    assert body["total"] == 1
    hit = body["hits"][0]
    assert hit["title"] == KERRY.title
    assert "<mark>Lavrov</mark>" in hit["snippet"]
    assert hit["source"] == "Example Wire"
    assert hit["published"].startswith("2015-12-15T10:00:00")
    # And all words must match: the plane story's words do not bring back the Kerry article
    # (typo tolerance lets "Pakistani" match the plane story's "Pakistan"; issue 4 asks for it)
    status, body = _get("/search", q="Pakistani plane Chitral")
    assert KERRY.title not in [hit["title"] for hit in body["hits"]]
    status, body = _get("/search", q="plane Chitral")
    assert [hit["title"] for hit in body["hits"]] == [PLANE.title]


def test_indexing_counts_articles_and_their_upload_to_searchable_lag(buckets, search_index: OpenSearch, capsys) -> None:
    # Given two articles uploaded a minute ago
    minute_ago = datetime.now(UTC) - timedelta(minutes=1)
    keys = []
    for key, content in (("kerry.txt", KERRY), ("plane.txt", PLANE)):
        origin = SourceRef(bucket=RAW_BUCKET, key=key, etag="e", size=100, last_modified=minute_ago)
        keys.append(
            ProcessedStore(PROCESSED_BUCKET).put_article(
                source_id(RAW_BUCKET, key), build_article(content, origin, 0, 1.0)
            )
        )
    capsys.readouterr()
    # When the index function indexes them
    assert _index(keys) == {"batchItemFailures": []}
    # Then CloudWatch gets two articles indexed, each a minute (and a little) from upload to searchable
    (emf,) = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"ArticlesIndexed"' in line]
    assert emf["ArticlesIndexed"] == [2.0]
    assert len(emf["UploadToSearchableLag"]) == 2
    assert all(60_000 <= lag < 90_000 for lag in emf["UploadToSearchableLag"])


def test_the_whole_article_comes_back_by_id_with_its_entities(buckets, search_index: OpenSearch) -> None:
    _index([_store(buckets, "kerry.txt", KERRY)])
    search_index.indices.refresh(index="_all")
    article_id = _get("/search", q="Kerry")[1]["hits"][0]["id"]
    status, article = _get(f"/articles/{article_id}")
    assert status == 200
    assert article["body"] == KERRY.body
    assert {"text": "Sergey Lavrov", "type": "PERSON", "count": 2}.items() <= article["entities"][1].items()
    assert article["origin"]["key"] == "kerry.txt"


def test_the_same_event_twice_leaves_one_document(buckets, search_index: OpenSearch) -> None:
    key = _store(buckets, "kerry.txt", KERRY)
    _index([key])
    _index([key, key])
    search_index.indices.refresh(index="_all")
    assert _get("/search", q="Kerry")[1]["total"] == 1


def test_a_removed_article_leaves_the_index(buckets, search_index: OpenSearch) -> None:
    # Given an indexed article
    key = _store(buckets, "kerry.txt", KERRY)
    _index([key])
    # When its processed object is deleted and the removal is announced (twice, as SQS may)
    buckets.delete_object(Bucket=PROCESSED_BUCKET, Key=key)
    assert _index([key, key], "ObjectRemoved:Delete") == {"batchItemFailures": []}
    search_index.indices.refresh(index="_all")
    # Then search no longer finds it, and fetching it is a 404
    assert _get("/search", q="Kerry")[1]["total"] == 0


def test_a_stale_created_event_for_a_deleted_object_removes_rather_than_resurrects(
    buckets, search_index: OpenSearch
) -> None:
    key = _store(buckets, "kerry.txt", KERRY)
    _index([key])
    buckets.delete_object(Bucket=PROCESSED_BUCKET, Key=key)
    _index([key])  # the create event arrives after the delete happened
    search_index.indices.refresh(index="_all")
    assert _get("/search", q="Kerry")[1]["total"] == 0


def test_messages_fail_for_retry_while_opensearch_is_unreachable(buckets, monkeypatch) -> None:
    # Given OpenSearch does not answer
    monkeypatch.setenv("OPENSEARCH_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("INDEX_ALIAS", "articles-unreachable")
    key = _store(buckets, "kerry.txt", KERRY)
    # When the index function gets a batch
    batch = s3_event_batch("index_object_created", [(PROCESSED_BUCKET, key, "ObjectCreated:Put")])
    # Then it raises, so the whole batch stays in the queue for another try (and, in the end, the DLQ)
    with pytest.raises(Exception, match="Connection"):
        load_function("index").lambda_handler(batch, context("IndexFunction"))


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"size": "-3"}, "size"),
        ({"size": "101"}, "size"),
        ({"size": "ten"}, "size"),
        ({"from": "-1"}, "from"),
        ({"q": "x" * 501}, "q"),
    ],
)
def test_bad_parameters_get_400_naming_the_parameter(search_index: OpenSearch, query, parameter) -> None:
    status, body = _get("/search", **query)
    assert status == 400
    assert body["parameter"] == parameter
    assert parameter in body["message"]


def test_unknown_article_is_404(search_index: OpenSearch, buckets) -> None:
    _index([_store(buckets, "kerry.txt", KERRY)])
    status, body = _get("/articles/no-such-id")
    assert status == 404
    assert "no-such-id" in body["message"]


def test_health_answers_200_when_opensearch_answers(search_index: OpenSearch) -> None:
    status, body = _get("/health")
    assert status == 200
    assert body["opensearch"] in {"green", "yellow"}


def test_opensearch_down_is_503_with_retry_after(monkeypatch) -> None:
    monkeypatch.setenv("OPENSEARCH_URL", "http://127.0.0.1:9")
    event = http_get("/search", {"q": "Kerry"})
    response = load_function("search_api").lambda_handler(event, context("SearchApiFunction"))
    assert response["statusCode"] == 503
    assert response["headers"]["Retry-After"] == "5"
    assert "Traceback" not in response["body"]


def test_each_503_counts_in_the_metric_the_503_rate_alarm_watches(monkeypatch, capsys) -> None:
    # Given OpenSearch unreachable
    monkeypatch.setenv("OPENSEARCH_URL", "http://127.0.0.1:9")
    function = load_function("search_api")
    capsys.readouterr()
    # When a search answers 503, and a request with a bad parameter answers 400
    function.lambda_handler(http_get("/search", {"q": "Kerry"}), context("SearchApiFunction"))
    function.lambda_handler(http_get("/search", {"size": "0"}), context("SearchApiFunction"))
    # Then CloudWatch gets one SearchUnavailable, for the 503 only
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"_aws"' in line]
    assert [line["SearchUnavailable"] for line in lines if "SearchUnavailable" in line] == [[1.0]]
