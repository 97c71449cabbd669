"""Coverage-guided fuzzing of the parser with atheris: inputs tried, and any crash with its input.

    .venv/bin/python bench/fuzz_parser.py [-runs=20000] [-max_len=65536] [corpus_dir ...]

libFuzzer mutates bytes towards new coverage of the instrumented `newsdrop.parsing` package,
starting from the seed files given (a corpus folder) or from nothing. Each input goes through
`parse_file` under a 5 s time limit as the parse stage runs it; a rejection or an article is
fine, anything else raised is a crash: libFuzzer stops and writes the input to `crash-<sha1>`.
libFuzzer prints the inputs tried ("Done N runs"), coverage, and any crash. New corpus entries go
to the first folder given: pass a scratch copy (of samples/, say), not the repository's files.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "shared"))

with atheris.instrument_imports(include=["newsdrop.parsing"]):
    from newsdrop.errors import RejectedInput
    from newsdrop.parsing import parse_file

from newsdrop.pipeline.parse_stage import load_parsers  # noqa: E402
from newsdrop.pipeline.time_limit import ParseTimeout, time_limit  # noqa: E402
from newsdrop.settings import ParseLimits  # noqa: E402

LIMITS = ParseLimits(parse_timeout_s=5, max_object_bytes=1 << 20)
NAMES = ["page.html", "dump.txt", "feed.json", "feed.jsonl", "crawl.warc", "doc.pdf", "file.gz", "noname"]


def one_input(data: bytes) -> None:
    """The first byte picks the file name (a format hint), the rest is the file."""
    name = NAMES[data[0] % len(NAMES)] if data else "empty"
    try:
        with time_limit(LIMITS.parse_timeout_s):
            parse_file(data[1:], name, limits=LIMITS)
    except (RejectedInput, ParseTimeout):
        pass  # a rejection with its reason: what hostile input should become


if __name__ == "__main__":
    load_parsers(LIMITS.ner_model)
    argv = sys.argv if any(arg.startswith("-runs=") for arg in sys.argv) else [*sys.argv, "-runs=20000"]
    atheris.Setup(argv, one_input)
    atheris.Fuzz()
