"""Tell what a file is from its bytes; the name's extension only breaks ties.

Users drop whatever they have into the bucket, and names lie (a `.txt` that is HTML, a `.html`
that is a gzip). Magic numbers and a look at the first characters decide; the extension is
consulted only when the content is ambiguous.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath

# Magic numbers of the binary formats people are likely to drop by mistake (or, for some, on
# purpose: later steps accept gzip, PDF and WARC). Longest prefixes first where they overlap.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"),
    (b"\x1f\x8b", "gzip"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"(\xb5/\xfd", "zstd"),
    (b"Rar!\x1a\x07", "rar"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole2"),  # legacy .doc/.xls
    (b"{\\rtf", "rtf"),
    (b"%!PS", "postscript"),
    (b"\x7fELF", "elf"),
    (b"MZ", "exe"),
    (b"SQLite format 3\x00", "sqlite"),
    (b"OggS", "ogg"),
    (b"ID3", "mp3"),
    (b"fLaC", "flac"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"\x00\x00\x01\x00", "ico"),
    (b"wOFF", "woff"),
    (b"wOF2", "woff2"),
    (b"WARC/", "warc"),
)

# Byte-order marks that make NUL bytes legitimate (UTF-16/32 text).
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")

_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S)
_HTML_TAG = re.compile(r"<(?:p|div|article|section|span|a|h[1-6]|br|table|main|header|footer)\b[^>]*>", re.I)
_XML_START = re.compile(r"^\s*<\?xml\b", re.I)
_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:RDF)\b", re.I)

HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx", ".jsp"})


def sniff_binary(data: bytes) -> str | None:
    """The binary type of `data` by magic number, "riff"/"mp4" containers, or NUL bytes; None if text-like."""
    head = data[:16]
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if head[:4] == b"RIFF":
        return "riff"
    if head[4:8] == b"ftyp":
        return "mp4"
    if not data.startswith(_WIDE_BOMS) and b"\x00" in data[:8192]:
        # Text never carries NUL bytes; UTF-16 without a BOM is rare enough to reject.
        return "binary"
    return None


def extension(filename: str) -> str:
    """Lower-case last suffix of the name, e.g. ".html" (".gz" for "x.warc.gz")."""
    return PurePosixPath(filename).suffix.lower()


def sniff_text(text: str, filename: str) -> str:
    """Classify decoded text as "html", "json", "jsonl", "xml", "feed" or "text"."""
    head = text[:4096].lstrip("\ufeff")
    stripped = head.lstrip()
    if stripped[:1] in ("{", "[") and (kind := _json_kind(text)):
        return kind
    return _markup_kind(head, text, filename) or "text"


def _markup_kind(head: str, text: str, filename: str) -> str | None:
    if _HTML_START.match(head):
        return "html"
    if _XML_START.match(head):
        if _FEED_ROOT.search(text[:8192]):
            return "feed"
        return "html" if re.search(r"<html\b", text[:8192], re.I) else "xml"
    if head.lstrip().startswith("<") and _HTML_TAG.search(head):
        return "html"
    if extension(filename) in HTML_EXTENSIONS and len(_HTML_TAG.findall(text[:65536])) >= 3:
        # An HTML fragment behind a prose preamble: trust the name only with markup to back it.
        return "html"
    return None


def _json_kind(text: str) -> str | None:
    """ "json" for one document, "jsonl" for one document per line, None if neither parses."""
    try:
        json.loads(text)
    except ValueError:
        pass
    else:
        return "json"
    lines = [line for line in text.splitlines() if line.strip()]
    try:
        for line in lines[:5]:
            json.loads(line)
    except ValueError:
        return None
    return "jsonl" if lines else None
