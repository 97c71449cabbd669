"""/search collapsed on stories vs not: OpenSearch time of the keyword search body, p50 and p95.

    .venv/bin/python bench/collapse_latency.py [--articles 100000] [--requests 200]

Synthetic articles (bench/search_latency.py's) in an embedded node; then every three consecutive
articles are made one story, so a collapsed page groups real copies. The same queries are sent
collapsed and not, in alternating turns, straight to OpenSearch (the API adds the same overhead to both).
"""

from __future__ import annotations

import argparse
import statistics
import time

from opensearchpy import OpenSearch
from search_latency import QUERIES, fill

from newsdrop.search import query
from newsdrop.search.models import SearchRequest
from newsdrop.search.syntax import parse
from newsdrop.search_index import fields as f
from newsdrop.search_index.mapping import ensure_index
from newsdrop_local.opensearch_node import opensearch
from newsdrop_local.ports import free_port

STORY_SIZE = 3
# Consecutive articles share a story: their number (the position in the synthetic file) over STORY_SIZE.
GROUP_SCRIPT = f"ctx._source.{f.STORY_ID} = 'story-' + (ctx._source.origin.position / {STORY_SIZE})"


def timed(client: OpenSearch, alias: str, text: str, collapse: bool) -> float:
    request = SearchRequest(q=text, mode="keyword", collapse=collapse)
    body = query.search_body(request, parse(text), False, None)
    started = time.perf_counter()
    client.search(index=alias, body=body)
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    with opensearch(port=free_port(), name="bench-collapse", fresh=True) as url:
        client = OpenSearch(hosts=[url], timeout=600)
        alias = "collapse"
        ensure_index(client, f"{alias}-v1", alias)
        fill(client, alias, 0, args.articles)
        client.update_by_query(
            index=alias, body={"script": {"source": GROUP_SCRIPT}}, refresh=True, conflicts="proceed"
        )
        client.indices.forcemerge(index=alias, max_num_segments=1)
        for text in QUERIES:  # warm caches and the JIT for both shapes
            timed(client, alias, text, True)
            timed(client, alias, text, False)
        samples: dict[bool, list[float]] = {True: [], False: []}
        for number in range(args.requests):
            text = QUERIES[number % len(QUERIES)]
            for collapse in (number % 2 == 0, number % 2 == 1):  # alternate which goes first
                samples[collapse].append(timed(client, alias, text, collapse))
    print(f"{args.articles} articles (stories of {STORY_SIZE}), {args.requests} requests each, keyword mode:")
    for collapse in (False, True):
        cuts = statistics.quantiles(samples[collapse], n=100)
        print(f"  collapse={str(collapse).lower():<5}  p50 {cuts[49]:6.1f} ms   p95 {cuts[94]:6.1f} ms")
    ratio = statistics.median(samples[True]) / statistics.median(samples[False])
    print(f"  p50 collapsed / not collapsed: {ratio:.2f}x")


if __name__ == "__main__":
    main()
