"""Fingerprints of an article's body for finding its copies: an exact hash, MinHash and LSH bands.

Copies of one wire story differ in headline, boilerplate, length (abridged) and a word here and
there, so they are compared on word shingles of the body alone. MinHash estimates the Jaccard
similarity of two shingle sets; its values are cut into bands, and two bodies that agree on any
whole band become candidates. The bands are stored as keyword terms, so one terms query finds an
article's candidates. Candidates are then verified exactly (`similarity`) on both Jaccard and
containment: an abridged copy shares little of the full text's shingles but is almost wholly inside it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

SHINGLE_WORDS = 4
BANDS = 42
ROWS = 3  # a pair at Jaccard 0.5 becomes a candidate with p = 0.996, at 0.3 with 0.68, at 0.02 with 3e-4
SEED = 20161207  # fixed: the bands of every article ever indexed must agree
_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")
_rng = np.random.default_rng(SEED)
# Multiply-shift hashing (Dietzfelbinger): an odd 64-bit multiplier, the high 32 bits of a*x + b.
_MULTIPLIERS = _rng.integers(1, 2**63, size=BANDS * ROWS, dtype=np.uint64) | np.uint64(1)
_OFFSETS = _rng.integers(0, 2**63, size=BANDS * ROWS, dtype=np.uint64)


def words(paragraphs: Iterable[str]) -> list[str]:
    """The body's words, case and accents folded, punctuation gone: what copies keep in common."""
    text = unicodedata.normalize("NFKC", "\n".join(paragraphs)).casefold()
    return _WORD.findall(text)


def shingles(paragraphs: Iterable[str]) -> frozenset[int]:
    """32-bit hashes of every run of SHINGLE_WORDS words (the whole text, if shorter)."""
    found = words(paragraphs)
    runs = max(1, len(found) - SHINGLE_WORDS + 1) if found else 0
    return frozenset(zlib.crc32(" ".join(found[i : i + SHINGLE_WORDS]).encode()) for i in range(runs))


def body_hash(paragraphs: Iterable[str]) -> str:
    """Equal for bodies with the same words in the same order: exact duplicates."""
    return hashlib.blake2b(" ".join(words(paragraphs)).encode(), digest_size=12).hexdigest()


def bands(shingle_set: frozenset[int]) -> list[str]:
    """The LSH band terms of a shingle set; none for an empty body (it has no copies to find)."""
    if not shingle_set:
        return []
    values = np.fromiter(shingle_set, dtype=np.uint64, count=len(shingle_set))
    hashed = (_MULTIPLIERS[:, None] * values[None, :] + _OFFSETS[:, None]) >> np.uint64(32)
    signature = hashed.min(axis=1).reshape(BANDS, ROWS)
    return [f"{band:02d}-{_digest(row.tobytes())}" for band, row in enumerate(signature)]


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=6).hexdigest()


@dataclass(frozen=True)
class Similarity:
    jaccard: float  # shared shingles over all shingles of the two
    containment: float  # shared shingles over the shorter one's

    @property
    def strength(self) -> float:
        """Which of several verified matches is the best one."""
        return self.containment + self.jaccard


def similarity(first: frozenset[int], second: frozenset[int]) -> Similarity:
    if not first or not second:
        return Similarity(0.0, 0.0)
    shared = len(first & second)
    return Similarity(shared / len(first | second), shared / min(len(first), len(second)))


@dataclass(frozen=True)
class Thresholds:
    """When two bodies are copies of one story: chosen on bench/duplicates.py's dev pages (best recall at
    precision >= 0.98), and held there on the held-out pages."""

    jaccard: float = 0.7
    containment: float = 0.7
    contained_shingles: int = 40  # a few shared sentences are a quote, not an abridged copy

    def copies(self, first: frozenset[int], second: frozenset[int]) -> bool:
        found = similarity(first, second)
        if found.jaccard >= self.jaccard:
            return True
        return found.containment >= self.containment and min(len(first), len(second)) >= self.contained_shingles


COPIES = Thresholds()
