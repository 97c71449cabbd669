"""Real pages from other extractors' test suites: more sites for the dump models to learn from.

    import public_pages   # from a script in bench/ (its folder is first on sys.path)
    pages = public_pages.title_pages()   # dump_corpus.Page objects of split "public"

The benchmark's 77 dev pages are few sites to learn what a headline, or an article's line, looks
like among a page's menus, teasers and captions. Two Go modules carry saved pages for their own tests, and the Go module
proxy (a registry this project reaches) serves each as one zip at a pinned version, checked here by
its SHA-256 and kept in .local/bench/public/ (nothing of it is committed):
- go-shiori/go-readability (MIT): Mozilla Readability's test pages, news sites and blogs;
- markusmobius/go-trafilatura (Apache-2.0): trafilatura's comparison set, news pages and blogs in
  many languages, each with the title its annotators gave and snippets of its main text and of its
  boilerplate.

The pages' headlines (dump_corpus.headlines, and the annotated title) say which line of each page's
dump is its headline. Readability's expected article bodies are not used: they keep what the
benchmark's annotators leave out, and trained on, they lowered w3m's body F1 in cross-validation.
trafilatura's snippets are, for the half of its pages that snippet_split calls "train": they mark a
few lines of each page as the article's or not. The other half is kept apart for bench/snippets.py.
Fragments under MIN_PAGE_BYTES (tests of one markup rule, not pages) are skipped, and so is any
page that shares a headline with a page of the benchmark.
"""

from __future__ import annotations

import hashlib
import json
import re
import urllib.request
import zipfile
from dataclasses import dataclass
from functools import cache

import dump_corpus
from dump_corpus import Page, headlines

from newsdrop.parsing.decode import decode

FOLDER = dump_corpus.ROOT / ".local" / "bench" / "public"
PROXY = "https://proxy.golang.org"
MIN_PAGE_BYTES = 10_000
# Headlines this short ("Home", a site's name) are shared by unrelated pages.
OVERLAP_WORDS = 4
_GO_STRING = r'"(?:[^"\\]|\\.)*"'
# One entry of go-trafilatura's scripts/comparison/data.go, up to the closing brace of its struct.
_ENTRY = re.compile(r"^\t\t?File:\s*(" + _GO_STRING + r"),(.*?)^\t\},?$", re.M | re.S)
_FIELD = re.compile(r"(\w+):\s*(" + _GO_STRING + r"|\[\]string\{(?:\s*" + _GO_STRING + r",?)*\s*\})")


@dataclass(frozen=True)
class Annotation:
    """What trafilatura's annotators wrote of one page: its title, snippets of its main text that an
    extraction must keep ("with") and of its boilerplate that it must leave out ("without")."""

    file: str
    title: str | None
    with_: tuple[str, ...]
    without: tuple[str, ...]


@dataclass(frozen=True)
class Module:
    path: str
    version: str
    sha256: str

    @property
    def zip_name(self) -> str:
        return f"{self.path.replace('/', '_')}@{self.version}.zip"


READABILITY = Module(
    "github.com/go-shiori/go-readability",
    "v0.0.0-20251205110129-5db1dc9836f0",
    "46e77d27048581b1ac798e88a41afa70154291067be4c6b9feafba4b76f9afc6",
)
TRAFILATURA = Module(
    "github.com/markusmobius/go-trafilatura",
    "v1.12.2",
    "7da0a1455b901cfab79f27801aac9ff1e99774d0cb7ef4ab6d3eaee17cb2d5b2",
)


def fetched(module: Module) -> zipfile.ZipFile:
    """The module's zip, downloaded from the proxy once; raises ValueError when its SHA-256 differs."""
    path = FOLDER / module.zip_name
    if not path.is_file():
        FOLDER.mkdir(parents=True, exist_ok=True)
        with urllib.request.urlopen(f"{PROXY}/{module.path}/@v/{module.version}.zip", timeout=300) as response:
            data = response.read()
        if hashlib.sha256(data).hexdigest() != module.sha256:
            raise ValueError(f"{module.path}@{module.version} from {PROXY} does not have the pinned SHA-256")
        partial = path.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(path)
    return zipfile.ZipFile(path)


@cache
def title_pages() -> tuple[Page, ...]:
    """Every usable page of both modules, with its headlines; bodies empty (see the module's text)."""
    taken = {key for page in dump_corpus.load_pages() for key in _long_headlines(page.headlines)}
    pages = [*_readability_pages(), *_trafilatura_pages()]
    return tuple(page for page in pages if page.headlines and not _long_headlines(page.headlines) & taken)


def _readability_pages() -> list[Page]:
    archive = fetched(READABILITY)
    pages = []
    for name in sorted(archive.namelist()):
        if name.endswith("/source.html") and "/test-pages/" in name:
            page_name = name.rsplit("/", 2)[1]
            pages.extend(_page(f"readability-{page_name}", archive.read(name)))
    return pages


def _trafilatura_pages() -> list[Page]:
    archive = fetched(TRAFILATURA)
    prefix = f"{TRAFILATURA.path}@{TRAFILATURA.version}/"
    titles = {annotation.file: annotation.title for annotation in trafilatura_annotations()}
    pages = []
    for name in sorted(archive.namelist()):
        file_name = name.rsplit("/", 1)[1]
        if name.startswith(prefix + "test-files/comparison/") and file_name.endswith(".html"):
            pages.extend(_page(trafilatura_page_id(file_name), archive.read(name), titles.get(file_name)))
    return pages


@cache
def trafilatura_annotations() -> tuple[Annotation, ...]:
    """Every entry of trafilatura's comparison set, in the order of its data.go."""
    archive = fetched(TRAFILATURA)
    data = archive.read(f"{TRAFILATURA.path}@{TRAFILATURA.version}/scripts/comparison/data.go").decode("utf-8")
    annotations = []
    for entry in _ENTRY.finditer(data):
        strings = {
            name: tuple(_go_string(literal[1:-1]) for literal in re.findall(_GO_STRING, value))
            for name, value in _FIELD.findall(entry[2])
        }
        title = strings.get("Title", ())
        annotation = Annotation(
            _go_string(entry[1][1:-1]), title[0] if title else None, strings.get("With", ()), strings.get("Without", ())
        )
        annotations.append(annotation)
    return tuple(annotations)


def snippet_split(file_name: str) -> str:
    """Which half of the comparison set a page is in: "train" (its snippets label units for the line
    classifier, bench/train_dump_model.py) or "test" (never trained on; bench/snippets.py reports both)."""
    return "train" if hashlib.sha256(file_name.encode()).digest()[0] % 2 == 0 else "test"


def trafilatura_page_id(file_name: str) -> str:
    """The id of a comparison-set page, one for every script, so that its dumps are rendered once."""
    return "trafilatura-" + re.sub(r"[^\w.-]", "_", file_name.removesuffix(".html"))


def trafilatura_file(archive: zipfile.ZipFile, file_name: str) -> bytes | None:
    """A page of the comparison set by the file name its annotation gives, or None when it is not there."""
    prefix = f"{TRAFILATURA.path}@{TRAFILATURA.version}/test-files/"
    for folder in ("comparison", "mock"):
        try:
            return archive.read(f"{prefix}{folder}/{file_name}")
        except KeyError:
            continue
    return None


def _page(page_id: str, data: bytes, annotated_title: str | None = None) -> list[Page]:
    """The page, or none when it is a fragment."""
    if len(data) < MIN_PAGE_BYTES:
        return []
    html, _ = decode(data)
    references = tuple(dict.fromkeys((*headlines(html), *([annotated_title] if annotated_title else []))))
    return [Page(page_id, "public", html, "", None, references)]


def _long_headlines(references: tuple[str, ...]) -> set[str]:
    return {" ".join(text.lower().split()) for text in references if len(text.split()) >= OVERLAP_WORDS}


def _go_string(literal: str) -> str:
    """A Go interpreted string literal's text (its escapes are JSON's, but for a few rare ones)."""
    try:
        return json.loads(f'"{literal}"')
    except ValueError:
        return literal
