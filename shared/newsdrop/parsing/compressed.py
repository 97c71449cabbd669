"""gzip, decompressed with a ceiling: a 25 MB upload must not become 25 GB in memory (a zip bomb).

The ceiling is a multiple of the upload size limit: generous for text (news compresses 3-10x),
fatal for bombs, which compress 1000x and more.
"""

from __future__ import annotations

import io
import zlib

from newsdrop.errors import RejectedInput

# Decompressed bytes allowed per compressed file, as a multiple of the upload size limit.
DECOMPRESSION_FACTOR = 8
_CHUNK = 1 << 14


def decompression_limit(max_object_bytes: int) -> int:
    """Most bytes a compressed upload may expand to, given the upload size limit."""
    return max_object_bytes * DECOMPRESSION_FACTOR


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
