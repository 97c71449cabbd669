"""PDF: the text layer (pypdf), rebuilt into paragraphs, then read like a page dump.

A PDF's text comes out as lines, not paragraphs: each line ends where the column ends, words are
hyphenated across lines, and running headers and page numbers repeat on every page. We rejoin
lines into paragraphs by their width and punctuation, then the text-dump rules drop the repeats.
A PDF without a text layer (a scan) has nothing to read; OCR is out of scope.
"""

from __future__ import annotations

import io
import re
import statistics
from datetime import datetime

from newsdrop.errors import RejectedInput
from newsdrop.models import ArticleContent
from newsdrop.parsing.text_dump import extract_text_dump

# A line ending a sentence short of this share of the page's typical width ends its paragraph (a split
# paragraph loses nothing; a merged one is still text); a short line without punctuation is a heading.
_SENTENCE_END_LINE = 0.9
_HEADING_LINE = 0.6
_SENTENCE_END = re.compile(r"[.!?:\u2026][\"'\u201d\u2019)]*$")
# Wide runs of spaces inside lines of layout text mean columns side by side.
_COLUMN_GAP = re.compile(r"\S {4,}\S")
_COLUMNED_SHARE = 0.2
_TOOL_TITLE = re.compile(r"\.(?:docx?|pdf|indd|rtf|odt|pages|qxp)$|^(?:microsoft word|untitled)\b", re.I)
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?\s*$", re.I)


def pdf_article(data: bytes, received_at: datetime | None = None) -> ArticleContent:
    """The PDF's article: its text layer read like a page dump, titled by the document's /Title if set."""
    text, title = pdf_text(data)
    article = extract_text_dump(text, received_at, kind="pdf")
    return article.model_copy(update={"title": title}) if title else article


def pdf_text(data: bytes) -> tuple[str, str | None]:
    """(text with blank lines between paragraphs, the document's /Title or None)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise RejectedInput("encrypted PDF", "pdf")
        pages = [_page_text(page) for page in reader.pages]
        title = (reader.metadata.title if reader.metadata else None) or None
    except RejectedInput:
        raise
    except PdfReadError as exc:
        raise RejectedInput(f"unreadable PDF: {exc}", "pdf") from exc
    except Exception as exc:  # pypdf raises assorted errors on corrupt files; all mean "unreadable"
        raise RejectedInput(f"unreadable PDF: {type(exc).__name__}: {exc}", "pdf") from exc
    text = "\n\n".join(rebuild_paragraphs(page) for page in pages if page.strip())
    if not text.strip():
        raise RejectedInput("PDF has no text layer (a scan?)", "pdf")
    return text, _useful_title(title)


def _useful_title(title: object) -> str | None:
    """The /Title entry unless it is what authoring tools leave there ('Microsoft Word - draft3.docx')."""
    if not isinstance(title, str) or not title.strip():
        return None
    if _TOOL_TITLE.search(title.strip()):
        return None
    return " ".join(title.split())


def _page_text(page: object) -> str:
    """Layout text for single-column pages (it keeps the blank line between paragraphs); the plain
    text stream for multi-column pages, where layout mode would interleave the columns line by line."""
    plain = page.extract_text() or ""  # type: ignore[attr-defined]
    try:
        layout = page.extract_text(extraction_mode="layout") or ""  # type: ignore[attr-defined]
    except Exception:  # layout mode is newer and less forgiving of odd fonts; plain text suffices
        return plain
    lines = [line.strip() for line in layout.splitlines() if line.strip()]
    columned = sum(1 for line in lines if _COLUMN_GAP.search(line))
    return plain if not lines or columned > _COLUMNED_SHARE * len(lines) else layout


def rebuild_paragraphs(page: str) -> str:
    """Join a page's lines into paragraphs: a short line ending a sentence, or a blank line, ends one."""
    lines = [line.strip() for line in page.splitlines()]
    lines = [line for line in lines if not _PAGE_NUMBER.match(line)]
    widths = [len(line) for line in lines if len(line) > 20]
    typical = statistics.median(widths) if widths else 0
    paragraphs: list[str] = []
    current = ""
    for line in lines:
        if not line:
            current = _flush(paragraphs, current)
            continue
        current = _join(current, line)
        ends_sentence = _SENTENCE_END.search(line) is not None
        if len(line) < (_SENTENCE_END_LINE if ends_sentence else _HEADING_LINE) * typical:
            current = _flush(paragraphs, current)
    _flush(paragraphs, current)
    return "\n\n".join(paragraphs)


def _join(current: str, line: str) -> str:
    if not current:
        return line
    if re.search(r"[a-z]-$", current) and line[:1].islower():
        return current[:-1] + line  # "inter-\nnational" -> "international"
    return f"{current} {line}"


def _flush(paragraphs: list[str], current: str) -> str:
    """Add the paragraph with single spaces: layout mode pads words to their place on the page, and
    runs of spaces would read as a table's columns (lines.Unit.table_row)."""
    if current:
        paragraphs.append(" ".join(current.split()))
    return ""
