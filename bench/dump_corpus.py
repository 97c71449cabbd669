"""The article-extraction benchmark as plain-text page dumps, split into dev and held-out pages.

    import dump_corpus   # from a script in bench/ (its folder is first on sys.path)
    for page in dump_corpus.pages_in("dev"): ...   # Page(id, split, html, truth_body, url, headlines)
    text = dump_corpus.dumps("inscriptis")[page.id]
    dump_corpus.title_correct(predicted_title, page.headlines)

Pages come from ../shared/benchmarks/article-extraction (ground-truth.json + html_gz/). A page is
held out ("test") when `int(page_id, 16) % 3 == 0`, else "dev": tune on dev only. Each page's HTML
is rendered to the kind of text a crawler saves (one line a block, no markup, blank lines between
blocks) by `inscriptis`, `html2text` (set up as a text browser: no link, image or heading syntax,
no wrapping) or Debian's `w3m -dump` when installed: the RENDERERS the line classifier is trained on.
UNSEEN_RENDERERS are only ever measured, never trained or tuned on: text browsers at the width they
wrap at by default, `w3m -dump -cols 80` and Debian's `lynx -dump -nolist` (paragraphs hard-wrapped,
at times with no blank line between them), and `lynx -dump` as is ("lynx-refs": each link's text
after its number, "[96]Joe Rossignol", and the numbered list of "References" at the end); and
html2text as it comes ("markdown": Markdown wrapped at 78 columns, links, images and emphasis
marked, as crawlers that save Markdown write it). Dumps are cached in .local/bench/dumps/.

Titles are scored against the page's own headlines (og:title, twitter:title, `<h1>`s of three
words or more, `<title>`): right when the token F1 with one of them is at least 0.8.
Import-light: the renderers and lxml are imported only when a page is rendered or read.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "article-extraction"
CACHE_DIR = ROOT / ".local" / "bench" / "dumps"
SPLITS = ("dev", "test")
# What a report calls each split; "all" is both.
SPLIT_LABELS = {"dev": "dev", "test": "held-out", "all": "all"}
RENDERERS = ("inscriptis", "html2text", "w3m")
UNSEEN_RENDERERS = ("w3m-80", "lynx", "lynx-refs", "markdown")
TITLE_F1 = 0.8
# Bump when a renderer's settings or the normalisation change: cached dumps of another stamp are redone.
_STAMP = "1"
_WORD = re.compile(r"\w+")
_MD_HEADING = re.compile(r"^#{1,6}\s+", re.M)
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|])")
_BLANK_RUNS = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class Page:
    """One benchmark page: its HTML, the article body people marked, and its own headlines."""

    id: str
    split: str  # "dev" or "test" (held out)
    html: str
    truth_body: str
    url: str | None
    headlines: tuple[str, ...]


def split_of(page_id: str) -> str:
    """ "test" (held out) for every third page by its hexadecimal id, "dev" for the rest."""
    return "test" if int(page_id, 16) % 3 == 0 else "dev"


@cache
def load_pages(data: Path = DEFAULT_DATA) -> tuple[Page, ...]:
    """All pages with their HTML, sorted by id; empty when the benchmark is not at `data`."""
    truth_file = data / "ground-truth.json"
    if not truth_file.is_file():
        return ()
    pages = []
    for page_id, item in sorted(json.loads(truth_file.read_text(encoding="utf-8")).items()):
        path = data / "html_gz" / f"{page_id}.html.gz"
        if path.is_file():
            html = gzip.decompress(path.read_bytes()).decode("utf-8")
            body, url = item.get("articleBody") or "", item.get("url")
            pages.append(Page(page_id, split_of(page_id), html, body, url, headlines(html)))
    return tuple(pages)


def pages_in(split: str = "all", data: Path = DEFAULT_DATA) -> list[Page]:
    """The pages of one split ("dev", "test") or of both ("all")."""
    return [page for page in load_pages(data) if in_split(page, split)]


def in_split(page: Page, split: str) -> bool:
    """Whether the page belongs to `split` ("dev", "test" or "all")."""
    return split in ("all", page.split)


def report_splits(split: str) -> tuple[str, ...]:
    """The rows a report shows for `--split`: that split alone, or dev, held-out and all."""
    return ("dev", "test", "all") if split == "all" else (split,)


def headlines(html: str) -> tuple[str, ...]:
    """The page's own title references: og:title, twitter:title, `<h1>`s of 3+ words, `<title>`
    (the page's, not an icon's: an inline SVG's `<title>` names the icon, "Search" or "Facebook")."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html)
    except (ValueError, SyntaxError, etree.ParserError):  # "Document is empty" is a ParserError
        return ()
    h1s = (h1.text_content() for h1 in tree.iter("h1"))
    found = [
        *tree.xpath("//meta[@property='og:title' or @name='og:title']/@content"),
        *tree.xpath("//meta[@name='twitter:title' or @property='twitter:title']/@content"),
        *(text for text in h1s if len(text.split()) >= 3),
        *(title.text_content() for title in tree.xpath("//title[not(ancestor::svg)]")),
    ]
    return tuple(dict.fromkeys(text for text in (" ".join(item.split()) for item in found) if text))


def title_tokens(text: str) -> Counter[str]:
    """Lower-cased `\\w+` tokens of a title, as a multiset."""
    return Counter(_WORD.findall((text or "").lower()))


def title_f1(predicted: str, reference: str) -> float:
    """Token F1 of two titles (lower-cased `\\w+` tokens, counted with multiplicity)."""
    mine, theirs = title_tokens(predicted), title_tokens(reference)
    common = sum((mine & theirs).values())
    if not common:
        return 0.0
    precision, recall = common / sum(mine.values()), common / sum(theirs.values())
    return 2 * precision * recall / (precision + recall)


def title_correct(predicted: str | None, references: Iterable[str]) -> bool:
    """The issue's definition: the title is right when its token F1 with any reference is >= 0.8."""
    return bool(predicted) and any(title_f1(predicted or "", reference) >= TITLE_F1 for reference in references)


def renderer_missing(renderer: str) -> str | None:
    """Why `renderer` cannot run here (a message), or None when it can."""
    if renderer not in (*RENDERERS, *UNSEEN_RENDERERS):
        return f"unknown renderer {renderer!r} (known: {', '.join((*RENDERERS, *UNSEEN_RENDERERS))})"
    program = renderer.split("-", maxsplit=1)[0]
    if program in ("w3m", "lynx") and shutil.which(program) is None:
        return f"{program} is not installed (apt-get install -y {program}); skipped"
    module = {"inscriptis": "inscriptis", "html2text": "html2text", "markdown": "html2text"}.get(renderer)
    if module:
        try:
            __import__(module)
        except ImportError:
            return f"{module} is not installed (pip install -r requirements-dev.txt); skipped"
    return None


def render(renderer: str, html: str) -> str:
    """The page as a crawler's plain-text dump by one renderer: stripped lines, single blank lines."""
    text = _RENDER[renderer](html)
    lines = (line.strip() for line in text.replace("\r\n", "\n").replace("\xa0", " ").split("\n"))
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip() + "\n"


def dumps(renderer: str, pages: Iterable[Page] | None = None, data: Path = DEFAULT_DATA) -> dict[str, str]:
    """id -> dump of each page (all pages by default), rendered once and then read from the cache."""
    folder = CACHE_DIR / renderer
    stamp = folder / ".stamp"
    if not stamp.is_file() or stamp.read_text() != _STAMP:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        stamp.write_text(_STAMP)
    result = {}
    for page in load_pages(data) if pages is None else pages:
        path = folder / f"{page.id}.txt"
        if not path.is_file():
            partial = path.with_suffix(f".{os.getpid()}.part")  # concurrent runs never read half a file
            partial.write_text(render(renderer, page.html), encoding="utf-8")
            partial.replace(path)
        result[page.id] = path.read_text(encoding="utf-8")
    return result


def _inscriptis(html: str) -> str:
    from inscriptis import get_text

    return get_text(html)


def _html2text(html: str) -> str:
    import html2text

    converter = html2text.HTML2Text()
    converter.body_width = 0  # a crawler's dump keeps a paragraph on one line
    converter.ignore_links = True
    converter.ignore_images = True
    converter.ignore_emphasis = True
    converter.ignore_tables = True
    converter.unicode_snob = True
    converter.ul_item_mark = "•"
    text = converter.handle(html)
    return _MD_ESCAPE.sub(r"\1", _MD_HEADING.sub("", text))


def _markdown(html: str) -> str:
    import html2text

    return html2text.HTML2Text().handle(html)


def _w3m(html: str, columns: int = 2000) -> str:
    return _run(["w3m", "-dump", "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8", "-cols", str(columns)], html)


def _lynx(html: str, references: bool = False) -> str:
    options = [] if references else ["-nolist"]
    command = ["lynx", "-dump", *options, "-stdin", "-width", "80", "-assume_charset=utf-8", "-display_charset=utf-8"]
    return _run(command, html)


def _run(command: list[str], html: str) -> str:
    done = subprocess.run(command, input=html.encode("utf-8"), capture_output=True, timeout=60, check=True)
    return done.stdout.decode("utf-8", errors="replace")


_RENDER: dict[str, Callable[[str], str]] = {
    "inscriptis": _inscriptis,
    "html2text": _html2text,
    "w3m": _w3m,
    "w3m-80": lambda html: _w3m(html, columns=80),
    "lynx": _lynx,
    "lynx-refs": lambda html: _lynx(html, references=True),
    "markdown": _markdown,
}
