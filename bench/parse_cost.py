"""Parse cost of text dumps: this checkout's parser against an earlier commit's, same dumps, same run.

    .venv/bin/python bench/parse_cost.py [--baseline af94943] [--rounds 2]

The earlier commit's `shared/` is exported with `git archive` into a temporary folder; each round
times both parsers in fresh processes, one after the other, on every dump of every renderer
(bench/dump_corpus.py), in CPU milliseconds per dump: the text extraction alone and the whole
`parse_file` (extraction, language, NER). Alternating rounds keep a busy machine's noise in both.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import dump_corpus

ROOT = dump_corpus.ROOT

# Run in a fresh interpreter with one tree's shared/ first on the path.
_TIMER = """
import json, sys, time
sys.path[:0] = [sys.argv[1], sys.argv[2]]
import dump_corpus
from newsdrop.errors import RejectedInput
from newsdrop.parsing import parse_file
from newsdrop.parsing.text_dump import extract_text_dump
dumps = [text for name in dump_corpus.RENDERERS if dump_corpus.renderer_missing(name) is None
         for text in dump_corpus.dumps(name).values()]

def cpu_ms(parse):
    started = time.process_time()
    for text in dumps:
        try:
            parse(text)
        except RejectedInput:
            pass
    return 1000 * (time.process_time() - started) / len(dumps)

cpu_ms(extract_text_dump)  # warm-up: the model and the NER pipeline load once, outside the timings
print(json.dumps({"dumps": len(dumps), "extract": cpu_ms(extract_text_dump),
                  "parse_file": cpu_ms(lambda text: parse_file(text.encode(), "page.txt"))}))
"""


def time_tree(shared: Path) -> dict[str, float]:
    command = [sys.executable, "-c", _TIMER, str(shared), str(ROOT / "bench")]
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def export_shared(revision: str, into: Path) -> Path:
    archive = into / "shared.tar"
    with archive.open("wb") as out:
        subprocess.run(["git", "-C", str(ROOT), "archive", revision, "shared"], check=True, stdout=out)
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    return into / "shared"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", default="af94943", help="the commit to compare with (default: before issue 7)")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if not dump_corpus.load_pages():
        print("benchmark data not found; nothing to measure")
        return 0
    with tempfile.TemporaryDirectory() as folder:
        baseline = export_shared(args.baseline, Path(folder))
        print(f"{'round':<6} {'parser':<12} {'dumps':>6} {'extract ms':>11} {'parse_file ms':>14}")
        totals = {"baseline": [0.0, 0.0], "this": [0.0, 0.0]}
        for round_number in range(1, args.rounds + 1):
            for name, shared in (("baseline", baseline), ("this", ROOT / "shared")):
                figures = time_tree(shared)
                totals[name][0] += figures["extract"]
                totals[name][1] += figures["parse_file"]
                print(
                    f"{round_number:<6} {name:<12} {figures['dumps']:>6} "
                    f"{figures['extract']:>11.1f} {figures['parse_file']:>14.1f}"
                )
    extract_ratio = totals["this"][0] / totals["baseline"][0]
    parse_ratio = totals["this"][1] / totals["baseline"][1]
    print(f"this / {args.baseline}: extraction {extract_ratio:.2f}x, parse_file {parse_ratio:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
