"""The user's query language, parsed into terms: never an error, whatever the input.

Words must all match; `"phrases"`, `a OR b`, `-excluded` and `prefix*` are understood.
Anything malformed (an unclosed quote, a stray operator, parentheses) degrades to plain
words, so a user never sees a syntax error and their text never becomes query DSL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["word", "phrase", "prefix"]

# Bounds that keep the query under OpenSearch's 1,024-clause limit (see query.py): more terms
# than this add cost, not precision; past MAX_PREFIXES a `word*` is read as the word.
MAX_TERMS = 24
MAX_EXCLUDED = 16
MAX_PREFIXES = 4
_OR_TOKENS = {"OR", "|", "||"}
_AND_TOKENS = {"AND", "&", "&&", "+"}
_TOKEN = re.compile(r'-?"[^"]*"?|\S+')
_HAS_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class Term:
    kind: Kind
    text: str


@dataclass
class ParsedQuery:
    """`groups` must all match (each group is terms OR'd); `excluded` must not match."""

    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)

    @property
    def match_all(self) -> bool:
        return not self.groups

    @property
    def positive_terms(self) -> list[Term]:
        return [term for group in self.groups for term in group]


def parse(text: str) -> ParsedQuery:
    """Parse `text`; `*`, empty or nothing searchable means every article."""
    parsed = ParsedQuery()
    join_next = False
    for raw in _TOKEN.findall(text)[: MAX_TERMS * 2]:
        if raw in _OR_TOKENS:
            join_next = bool(parsed.groups)
            continue
        if raw in _AND_TOKENS:
            continue
        negated = raw.startswith("-") and len(raw) > 1
        term = _term(raw[1:] if negated else raw)
        if term is None:
            continue
        if negated:
            parsed.excluded.append(term)
        elif join_next:
            parsed.groups[-1].append(term)
        else:
            parsed.groups.append([term])
        join_next = False
    parsed.groups = _limit_prefixes(parsed.groups[:MAX_TERMS])
    parsed.excluded = [Term("word" if t.kind == "prefix" else t.kind, t.text) for t in parsed.excluded[:MAX_EXCLUDED]]
    return parsed


def _limit_prefixes(groups: list[list[Term]]) -> list[list[Term]]:
    """Each prefix expands to many terms: only the first few stay prefixes."""
    seen = 0
    limited = []
    for group in groups:
        kept = []
        for term in group:
            seen += term.kind == "prefix"
            kept.append(Term("word", term.text) if term.kind == "prefix" and seen > MAX_PREFIXES else term)
        limited.append(kept)
    return limited


def _term(raw: str) -> Term | None:
    """One token as a term, or None when nothing in it could match a word."""
    if raw.startswith('"'):
        inner = raw.strip('"').strip()
        if " " in inner:
            return Term("phrase", _clean(inner)) if _HAS_WORD.search(inner) else None
        raw = inner  # a one-word "phrase" is a word
    raw = raw.strip("()[]{}\"'")
    is_prefix = raw.endswith("*")
    word = _clean(raw.rstrip("*"))
    if not _HAS_WORD.search(word):
        return None
    return Term("prefix" if is_prefix else "word", word)


def _clean(text: str) -> str:
    """Drop characters that only mean syntax, keep everything an analyzer can use."""
    return re.sub(r"[()\[\]{}\"*]+", " ", text).strip()
