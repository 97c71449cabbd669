"""Reciprocal rank fusion of the keyword and the semantic ranking."""

from __future__ import annotations

import pytest

from newsdrop.search.semantic import RRF_K, fuse


def test_an_article_both_rankings_found_beats_one_only_a_single_ranking_found_first() -> None:
    fused = fuse([["words-only", "both"], ["meaning-only", "both"]])
    assert [doc_id for doc_id, _ in fused] == ["both", "words-only", "meaning-only"]
    assert dict(fused)["both"] == pytest.approx(2 / (RRF_K + 2))


def test_ties_keep_the_keyword_rankings_order_and_nothing_is_lost_or_repeated() -> None:
    fused = fuse([["a", "b", "c"], ["x", "y"]])
    assert [doc_id for doc_id, _ in fused] == ["a", "x", "b", "y", "c"]
    assert fuse([[], []]) == []
