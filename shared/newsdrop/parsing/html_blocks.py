"""What a page's markup says about its blocks that trafilatura's plain text no longer shows.

trafilatura returns text without links, so a teaser headline of another article ("Read more:
<a>Another story</a>", a list of related links) reads like a short paragraph of the article.
The markup still tells them apart: such a block is nothing but a link of headline length, at
most after a short label. Names and the odd linked word inside a paragraph never are.

trafilatura also skips the prose a container holds before its first child block (a page that
writes its lead straight into the article's <div>, then <p>s); wrapped in a <p>, it is read.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

from lxml import html as lxml_html

_WORD = re.compile(r"\w+")
# Blocks a paragraph of text is written in; containers (div, td) hold whole sections instead.
_TEXT_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd")
# A link of fewer words is a name or a source ("the Energy Ministry", "a report"), not a headline.
MIN_HEADLINE_WORDS = 5
# "Read more:", "See also:", "Related:" -- a label of a few words ending in a colon.
_LABEL = re.compile(r"^\W*(?:\w+\W+){0,2}\w+\s*:\W*$")
# Containers whose own leading text trafilatura drops when block children follow it.
_CONTAINERS = ("div", "section", "article", "main", "td")
# Elements that continue a line of text rather than start a new block.
_INLINE = {
    "a",
    "abbr",
    "b",
    "cite",
    "code",
    "em",
    "i",
    "mark",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "time",
    "u",
}
# Fewer loose words than this are a label or a button, not a paragraph.
MIN_LOOSE_WORDS = 10


def words_key(text: str) -> str:
    """The text's words, single-spaced: how a block of the page and a line of extracted text are matched."""
    return " ".join(_WORD.findall(text))


def links_elsewhere(tree: lxml_html.HtmlElement) -> set[str]:
    """Words keys of the page's blocks that only link to another page: a headline, maybe after a label."""
    found, linked_words = set(), Counter()
    for link in tree.iter("a"):
        found.update(_headline_key(block, 0) for block in link.iter(_TEXT_BLOCKS))
        block = next(link.iterancestors(_TEXT_BLOCKS), None)
        if block is not None:
            linked_words[block] += len(_WORD.findall(link.text_content()))
    found.update(_headline_key(block, words) for block, words in linked_words.items() if words >= MIN_HEADLINE_WORDS)
    found.discard(None)
    return found


def _headline_key(block: lxml_html.HtmlElement, linked_words: int) -> str | None:
    """The block's words key when it is all one link (`linked_words` 0), or links after a label."""
    text = block.text_content()
    if len(_WORD.findall(text)) < MIN_HEADLINE_WORDS:
        return None
    if linked_words:
        unlinked = " ".join(block.xpath(".//text()[not(ancestor::a)]")).strip()
        if _WORD.search(unlinked) and not _LABEL.match(unlinked):
            return None
    return words_key(text)


def wrap_loose_text(tree: lxml_html.HtmlElement) -> None:
    """Make a paragraph of the prose a container starts with before its first block or line break."""
    for container in list(tree.iter(_CONTAINERS)):  # the loop inserts elements: walk a snapshot
        if not container.text or not container.text.strip() or not len(container):
            continue
        run = list(itertools.takewhile(lambda child: child.tag in _INLINE, container))
        words = _WORD.findall(container.text + " ".join(child.text_content() + (child.tail or "") for child in run))
        if len(words) < MIN_LOOSE_WORDS:
            continue
        paragraph = lxml_html.Element("p")
        paragraph.text, container.text = container.text, None
        paragraph.extend(run)  # moves each child with its tail, the text that follows it
        container.insert(0, paragraph)
