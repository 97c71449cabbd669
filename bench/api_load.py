"""The search API under load: concurrent clients for a while against synthetic articles, through
the local gateway, first with one search worker and then with a pool of several (Lambda runs one
instance per concurrent request); prints requests served, p50/p95/p99 and errors for each, next
to one client alone on the same index in the same run.

    .venv/bin/python bench/api_load.py                     # 100,000 articles, 20 clients, 60 s, pools 1 and 4
    .venv/bin/python bench/api_load.py --articles 20000 --seconds 20 --pools 1 2 4

The articles are generated (bench/search_latency.py's generator: titles and bodies from a word
list, people, places, sources and dates) and bulk-loaded straight into the index, not parsed.
The mix: words, phrases, OR and exclusions, prefixes, typos, filters (source, entity, language,
dates), date sort with cursor paging, `from` paging, entity autocomplete and article reads;
every search response carries its facets. An error is any answer but 200 (or no answer in 30 s).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from opensearchpy import OpenSearch
from search_latency import PEOPLE, SOURCES, WORDS, fill, start_api

from newsdrop.search_index.mapping import ensure_index
from newsdrop_local.opensearch_node import opensearch
from newsdrop_local.ports import free_port

TYPOS = ["Lavorv", "ministr", "electoin", "climte", "hospitl", "Merkle", "festivl"]
REQUEST_TIMEOUT_S = 30


@dataclass
class Tally:
    """Latencies and statuses of every request of one run, from all clients."""

    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter[int | str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, latency_ms: float, status: int | str) -> None:
        with self.lock:
            self.latencies_ms.append(latency_ms)
            self.statuses[status] += 1

    def line(self, label: str, seconds: float) -> str:
        cuts = statistics.quantiles(self.latencies_ms, n=100)
        served = len(self.latencies_ms)
        failed = {status: n for status, n in self.statuses.items() if status != 200}
        errors = sum(failed.values())
        server_errors = sum(n for status, n in failed.items() if isinstance(status, int) and status >= 500)
        return (
            f"{label:<28} {served:>6} requests ({served / seconds:5.1f}/s)   p50 {cuts[49]:7.1f} ms"
            f"   p95 {cuts[94]:7.1f} ms   p99 {cuts[98]:7.1f} ms   errors {errors} (5xx {server_errors})"
            + (f" {failed}" if failed else "")
        )

    @property
    def p99(self) -> float:
        return statistics.quantiles(self.latencies_ms, n=100)[98]


def mixed_request(rng: random.Random, next_page: str | None) -> str:
    """One request of the mix, as a path and query string; date searches go on to `next_page` when given."""
    kind = rng.randrange(10)
    params: dict[str, str | int] = {}
    if kind == 0:
        params["q"] = rng.choice(WORDS)
    elif kind == 1:
        params["q"] = " ".join(rng.sample(WORDS, 2))
    elif kind == 2:
        params["q"] = '"' + " ".join(rng.sample(WORDS, 2)) + '"'
    elif kind == 3:
        params["q"] = f"{rng.choice(WORDS)} OR {rng.choice(WORDS)} -{rng.choice(WORDS)}"
    elif kind == 4:
        params["q"] = rng.choice(TYPOS)
    elif kind == 5:
        params.update(q=rng.choice(WORDS)[:3] + "*", source=rng.choice(SOURCES), lang="en")
    elif kind == 6:
        year = rng.randint(2010, 2024)
        params.update(entity=rng.choice(PEOPLE), from_date=f"{year}-01-01", to_date=f"{year + 1}-06-30")
    elif kind == 7:
        if next_page:
            return next_page
        params.update(q=rng.choice(WORDS), sort="date", size=20)
    elif kind == 8:
        params.update(q=rng.choice(WORDS), size=rng.choice([10, 50]), **{"from": rng.choice([0, 10, 100, 500])})
    else:
        return "/entities?" + urlencode({"prefix": rng.choice(PEOPLE)[:2]})
    return "/search?" + urlencode(params)


def client(api_url: str, seed: int, until: float, tally: Tally) -> None:
    """Send requests of the mix one after another until `until`, paging on through a date search by its
    cursor (a cursor belongs to the search it came from)."""
    rng, next_page = random.Random(seed), None
    while time.monotonic() < until:
        path = mixed_request(rng, next_page)
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(api_url + path, timeout=REQUEST_TIMEOUT_S) as response:
                body, status = json.load(response), response.status
        except urllib.error.HTTPError as error:
            body, status = None, error.code
        except OSError as error:  # no answer in time, connection refused or cut
            body, status = None, type(error).__name__
        tally.add((time.perf_counter() - started) * 1000, status)
        if "sort=date" in path:
            cursor = body.get("next_cursor") if body else None
            first_page = path.split("&cursor=")[0]
            next_page = f"{first_page}&{urlencode({'cursor': cursor})}" if cursor else None


def load(api_url: str, clients: int, seconds: float) -> Tally:
    tally = Tally()
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=client, args=(api_url, n, until, tally)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally


def run(url: str, workers: int, clients: int, seconds: float) -> Tally:
    """`clients` against a gateway with a pool of `workers` search workers, all warm."""
    pool, gateway = start_api(url, "load", workers)
    api_url = f"http://127.0.0.1:{gateway.server_address[1]}"
    try:
        load(api_url, workers, 5)  # warm every worker, OpenSearch's caches and the JIT
        return load(api_url, clients, seconds)
    finally:
        gateway.shutdown()
        gateway.server_close()
        pool.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--pools", type=int, nargs="+", default=[1, 4], help="search workers per run")
    args = parser.parse_args()
    with opensearch(port=free_port(), name="bench-api-load", fresh=True) as url:
        opensearch_client = OpenSearch(hosts=[url], timeout=120)
        ensure_index(opensearch_client, "load-v1", "load")
        fill(opensearch_client, "load", 0, args.articles)
        print(f"{args.seconds:.0f} s a run, {args.articles:,} synthetic articles, the same request mix")
        print(run(url, 1, 1, args.seconds).line("1 client, pool 1 (baseline)", args.seconds), flush=True)
        p99 = {}
        for workers in args.pools:
            tally = run(url, workers, args.clients, args.seconds)
            print(tally.line(f"{args.clients} clients, pool {workers}", args.seconds), flush=True)
            p99[workers] = tally.p99
        smallest, largest = min(p99), max(p99)
        print(f"p99 with pool {smallest} / with pool {largest}: {p99[smallest] / p99[largest]:.1f}x")


if __name__ == "__main__":
    main()
