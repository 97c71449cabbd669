"""Wire datelines: the place is stored apart, the paragraph starts with the story."""

from __future__ import annotations

import pytest

from newsdrop.parsing.dateline import split_dateline


@pytest.mark.parametrize(
    ("paragraph", "place", "rest"),
    [
        ("MOSCOW -- U.S. officials met on Tuesday.", "Moscow", "U.S. officials met on Tuesday."),
        ("WASHINGTON (AP) \u2014 The Senate voted.", "Washington", "The Senate voted."),
        ("LONDON, March 3 (Reuters) - Shares rose.", "London", "Shares rose."),
        ("MOSUL, Iraq -- Fighting resumed.", "Mosul, Iraq", "Fighting resumed."),
        ("NEW YORK (CNN) -- A storm hit.", "New York", "A storm hit."),
        ("ST. LOUIS \u2013 \u201cWe won,\u201d she said.", "St. Louis", "\u201cWe won,\u201d she said."),
    ],
)
def test_dateline_shapes_are_split_off(paragraph: str, place: str, rest: str) -> None:
    # Given a first paragraph opening with a dateline
    # When it is split
    # Then the place is title-cased and the rest starts with the story
    assert split_dateline(paragraph) == (place, rest)


@pytest.mark.parametrize(
    "paragraph",
    [
        "U.S. Secretary of State John Kerry called Tuesday for talks.",
        "However - and this matters - nothing changed.",
        "NATO - the alliance - met on Monday.",
        "The UN -- which rarely agrees -- voted.",
        "AI - the technology everyone talks about - is changing news.",
    ],
)
def test_ordinary_openings_are_not_datelines(paragraph: str) -> None:
    # Given a paragraph that starts like a sentence, even with capitals and dashes
    # When it is split
    # Then nothing is taken off
    assert split_dateline(paragraph) == (None, paragraph)
