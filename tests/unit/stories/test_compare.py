"""A version against the lead: paragraphs added, dropped, and reworded ones told from new ones."""

from __future__ import annotations

from newsdrop.stories.compare import compare

LEAD = [
    "The ministers met in Ottawa on Tuesday and agreed on new sanctions against tanker owners.",
    "Officials from Japan and Germany raised concerns about energy prices over the winter.",
    "The ministers will meet again in Tokyo in May to review the price cap.",
]


def test_an_abridged_version_with_its_own_boilerplate() -> None:
    changes = compare(LEAD, [LEAD[0], LEAD[1], "Sign up for our newsletter."])
    assert changes.added == ["Sign up for our newsletter."]
    assert changes.dropped == [LEAD[2]]
    assert changes.edited == []


def test_a_reworded_paragraph_is_edited_not_added_and_dropped() -> None:
    reworded = LEAD[1].replace("raised concerns", "voiced worries")
    changes = compare(LEAD, [LEAD[0], reworded, LEAD[2]])
    assert changes.edited == [reworded]
    assert changes.added == changes.dropped == []


def test_case_and_punctuation_do_not_count_as_changes() -> None:
    changes = compare(LEAD, [paragraph.upper().replace(".", "!") for paragraph in LEAD])
    assert changes.added == changes.dropped == changes.edited == []
