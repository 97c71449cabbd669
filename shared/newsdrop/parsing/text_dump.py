"""Plain-text page dumps: a crawler's text of a whole page, article somewhere inside.

The line classifier (line_model.py) picks the units that are the article's text; the title ranker
picks the headline among the lines above them; bylines, dates and credits around the article
become metadata and leave the body (the wire dateline is split off with every format's, in enrich).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from newsdrop.errors import RejectedInput
from newsdrop.models import ArticleContent
from newsdrop.parsing.bylines import find_bylines
from newsdrop.parsing.credits import find_credits
from newsdrop.parsing.dateline import split_dateline
from newsdrop.parsing.language import detect_language, stop_words
from newsdrop.parsing.line_features import Page, is_edge_furniture, is_furniture, is_prose
from newsdrop.parsing.line_model import chosen_units, load_model, next_not_furniture, unit_scores
from newsdrop.parsing.lines import Unit, repeated_keys, split_units
from newsdrop.parsing.title_ranker import headline_text, pick_title, reach_start
from newsdrop.parsing.visible_dates import find_published_date, is_date_line

# A dump needs this many words of article text to hold an article at all.
MIN_ARTICLE_WORDS = 25
# The language is told from this much of the page's longest lines.
LANGUAGE_SAMPLE_CHARS = 4000
# Chosen units further apart than this (in units) are separate stretches; the longest is the article.
# Chosen by 5-fold cross-validation on the dev pages (bench/train_dump_model.py --cv): 15 left parts of
# articles out (body F1 0.907 / 0.911 / 0.899 for inscriptis / html2text / w3m, recall 0.885-0.909),
# 25 gives 0.917 / 0.920 / 0.923; 30 and 40 do about as well.
MAX_GAP_UNITS = 25
# Where no unit clears the model's threshold, units scoring this share of the best one are the article.
FALLBACK_SHARE = 0.5
# A comment section's heading ends the article: "34 Comments", "[ 167 comments ]", "12 responses to
# "Headline"", "5 thoughts on "Headline"", "Comments (34)", "Leave a Reply", "Join the discussion".
# Comments read like prose, so the classifier takes some in; nothing below the heading is the article's.
_COMMENTS = r"comments|kommentare|commentaires|comentarios|comentários|commenti"
_COMMENTS_HEADING = re.compile(
    rf"^\W*(?:\d[\d,.]*\s+(?:{_COMMENTS}|comment|replies|reactions)\W*$"
    r"|\d[\d,.]*\s+(?:responses? to|thoughts? on)\s+[\"'\u201c\u201e\u00ab]"
    rf"|(?:top rated |reader |readers' |show |view )?(?:{_COMMENTS})\W*(?:\(\d+\))?\W*$"
    r"|(?:leave|post|add|write) a (?:comment|reply)\b|join the (?:discussion|conversation)\b)",
    re.I,
)
# ... once the article has this many words above it (a comment count under the headline is not the end).
MIN_WORDS_BEFORE_COMMENTS = 50
# A file's first line this long that ends a sentence is a paragraph, not a headline.
MIN_OPENING_WORDS = 20
# A line that introduces a list at the end of the article ("The tour's 2020 dates:") has this many words;
# "Share this:" and "Related Topics:" have fewer.
MIN_INTRODUCTION_WORDS = 4
# ... and a list of at most this many lines, which a blank line ends.
MAX_LIST_ITEMS = 60
# Bylines, dates and credits are looked for as far above the body as the headline (title_ranker.
# reach_start), and this many units below it.
META_REACH_AFTER = 15


def dump_page(text: str) -> Page | None:
    """The dump cut into units with its language's stop words and its repeated lines; None if empty."""
    units = split_units(text)
    if not units:
        return None
    language = detect_language(_language_sample(units))
    return Page(units=units, stop_words=stop_words(language), repeated=repeated_keys(units), language=language)


def _language_sample(units: list[Unit]) -> str:
    """The page's longest units, up to LANGUAGE_SAMPLE_CHARS: its prose tells the language better
    (and faster) than menus and link lists do."""
    sample: list[str] = []
    size = 0
    for unit in sorted(units, key=lambda unit: len(unit.text), reverse=True):
        if size >= LANGUAGE_SAMPLE_CHARS:
            break
        sample.append(unit.text)
        size += len(unit.text)
    return "\n".join(sample)


def extract_text_dump(text: str, received_at: datetime | None = None, kind: str = "text") -> ArticleContent:
    """The dump's article as every format reader returns it: title, body paragraphs, authors, date and
    source; RejectedInput if no article is there. `received_at` (the upload time) resolves relative
    dates ("8 hours ago"); `kind` is "pdf" for a PDF's text layer."""
    page = dump_page(text)
    if page is None:
        raise RejectedInput("no article text found", "text")
    model = load_model()
    scored = unit_scores(page, model)
    chosen = article_indices(page, scored.scores, model.threshold, model.neighbour_threshold)
    if _words(page, chosen) < MIN_ARTICLE_WORDS:
        raise RejectedInput("no article text found", "text")
    title = pick_title(page, chosen, scored, model.title)
    meta = _metadata(page, chosen, received_at)
    dropped = {title, *meta.lines}
    kept = [page.units[i] for i in chosen if i not in dropped and not is_furniture(page.units[i], page.repeated)]
    kept = _trim_edges(kept, page.repeated)
    body = _dedupe([unit.text for unit in kept])
    if not body:
        raise RejectedInput("no article text found", "text")
    return ArticleContent(
        title=headline_text(page.units[title]) if title is not None else "",
        body=body,
        authors=meta.authors,
        published=meta.published,
        published_approximate=meta.approximate,
        language=page.language,
        site=meta.source,
        format=kind,
    )


def article_indices(page: Page, scores: list[float], threshold: float, neighbour_threshold: float) -> list[int]:
    """The units that make the article, from the model's scores of every unit of the page and its
    thresholds (line_model.chosen_units). The comment section is cut off before the main stretch is
    chosen, so that a reader's long comment far below a short story cannot outweigh it; a lead that
    opens with a dateline just above the stretch joins it, and so do the paragraphs a file opens with
    and the lists that its lines introduce."""
    chosen = _main_stretch(
        page, _before_comments(page, _article_units(page, scores, threshold, neighbour_threshold)), scores
    )
    return _with_introduced_list(page, _with_opening_paragraphs(page, _with_dateline_lead(page, chosen)))


def _with_dateline_lead(page: Page, chosen: list[int]) -> list[int]:
    """The chosen units, and the paragraph just above them (furniture between skipped) when it opens
    with a dateline ("OSLO -- ..."): a wire story's lead, which only ever opens the article, and which
    sits between the menus and the share bar of a short story's page where the model doubts it."""
    above = next_not_furniture(page, chosen[0], -1) if chosen else None
    if above is None:
        return chosen
    unit = page.units[above]
    lead = is_prose(unit, page.stop_words, page.repeated) and split_dateline(unit.text)[0] is not None
    return [above, *chosen] if lead else chosen


def _with_introduced_list(page: Page, chosen: list[int]) -> list[int]:
    """The chosen units, and the lists that the article's lines introduce: a line of the body, or the
    line right below one, that ends in a colon ("The tour's dates:"), and the lines written under it
    with no blank line between them (dates, results, names), which the model takes for a menu's
    short lines, some or all of them. A dump that writes no blank lines shows no list's end."""
    if not any(unit.blank_before for unit in page.units):
        return chosen
    added: set[int] = set()
    for colon in sorted({*chosen, *(index + 1 for index in chosen)} - {len(page.units)}):
        if _introduces(page.units[colon], page.repeated) and (items := _list_under(page, colon)):
            added.add(colon)
            added.update(items)
    return sorted(added.union(chosen))


def _list_under(page: Page, colon: int) -> list[int]:
    """The lines right under `colon` up to a blank line: none when more than MAX_LIST_ITEMS come before
    one (a dump that writes no blank lines has no lists to tell)."""
    items: list[int] = []
    for index in range(colon + 1, len(page.units)):
        unit = page.units[index]
        if unit.blank_before or unit.link_like or unit.copyright:
            break
        if len(items) == MAX_LIST_ITEMS:
            return []
        items.append(index)
    return items


def _introduces(unit: Unit, repeated: set[str]) -> bool:
    """A line of a few words or more that ends in a colon, as a list's introduction does, and is no
    control ("Read more about these stories:")."""
    if not unit.text.endswith((":", "\uff1a")) or unit.word_count < MIN_INTRODUCTION_WORDS:
        return False
    return not unit.link_like and not is_furniture(unit, repeated)


def _with_opening_paragraphs(page: Page, chosen: list[int]) -> list[int]:
    """The chosen units, and the paragraphs above them when the file opens with them: an article
    saved without its headline. The model learned that a page's first line is its headline and
    scores it so; a first line of many words that ends a sentence is a paragraph (of the 1,094
    headlines bench/train_dump_model.py learns from, none of 20 words or more ends in a full stop)."""
    opening: list[int] = []
    above = next_not_furniture(page, chosen[0], -1) if chosen else None
    while above is not None and _is_paragraph(page, page.units[above]):
        opening.insert(0, above)
        above = next_not_furniture(page, above, -1)
    if not opening or any(not is_furniture(unit, page.repeated) for unit in page.units[: opening[0]]):
        return chosen
    return [*opening, *chosen]


def _is_paragraph(page: Page, unit: Unit) -> bool:
    return unit.terminal and unit.word_count >= MIN_OPENING_WORDS and is_prose(unit, page.stop_words, page.repeated)


def _before_comments(page: Page, chosen: list[int]) -> list[int]:
    """The chosen units above the page's comment section, when its heading comes after at least
    MIN_WORDS_BEFORE_COMMENTS chosen words."""
    in_article = set(chosen)
    words = 0
    for index in range(chosen[0], chosen[-1] + 1) if chosen else ():
        unit = page.units[index]
        if words >= MIN_WORDS_BEFORE_COMMENTS and _COMMENTS_HEADING.match(unit.text):
            return [i for i in chosen if i < index]
        if index in in_article:
            words += unit.word_count
    return chosen


def _main_stretch(page: Page, chosen: list[int], scores: list[float]) -> list[int]:
    """The chosen units around the article's main stretch: a group of chosen units far from the
    rest (a teaser's snippet under a list of other stories, a comment) is not part of it. The main
    stretch holds the most words weighted by the model's score: a long thread of comments the model
    barely chose loses to a shorter article it is sure of."""
    groups: list[list[int]] = []
    for index in chosen:
        if groups and index - groups[-1][-1] <= MAX_GAP_UNITS:
            groups[-1].append(index)
        else:
            groups.append([index])
    if not groups:
        return chosen
    return max(groups, key=lambda group: sum(page.units[i].word_count * scores[i] for i in group))


def _trim_edges(units: list[Unit], repeated: set[str]) -> list[Unit]:
    """Drop prompts and labels the classifier let through at either end of the text; a list that the
    text ends by introducing (_with_introduced_list) stays."""
    start, end = 0, len(units)
    while start < end and is_edge_furniture(units[start], repeated):
        start += 1
    if _ends_in_list(units[start:], repeated):
        return units[start:]
    while end > start and is_edge_furniture(units[end - 1], repeated):
        end -= 1
    return units[start:end]


def _ends_in_list(units: list[Unit], repeated: set[str]) -> bool:
    """Whether the units end with a line that introduces a list and the list's lines under it."""
    for unit in reversed(units):
        if _introduces(unit, repeated):
            return unit is not units[-1]
        if unit.blank_before:
            return False
    return False


def _article_units(page: Page, scores: list[float], threshold: float, neighbour_threshold: float) -> list[int]:
    """The units the model chooses; on a page where too few clear its threshold (a short or
    paywalled story), the prose units that score at least half as high as the best one; failing
    that, all its prose."""
    chosen = chosen_units(page, scores, threshold, neighbour_threshold)
    if _words(page, chosen) >= MIN_ARTICLE_WORDS:
        return chosen
    floor = max(scores, default=0.0) * FALLBACK_SHARE
    prose = [index for index, unit in enumerate(page.units) if is_prose(unit, page.stop_words, page.repeated)]
    chosen = [index for index in prose if scores[index] >= floor]
    if _words(page, chosen) >= MIN_ARTICLE_WORDS:
        return chosen
    return prose if _words(page, prose) >= MIN_ARTICLE_WORDS else []


def _words(page: Page, indices: list[int]) -> int:
    return sum(page.units[index].word_count for index in indices)


@dataclass
class _Metadata:
    authors: list[str]
    published: datetime | None
    approximate: bool
    source: str | None
    lines: set[int]  # units that were only metadata (bylines, date lines, credits): not body text


def _metadata(page: Page, chosen: list[int], received_at: datetime | None) -> _Metadata:
    """Bylines, the date and credits from the lines around the article and its first and last paragraphs.

    Looked for nearest first: the lines just above the body, then its first three paragraphs and
    the lines between them that the body left out (a byline under a quoted claim), its last, and the
    lines below it, so a page's own header wins over a teaser's date further away.
    """
    start, end = chosen[0], chosen[-1]
    above = list(range(start - 1, reach_start(page, start) - 1, -1))
    head = list(range(start, chosen[:3][-1] + 1))
    below = list(range(end + 1, min(end + 1 + META_REACH_AFTER, len(page.units))))
    order = list(dict.fromkeys([*above, *head, end, *below]))  # each line once
    texts = [page.units[index].text for index in order]
    bylines = find_bylines(texts)
    credits = find_credits(texts)
    date = find_published_date(texts, received_at, language=page.language)
    lines = {order[i] for i in (*bylines.lines, *credits.lines)}
    if date is not None and is_date_line(texts[date.line]):  # not a line that only ends in a date
        lines.add(order[date.line])
    return _Metadata(
        authors=bylines.authors,
        published=date.value if date else None,
        approximate=bool(date and date.approximate),
        source=credits.source,
        lines=lines,
    )


def _dedupe(paragraphs: list[str]) -> list[str]:
    seen: set[str] = set()
    kept = []
    for paragraph in paragraphs:
        if paragraph not in seen:
            seen.add(paragraph)
            kept.append(paragraph)
    return kept
