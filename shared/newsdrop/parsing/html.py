"""HTML pages: the main text by trafilatura, metadata from the page's own declarations.

trafilatura is the best-measured open extractor on news pages; we keep its text, mended where the
markup shows what it missed (html_blocks.py), and fill what its metadata misses from JSON-LD and
meta tags (metadata.py). lxml's recovering parser means broken markup yields a tree, never an
exception.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime

import trafilatura
from lxml import html as lxml_html

from newsdrop.errors import RejectedInput
from newsdrop.models import ArticleContent
from newsdrop.parsing.html_blocks import not_body_text, with_missing_chunks, words_key, wrap_loose_text
from newsdrop.parsing.metadata import page_metadata, parse_date

# Fewer words than this in the main text is a page without an article (an index, a login wall).
MIN_ARTICLE_WORDS = 10


@dataclass
class HtmlArticle:
    """The article found in one page, before enrichment (language, entities)."""

    title: str | None
    body: list[str]
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    site: str | None = None
    url: str | None = None
    description: str | None = None


def parse_tree(text: str) -> lxml_html.HtmlElement | None:
    """A tree for any markup, however broken; None when there is nothing to parse."""
    try:
        tree = trafilatura.load_html(text)
    except (ValueError, TypeError):
        tree = None
    if tree is None and text.strip():
        try:
            tree = lxml_html.document_fromstring(text)
        except (ValueError, TypeError, lxml_html.etree.ParserError):
            tree = None
    return tree


def main_text(tree: lxml_html.HtmlElement, url: str | None = None) -> tuple[list[str], object | None]:
    """Paragraphs of the page's main text, and trafilatura's document (for its metadata).

    Mended where the markup shows what trafilatura misses (html_blocks.py): a lead written outside
    any paragraph, the other chunks of a body cut in several; teasers, headline, captions left out.
    """
    pruned = copy.deepcopy(tree)  # trafilatura prunes the tree it is given
    wrap_loose_text(pruned)
    document = trafilatura.bare_extraction(
        pruned,
        url=url,
        include_comments=False,
        include_tables=True,
        favor_precision=True,
        with_metadata=True,
        deduplicate=False,
    )
    text = getattr(document, "text", None) or ""
    lines = with_missing_chunks(tree, [line.strip() for line in text.split("\n") if line.strip()])
    return _without(lines, not_body_text(tree)), document


def extract_html(text: str, url: str | None = None) -> HtmlArticle:
    """Main text and metadata of one HTML page. Raises RejectedInput when it holds no article."""
    tree = parse_tree(text)
    if tree is None:
        raise RejectedInput("no article text found", "html")
    meta = page_metadata(tree)
    body, document = main_text(tree, url or meta.url)
    words = " ".join(body).split()
    if meta.body and (len(words) < MIN_ARTICLE_WORDS or words == meta.body.split()):
        # Nothing visible (a script-rendered page), or trafilatura took the JSON-LD body and lost
        # its paragraph breaks: the publisher's articleBody, split where it is split.
        body = [p.strip() for p in meta.body.split("\n") if p.strip()]
    if sum(len(p.split()) for p in body) < MIN_ARTICLE_WORDS:
        raise RejectedInput("no article text found", "html")
    trafilatura_author = getattr(document, "author", None)
    title = meta.title or getattr(document, "title", None) or _heading(tree)
    return HtmlArticle(
        title=title,
        body=_without(body, {words_key(title)} if title else set()),
        authors=meta.authors or ([a.strip() for a in trafilatura_author.split(";")] if trafilatura_author else []),
        published=meta.published or parse_date(getattr(document, "date", None)) or meta.url_date,
        site=meta.site or getattr(document, "sitename", None),
        url=meta.url or getattr(document, "url", None) or url,
        description=meta.description or getattr(document, "description", None),
    )


def html_article(text: str, url: str | None = None, kind: str = "html") -> ArticleContent:
    """The page's article as every format reader returns it (`kind` "warc" for an archived page)."""
    page = extract_html(text, url)
    return ArticleContent(
        title=page.title or "",
        body=page.body,
        lead=page.description,
        authors=page.authors,
        published=page.published,
        site=page.site,
        url=page.url,
        format=kind,
    )


def _without(body: list[str], keys: set[str]) -> list[str]:
    """The body less the lines whose words key is one of `keys`; all of it when nothing else is left."""
    kept = [line for line in body if words_key(line) not in keys]
    return kept or body


def _heading(tree: lxml_html.HtmlElement) -> str | None:
    for path in ("//h1", "//title"):
        for node in tree.xpath(path):
            heading = " ".join(node.text_content().split())
            if heading:
                return heading
    return None
