"""Relevance on SciFact: nDCG@10 of /search in keyword, semantic and hybrid mode next to plain BM25,
same index, same run; then what the vectors cost: search latency hybrid vs keyword, ingest rate.

The corpus goes through the parser as a JSON Lines file of articles (url = scifact://<_id>) and
is indexed as the index stage indexes (`to_document` + `add_vectors`); the train queries go through
the search function's handler as API Gateway events. Plain BM25 is `multi_match` over title and body.
The train queries are split in two by a hash of their id: "tuned" (the half the ranking's weights
were measured on) and "held apart" (never looked at while choosing them).

    .venv/bin/python bench/relevance.py            # whole corpus, all train queries
    .venv/bin/python bench/relevance.py --docs 500 # a quick look
    .venv/bin/python bench/relevance.py --embedded-only  # only the documents whose vectors are cached

Parsed articles are cached in .local/bench/ (NER is slow). Document vectors are read from
.local/bench/scifact-vectors-*.jsonl where present (lines of {"h": sha1 of the document's title and
text as vector_text joins them, "v": vector}); the run computes the others, which takes about 15
minutes for the whole corpus on 2 cores, and does not write them back.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import secrets
import statistics
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

from newsdrop.embedding import get_encoder  # noqa: E402
from newsdrop.models import ArticleContent, SourceRef  # noqa: E402
from newsdrop.pipeline.parse_stage import build_article  # noqa: E402
from newsdrop.search_index import fields  # noqa: E402
from newsdrop.search_index.bulk import bulk_write  # noqa: E402
from newsdrop.search_index.mapping import ensure_index, to_document  # noqa: E402
from newsdrop.search_index.vectors import add_vectors, vector_text  # noqa: E402
from newsdrop.settings import clear_caches  # noqa: E402
from newsdrop_local.gateway import http_api_event  # noqa: E402
from newsdrop_local.opensearch_node import opensearch  # noqa: E402
from newsdrop_local.ports import free_port  # noqa: E402
from newsdrop_local.workers import LocalContext, load_module  # noqa: E402

SCIFACT = REPO.parent / "shared" / "benchmarks" / "scifact"
CACHE = REPO / ".local" / "bench"
K = 10
MODES = ("keyword", "semantic", "hybrid")
INGEST_SAMPLE = 64  # articles timed with and without vectors, INGEST_ROUNDS times each, alternating
INGEST_ROUNDS = 3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=0, help="only the first N documents (0: all)")
    parser.add_argument("--embedded-only", action="store_true", help="only documents with cached vectors")
    parser.add_argument("--raw", action="store_true", help="articles from the JSON fields, without the parser's NER")
    parser.add_argument("--queries", type=int, default=0, help="every n-th train query up to N (0: all)")
    args = parser.parse_args()
    articles = raw_corpus(args.docs) if args.raw else parsed_corpus(args.docs)
    vectors = cached_vectors()
    if args.embedded_only:
        articles = [article for article in articles if scifact_id(article) in vectors]
    queries, qrels = train_queries({article.url for article in articles})
    if args.queries and args.queries < len(queries):
        step = len(queries) / args.queries
        chosen = [sorted(queries)[int(n * step)] for n in range(args.queries)]
        queries = {qid: queries[qid] for qid in chosen}
        qrels = {qid: qrels[qid] for qid in chosen}
    with opensearch(port=free_port(), name="bench-relevance", fresh=True) as url:
        client = OpenSearch(hosts=[url], timeout=60)
        alias = "scifact"
        ingest_rates(client, articles[:INGEST_SAMPLE])
        started = time.perf_counter()
        index(client, alias, articles, vectors)
        print(f"indexed {len(articles)} articles in {time.perf_counter() - started:.1f}s")
        ranked: dict[str, dict[str, list[str]]] = {mode: {} for mode in MODES}
        latency: dict[str, list[float]] = {mode: [] for mode in MODES}
        search_api(url, alias, "warm up", "hybrid")  # the handler's cold start is not a search
        for qid, text in queries.items():  # modes alternate per query: the same load and caches for each
            for mode in MODES:
                started = time.perf_counter()
                ranked[mode][qid] = search_api(url, alias, text, mode)
                latency[mode].append((time.perf_counter() - started) * 1000)
        ranked["bm25"] = {qid: plain(client, alias, text) for qid, text in queries.items()}
    parts = {"tuned": {}, "held apart": {}}
    for qid, relevant in qrels.items():
        parts["held apart" if held_apart(qid) else "tuned"][qid] = relevant
    print(f"SciFact train, {len(queries)} queries, {len(articles)} documents")
    print(f"nDCG@{K}           " + "  ".join(f"{name} ({len(part)} q)" for name, part in parts.items()))
    labels = {
        "keyword": "/search keyword",
        "semantic": "/search semantic",
        "hybrid": "/search hybrid",
        "bm25": "plain BM25",
    }
    for name, label in labels.items():
        print(f"  {label:<17}" + "".join(f"{ndcg(part, ranked[name]):>16.4f}" for part in parts.values()))
    print("plain BM25: multi_match title+body on the same index; nothing was tuned on the held-apart half")
    for mode in ("keyword", "hybrid"):
        p50, p95 = percentile(latency[mode], 50), percentile(latency[mode], 95)
        print(f"/search {mode:<8} latency (handler, {len(articles)} articles): p50 {p50:.0f} ms, p95 {p95:.0f} ms")


def scifact_id(article: ArticleContent) -> str:
    return (article.url or "").removeprefix("scifact://")


def held_apart(qid: str) -> bool:
    """Half the queries, fixed by id: those never looked at while tuning the ranking."""
    return hashlib.sha256(qid.encode()).digest()[0] % 2 == 1


def cached_vectors() -> dict[str, list[float]]:
    """SciFact id -> the vector of its title and text, as computed by earlier runs (.local/bench)."""
    by_key: dict[str, list[float]] = {}
    for path in sorted(CACHE.glob("scifact-vectors-*.jsonl")):
        for line in path.read_text().splitlines():
            try:
                entry = json.loads(line)
            except ValueError:  # a line cut short by a stopped run
                continue
            by_key[entry["h"]] = entry["v"]
    vectors = {}
    for line in (SCIFACT / "corpus.jsonl").read_text().splitlines():
        doc = json.loads(line)
        key = hashlib.sha1(vector_text({"title": doc["title"], "body": [doc["text"]]}).encode()).hexdigest()
        if key in by_key:
            vectors[doc["_id"]] = by_key[key]
    return vectors


def ingest_rates(client: OpenSearch, articles: list[ArticleContent]) -> None:
    """Articles per second through the index stage's work, to_document (+ add_vectors) + bulk_write,
    alternating, same node; the model is loaded first, as a warm index function has it."""
    rates: dict[str, list[float]] = {"without vectors": [], "with vectors": []}
    origin = SourceRef(bucket="bench", key="ingest.jsonl", etag="e", size=1)
    get_encoder().embed(["warm up"])
    for round_number in range(INGEST_ROUNDS):
        for label, measured in rates.items():
            index_name = f"ingest-{round_number}-{label.split()[0]}"
            ensure_index(client, index_name, f"{index_name}-alias")
            started = time.perf_counter()
            docs = {}
            for position, content in enumerate(articles):
                article = build_article(content, origin, position, 0.0)
                docs[article.id] = to_document(article, "2026-01-01T00:00:00Z")
            if label == "with vectors":
                add_vectors(docs)
            assert not bulk_write(client, index_name, docs, [])
            measured.append(len(docs) / (time.perf_counter() - started))
            client.indices.delete(index=index_name)
    without, with_vectors = (statistics.median(values) for values in rates.values())
    print(
        f"ingest: {without:.1f} articles/s without vectors, {with_vectors:.1f} with "
        f"({with_vectors / without:.2f}x), {len(articles)} articles x {INGEST_ROUNDS} rounds (medians)"
    )


def percentile(values: list[float], point: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(point / 100 * (len(ordered) - 1)))]


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


def raw_corpus(limit: int) -> list[ArticleContent]:
    """The corpus straight from its JSON fields (title, text as the body): no parser, no entities."""
    articles = []
    for line in (SCIFACT / "corpus.jsonl").read_text().splitlines()[: limit or None]:
        doc = json.loads(line)
        url = f"scifact://{doc['_id']}"
        articles.append(ArticleContent(title=doc["title"], body=[doc["text"]], url=url, site="SciFact", format="json"))
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


def index(client: OpenSearch, alias: str, articles: list[ArticleContent], vectors: dict[str, list[float]]) -> None:
    """As the index stage: documents with vectors (cached ones reused, the rest computed), bulk written."""
    ensure_index(client, f"{alias}-v1", alias)
    origin = SourceRef(bucket="bench", key="scifact.jsonl", etag="e", size=1)
    docs, missing = {}, {}
    for position, content in enumerate(articles):
        article = build_article(content, origin, position, 0.0)
        docs[article.id] = to_document(article, "2026-01-01T00:00:00Z")
        if (vector := vectors.get(scifact_id(content))) is not None:
            docs[article.id][fields.VECTOR] = vector
        else:
            missing[article.id] = docs[article.id]
        if len(docs) == 500:
            _write(client, alias, docs, missing)
            docs, missing = {}, {}
    _write(client, alias, docs, missing)
    client.indices.refresh(index=alias)


def _write(client: OpenSearch, alias: str, docs: dict[str, dict], missing: dict[str, dict]) -> None:
    add_vectors(missing)
    failures = bulk_write(client, alias, docs, [])
    assert not failures, list(failures.values())[:2]


_handler = None  # the search function, loaded once the node is up


def search_api(url: str, alias: str, text: str, mode: str) -> list[str]:
    """The top hits' urls as the search function returns them to GET /search."""
    global _handler  # noqa: PLW0603
    if _handler is None:
        os.environ.update(
            OPENSEARCH_URL=url, INDEX_ALIAS=alias, CURSOR_SECRET=secrets.token_urlsafe(32), OPENSEARCH_TIMEOUT_S="60"
        )
        clear_caches()  # parsing read the settings before the node's URL was known
        function = load_module(REPO / "functions" / "search_api", "app", "bench_search_api")
        context = LocalContext("SearchApiFunction", memory_limit_in_mb=512, timeout_s=10)
        _handler = lambda event: function.lambda_handler(event, context)  # noqa: E731
    event = http_api_event(
        "GET", "/search?" + urlencode({"q": text[:500], "size": K, "mode": mode}), {}, b"", "127.0.0.1"
    )
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
