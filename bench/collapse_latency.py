"""/search collapsed on stories vs not: OpenSearch time of the keyword search, p50 and p95.

    .venv/bin/python bench/collapse_latency.py [--articles 100000] [--requests 200]

Synthetic articles (bench/search_latency.py's) in an embedded node; then every three consecutive
articles are made one story, so a collapsed page groups real copies. The same queries are sent
collapsed and not, in turns (the order rotates), straight to OpenSearch (the API adds the same
overhead to each). Collapsed is timed as the service runs it (the page, then one request for the
page's stories' versions), with its facets counting articles (the default) and stories, and, as the
way it replaced, with collapse's inner hits, which run the search once more per hit.
"""

from __future__ import annotations

import argparse
import statistics
import time

from opensearchpy import OpenSearch
from search_latency import QUERIES, fill

from newsdrop.search import query, stories
from newsdrop.search.models import FacetCount, SearchRequest
from newsdrop.search.syntax import parse
from newsdrop.search_index import fields as f
from newsdrop.search_index.mapping import ensure_index
from newsdrop_local.opensearch_node import opensearch
from newsdrop_local.ports import free_port

STORY_SIZE = 3
# name: (collapse, what facets count, versions by inner hits); the first is the baseline.
SHAPES: dict[str, tuple[bool, FacetCount, bool]] = {
    "not collapsed": (False, "articles", False),
    "collapsed": (True, "articles", False),  # the default
    "collapsed, facets by stories": (True, "stories", False),
    "inner hits (before)": (True, "articles", True),
}
# The versions as collapse's inner hits fetched them before search.stories.versions_body.
INNER_HITS = {
    "name": stories.VERSIONS,
    "size": stories.OTHER_VERSIONS + 1,
    "_source": stories.VERSION_FIELDS,
    "sort": stories.EARLIEST_FIRST,
}
SCROLL_BATCH = 10_000
# Consecutive articles share a story: their number (the position in the synthetic file) over STORY_SIZE.
GROUP_SCRIPT = f"ctx._source.{f.STORY_ID} = 'story-' + (ctx._source.origin.position / {STORY_SIZE})"


def timed(client: OpenSearch, alias: str, text: str, shape: str) -> float:
    """Milliseconds for one page of `text` searched in `shape` (one of SHAPES), as the service asks for it."""
    collapse, facet_count, inner_hits = SHAPES[shape]
    request = SearchRequest(q=text, mode="keyword", collapse=collapse, facet_count=facet_count)
    body = query.search_body(request, parse(text), False, None)
    if inner_hits:
        body["collapse"]["inner_hits"] = INNER_HITS
    started = time.perf_counter()
    result = client.search(index=alias, body=body)
    if collapse and not inner_hits:
        story_ids = sorted({hit["_source"][f.STORY_ID] for hit in result["hits"]["hits"][: request.size]})
        client.search(index=alias, body=stories.versions_body(body["query"], story_ids))
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
        # Large scroll batches: each adds a TASK_RESOURCE_USAGE response header; http.client refuses over 100.
        client.update_by_query(
            index=alias,
            body={"script": {"source": GROUP_SCRIPT}},
            refresh=True,
            conflicts="proceed",
            scroll_size=SCROLL_BATCH,
        )
        client.indices.forcemerge(index=alias, max_num_segments=1)
        samples = measure(client, alias, args.requests)
    print(f"{args.articles} articles (stories of {STORY_SIZE}), {args.requests} requests each, keyword mode:")
    baseline = statistics.median(samples["not collapsed"])
    for shape in SHAPES:
        p50, p95 = statistics.median(samples[shape]), statistics.quantiles(samples[shape], n=100)[94]
        print(f"  {shape:<29}  p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   p50 / not collapsed {p50 / baseline:.2f}x")


def measure(client: OpenSearch, alias: str, requests: int) -> dict[str, list[float]]:
    """Milliseconds per shape, `requests` each, the queries in turn."""
    for text in QUERIES:  # warm caches and the JIT for every shape
        for shape in SHAPES:
            timed(client, alias, text, shape)
    names = list(SHAPES)
    samples: dict[str, list[float]] = {shape: [] for shape in names}
    for number in range(requests):
        text = QUERIES[number % len(QUERIES)]
        turn = number % len(names)  # rotate which shape goes first
        for shape in names[turn:] + names[:turn]:
            samples[shape].append(timed(client, alias, text, shape))
    return samples


if __name__ == "__main__":
    main()
