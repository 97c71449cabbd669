"""Latency of GET /search through the local HTTP gateway, by words (mode=keyword) and hybrid (the
default), next to the keyword search's body sent straight to OpenSearch, at 10k and 100k synthetic
articles, in the same run. Loopback only, bounded loops; prints figures.

    .venv/bin/python bench/search_latency.py                  # 10k and 100k, 200 requests each
    .venv/bin/python bench/search_latency.py --sizes 10000 --requests 100

"Straight" sends the exact body the search service builds for the keyword search (facets, highlights,
sort, collapse), so keyword-via-API less straight is what the API adds: event, validation, the
function worker, the collapsed page's versions request and JSON shaping. Hybrid adds the query's
vector, the nearest-neighbour ranking and the fusion.

Every article has a vector, as the index stage gives it: embedding 100,000 articles would take hours
here, so each is the sum of the model's vectors of its title words, people and places, plus noise,
normalised (`synthetic_vector`). A k-NN search's cost depends on how many vectors there are and how
they cluster, not on what they mean; the query's vector is the model's, computed by the API.
"""

from __future__ import annotations

import argparse
import json
import random
import secrets
import statistics
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "shared"), str(REPO / "local")]

import numpy as np  # noqa: E402
from opensearchpy import OpenSearch  # noqa: E402

from newsdrop.embedding import embed  # noqa: E402
from newsdrop.models import ArticleContent, Entity, SourceRef  # noqa: E402
from newsdrop.pipeline.parse_stage import build_article  # noqa: E402
from newsdrop.search import query  # noqa: E402
from newsdrop.search.models import SearchRequest  # noqa: E402
from newsdrop.search.syntax import parse  # noqa: E402
from newsdrop.search_index import fields  # noqa: E402
from newsdrop.search_index.bulk import bulk_write  # noqa: E402
from newsdrop.search_index.mapping import ensure_index, to_document  # noqa: E402
from newsdrop_local.gateway import Gateway  # noqa: E402
from newsdrop_local.opensearch_node import opensearch  # noqa: E402
from newsdrop_local.ports import free_port  # noqa: E402
from newsdrop_local.template import read_template  # noqa: E402
from newsdrop_local.workers import FunctionPool, FunctionSpec  # noqa: E402

WORDS = [
    "minister",
    "talks",
    "election",
    "market",
    "shares",
    "bank",
    "rate",
    "storm",
    "flood",
    "court",
    "ruling",
    "police",
    "strike",
    "union",
    "energy",
    "prices",
    "oil",
    "gas",
    "climate",
    "summit",
    "border",
    "trade",
    "tariff",
    "vaccine",
    "hospital",
    "school",
    "budget",
    "tax",
    "football",
    "final",
    "league",
    "coach",
    "transfer",
    "film",
    "festival",
    "award",
    "museum",
    "river",
    "bridge",
    "railway",
    "airport",
]
PEOPLE = ["John Kerry", "Sergey Lavrov", "Angela Merkel", "Emmanuel Macron", "Olaf Scholz", "Jacinda Ardern"]
PLACES = ["Moscow", "Berlin", "Paris", "Geneva", "Oslo", "Nairobi", "Lima", "Osaka"]
SOURCES = ["Example Wire", "Daily Courier", "Le Monde", "Markets Daily", "Harbour Times"]
MODES = ("keyword", "hybrid")
QUERIES = ["minister talks", "bank rate", '"climate summit"', "football OR film", "energy -oil", "tariff*", "Lavorv"]


def main() -> None:
    parser = argparse.ArgumentParser(description="search latency: API vs straight to OpenSearch")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    with opensearch(port=free_port(), name="bench-latency", fresh=True) as url:
        client = OpenSearch(hosts=[url], timeout=120)
        alias = "latency"
        ensure_index(client, f"{alias}-v1", alias)
        pool, gateway = start_api(url, alias)
        try:
            indexed = 0
            for size in sorted(args.sizes):
                indexed = fill(client, alias, indexed, size)
                _measure(client, alias, f"http://127.0.0.1:{gateway.server_address[1]}", size, args.requests)
        finally:
            gateway.shutdown()
            pool.stop()


def start_api(url: str, alias: str, workers: int = 1) -> tuple[FunctionPool, Gateway]:
    """The search function in a pool of `workers`, all started (warm), behind a local gateway."""
    environment = {
        **read_template()["Globals"]["Function"]["Environment"]["Variables"],  # one BLAS thread, as deployed
        "OPENSEARCH_URL": url,
        "INDEX_ALIAS": alias,
        "CURSOR_SECRET": secrets.token_urlsafe(32),
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_METRICS_NAMESPACE": "bench",
        "POWERTOOLS_LOG_LEVEL": "WARNING",
    }
    spec = FunctionSpec("SearchApiFunction", REPO / "functions" / "search_api", "app.lambda_handler", environment)
    log_dir = REPO / ".local" / "bench"
    log_dir.mkdir(parents=True, exist_ok=True)
    pool = FunctionPool(spec, log_dir, workers)
    for worker in pool.workers:
        worker.start()
    gateway = Gateway("127.0.0.1", free_port(), pool)
    gateway.serve_in_background()
    return pool, gateway


def fill(client: OpenSearch, alias: str, start: int, until: int) -> int:
    """Index synthetic articles `start`..`until`, as the index stage writes them."""
    rng = random.Random(start)
    noise = np.random.default_rng(start)
    names = [*WORDS, *PEOPLE, *PLACES]
    meaning = dict(zip(names, np.array(embed(names), dtype=np.float32), strict=True))
    began = time.perf_counter()
    origin = SourceRef(bucket="bench", key="synthetic.jsonl", etag="e", size=1)
    docs: dict[str, dict] = {}
    for number in range(start, until):
        people, places = rng.sample(PEOPLE, 2), rng.sample(PLACES, 2)
        title = rng.choices(WORDS, k=6)
        content = ArticleContent(
            title=" ".join(title).capitalize(),
            body=[
                f"{people[0]} met {people[1]} in {places[0]}. " + " ".join(rng.choices(WORDS, k=60)) for _ in range(3)
            ],
            published=f"20{rng.randint(10, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T12:00:00Z",
            site=rng.choice(SOURCES),
            language="en",
            format="json",
            entities=[Entity(text=name, type="PERSON", count=1, first_offset=0) for name in people]
            + [Entity(text=name, type="GPE", count=1, first_offset=0) for name in places],
        )
        article = build_article(content, origin, number, 0.0)
        docs[article.id] = to_document(article, "2026-01-01T00:00:00Z")
        docs[article.id][fields.VECTOR] = synthetic_vector(
            [meaning[name] for name in (*title, *people, *places)], noise
        )
        if len(docs) == 2000:
            assert not bulk_write(client, alias, docs, [])
            docs = {}
    assert not bulk_write(client, alias, docs, [])
    client.indices.refresh(index=alias)
    client.indices.forcemerge(index=alias, max_num_segments=1, request_timeout=3600)  # HNSW graphs merge slowly
    print(f"indexed {until - start} more articles ({until} in all) in {time.perf_counter() - began:.0f}s")
    return until


def synthetic_vector(parts: list[np.ndarray], noise: np.random.Generator) -> list[float]:
    """A unit vector near the sum of `parts` (the model's vectors of an article's words and names)."""
    total = np.sum(parts, axis=0) / len(parts) + noise.normal(0.0, 0.02, len(parts[0]))
    return (total / np.linalg.norm(total)).tolist()


def _measure(client: OpenSearch, alias: str, api_url: str, size: int, requests: int) -> None:
    for _ in range(20):  # warm every path: caches, JIT, connection pools
        for mode in MODES:
            _via_api(api_url, QUERIES[0], mode)
        _straight(client, alias, QUERIES[0])
    samples: dict[str, list[float]] = {f"API, {mode}": [] for mode in MODES} | {"straight to OpenSearch": []}
    for number in range(requests):
        text = QUERIES[number % len(QUERIES)]
        for mode in MODES:
            samples[f"API, {mode}"].append(_via_api(api_url, text, mode))
        samples["straight to OpenSearch"].append(_straight(client, alias, text))
    print(f"{size:>7} articles, {requests} requests each, {len(QUERIES)} queries in turn:")
    cuts = {name: statistics.quantiles(times, n=100) for name, times in samples.items()}
    for name, cut in cuts.items():
        print(
            f"  {name:<24} p50 {cut[49]:6.1f} ms   p95 {cut[94]:6.1f} ms   p99 {cut[98]:6.1f} ms"
            f"   p50 / API keyword {cut[49] / cuts['API, keyword'][49]:4.2f}x"
        )


def _via_api(api_url: str, text: str, mode: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(f"{api_url}/search?{urlencode({'q': text, 'mode': mode})}", timeout=30) as response:
        json.load(response)
    return (time.perf_counter() - started) * 1000


def _straight(client: OpenSearch, alias: str, text: str) -> float:
    """The same search body the service sends, over the same kind of HTTP client, timed end to end."""
    body = query.search_body(SearchRequest(q=text, mode="keyword"), parse(text), False, None)
    started = time.perf_counter()
    client.search(index=alias, body=body)
    return (time.perf_counter() - started) * 1000


if __name__ == "__main__":
    main()
