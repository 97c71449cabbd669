"""What a page's markup says about its blocks that trafilatura's plain text no longer shows.

trafilatura returns text without links, so a teaser headline of another article ("Read more:
<a>Another story</a>", a list of related links) reads like a short paragraph of the article.
The markup still tells them apart: such a block is nothing but a link of headline length, at
most after a short label. Names and the odd linked word inside a paragraph never are. Nor is
the headline a line of the body, nor a caption that repeats its image's alternative text.

trafilatura also skips the prose a container holds before its first child block (a page that
writes its lead straight into the article's <div>, then <p>s); wrapped in a <p>, it is read.
And it reads one container of a body cut into several of the same class; the others are added.
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
# A container with fewer paragraphs of prose is a card or a caption, not a chunk of an article body.
MIN_CHUNK_PARAGRAPHS = 2
_CHUNK_BLOCKS = ("p", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre")


def words_key(text: str) -> str:
    """The text's words, single-spaced, case folded: how a block of the page and a line of text are matched."""
    return " ".join(_WORD.findall(text.casefold()))


def not_body_text(tree: lxml_html.HtmlElement) -> set[str]:
    """Words keys of what the page shows that is never a line of its article body.

    Teasers of other articles; the headline (the first <h1>), which the body repeats at times
    after a kicker or a breadcrumb; and image captions that repeat the image's alternative text.
    """
    headline = next(tree.iter("h1"), None)
    found = links_elsewhere(tree) | {words_key(alt) for alt in tree.xpath("//img/@alt")}
    if headline is not None:
        found.add(words_key(headline.text_content()))
    found.discard("")
    return found


def links_elsewhere(tree: lxml_html.HtmlElement) -> set[str]:
    """Words keys of the page's blocks that only link to another page: a headline, maybe after a label.

    A link is such a block itself when it makes a line of its own (a card of spans in one <a>).
    """
    found, linked_words = set(), Counter()
    for link in tree.iter("a"):
        text = link.text_content()
        words = len(_WORD.findall(text))
        if words >= MIN_HEADLINE_WORDS:  # the blocks inside a shorter link are shorter still
            found.add(words_key(text))
            found.update(_headline_key(block, 0) for block in link.iter(_TEXT_BLOCKS))
        block = next(link.iterancestors(_TEXT_BLOCKS), None)
        if block is not None:
            linked_words[block] += words
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


def with_missing_chunks(tree: lxml_html.HtmlElement, lines: list[str]) -> list[str]:
    """The extracted lines with the chunks of a split article body that the extraction skipped.

    Some pages cut the body into several containers of the same class (ads between them);
    trafilatura takes the first. Where it kept one chunk and skipped its twins, they go in
    where they stand on the page.
    """
    for chunks in _body_chunks(tree):
        at = {words_key(line): number for number, line in enumerate(lines)}
        found = [[at[key] for key in _chunk_keys(chunk) if key in at] for chunk in chunks]
        if all(found) or not any(found):
            continue
        lines = list(lines)
        position = min(number for numbers in found for number in numbers)
        for chunk, numbers in zip(chunks, found, strict=True):
            if numbers:
                position = max(position, max(numbers) + 1)
                continue
            missing = _chunk_lines(chunk)
            lines[position:position] = missing
            position += len(missing)
    return lines


def _body_chunks(tree: lxml_html.HtmlElement) -> list[list[lxml_html.HtmlElement]]:
    """Containers that share tag and class and each hold paragraphs of prose, grouped, in page order."""
    groups: dict[tuple[str, str], list[lxml_html.HtmlElement]] = {}
    for container in tree.iter("div", "section", "article"):
        if container.get("class") and len(_chunk_keys(container)) >= MIN_CHUNK_PARAGRAPHS:
            groups.setdefault((container.tag, container.get("class")), []).append(container)
    return [chunks for chunks in groups.values() if len(chunks) > 1]


def _chunk_keys(container: lxml_html.HtmlElement) -> list[str]:
    """Words keys of the container's own paragraphs of prose."""
    keys = (words_key(child.text_content()) for child in container.iterchildren("p"))
    return [key for key in keys if key.count(" ") + 1 >= MIN_LOOSE_WORDS]


def _chunk_lines(container: lxml_html.HtmlElement) -> list[str]:
    """The text blocks of a chunk, one line each; ads and embeds (div, figure, aside) stay out."""
    texts = (" ".join(block.text_content().split()) for block in container.iterchildren(*_CHUNK_BLOCKS))
    return [text for text in texts if text]
