"""Named entities with spaCy, merged to one Entity per thing the article names.

Search filters by entity, so "Kerry", "John Kerry" and "Kerry's" must count as one person. The
small model also mislabels single mentions (one "Lavrov" as ORG among four PERSONs); merging by
canonical form and voting on the type repairs most of that.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from newsdrop.models import Entity

if TYPE_CHECKING:
    from spacy.language import Language

# Numbers, dates and amounts are not things a reader searches for by name.
NUMERIC_TYPES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
# The NER component of the small English model carries its own tok2vec; the rest is dead weight.
_NOT_NEEDED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_LEADING_ARTICLE = re.compile(r"^the\s+", re.I)


@dataclass
class Mention:
    text: str
    type: str
    offset: int  # in the body text; 0 for mentions in the title only


@lru_cache(maxsize=2)
def load_pipeline(model: str) -> Language:
    """The NER pipeline, loaded once per process (a Lambda cold start pays for it once)."""
    import spacy

    return spacy.load(model, exclude=list(_NOT_NEEDED))


def extract_entities(title: str, body: str, model: str) -> list[Entity]:
    """Entities of the title and body by the spaCy pipeline `model`, merged by canonical form, most
    mentioned first."""
    return extract_entities_of_many([(title, body)], model)[0]


def extract_entities_of_many(texts: Sequence[tuple[str, str]], model: str) -> list[list[Entity]]:
    """`extract_entities` of many (title, body) pairs in one `nlp.pipe` stream: batching the
    articles of a work item makes NER cheaper per article, with the same entities."""
    if not texts:
        return []  # no spaCy import for a batch without English
    nlp = load_pipeline(model)
    limit = nlp.max_length - 1
    docs = nlp.pipe(text[:limit] for pair in texts for text in pair)
    results = []
    for title_doc, body_doc in zip(docs, docs, strict=True):  # the stream alternates title, body
        mentions = [_mention(ent.text, ent.label_, ent.start_char) for ent in body_doc.ents]
        mentions += [_mention(ent.text, ent.label_, -1) for ent in title_doc.ents]
        results.append(merge_mentions([m for m in mentions if m.type not in NUMERIC_TYPES and m.text]))
    return results


def merge_mentions(mentions: list[Mention]) -> list[Entity]:
    """One Entity per canonical form: 'Kerry' joins 'John Kerry'; the type is the majority's.

    A short mention that is the last or first name of a longer PERSON mention in the same article
    takes that full name as canonical form, when exactly one full name fits.
    """
    canonical, people = _canonical_forms(mentions)
    groups: dict[str, list[Mention]] = {}
    for mention in mentions:
        groups.setdefault(canonical.get(mention.text, mention.text), []).append(mention)
    entities = [_entity(name, group, name in people) for name, group in groups.items()]
    return sorted(entities, key=lambda entity: (-entity.count, entity.first_offset, entity.text))


def _mention(text: str, label: str, offset: int) -> Mention:
    clean = _LEADING_ARTICLE.sub("", " ".join(text.split()))
    clean = _POSSESSIVE.sub("", clean).strip(" ,;:-\"'\u201c\u201d")  # keep the dot of "U.S."
    return Mention(clean, label, offset)


def _canonical_forms(mentions: list[Mention]) -> tuple[dict[str, str], set[str]]:
    """Map each mention text to its canonical form; also return the full names of people."""
    votes: dict[str, Counter[str]] = {}
    for mention in mentions:
        votes.setdefault(mention.text, Counter())[mention.type] += 1
    people = {name for name, vote in votes.items() if len(name.split()) > 1 and vote.most_common(1)[0][0] == "PERSON"}
    mapping: dict[str, str] = {}
    for name, vote in votes.items():
        if name.isupper() and name.title() in votes:
            mapping[name] = name.title()  # "MOSCOW" in a dateline is the Moscow of the text
            continue
        words = name.split()
        person = vote.most_common(1)[0][0] == "PERSON"
        # A surname alone is the person; a first name alone only when it was tagged as a person.
        fits = {
            full
            for full in people
            if full != name
            and (full.split()[-len(words) :] == words or (person and full.split()[: len(words)] == words))
        }
        if len(fits) == 1:
            mapping[name] = fits.pop()
    return mapping, people


def _entity(name: str, group: list[Mention], is_person: bool) -> Entity:
    # Mentions that joined a full name are that person, whatever the model called them alone.
    kind = "PERSON" if is_person else Counter(mention.type for mention in group).most_common(1)[0][0]
    offsets = [mention.offset for mention in group if mention.offset >= 0]
    variants = sorted({mention.text for mention in group} - {name})
    return Entity(text=name, type=kind, count=len(group), first_offset=min(offsets, default=0), variants=variants)
