"""Bytes to text: a byte-order mark, then the page's own declaration, then UTF-8, then detection.

Order matters: a BOM is unambiguous, an HTML page's declared charset is what its author meant,
strict UTF-8 almost never decodes non-UTF-8 text by accident, and statistical detection
(charset_normalizer, already a trafilatura dependency) is the last resort for legacy files.
"""

from __future__ import annotations

import codecs
import re

from newsdrop.errors import RejectedInput

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)

# Text with more than this share of unprintable characters after decoding is not text.
_MAX_CONTROL_SHARE = 0.01


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding used). Raises RejectedInput when no encoding gives readable text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data[len(bom) :].decode(encoding, errors="replace"), encoding)
    declared = declared_encoding(data)
    if declared:
        try:
            return _checked(data.decode(declared), declared)
        except (UnicodeDecodeError, LookupError):
            pass  # the declaration lies (common: "utf-8" pages saved as cp1252); detect instead
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return _detected(data)


def declared_encoding(data: bytes) -> str | None:
    """The charset an HTML <meta> or XML declaration names in the first 4 KB, if Python knows it."""
    head = data[:4096]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if not match:
        return None
    name = match.group(1).decode("ascii", errors="ignore").lower()
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    # Browsers read "iso-8859-1"/"ascii" as windows-1252 (WHATWG); so do we, since it is a superset.
    return "cp1252" if codec in {"latin-1", "iso8859-1", "ascii"} else codec


def _detected(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    if best is None or best.encoding is None:
        raise RejectedInput("undecodable text: no character encoding fits the bytes", "unknown-encoding")
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise RejectedInput(f"undecodable text: {exc}", "unknown-encoding") from exc
    return _checked(text, best.encoding)


def _checked(text: str, encoding: str) -> tuple[str, str]:
    """Reject decodings that are mostly control or replacement characters: binary in disguise."""
    sample = text[:100_000]
    if sample:
        bad = sum(1 for ch in sample if (ch < " " and ch not in "\t\n\r\f") or ch == "\ufffd")
        if bad / len(sample) > _MAX_CONTROL_SHARE:
            raise RejectedInput(
                f"undecodable text: {bad} control or replacement characters in {len(sample)} ({encoding})",
                "binary",
            )
    return text, encoding
