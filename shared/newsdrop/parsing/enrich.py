"""What every article gets whatever its format: dateline, lead, language, named entities.

Format readers fill what their format states; this step derives the rest from the text, so an
article from a PDF and one from HTML come out alike.
"""

from __future__ import annotations

from newsdrop.models import ArticleContent, Entity
from newsdrop.parsing.credits import find_credits
from newsdrop.parsing.dateline import split_dateline
from newsdrop.parsing.entities import extract_entities_of_many
from newsdrop.parsing.language import detect_language

# The NER model covers English only.
NER_LANGUAGES = frozenset({"en"})
# A lead longer than this is cut at a sentence or word boundary.
MAX_LEAD_CHARS = 600


def enrich(article: ArticleContent, ner_model: str) -> ArticleContent:
    """Fill dateline, lead, language and entities where the format reader left them empty."""
    return add_entities([derive_fields(article)], ner_model)[0]


def derive_fields(article: ArticleContent) -> ArticleContent:
    """Fill dateline, title, lead and language where the format reader left them empty: all of
    enrich but NER, which `add_entities` runs for many articles at once."""
    body = [" ".join(paragraph.split()) for paragraph in article.body if paragraph.strip()]
    # Wire copy credits its agency in the dateline ("WASHINGTON (AP) -") or on its first or last lines.
    wire = article.wire or find_credits([*body[:2], *body[-2:]]).agency
    dateline = article.dateline
    if dateline is None and body:
        dateline, first = split_dateline(body[0])
        if dateline:
            body[0] = first
    title = " ".join(article.title.split()) or _first_sentence(body[0] if body else "")
    return article.model_copy(
        update={
            "title": title,
            "body": body,
            "dateline": dateline,
            "wire": wire,
            "lead": article.lead or _lead(body),
            "language": article.language or detect_language(f"{title}\n{' '.join(body)}"),
        }
    )


def add_entities(articles: list[ArticleContent], ner_model: str) -> list[ArticleContent]:
    """Entities for the articles that have none, by one NER stream over all of them (cheaper per
    article than one call each); an article in a language the model does not cover gets a note."""
    needing = [
        number for number, article in enumerate(articles) if not article.entities and article.language in NER_LANGUAGES
    ]
    found = extract_entities_of_many([(articles[n].title, "\n\n".join(articles[n].body)) for n in needing], ner_model)
    entities = dict(zip(needing, found, strict=True))
    return [_with_entities(article, entities.get(number), ner_model) for number, article in enumerate(articles)]


def _with_entities(article: ArticleContent, entities: list[Entity] | None, ner_model: str) -> ArticleContent:
    if entities is not None:
        return article.model_copy(update={"entities": entities})
    if article.entities:
        return article
    note = (
        f"named entities skipped: language {article.language or 'unknown'!r} is not covered by the model {ner_model!r}"
    )
    return article.model_copy(update={"notes": [*article.notes, note]})


def _lead(body: list[str]) -> str | None:
    """The first paragraph, which in news style is the summary of the story."""
    if not body:
        return None
    first = body[0]
    if len(first) <= MAX_LEAD_CHARS:
        return first
    cut = first[:MAX_LEAD_CHARS]
    end = max(cut.rfind(". "), cut.rfind("? "), cut.rfind("! "))
    return cut[: end + 1] if end > 0 else cut.rsplit(" ", 1)[0] + "\u2026"


def _first_sentence(paragraph: str) -> str:
    sentence = paragraph.split(". ", 1)[0]
    return sentence if len(sentence) <= 120 else sentence[:120].rsplit(" ", 1)[0] + "\u2026"
