"""Body fingerprints: the exact hash ignores case and punctuation, bands find copies, verification tells them apart."""

from __future__ import annotations

from newsdrop.stories.fingerprint import COPIES, bands, body_hash, shingles, similarity

STORY = [
    f"Paragraph {n} of the wire story says the ministers met on day {n} and agreed to measure {n * 7} more."
    for n in range(12)
]


def test_the_exact_hash_ignores_case_spacing_and_punctuation_but_not_words() -> None:
    assert body_hash(["The Minister  said: yes."]) == body_hash(["the minister said yes"])
    assert body_hash(["The minister said yes."]) != body_hash(["The minister said no."])


def test_an_abridged_copy_is_contained_in_the_full_one_though_their_jaccard_is_low() -> None:
    full, abridged = shingles(STORY), shingles(STORY[:4])
    found = similarity(full, abridged)
    assert found.containment == 1.0
    assert found.jaccard < 0.4
    assert COPIES.copies(full, abridged)


def test_copies_share_a_band_and_unrelated_texts_share_none() -> None:
    copy = [*STORY[:5], STORY[5].replace("agreed", "decided"), *STORY[6:], "Subscribe to our newsletter."]
    unrelated = [f"Recipe step {n}: stir {n} cups of flour into the bowl, bake {n} minutes." for n in range(12)]
    assert set(bands(shingles(STORY))) & set(bands(shingles(copy)))
    assert not set(bands(shingles(STORY))) & set(bands(shingles(unrelated)))
    assert not COPIES.copies(shingles(STORY), shingles(unrelated))


def test_a_shared_quote_does_not_make_a_short_text_a_copy() -> None:
    quote = STORY[3]
    assert similarity(shingles(STORY), shingles([quote])).containment == 1.0
    assert not COPIES.copies(shingles(STORY), shingles([quote]))


def test_an_empty_body_has_no_bands_and_copies_nothing() -> None:
    assert bands(shingles([])) == []
    assert not COPIES.copies(shingles([]), shingles(STORY))
