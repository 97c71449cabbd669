"""Parse stage cost: throughput next to its libraries alone, peak memory on big files, cold start.

    .venv/bin/python bench/parse_stage.py [--articles 40] [--ner-only]

Prints, for ~600-word HTML articles, single-threaded (so per core):
- libraries alone: trafilatura.extract + spaCy NER on the extracted text;
- newsdrop.parsing.parse_file: detection, decoding, extraction, metadata, language, NER, merging;
- the whole stage (sync_raw_object): the above plus S3 reads and writes, against in-process moto.
Then NER's share: one NER call per article (as before batching) against one `nlp.pipe` stream
per work item (as a feed's work items run now), on JSON Lines articles, alternating rounds, with
the entities compared, and the full spaCy pipeline for reference. Then peak RSS of parsing a 25 MB
text dump and a 25 MB HTML page, each in a fresh interpreter next to a baseline interpreter that
only loads the same libraries and model; and the cold start of the parse and search handlers
(import time in a fresh interpreter; the parse handler's first call).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
VOCABULARY = (
    "the council said on Monday that its plan for the harbour would cost less than expected because "
    "engineers found the old piers in better shape than feared and the ministry agreed to share costs "
    "residents asked questions about traffic noise and the schedule while the mayor promised updates"
)
WORDS = VOCABULARY.split()
PEOPLE = ["Anna Berg", "John Harris", "Maria Lopez", "Kenji Sato", "Ingrid Solberg", "Daniel Okafor"]
PLACES = ["Oslo", "Halifax", "Lisbon", "Osaka", "Nairobi", "Denver"]


def paragraphs(rng: random.Random, words: int) -> list[str]:
    """News-like paragraphs of about `words` words, each naming a person and a place."""
    found, count = [], 0
    while count < words:
        sentence_words = [rng.choice(WORDS) for _ in range(rng.randint(14, 26))]
        sentence = " ".join(sentence_words).capitalize()
        sentence = f"{sentence}, {rng.choice(PEOPLE)} said in {rng.choice(PLACES)}."
        found.append(f"{sentence} {sentence.lower().capitalize()}")
        count += 2 * (len(sentence_words) + 6)
    return found


def article_html(seed: int, words: int = 600) -> str:
    """A plausible news page: nav, headline, byline, ~`words` words in paragraphs, related links, footer."""
    rng = random.Random(seed)
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs(rng, words))
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Harbour plan story "
        f"{seed}</title></head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article>"
        f"<h1>Harbour plan story {seed}</h1><p class='byline'>By {rng.choice(PEOPLE)}</p>"
        + body
        + "</article><aside><h3>Related</h3><ul><li><a href='/x'>Ferry fares rise</a></li></ul></aside>"
        "<footer>© 2026 Example News</footer></body></html>"
    )


def json_story(seed: int, words: int) -> bytes:
    """One JSON Lines element: a story of about `words` words."""
    rng = random.Random(seed)
    story = {
        "title": f"{rng.choice(PEOPLE)} on the harbour plan in {rng.choice(PLACES)}",
        "body": paragraphs(rng, words),
    }
    return json.dumps(story).encode()


def rate(label: str, count: int, seconds: float, baseline: float | None = None) -> float:
    per_s = count / seconds
    ratio = f"   {baseline / per_s:5.2f}x the libraries' time" if baseline else ""
    print(f"  {label:<34} {per_s:8.1f} articles/s{ratio}")
    return per_s


def throughput(count: int) -> None:
    sys.path.insert(0, str(ROOT / "shared"))
    import spacy
    import trafilatura

    from newsdrop.parsing import parse_file
    from newsdrop.settings import ParseLimits

    pages = [article_html(seed) for seed in range(count)]
    nlp = spacy.load(ParseLimits().ner_model, exclude=["parser", "lemmatizer", "tagger", "attribute_ruler"])
    parse_file(pages[0].encode(), "warm.html")  # load the model once, outside the timings
    for page in pages[:3]:
        nlp(trafilatura.extract(page) or "")

    print(f"throughput, {count} HTML articles of ~600 words, one core:")
    started = time.perf_counter()
    for page in pages:
        nlp(trafilatura.extract(page) or "")
    libraries = rate("libraries alone (extract + NER)", count, time.perf_counter() - started)

    started = time.perf_counter()
    for number, page in enumerate(pages):
        parse_file(page.encode(), f"{number}.html")
    rate("newsdrop.parsing.parse_file", count, time.perf_counter() - started, libraries)

    rate("whole stage (S3 in moto)", count, _whole_stage(pages), libraries)


def ner_batching(count: int, rounds: int = 3) -> None:
    """CPU ms per article of a feed's elements: NER per article (before) against per work item (now)."""
    sys.path.insert(0, str(ROOT / "shared"))
    import spacy

    from newsdrop.parsing.containers import element_article
    from newsdrop.settings import ParseLimits

    limits = ParseLimits()
    full = spacy.load(limits.ner_model)  # every component, as spacy.load gives it
    for words in (150, 600):
        contents = [element_article(json_story(seed, words), "jsonl") for seed in range(count)]
        print(f"NER of {count} JSON Lines articles of ~{words} words, CPU ms per article, {rounds} rounds alternating:")
        _ner_rounds([content for content in contents if content is not None], full, limits, rounds)


def _ner_rounds(contents: list, full: object, limits: object, rounds: int) -> None:
    from newsdrop.parsing.enrich import add_entities, derive_fields, enrich

    def all_components() -> list:
        return [list(full.pipe([content.title, "\n\n".join(content.body)])) for content in contents]

    def per_article() -> list:
        return [enrich(content, limits.ner_model) for content in contents]

    def per_item() -> list:
        size = limits.feed_item_articles
        groups = [contents[i : i + size] for i in range(0, len(contents), size)]
        return [a for group in groups for a in add_entities([derive_fields(c) for c in group], limits.ner_model)]

    enrich(contents[0], limits.ner_model)  # the model loads once, outside the timings
    runs = {
        "all components, per article": all_components,
        "NER only, per article (before)": per_article,
        "NER only, per work item (now)": per_item,
    }
    totals, results = dict.fromkeys(runs, 0.0), {}
    for _ in range(rounds):
        for label, run in runs.items():
            started = time.process_time()
            results[label] = run()
            totals[label] += time.process_time() - started
    before = totals["NER only, per article (before)"]
    for label, seconds in totals.items():
        per_article_ms = 1000 * seconds / rounds / len(contents)
        print(f"  {label:<34} {per_article_ms:7.1f} ms   {before / seconds:5.2f}x the speed before")
    same = [a.entities for a in results["NER only, per article (before)"]] == [
        a.entities for a in results["NER only, per work item (now)"]
    ]
    print(f"  entities identical, per article vs per work item: {same}")


def _whole_stage(pages: list[str]) -> float:
    import boto3
    from moto import mock_aws

    from newsdrop.pipeline.parse_stage import sync_raw_object
    from newsdrop.settings import ParseLimits
    from newsdrop.storage import ProcessedStore

    os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="us-east-1")
    with mock_aws():
        s3 = boto3.client("s3")
        for bucket in ("raw", "processed"):
            s3.create_bucket(Bucket=bucket)
        for number, page in enumerate(pages):
            s3.put_object(Bucket="raw", Key=f"{number}.html", Body=page.encode())
        store = ProcessedStore("processed")
        started = time.perf_counter()
        for number in range(len(pages)):
            sync_raw_object("raw", f"{number}.html", store, ParseLimits(max_object_bytes=30 * 1024 * 1024))
        return time.perf_counter() - started


WARM_UP = (
    b"Talks in Moscow\n\nJohn Kerry met Sergey Lavrov in Moscow on Tuesday to talk about Syria and Ukraine, "
    b"officials said.\n\nThe two men spoke for three hours and agreed to meet again before the end of the year, "
    b"according to a statement released after the talks."
)
PEAK_SCRIPT = """
import resource, sys, json
sys.path.insert(0, {shared!r})
from newsdrop.parsing import parse_file
parse_file({warm!r}, "w.txt")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
outcome = "baseline"
if {path!r}:
    try:
        outcome = f"{{len(parse_file(open({path!r}, 'rb').read(), {path!r}))}} article(s)"
    except Exception as exc:
        outcome = f"rejected: {{getattr(exc, 'reason', exc)}}"
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"before_mb": before / 1024, "after_mb": after / 1024, "outcome": outcome}}))
"""


def peak_memory(tmp: Path) -> None:
    size = 25 * 1024 * 1024
    paragraph = "The council met on Monday in Oslo and agreed to share the costs of the new harbour piers. " * 6
    text = tmp / "big.txt"
    text.write_text(("Big harbour story\n\n" + (paragraph + "\n\n") * (size // (len(paragraph) + 2)))[:size])
    html = tmp / "big.html"
    body = f"<p>{paragraph}</p>" * (size // (len(paragraph) + 7))
    html.write_text(f"<html><head><title>Big page</title></head><body><article>{body}</article></body></html>")
    print("peak memory (max RSS of a fresh interpreter, model loaded):")
    for label, path in (("baseline: libraries + model", ""), ("25 MB text dump", str(text)), ("25 MB HTML", str(html))):
        code = PEAK_SCRIPT.format(shared=str(ROOT / "shared"), path=path, warm=WARM_UP)
        started = time.perf_counter()
        result = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - started
        if result.returncode != 0:
            print(f"  {label:<30} failed: {result.stderr.strip().splitlines()[-1]}")
            continue
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        print(f"  {label:<30} {figures['after_mb']:7.0f} MB peak   {elapsed:5.1f} s   {figures['outcome']}")


COLD_SCRIPT = """
import importlib.util, json, sys, time
sys.path.insert(0, {shared!r})
started = time.perf_counter()
spec = importlib.util.spec_from_file_location("app", {app!r})
module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module)
imported = time.perf_counter() - started
first = None
if {parse}:
    from newsdrop.parsing import parse_file
    started = time.perf_counter()
    parse_file({warm!r}, "a.txt")
    first = time.perf_counter() - started
print(json.dumps({{"import_s": imported, "first_parse_s": first, "spacy": "spacy" in sys.modules}}))
"""


def cold_start() -> None:
    print("cold start (fresh interpreter, median of 3):")
    for name, parse in (("parse", True), ("search_api", False)):
        runs = []
        for _ in range(3):
            app = str(ROOT / "functions" / name / "app.py")
            code = COLD_SCRIPT.format(shared=str(ROOT / "shared"), app=app, parse=parse, warm=WARM_UP)
            env = {**os.environ, "POWERTOOLS_TRACE_DISABLED": "true", "POWERTOOLS_METRICS_NAMESPACE": "bench"}
            # The handlers check their settings at import, as in Lambda; nothing is contacted.
            env.update(PROCESSED_BUCKET="bench", OPENSEARCH_URL="http://127.0.0.1:9", CURSOR_SECRET="bench-only-secret")
            result = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, env=env, check=True)
            runs.append(json.loads(result.stdout.strip().splitlines()[-1]))
        runs.sort(key=lambda run: run["import_s"])
        median = runs[1]
        first = f", first parse (loads spaCy + model) {median['first_parse_s']:.2f} s" if parse else ""
        print(f"  {name:<11} handler import {median['import_s']:.2f} s{first}; spaCy imported: {median['spacy']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--ner-only", action="store_true", help="only the NER batching figures")
    args = parser.parse_args()
    ner_batching(max(args.articles, 100))
    if args.ner_only:
        return
    throughput(args.articles)
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        peak_memory(Path(tmp))
    cold_start()


if __name__ == "__main__":
    main()
