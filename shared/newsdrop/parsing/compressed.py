"""gzip, decompressed with a ceiling: a 25 MB upload must not become 25 GB in memory (a zip bomb).

The ceiling is the upload size limit itself: what is parsed whole must fit it, compressed or not.
A larger ceiling only let bombs through to the parsers: 200 MB of one letter, gzip inside gzip
(500 bytes uploaded), passed a ceiling of 8 x 25 MB and then kept the text parser busy for minutes.
"""

from __future__ import annotations

import io
import zlib

from newsdrop.errors import RejectedInput

_CHUNK = 1 << 14


def gunzip(data: bytes, limit: int) -> bytes:
    """The decompressed bytes of a gzip file (all members). Raises RejectedInput past the limit or if corrupt."""
    out = io.BytesIO()
    pending = memoryview(data)
    inflater = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
    try:
        while pending:
            # Small input chunks bound the overshoot past the limit (deflate expands at most ~1000x).
            out.write(inflater.decompress(pending[:_CHUNK]))
            pending = pending[_CHUNK:]
            if out.tell() > limit:
                raise RejectedInput(f"decompresses to more than the limit of {limit} bytes", "gzip")
            if inflater.eof:
                # Concatenated members (`cat a.gz b.gz`, per-record WARC.gz) follow; padding is NULs.
                rest = (inflater.unused_data + bytes(pending)).lstrip(b"\x00")
                pending = memoryview(rest)
                inflater = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
                if not rest:
                    return out.getvalue()
    except zlib.error as exc:
        raise RejectedInput(f"corrupt gzip file: {exc}", "gzip") from exc
    raise RejectedInput("truncated gzip file", "gzip")


def gunzip_head(data: bytes, size: int = 8192) -> bytes:
    """The first `size` decompressed bytes, to sniff what a gzip holds without inflating all of it."""
    inflater = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
    try:
        return inflater.decompress(data[: 1 << 20], size)
    except zlib.error as exc:
        raise RejectedInput(f"corrupt gzip file: {exc}", "gzip") from exc
