"""Relevance on SciFact: nDCG@10 of newsdrop's /search next to plain BM25, same index, same run.

The corpus goes through the parser as a JSON Lines file of articles (url = scifact://<_id>) and
is indexed as the index stage indexes (`to_document`); the train queries go through the search
function's handler as API Gateway events. Plain BM25 is `multi_match` over title and body.

    .venv/bin/python bench/relevance.py            # whole corpus, all train queries
    .venv/bin/python bench/relevance.py --docs 500 # a quick look

Parsed articles are cached in .local/bench/ (named-entity recognition is the slow part).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import secrets
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "shared"), str(REPO / "local")]
os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "true")
os.environ.setdefault("POWERTOOLS_METRICS_NAMESPACE", "bench")
os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")

from opensearchpy import OpenSearch  # noqa: E402

from newsdrop.models import ArticleContent, SourceRef  # noqa: E402
from newsdrop.pipeline.parse_stage import build_article  # noqa: E402
from newsdrop.search_index import fields  # noqa: E402
from newsdrop.search_index.bulk import bulk_write  # noqa: E402
from newsdrop.search_index.mapping import ensure_index, to_document  # noqa: E402
from newsdrop.settings import clear_caches  # noqa: E402
from newsdrop_local.gateway import http_api_event  # noqa: E402
from newsdrop_local.opensearch_node import opensearch  # noqa: E402
from newsdrop_local.ports import free_port  # noqa: E402
from newsdrop_local.workers import LocalContext, load_module  # noqa: E402

SCIFACT = REPO.parent / "shared" / "benchmarks" / "scifact"
CACHE = REPO / ".local" / "bench"
K = 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=0, help="only the first N documents (0: all)")
    args = parser.parse_args()
    articles = parsed_corpus(args.docs)
    queries, qrels = train_queries({article.url for article in articles})
    with opensearch(port=free_port(), name="bench-relevance", fresh=True) as url:
        client = OpenSearch(hosts=[url], timeout=60)
        alias = "scifact"
        started = time.perf_counter()
        index(client, alias, articles)
        print(f"indexed {len(articles)} articles in {time.perf_counter() - started:.1f}s")
        ours = ndcg(qrels, {qid: search_api(url, alias, text) for qid, text in queries.items()})
        bm25 = ndcg(qrels, {qid: plain(client, alias, text) for qid, text in queries.items()})
    print(f"SciFact train, {len(queries)} queries, {len(articles)} documents")
    print(f"nDCG@{K}  newsdrop /search : {ours:.4f}")
    print(f"nDCG@{K}  plain BM25       : {bm25:.4f}   (multi_match title+body, same index)")


def parsed_corpus(limit: int) -> list[ArticleContent]:
    """The corpus as newsdrop parses it: JSON Lines articles through `parse_file`."""
    cache = CACHE / f"scifact-articles-{limit or 'all'}.jsonl"
    if cache.exists():
        return [ArticleContent.model_validate_json(line) for line in cache.read_text().splitlines()]
    from newsdrop.parsing import parse_file

    lines = []
    for line in (SCIFACT / "corpus.jsonl").read_text().splitlines()[: limit or None]:
        doc = json.loads(line)
        lines.append({"title": doc["title"], "text": doc["text"], "url": f"scifact://{doc['_id']}", "site": "SciFact"})
    articles: list[ArticleContent] = []
    started = time.perf_counter()
    for start in range(0, len(lines), 500):
        chunk = "\n".join(json.dumps(line) for line in lines[start : start + 500]).encode()
        articles += parse_file(chunk, "scifact.jsonl")
        print(f"parsed {len(articles)}/{len(lines)} ({time.perf_counter() - started:.0f}s)", file=sys.stderr)
    CACHE.mkdir(parents=True, exist_ok=True)
    cache.write_text("\n".join(article.model_dump_json() for article in articles))
    return articles


def train_queries(known_urls: set[str | None]) -> tuple[dict[str, str], dict[str, set[str]]]:
    """Train queries with at least one judged document in the indexed corpus."""
    qrels: dict[str, set[str]] = {}
    for line in (SCIFACT / "qrels" / "train.tsv").read_text().splitlines()[1:]:
        qid, doc_id, score = line.split("\t")
        if int(score) > 0 and f"scifact://{doc_id}" in known_urls:
            qrels.setdefault(qid, set()).add(f"scifact://{doc_id}")
    queries = {}
    for line in (SCIFACT / "queries.train.jsonl").read_text().splitlines():
        query = json.loads(line)
        if query["_id"] in qrels:
            queries[query["_id"]] = query["text"]
    return queries, qrels


def index(client: OpenSearch, alias: str, articles: list[ArticleContent]) -> None:
    ensure_index(client, f"{alias}-v1", alias)
    origin = SourceRef(bucket="bench", key="scifact.jsonl", etag="e", size=1)
    docs = {}
    for position, content in enumerate(articles):
        article = build_article(content, origin, position, 0.0)
        docs[article.id] = to_document(article, "2026-01-01T00:00:00Z")
        if len(docs) == 500:
            failures = bulk_write(client, alias, docs, [])
            assert not failures, list(failures.values())[:2]
            docs = {}
    assert not bulk_write(client, alias, docs, [])
    client.indices.refresh(index=alias)


_handler = None  # the search function, loaded once the node is up


def search_api(url: str, alias: str, text: str) -> list[str]:
    """The top hits' urls as the search function returns them to GET /search."""
    global _handler  # noqa: PLW0603
    if _handler is None:
        os.environ.update(OPENSEARCH_URL=url, INDEX_ALIAS=alias, CURSOR_SECRET=secrets.token_urlsafe(32))
        clear_caches()  # parsing read the settings before the node's URL was known
        function = load_module(REPO / "functions" / "search_api", "app", "bench_search_api")
        context = LocalContext("SearchApiFunction", memory_limit_in_mb=512, timeout_s=10)
        _handler = lambda event: function.lambda_handler(event, context)  # noqa: E731
    event = http_api_event("GET", "/search?" + urlencode({"q": text[:500], "size": K}), {}, b"", "127.0.0.1")
    response = _handler(event)
    assert response["statusCode"] == 200, (text, response["body"])
    return [hit["url"] for hit in json.loads(response["body"])["hits"]]


def plain(client: OpenSearch, alias: str, text: str) -> list[str]:
    """The baseline: BM25 over title and body, any word."""
    body = {"query": {"multi_match": {"query": text, "fields": [fields.TITLE, fields.BODY]}}, "size": K}
    body["_source"] = [fields.URL]
    return [hit["_source"]["url"] for hit in client.search(index=alias, body=body)["hits"]["hits"]]


def ndcg(qrels: dict[str, set[str]], ranked: dict[str, list[str]]) -> float:
    """Mean nDCG@K with binary gains."""
    total = 0.0
    for qid, relevant in qrels.items():
        dcg = sum(1 / math.log2(rank + 2) for rank, url in enumerate(ranked[qid][:K]) if url in relevant)
        ideal = sum(1 / math.log2(rank + 2) for rank in range(min(len(relevant), K)))
        total += dcg / ideal
    return total / len(qrels)


if __name__ == "__main__":
    main()
