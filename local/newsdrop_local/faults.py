"""The fault suite's engine: upload articles through a running local stack while one fault happens,
then count what became of them (the short run in tests/e2e/faults, the long one in bench/faults.py).

Each run uploads JSON articles under a prefix of its own, each titled with the run's own word,
so the index can be asked how many distinct articles arrived and how many arrived twice.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from opensearchpy import OpenSearch
from opensearchpy.exceptions import NotFoundError

from newsdrop.search_index.client import hosts_of
from newsdrop_local.fault_proxy import SwitchableProxy
from newsdrop_local.state import StackState
from newsdrop_local.status import collect_status

PARSE_FUNCTION, INDEX_FUNCTION = "ParseFunction", "IndexFunction"
DUPLICATE_DELIVERIES = 10
BODY = (
    "The harbour council met on Monday to weigh a plan for a new ferry terminal on the north quay. "
    "Councillors asked the port authority for figures on traffic, noise and the cost of dredging, "
    "and residents spoke for an hour about parking, night crossings and the old fish market. "
    "A vote is expected next month, after a survey of the seabed and a second public hearing. "
    "Story number {number} of the {word} series."
)


@dataclass
class FaultRig:
    """A running stack and the switches a fault pulls: OpenSearch's and S3's proxies, the workers."""

    state: StackState
    opensearch: SwitchableProxy
    s3: SwitchableProxy

    @property
    def parse_queue(self) -> str:
        return next(name for name in self.state.queues if name.endswith("-parse"))

    def kill_workers_while(self, stop: threading.Event, every_s: float = 1.0) -> int:
        """SIGKILL a parse or index worker in the middle of an invocation, every `every_s`; how many."""
        killed = 0
        while not stop.wait(every_s):
            for name in (PARSE_FUNCTION, INDEX_FUNCTION):
                busy = [worker for worker in self.state.functions[name].workers if worker.busy]
                if busy:
                    busy[0].kill()
                    killed += 1
        return killed

    def deliver_again(self, key: str, times: int = DUPLICATE_DELIVERIES) -> None:
        """Send the parse queue `times` more copies of the notification the upload of `key` sent."""
        queue_url = self.state.queues[self.parse_queue]
        body = json.dumps(
            {
                "Records": [
                    {
                        "eventVersion": "2.1",
                        "eventSource": "aws:s3",
                        "eventName": "ObjectCreated:Put",
                        "s3": {"bucket": {"name": self.state.raw_bucket}, "object": {"key": key}},
                    }
                ]
            }
        )
        entries = [{"Id": str(n), "MessageBody": body} for n in range(times)]
        self.state.sqs().send_message_batch(QueueUrl=queue_url, Entries=entries)


@dataclass(frozen=True)
class Fault:
    """What goes wrong during a run: `begin` pulls the switch, `end` puts it back; `after_upload`
    runs for each uploaded key (duplicate deliveries)."""

    name: str
    begin: Callable[[FaultRig], None]
    end: Callable[[FaultRig], None]
    after_upload: Callable[[FaultRig, str], None] | None = None


class _WorkerKiller:
    """Kills busy workers in a thread of its own between `begin` and `end`."""

    def __init__(self) -> None:
        self.stop = threading.Event()
        self.thread: threading.Thread | None = None

    def begin(self, rig: FaultRig) -> None:
        self.stop.clear()
        self.thread = threading.Thread(target=rig.kill_workers_while, args=(self.stop,), daemon=True)
        self.thread.start()

    def end(self, rig: FaultRig) -> None:
        self.stop.set()
        if self.thread is not None:
            self.thread.join()


def _nothing(rig: FaultRig) -> None:
    """The duplicate deliveries need no switch."""


def all_faults() -> list[Fault]:
    killer = _WorkerKiller()
    return [
        Fault("opensearch-down", lambda rig: rig.opensearch.off(), lambda rig: rig.opensearch.on()),
        Fault("opensearch-429", lambda rig: rig.opensearch.answer(429), lambda rig: rig.opensearch.on()),
        Fault("opensearch-503", lambda rig: rig.opensearch.answer(503), lambda rig: rig.opensearch.on()),
        Fault("s3-unreachable", lambda rig: rig.s3.off(), lambda rig: rig.s3.on()),
        Fault("worker-killed", killer.begin, killer.end),
        Fault("event-10x-concurrent", _nothing, _nothing, FaultRig.deliver_again),
    ]


@dataclass(frozen=True)
class FaultReport:
    fault: str
    sent: int
    indexed: int  # distinct articles of the run in the index
    duplicates: int  # documents beyond one per article
    lost: int  # articles sent and neither indexed nor rejected
    rejected: int
    dead_lettered: int  # messages in the dead-letter queues after the run
    recover_s: float  # from the fault's end until every article was indexed (or the wait gave up)
    status: dict  # `newsdrop status --prefix` of the run

    @property
    def reconciled(self) -> bool:
        """raw = parsed + rejected, parsed = indexed, as `newsdrop status --prefix` counts them."""
        s = self.status
        return s["raw_objects"] == s["articles"] + len(s["rejected"]) and s["articles"] == s["indexed"]


def run_fault(rig: FaultRig, fault: Fault, articles: int, fault_s: float, settle_timeout_s: float = 300) -> FaultReport:
    """Upload `articles` while `fault` lasts `fault_s`; wait until they are indexed; count them."""
    word = "flt" + uuid.uuid4().hex[:10]  # one token no other article has
    prefix = f"faults/{fault.name}-{word}/"
    s3 = rig.state.s3()  # straight to moto: the user's uploads do not go through the S3 fault

    def upload(number: int) -> None:
        key = f"{prefix}{number:05d}.json"
        story = {"title": f"{word} story {number}", "body": BODY.format(number=number, word=word)}
        s3.put_object(Bucket=rig.state.raw_bucket, Key=key, Body=json.dumps(story).encode())
        if fault.after_upload is not None:
            fault.after_upload(rig, key)

    began = time.monotonic()
    fault.begin(rig)
    try:
        with ThreadPoolExecutor(8) as uploads:
            list(uploads.map(upload, range(articles)))
            time.sleep(max(0.0, began + fault_s - time.monotonic()))
    finally:
        fault.end(rig)
    ended = time.monotonic()
    titles = _wait_for_articles(rig.state, word, articles, settle_timeout_s)
    recover_s = time.monotonic() - ended
    status = collect_status(rig.state, prefix)
    rejected = len(status["rejected"])
    depths = rig.state.queue_depths()
    return FaultReport(
        fault=fault.name,
        sent=articles,
        indexed=len(titles),
        duplicates=sum(titles.values()) - len(titles),
        lost=articles - len(titles) - rejected,
        rejected=rejected,
        dead_lettered=sum(depths[name]["visible"] + depths[name]["in_flight"] for name in rig.state.dead_letter_queues),
        recover_s=recover_s,
        status=status,
    )


def _wait_for_articles(state: StackState, word: str, expected: int, timeout_s: float) -> Counter[str]:
    """The run's titles in the index and how many documents carry each, once all are there and the
    queues are empty (or the time is up)."""
    client = OpenSearch(hosts=hosts_of(state.opensearch_url), timeout=30)
    deadline = time.monotonic() + timeout_s
    titles: Counter[str] = Counter()
    while time.monotonic() < deadline:
        client.indices.refresh(index=state.index_alias, ignore_unavailable=True)
        titles = _titles(client, state.index_alias, word)
        if len(titles) >= expected and _queues_empty(state):
            break
        time.sleep(0.5)
    return titles


def _titles(client: OpenSearch, alias: str, word: str) -> Counter[str]:
    body = {"query": {"match": {"title": word}}, "_source": ["title"], "size": 10_000}
    try:
        hits = client.search(index=alias, body=body)["hits"]["hits"]
    except NotFoundError:  # the index stage has not created the index yet
        return Counter()
    return Counter(hit["_source"]["title"] for hit in hits)


def _queues_empty(state: StackState) -> bool:
    depths = state.queue_depths()
    return all(sum(q.values()) == 0 for name, q in depths.items() if name not in state.dead_letter_queues)


def render_table(reports: list[FaultReport]) -> str:
    """One row per fault: what was sent, indexed, duplicated, lost, and how long recovery took."""
    header = (
        f"{'fault':<22} {'sent':>5} {'indexed':>7} {'dupes':>5} {'lost':>4} {'rejected':>8} {'DLQ':>4}"
        f" {'recover s':>9}  status reconciles"
    )
    rows = [
        f"{r.fault:<22} {r.sent:>5} {r.indexed:>7} {r.duplicates:>5} {r.lost:>4} {r.rejected:>8}"
        f" {r.dead_lettered:>4} {r.recover_s:>9.1f}  {'yes' if r.reconciled else 'NO: ' + json.dumps(_counts(r))}"
        for r in reports
    ]
    return "\n".join([header, *rows])


def _counts(report: FaultReport) -> dict:
    s = report.status
    return {"raw": s["raw_objects"], "parsed": s["articles"], "rejected": len(s["rejected"]), "indexed": s["indexed"]}
