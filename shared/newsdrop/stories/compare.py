"""What one version of a story added to or dropped from the lead version, paragraph by paragraph.

Paragraphs are compared on their words (case and punctuation folded, see fingerprint.words); one
that differs by a word or two from a lead paragraph is the same paragraph, edited, not an addition.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from newsdrop.stories.fingerprint import words

EDITED_FROM = 0.8  # word-level similarity from which two paragraphs are one, edited


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)  # the version's wording of a lead paragraph


def compare(lead: list[str], version: list[str]) -> Changes:
    """The paragraphs `version` has beyond `lead`, those of `lead` it lacks, and those it reworded."""
    lead_words = [words([p]) for p in lead]
    unmatched = set(range(len(lead)))
    changes = Changes()
    for paragraph in version:
        mine = words([paragraph])
        same = next((n for n in unmatched if lead_words[n] == mine), None)
        if same is None:
            same = next((n for n in unmatched if _alike(lead_words[n], mine)), None)
            if same is not None:
                changes.edited.append(paragraph)
        if same is None:
            changes.added.append(paragraph)
        else:
            unmatched.discard(same)
    changes.dropped = [lead[n] for n in sorted(unmatched)]
    return changes


def _alike(first: list[str], second: list[str]) -> bool:
    return SequenceMatcher(None, first, second, autojunk=False).ratio() >= EDITED_FROM
