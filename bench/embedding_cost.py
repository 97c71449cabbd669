"""The sentence embedding's CPU cost per article, by how many word pieces one forward pass takes.

    .venv/bin/python bench/embedding_cost.py [--articles 64] [--rounds 3]

The index stage embeds every article (newsdrop.embedding, all-MiniLM-L6-v2 in numpy); a pass takes
texts of like length up to PIECES_PER_PASS word pieces, padding included. This runs the same
articles (short feed stories and long pages, as search_index.vectors cuts them) through passes of
several sizes, in alternating rounds on one BLAS thread (as the functions run), and prints the CPU
ms per article, each size against the shipped setting. Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy loads, as the template sets it
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "shared"))

from parse_stage import paragraphs  # noqa: E402  (bench/parse_stage.py: news-like text)

from newsdrop import embedding  # noqa: E402
from newsdrop.search_index.vectors import TEXT_CHARS  # noqa: E402

PASS_SIZES = (256, 512, 1024, 2048, 8192)  # 8192 = 32 texts of 256 pieces, the setting before this bench


def articles(count: int, words: int) -> list[str]:
    rng = random.Random(words)
    return [("\n".join(paragraphs(rng, words)))[:TEXT_CHARS] for _ in range(count)]


def cpu_ms_per_text(texts: list[str], pieces_per_pass: int) -> float:
    embedding.PIECES_PER_PASS = pieces_per_pass
    started = time.process_time()
    embedding.get_encoder().embed(texts)
    return (time.process_time() - started) * 1000 / len(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=64, help="articles of each length")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    shipped = embedding.PIECES_PER_PASS
    sizes = sorted({*PASS_SIZES, shipped})
    encoder = embedding.get_encoder()
    for words, label in ((150, "150-word feed stories"), (600, "600-word pages")):
        texts = articles(args.articles, words)
        pieces = [len(e.ids) for e in encoder.tokenizer.encode_batch(texts)]
        encoder.embed(texts[:4])  # warm-up
        totals = dict.fromkeys(sizes, 0.0)
        for _ in range(args.rounds):  # alternating, so a busy moment weighs on every size
            for size in sizes:
                totals[size] += cpu_ms_per_text(texts, size) / args.rounds
        print(f"{label}: {len(texts)} texts of {min(pieces)}-{max(pieces)} word pieces, {args.rounds} rounds")
        for size in sizes:
            mark = "  (shipped)" if size == shipped else ""
            ratio = totals[size] / totals[shipped]
            print(f"  {size:>5} pieces a pass  {totals[size]:7.1f} ms CPU per text  {ratio:5.2f}x{mark}")
    embedding.PIECES_PER_PASS = shipped


if __name__ == "__main__":
    main()
