"""Ingest throughput: the local stack end to end against the parse and index libraries alone, in one run.

    .venv/bin/python bench/ingest.py [--articles 100000] [--files 200] [--gigabytes 1] [--warm-up 500]

On one embedded OpenSearch node and the local stack (moto, one pool of workers per function with
as many workers as the machine has cores). First an untimed feed (`--warm-up` articles) goes through
the stack, so that its workers and the node's JIT compiler are warm, as the libraries' processes
are (their models load before the timing). Then, for each input kind:
- HTML pages and text dumps (`--files` single-article files each) and one JSON Lines feed of
  `--articles` articles: articles per second end to end (first upload to last article
  searchable) and upload->searchable p50/p95, seen by polling the index for the articles' ids;
- the same articles through the libraries alone on the same number of processes: extraction
  (trafilatura for HTML, the text itself for dumps, json.loads for the feed) + spaCy NER (the
  same model, NER only, nlp.pipe) + opensearch-py helpers.bulk into a scratch index; and the ratio.
  Once more with the stack's sentence embedding (newsdrop.embedding, into a k-NN field): the index
  stage has embedded every article since hybrid search, which the first baseline leaves out.
Then the index stage against raw helpers.streaming_bulk on the feed's processed documents, in
BULK_ROUNDS alternating rounds: raw in chunks of 500 and of the index queue's BatchSize (the stage's
batch) and the stage's bulk_write in that batch, each round's ratio against that round's raw run
(median and range, as one round moves by 0.1 on a shared machine); then one round of the whole
stage with its S3 reads and embedding. Also where the CPU went while the stack ran (OpenSearch,
moto, each function's workers, the pumps), and per article beside the libraries'; what OpenSearch
did meanwhile (refreshes, merges, indexing, queries, with their times); the peak RSS (VmHWM) of
every function worker after each kind; and, with `--gigabytes`, planning a JSON Lines feed of that
size (bench/feeds.py: peak RSS of the planning interpreter).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from multiprocessing import active_children, get_context
from pathlib import Path

# One BLAS thread per process, as the template gives the functions: the libraries' processes (and
# the in-process index stage below) would otherwise each spin a thread per core against the others.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
# The metrics namespace the template gives the functions: a batch of 100 articles fills a metric's 100
# values within one call of the in-process index stage below, and Powertools then prints the set.
os.environ.setdefault("POWERTOOLS_METRICS_NAMESPACE", "newsdrop")
ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "shared"), str(ROOT / "local")]

import feeds  # noqa: E402  (bench/feeds.py: the 1 GB planning figure is measured there)
from parse_stage import article_html, json_story, paragraphs  # noqa: E402

POLL_S = 0.5
JIT = "OpenSearch's JIT compiler"
WARM_UP_SEEDS = 10**9
BULK_ROUNDS = 7


def index_batch_size() -> int:
    """The index queue's BatchSize in template.yaml: the stage's batch, and the libraries' chunks."""
    from newsdrop_local.template import read_template

    events = read_template()["Resources"]["IndexFunction"]["Properties"]["Events"]
    return int(events["IndexQueue"]["Properties"]["BatchSize"])


INDEX_BATCH = index_batch_size()


def text_dump(seed: int, words: int = 400) -> str:
    """A plain-text page dump: headline, byline, paragraphs."""
    import random

    rng = random.Random(seed)
    return f"Harbour plan story {seed}\n\nBy Anna Berg\n\n" + "\n\n".join(paragraphs(rng, words)) + "\n"


def corpora(files: int, articles: int) -> dict[str, list[bytes]]:
    """Payloads per kind: one per file for pages and dumps, one per line for the feed."""
    return {
        "html": [article_html(seed, 400).encode() for seed in range(files)],
        "text": [text_dump(seed).encode() for seed in range(files)],
        "jsonl": [json_story(seed, 150) for seed in range(articles)],
    }


# --- the libraries alone -------------------------------------------------------------------------


def _load_models(model: str) -> None:
    """A libraries-alone process loads the NER and embedding models before the timing starts."""
    from newsdrop.embedding import get_encoder
    from newsdrop.parsing.entities import load_pipeline

    load_pipeline(model)
    get_encoder()


def _extract_and_ner(task: tuple[str, str, bool, list[bytes]]) -> list[dict]:
    import trafilatura

    from newsdrop.embedding import embed
    from newsdrop.parsing.entities import load_pipeline  # spacy.load(model) with NER alone, once per process
    from newsdrop.search_index.vectors import vector_text

    kind, model, vectors, payloads = task
    texts: list[tuple[str, str]] = []
    for payload in payloads:
        if kind == "html":
            texts.append(("", trafilatura.extract(payload.decode()) or ""))
        elif kind == "text":
            texts.append(("", payload.decode()))
        else:
            story = json.loads(payload)
            texts.append((story["title"], "\n\n".join(story["body"])))
    docs = load_pipeline(model).pipe(text for pair in texts for text in pair)
    found = []
    for (title, body), title_doc, body_doc in zip(texts, docs, docs, strict=False):
        entities = [{"text": e.text, "type": e.label_} for e in [*title_doc.ents, *body_doc.ents]]
        found.append({"title": title, "body": body, "entities": entities})
    if vectors:  # from title and body start, as the index stage embeds an article
        texts_to_embed = [vector_text({"title": doc["title"], "body": [doc["body"]]}) for doc in found]
        for doc, vector in zip(found, embed(texts_to_embed), strict=True):
            doc["vector"] = vector
    return found


def libraries_alone(
    kind: str, payloads: list[bytes], client, processes: int, model: str, vectors: bool
) -> tuple[float, dict[str, float]]:
    """Seconds for extract + NER (+ the embedding, into a k-NN field) on `processes` processes and
    helpers.bulk of the results, and the CPU seconds each part used meanwhile (`cpu_by_part`)."""
    from opensearchpy import helpers

    from newsdrop.search_index.mapping import VECTOR_FIELD

    index = f"bench-libraries-{kind}"
    client.indices.delete(index=index, ignore_unavailable=True)
    settings = {"number_of_shards": 1, "number_of_replicas": 0, "knn": vectors}
    mappings = {"properties": {"vector": VECTOR_FIELD}} if vectors else {}
    client.indices.create(index=index, body={"settings": settings, "mappings": mappings})
    chunks = range(0, len(payloads), INDEX_BATCH)
    tasks = [(kind, model, vectors, payloads[start : start + INDEX_BATCH]) for start in chunks]
    others = {process.pid for process in active_children()}  # the stack's workers, idle meanwhile
    with get_context("spawn").Pool(processes, initializer=_load_models, initargs=(model,)) as pool:
        pool.map(time.sleep, [0.5] * 2 * processes, chunksize=1)  # every process has loaded the model
        workers = {"libraries' processes": [p.pid for p in active_children() if p.pid not in others]}
        cpu_before, started = cpu_by_part(workers), time.perf_counter()
        results = pool.imap(_extract_and_ner, tasks)
        actions = ({"_index": index, "_source": doc} for chunk in results for doc in chunk)
        indexed, _ = helpers.bulk(client, actions, chunk_size=500)
        client.indices.refresh(index=index)
        seconds = time.perf_counter() - started
        cpu = cpu_used(cpu_before, cpu_by_part(workers))
    assert indexed == len(payloads), (indexed, len(payloads))
    client.indices.delete(index=index)
    return seconds, cpu


# --- through the stack ---------------------------------------------------------------------------


class Searchable(threading.Thread):
    """Polls the alias for ids not seen yet; records when each is first seen."""

    def __init__(self, client, alias: str, ids: list[str]) -> None:
        super().__init__(daemon=True)
        self.client, self.alias = client, alias
        self.pending, self.seen = set(ids), {}
        self.done = threading.Event()

    def run(self) -> None:
        while self.pending and not self.done.is_set():
            time.sleep(POLL_S)
            if not self.client.indices.exists_alias(name=self.alias):
                continue
            pending = list(self.pending)
            for start in range(0, len(pending), 5_000):
                chunk = pending[start : start + 5_000]
                body = {"query": {"ids": {"values": chunk}}, "_source": False, "size": len(chunk)}
                hits = self.client.search(index=self.alias, body=body)["hits"]["hits"]
                now = time.perf_counter()
                for hit in hits:
                    self.seen[hit["_id"]] = now
                    self.pending.discard(hit["_id"])


def through_stack(
    kind: str, payloads: list[bytes], state, client, timeout_s: float, folder: str = "bench"
) -> dict[str, float]:
    """Upload the kind's files under `folder`/; articles/s end to end and upload->searchable p50/p95, in seconds."""
    from newsdrop.models import article_id

    s3 = state.s3()
    if kind == "jsonl":
        key = f"{folder}/feed.jsonl"
        files = {key: b"".join(line + b"\n" for line in payloads)}
        ids = {key: [article_id(state.raw_bucket, key, n) for n in range(len(payloads))]}
    else:
        files = {f"{folder}/{kind}/{n}.{'html' if kind == 'html' else 'txt'}": data for n, data in enumerate(payloads)}
        ids = {key: [article_id(state.raw_bucket, key, 0)] for key in files}
    watcher = Searchable(client, state.index_alias, [i for group in ids.values() for i in group])
    watcher.start()
    uploaded: dict[str, float] = {}
    first = time.perf_counter()
    for key, data in files.items():
        s3.put_object(Bucket=state.raw_bucket, Key=key, Body=data)
        uploaded[key] = time.perf_counter()
    watcher.join(timeout_s)
    watcher.done.set()
    latencies = sorted(
        watcher.seen[i] - uploaded[key] for key, group in ids.items() for i in group if i in watcher.seen
    )
    last = max(watcher.seen.values(), default=first)
    return {
        "articles": len(watcher.seen),
        "expected": len(watcher.seen) + len(watcher.pending),
        "per_s": len(watcher.seen) / (last - first) if watcher.seen else 0.0,
        "p50": statistics.median(latencies) if latencies else float("nan"),
        "p95": latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan"),
    }


def _worker_pids(state) -> dict[str, list[int]]:
    """Process ids of every running function worker, by function."""
    pids: dict[str, list[int]] = {}
    for name, pool in state.functions.items():
        # the bench reads the worker's process id; nothing else does
        pids[name] = [worker._process.pid for worker in pool.workers if worker._process is not None]
    return pids


def worker_peaks(state) -> str:
    """Peak RSS (VmHWM) of every function worker so far, MB, by function."""
    peaks = []
    for name, pids in _worker_pids(state).items():
        figures = []
        for pid in pids:
            status = Path(f"/proc/{pid}/status").read_text()
            kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
            figures.append(f"{kb / 1024:.0f}")
        peaks.append(f"{name} {'/'.join(figures)} MB")
    return ", ".join(peaks)


def cpu_seconds(pid: int | str) -> float:
    """User + system CPU seconds so far of a process, or of a thread ("<pid>/task/<tid>"); 0 when gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def _jit_cpu_s(pid: int) -> float:
    """CPU seconds so far of a JVM's JIT compiler threads: a fresh node compiling the code paths it
    meets, which costs OpenSearch more than its own work on a 1,000-article feed and fades once warm."""
    compilers = (
        task.name
        for task in Path(f"/proc/{pid}/task").iterdir()
        if _read(task / "comm").startswith(("C1 CompilerThre", "C2 CompilerThre"))
    )
    return sum(cpu_seconds(f"{pid}/task/{tid}") for tid in compilers)


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except FileNotFoundError:  # a thread that has ended
        return ""


def cpu_by_part(workers: dict[str, list[int]]) -> dict[str, float]:
    """CPU seconds so far of each part of the run: OpenSearch (its JIT compiler apart), moto, each
    group of `workers`, and this process (the stack's pumps and gateway run in it, with the bench's
    uploads and polling)."""
    parts = {name: sum(map(cpu_seconds, pids)) for name, pids in workers.items()}
    for child in Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read_text().split():
        command = Path(f"/proc/{child}/cmdline").read_bytes()
        if b"java" in command:
            jit = _jit_cpu_s(int(child))
            parts[JIT] = parts.get(JIT, 0.0) + jit
            parts["OpenSearch"] = parts.get("OpenSearch", 0.0) + cpu_seconds(int(child)) - jit
        elif b"moto_server" in command:
            parts["moto"] = parts.get("moto", 0.0) + cpu_seconds(int(child))
    parts["bench and pumps"] = sum(os.times()[:2])
    return parts


def cpu_used(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    """Each part's CPU seconds between two `cpu_by_part` readings."""
    return {part: after[part] - before.get(part, 0.0) for part in after}


def cpu_shares(used: dict[str, float], wall_s: float) -> str:
    """Each part's CPU seconds, and the cores busy on average."""
    total = sum(used.values())
    shares = ", ".join(f"{part} {seconds:.0f} s" for part, seconds in sorted(used.items(), key=lambda x: -x[1]))
    return f"{shares}; {total:.0f} CPU s in {wall_s:.0f} s = {total / wall_s:.2f} cores busy"


def cpu_per_article(used: dict[str, float], articles: int, leave_out: tuple[str, ...] = ()) -> str:
    """CPU milliseconds per article in all, and by part, without the parts `leave_out`."""
    kept = {part: seconds for part, seconds in used.items() if part not in leave_out}
    parts = ", ".join(
        f"{part} {seconds * 1000 / articles:.0f}" for part, seconds in sorted(kept.items(), key=lambda x: -x[1])
    )
    return f"{sum(kept.values()) * 1000 / articles:5.0f} ms ({parts})"


def node_work(client) -> dict[str, float]:
    """OpenSearch's own counters so far (one node): refreshes, merges, indexing and searches, with
    the milliseconds each took, to tell which of them the stack's extra OpenSearch CPU goes to."""
    stats = next(iter(client.nodes.stats(metric="indices")["nodes"].values()))["indices"]
    work = {}
    for name, section, count, took in (
        ("refreshes", "refresh", "total", "total_time_in_millis"),
        ("merges", "merges", "total", "total_time_in_millis"),
        ("documents indexed", "indexing", "index_total", "index_time_in_millis"),
        ("queries", "search", "query_total", "query_time_in_millis"),
    ):
        work[name] = stats[section][count]
        work[f"{name} ms"] = stats[section][took]
    return work


def node_work_done(before: dict[str, float], after: dict[str, float]) -> str:
    names = [name for name in after if not name.endswith(" ms")]
    done = {name: after[name] - before[name] for name in after}
    return ", ".join(f"{done[name]:,.0f} {name} in {done[f'{name} ms'] / 1000:.1f} s" for name in names)


# --- the index stage against streaming_bulk ------------------------------------------------------


def index_stage_vs_raw(state, client) -> None:
    from opensearchpy import helpers

    from newsdrop.observability import logger, metrics
    from newsdrop.pipeline.index_stage import sync_articles
    from newsdrop.search_index.bulk import bulk_write
    from newsdrop.search_index.mapping import index_body, to_document
    from newsdrop.storage import ProcessedStore

    # The stage records metrics and logs each batch, as in Lambda; quietly here: the metrics are
    # dropped after each batch, where an invocation flushes them, and what Powertools prints of a set
    # that reaches 100 values (whatever POWERTOOLS_METRICS_DISABLED says) goes nowhere.
    logger.setLevel("WARNING")
    processed = ProcessedStore(state.processed_bucket, s3=state.s3())
    keys = sorted(processed.all_article_keys())
    articles = [processed.read_article(key) for key in keys]
    documents = {article.id: to_document(article, "2026-01-01T00:00:00Z") for article in articles if article}
    print(f"index stage vs raw helpers.streaming_bulk, {len(documents):,} processed articles, one node:")

    def fresh(index: str) -> None:
        client.indices.delete(index=index, ignore_unavailable=True)
        client.indices.create(index=index, body=index_body())

    def raw(index: str, chunk_size: int) -> Callable[[], None]:
        def run() -> None:
            actions = ({"_index": index, "_id": i, "_source": doc} for i, doc in documents.items())
            for ok, item in helpers.streaming_bulk(client, actions, chunk_size=chunk_size):
                assert ok, item

        return run

    def stage_bulk() -> None:
        ids = list(documents)
        for start in range(0, len(ids), INDEX_BATCH):
            batch = {i: documents[i] for i in ids[start : start + INDEX_BATCH]}
            assert not bulk_write(client, "bench-stage", batch, [])

    def whole_stage() -> None:
        with open(os.devnull, "w") as nowhere, contextlib.redirect_stdout(nowhere):
            for start in range(0, len(keys), INDEX_BATCH):
                assert not sync_articles(keys[start : start + INDEX_BATCH], processed, client, "bench-whole")
                metrics.clear_metrics()

    def timed(index: str, run: Callable[[], None]) -> float:
        fresh(index)
        started = time.perf_counter()
        run()
        client.indices.refresh(index=index)
        elapsed = time.perf_counter() - started
        client.indices.delete(index=index)
        return elapsed

    bulk_runs: dict[str, tuple[str, Callable[[], None]]] = {
        "raw streaming_bulk (chunks of 500)": ("bench-raw", raw("bench-raw", 500)),
        f"raw streaming_bulk (chunks of {INDEX_BATCH})": ("bench-raw-batch", raw("bench-raw-batch", INDEX_BATCH)),
        f"index stage's bulk_write (batches of {INDEX_BATCH})": ("bench-stage", stage_bulk),
    }
    # Alternating rounds, each starting at another row, so the node's warm-up, merges and a busy
    # machine weigh on every row; a row's ratio is taken against the raw runs of its own round.
    labels = list(bulk_runs)
    seconds: dict[str, list[float]] = {label: [] for label in labels}
    for round_ in range(BULK_ROUNDS):
        for label in labels[round_ % len(labels) :] + labels[: round_ % len(labels)]:
            seconds[label].append(timed(*bulk_runs[label]))

    def ratios(label: str, baseline: str) -> str:
        per_round = sorted(base / took for base, took in zip(seconds[baseline], seconds[label], strict=True))
        return f"median {statistics.median(per_round):4.2f}x ({per_round[0]:4.2f}-{per_round[-1]:4.2f}x)"

    for label in labels:
        rate = len(documents) / statistics.median(seconds[label])
        print(f"  {label:<42} {rate:8.0f} docs/s   vs raw in chunks of 500: {ratios(label, labels[0])}")
    print(f"  {f'bulk_write vs raw in chunks of {INDEX_BATCH}':<42} {'':>15}   {ratios(labels[2], labels[1])}")
    whole = timed("bench-whole", whole_stage)  # the embedding makes it a hundred times slower: one round
    print(f"  {'whole index stage, S3 reads included':<42} {len(documents) / whole:8.0f} docs/s   one round")


def compare(label: str, kind: str, data: list[bytes], state, client, cores: int, model: str, timeout_s: float) -> None:
    """Print one input kind's figures: the libraries alone, with the embedding, and the stack."""
    seconds, alone_cpu = libraries_alone(kind, data, client, cores, model, vectors=False)
    alone = len(data) / seconds
    seconds, embedded_cpu = libraries_alone(kind, data, client, cores, model, vectors=True)
    embedded = len(data) / seconds
    work_before = node_work(client)
    cpu_before, started = cpu_by_part(_worker_pids(state)), time.perf_counter()
    stack = through_stack(kind, data, state, client, timeout_s)
    stack_cpu = cpu_used(cpu_before, cpu_by_part(_worker_pids(state)))
    work = node_work_done(work_before, node_work(client))
    wall_s = time.perf_counter() - started
    print(f"{label}, {len(data):,} articles:")
    print(f"  libraries alone (extract + NER + helpers.bulk)            {alone:7.1f} articles/s")
    print(f"  libraries alone with the stack's embedding (k-NN field)   {embedded:7.1f} articles/s")
    print(
        f"  local stack end to end  {stack['per_s']:7.1f} articles/s = {stack['per_s'] / alone:.2f}x "
        f"the libraries, {stack['per_s'] / embedded:.2f}x with the embedding; "
        f"{stack['articles']:,}/{stack['expected']:,} searchable; "
        f"upload->searchable p50 {stack['p50']:.1f} s, p95 {stack['p95']:.1f} s"
    )
    print(f"  CPU while the stack ran: {cpu_shares(stack_cpu, wall_s)}")
    idle, warm = ("moto",), ("moto", JIT)  # moto idles while the libraries run
    n = len(data)
    print(f"  CPU per article, libraries alone:            {cpu_per_article(alone_cpu, n, idle)}")
    print(f"  CPU per article, with the embedding:         {cpu_per_article(embedded_cpu, n, idle)}")
    print(f"  CPU per article, the stack:                  {cpu_per_article(stack_cpu, n)}")
    print(f"  without the JIT warm-up, with the embedding: {cpu_per_article(embedded_cpu, n, warm)}")
    print(f"  without it and moto (S3, SQS in AWS), stack: {cpu_per_article(stack_cpu, n, warm)}")
    print(f"  OpenSearch's work while the stack ran: {work}")
    print(f"  peak RSS of the workers so far: {worker_peaks(state)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000, help="articles in the JSON Lines feed")
    parser.add_argument("--files", type=int, default=200, help="HTML pages, and as many text dumps")
    parser.add_argument("--gigabytes", type=float, default=1.0, help="plan a JSON Lines feed this big; 0: skip")
    parser.add_argument("--warm-up", type=int, default=500, help="articles of an untimed feed through the stack first")
    args = parser.parse_args()

    from opensearchpy import OpenSearch

    from newsdrop.settings import ParseLimits
    from newsdrop_local.opensearch_node import opensearch
    from newsdrop_local.ports import free_port
    from newsdrop_local.stack import local_stack

    cores = os.cpu_count() or 1
    payloads = corpora(args.files, args.articles)
    model = ParseLimits().ner_model
    timeout_s = max(600.0, args.articles / 2)
    with tempfile.TemporaryDirectory() as folder:
        with (
            opensearch(port=free_port(), name="bench-ingest", fresh=True) as url,
            local_stack(
                url, aws_port=free_port(), api_port=free_port(), log_dir=Path(folder) / "logs", concurrency=cores
            ) as state,
        ):
            client = OpenSearch(hosts=[url], timeout=60)
            print(f"{cores} cores; the stack runs {cores} worker(s) per function, the libraries {cores} process(es)")
            if args.warm_up:  # every worker and the node's JIT warm, as the libraries' processes are
                seeds = range(WARM_UP_SEEDS, WARM_UP_SEEDS + args.warm_up)  # no copies of the measured feed's stories
                warm_up = [json_story(seed, 150) for seed in seeds]
                through_stack("jsonl", warm_up, state, client, timeout_s, folder="warm-up")
                print(f"(an untimed feed of {args.warm_up:,} articles went through the stack first)")
            for kind, label in (("html", "HTML pages"), ("text", "text dumps"), ("jsonl", "JSON Lines feed")):
                compare(label, kind, payloads[kind], state, client, cores, model, timeout_s)
            index_stage_vs_raw(state, client)
        if args.gigabytes > 0:
            path = Path(folder) / "big.jsonl"
            lines = feeds.write_feed(path, int(args.gigabytes * 1024**3))
            print(f"a {args.gigabytes:g} GB feed of {lines:,} articles (bench/feeds.py's planning):")
            feeds.plan(path)


if __name__ == "__main__":
    main()
