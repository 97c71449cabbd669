"""Hostile files through the parser: how many were tried, what became of them, time and memory.

    .venv/bin/python bench/hostile.py [--examples 200] [--timeout 20]

Every family of tests/hostile_inputs.py (random bytes under random names, truncated gzip and
WARC.gz, invalid UTF-8, JSON of any type, WARCs with lying lengths, PDFs with broken xrefs) gets
`--examples` hypothesis-generated inputs; invalid UTF-8 is also put at every byte position of a
page; then the big cases: gzip and gzip-in-gzip of 200 MB of one letter, a 10 MB single line,
HTML nested 100,000 deep. Each is parsed as the parse function parses it (its default limits,
under the per-file time limit). Prints per family: inputs, articles, rejections, crashes (an
exception other than a rejection: a bug), the slowest input; then the process's peak RSS against
its RSS once the parsers and NER model were loaded (the function has 1536 MB).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "shared")]

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from newsdrop.pipeline.parse_stage import load_parsers  # noqa: E402
from newsdrop.settings import ParseLimits  # noqa: E402
from tests import hostile_inputs as hostile  # noqa: E402


@dataclass
class Tally:
    inputs: int = 0
    articles: int = 0
    rejections: int = 0
    crashes: list[str] = field(default_factory=list)
    slowest_s: float = 0.0
    reasons: Counter[str] = field(default_factory=Counter)

    def record(self, data: bytes, name: str, limits: ParseLimits) -> None:
        self.inputs += 1
        started = time.monotonic()
        try:
            outcome = hostile.parse_outcome(data, name, limits)
        except Exception:  # a crash is what this bench looks for: count it, keep going
            self.crashes.append(traceback.format_exc(limit=3).splitlines()[-1])
            outcome = None
        self.slowest_s = max(self.slowest_s, time.monotonic() - started)
        if outcome is None:
            return
        if outcome.articles:
            self.articles += 1
        else:
            self.rejections += 1
            self.reasons[(outcome.reason or "")[:60]] += 1


Case = st.SearchStrategy[tuple[bytes, str]]


def run_family(strategy: Case, examples: int, tally: Tally, limits: ParseLimits) -> None:
    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def feed(case: tuple[bytes, str]) -> None:
        tally.record(*case, limits)

    feed()


def families() -> dict[str, Case]:
    named = lambda data, name: st.tuples(data, st.just(name))  # noqa: E731
    return {
        "random bytes, any name": st.tuples(hostile.random_bytes, hostile.file_names),
        "truncated gzip": named(hostile.truncated(hostile.gzip_page()), "pier.html.gz"),
        "truncated warc.gz": named(hostile.truncated(hostile.gzip_warc()), "crawl.warc.gz"),
        "invalid utf-8 (random)": named(hostile.invalid_utf8(hostile.PAGE), "pier.html"),
        "json of any type": named(hostile.json_documents(), "feed.json"),
        "warc with lying lengths": named(hostile.lying_warcs(), "crawl.warc"),
        "pdf with broken xref": named(hostile.broken_pdfs(), "report.pdf"),
    }


def big_cases() -> dict[str, Callable[[], bytes]]:
    return {
        "gzip bomb, 200 MB": lambda: hostile.gzip_of_one_letter(200 << 20, nested=False),
        "gzip in gzip, 200 MB": lambda: hostile.gzip_of_one_letter(200 << 20, nested=True),
        "10 MB single line": lambda: hostile.one_long_line(10 << 20),
        "html nested 100,000 deep": lambda: hostile.deeply_nested_html(100_000),
    }


def every_position(limits: ParseLimits, tally: Tally) -> None:
    bad = [b"\x80", b"\xc0", b"\xff", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x82"]
    page = hostile.PAGE
    for position in range(len(page) + 1):
        tally.record(page[:position] + bad[position % len(bad)] + page[position:], "pier.html", limits)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=200, help="hypothesis inputs per family")
    parser.add_argument("--timeout", type=float, default=20.0, help="per-file time limit (the function's: 20 s)")
    args = parser.parse_args()
    limits = ParseLimits(parse_timeout_s=args.timeout)
    load_parsers(limits.ner_model)
    loaded_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tallies: dict[str, Tally] = {}
    for name, strategy in families().items():
        run_family(strategy, args.examples, tallies.setdefault(name, Tally()), limits)
    every_position(limits, tallies.setdefault("invalid utf-8 at every position", Tally()))
    for name, build in big_cases().items():
        tallies.setdefault(name, Tally()).record(build(), name.split(",")[0].replace(" ", "-") + ".txt", limits)
    print(f"{'family':34} {'inputs':>7} {'articles':>8} {'rejected':>8} {'crashes':>7} {'slowest s':>9}")
    for name, tally in tallies.items():
        print(
            f"{name:34} {tally.inputs:7} {tally.articles:8} {tally.rejections:8} {len(tally.crashes):7}"
            f" {tally.slowest_s:9.2f}"
        )
    total = Tally(
        inputs=sum(t.inputs for t in tallies.values()),
        articles=sum(t.articles for t in tallies.values()),
        rejections=sum(t.rejections for t in tallies.values()),
        crashes=[crash for t in tallies.values() for crash in t.crashes],
        slowest_s=max(t.slowest_s for t in tallies.values()),
    )
    print(
        f"{'all':34} {total.inputs:7} {total.articles:8} {total.rejections:8} {len(total.crashes):7}"
        f" {total.slowest_s:9.2f}"
    )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak_mb:.0f} MB; {loaded_mb:.0f} MB once parsers and NER model were loaded (function: 1536 MB)")
    print(f"time limit {limits.parse_timeout_s:g} s, size limit {limits.max_object_bytes} bytes")
    for crash in Counter(total.crashes).most_common(10):
        print("crash:", crash)
    for name, tally in tallies.items():
        for reason, count in tally.reasons.most_common(3):
            print(f"  {name}: {count} x {reason}")


if __name__ == "__main__":
    main()
