"""Big feeds: planning a 1 GB JSON Lines file, and parsing its work items, with time and memory.

    .venv/bin/python bench/feeds.py [--gigabytes 1] [--articles 200]
                                    [--stack N] [--stack-gigabytes G] [--sample S]

Prints:
- planning (what the parse stage does once per feed): a JSON Lines file of the given size is
  written to a temporary folder, then streamed through `element_spans` and `group_spans`, the
  spans kept as the stage keeps them (two arrays of 8-byte offsets); time, MB/s, elements, work
  items, and the peak RSS of that interpreter next to one that only imported the same modules;
- parsing (what each work item does): the first `--articles` elements read back by their spans and
  parsed as `run_item` does (JSON, extraction and language one by one, NER once per 25); articles per second and
  the time of one work item of 25 articles;
- through the local stack (moto, a worker per core and function, the embedded OpenSearch node),
  with `--stack N` a feed of N short articles (issue 9's 5,183 was rejected whole before), with
  `--stack-gigabytes G` a feed of G GB: when it was planned, how many of its articles were
  searchable after how long (all, or the first `--sample` S), articles per second end to end, and
  each function worker's peak RSS (VmHWM) once planned and at the end. A work item is bounded
  (25 articles, 4 MB), so a sample shows what a worker needs for the whole feed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# How long a feed may take through the stack before the bench reports what it got.
STACK_TIMEOUT_S = 3 * 3600
BODY = (
    "The harbour council in Bergen approved a new ferry timetable on Monday, adding early crossings for "
    "commuters and a late boat on Fridays, Mayor Anna Berg said after the vote. "
)

PLAN = """
import resource, sys, time
from array import array
from newsdrop.parsing.containers import Span, element_spans, group_spans
baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
if sys.argv[2] == "plan":
    started = time.perf_counter()
    starts, ends = array("q"), array("q")
    with open(sys.argv[1], "rb") as stream:
        for span in element_spans(stream, "jsonl", 25 * 1024 * 1024):
            starts.append(span.start)
            ends.append(span.end)
    items = sum(1 for _ in group_spans((Span(s, e) for s, e in zip(starts, ends)), 25, 4 * 1024 * 1024))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(time.perf_counter() - started, len(starts), items, baseline, peak)
else:
    print(0, 0, 0, baseline, baseline)
"""


def write_feed(path: Path, size: int) -> int:
    """A JSON Lines file of about `size` bytes, one short article a line; its line count."""
    lines = 0
    with path.open("wb", buffering=1 << 22) as out:
        written = 0
        block = []
        while written < size:
            line = json.dumps({"title": f"Ferry story {lines}", "body": f"Story {lines}. {BODY * 3}"}) + "\n"
            block.append(line)
            lines += 1
            written += len(line)
            if len(block) == 10_000:
                out.write("".join(block).encode())
                block = []
        out.write("".join(block).encode())
    return lines


def plan(path: Path) -> None:
    runs = {}
    for mode in ("baseline", "plan"):
        output = subprocess.run([PYTHON, "-c", PLAN, str(path), mode], capture_output=True, text=True, check=True)
        runs[mode] = [float(value) for value in output.stdout.split()]
    seconds, elements, items, _, peak_kb = runs["plan"]
    size_mb = path.stat().st_size / 1e6
    print(f"planning a {size_mb:,.0f} MB JSON Lines file: {seconds:.1f} s ({size_mb / seconds:,.0f} MB/s),")
    print(f"  {elements:,.0f} articles in {items:,.0f} work items of 25")
    print(
        f"  peak RSS {peak_kb / 1024:,.0f} MB; "
        f"an interpreter with the same imports only: {runs['baseline'][4] / 1024:,.0f} MB"
    )


def parse(path: Path, articles: int) -> None:
    sys.path[:0] = [str(ROOT / "shared")]
    from newsdrop.parsing.containers import element_article, element_spans
    from newsdrop.parsing.enrich import add_entities, derive_fields
    from newsdrop.settings import ParseLimits

    limits = ParseLimits()
    with path.open("rb") as stream:
        spans = [span for _, span in zip(range(articles + 1), element_spans(stream, "jsonl", 1 << 20), strict=False)]
    data = path.read_bytes()[: spans[-1].end]

    def run_items(item_spans: list) -> None:  # as run_item: extraction one by one, NER once per item
        size = limits.feed_item_articles
        for first in range(0, len(item_spans), size):
            contents = [element_article(data[s.start : s.end], "jsonl") for s in item_spans[first : first + size]]
            add_entities([derive_fields(content) for content in contents if content], limits.ner_model)

    run_items(spans[:1])  # the NER model loads once per process
    started = time.perf_counter()
    run_items(spans[1:])
    seconds = time.perf_counter() - started
    print(
        f"parsing work items: {articles / seconds:.0f} articles/s on one core, "
        f"a work item of 25 in {25 * seconds / articles:.2f} s"
    )


def through_stack(feed: Path, wanted: int, folder: Path) -> None:
    """Upload `feed` to a fresh local stack, a worker per core and function, and follow it until
    `wanted` of its articles are searchable: when it was planned (its plan written, the work items
    being sent), when the articles were searchable, and each function worker's peak RSS at both points."""
    sys.path[:0] = [str(ROOT / "shared"), str(ROOT / "local")]
    from ingest import worker_peaks
    from opensearchpy import OpenSearch

    from newsdrop.models import source_id
    from newsdrop.pipeline.feeds import feed_progress, read_plan
    from newsdrop.storage import ProcessedStore
    from newsdrop_local.opensearch_node import opensearch
    from newsdrop_local.ports import free_port
    from newsdrop_local.stack import local_stack

    key = "feeds/bench.jsonl"
    size_mb = feed.stat().st_size / 1e6
    with (
        opensearch(port=free_port(), name="bench-feeds", fresh=True) as url,
        local_stack(
            url, aws_port=free_port(), api_port=free_port(), log_dir=folder / "logs", concurrency=os.cpu_count() or 1
        ) as state,
    ):
        client = OpenSearch(hosts=[url], timeout=60)
        processed = ProcessedStore(state.processed_bucket, state.s3())
        started = time.perf_counter()
        state.s3().upload_file(str(feed), state.raw_bucket, key)
        print(f"local stack: a {size_mb:,.1f} MB feed uploaded in {time.perf_counter() - started:.0f} s")
        planned = count = 0.0
        while count < wanted and time.perf_counter() - started < STACK_TIMEOUT_S:
            time.sleep(1)
            if not planned and (plan := read_plan(processed, source_id(state.raw_bucket, key))):
                planned = time.perf_counter() - started
                print(f"  planned after {planned:.0f} s: {plan.elements:,} articles in {plan.items:,} work items")
                print(f"  peak RSS of the workers: {worker_peaks(state)}")
            if client.indices.exists_alias(name=state.index_alias):
                count = client.count(index=state.index_alias)["count"]
        seconds = time.perf_counter() - started
        progress = next((feed for feed in feed_progress(processed) if feed["key"] == key), {})
        print(
            f"  {count:,.0f} articles searchable after {seconds:.0f} s ({count / seconds:.1f} articles/s end to end);"
        )
        handed_out = (
            "all" if (plan := read_plan(processed, source_id(state.raw_bucket, key))) and plan.complete else "not all"
        )
        print(f"  parsed {progress.get('done', 0):,} articles, {progress.get('items_done', 0):,} work items;")
        print(f"  {handed_out} of its work items handed out (an invocation short of time leaves the rest to another)")
        print(f"  peak RSS of the workers: {worker_peaks(state)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gigabytes", type=float, default=1.0)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--stack", type=int, default=0, help="also a feed of this many articles through the stack")
    parser.add_argument("--stack-gigabytes", type=float, default=0, help="and a feed this big through the stack")
    parser.add_argument("--sample", type=int, default=0, help="through the stack, wait for this many (0: all)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if args.stack:
            feed = Path(folder) / "stack-feed.jsonl"
            stories = [{"title": f"Ferry story {n}", "body": f"Story {n}. {BODY * 2}"} for n in range(args.stack)]
            feed.write_text("".join(json.dumps(story) + "\n" for story in stories))
            through_stack(feed, args.sample or args.stack, Path(folder))
        if args.stack_gigabytes > 0:
            feed = Path(folder) / "stack-big.jsonl"
            articles = write_feed(feed, int(args.stack_gigabytes * 1024**3))
            through_stack(feed, args.sample or articles, Path(folder))
            feed.unlink()
        if args.gigabytes <= 0:
            return
        path = Path(folder) / "feed.jsonl"
        started = time.perf_counter()
        lines = write_feed(path, int(args.gigabytes * 1024**3))
        print(
            f"wrote {lines:,} articles ({path.stat().st_size / 1e6:,.0f} MB) in {time.perf_counter() - started:.0f} s"
        )
        plan(path)
        parse(path, args.articles)


if __name__ == "__main__":
    main()
