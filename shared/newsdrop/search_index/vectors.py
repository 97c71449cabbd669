"""Article vectors at indexing time: one per article, from its title, lead and the start of its body.

The model reads at most 256 word pieces, so the title and lead always count and the body fills what
is left. Vectors are computed for a whole batch of documents at once (the encoder batches texts of
like length), by the index stage and by the re-index, so a new model reaches every article through
`newsdrop reindex`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newsdrop.embedding import embed
from newsdrop.search_index import fields as f

# About four characters a word piece: enough to fill the model's 256 pieces, no more to tokenize.
TEXT_CHARS = 2000


def vector_text(doc: Mapping[str, Any]) -> str:
    """What the vector of an indexed document (or an Article dump) is made from."""
    body = doc.get(f.BODY) or []
    lead = doc.get(f.LEAD) or ""
    if body and body[0].startswith(lead):
        lead = ""  # the body's opening already: the same words twice would crowd out the rest
    parts = [doc.get(f.TITLE) or "", lead, *body]
    return "\n".join(part for part in parts if part)[:TEXT_CHARS]


def add_vectors(docs: Mapping[str, dict[str, Any]]) -> None:
    """Set each document's VECTOR field, computing all of them in one batched call."""
    ids = list(docs)
    for doc_id, vector in zip(ids, embed([vector_text(docs[doc_id]) for doc_id in ids]), strict=True):
        docs[doc_id][f.VECTOR] = vector
