"""Files the tests build themselves: a PDF with a text layer, WARC archives, HTML pages."""

from __future__ import annotations

import io
import textwrap

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


def html_page(title: str, paragraphs: list[str]) -> str:
    """A small article page with navigation and a footer around the story."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer>Contact us | Privacy</footer></body></html>"
    )


def _escape(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_document(pages: list[list[str]], *, title: str | None = None, header: str | None = None) -> bytes:
    """A PDF whose pages show the given paragraphs, wrapped at 80 characters, in Helvetica."""
    objects: list[bytes] = []
    kids = []
    font_id = 3 + 2 * len(pages)
    for number, paragraphs in enumerate(pages, start=1):
        lines = [header] if header else []
        for paragraph in paragraphs:
            lines += [*textwrap.wrap(paragraph, 80), ""]  # paragraphs set apart by an empty line
        lines.append(str(number))  # the page number in the footer
        ops = "".join(f"({_escape(line)}) Tj T* " if line else "T* " for line in lines)
        stream = f"BT /F1 10 Tf 50 750 Td 13 TL {ops}ET".encode("cp1252")
        page_id, content_id = 3 + 2 * (number - 1), 4 + 2 * (number - 1)
        kids.append(f"{page_id} 0 R")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 {font_id} 0 R >> >> "
            f"/Contents {content_id} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    info = f"<< /Title ({_escape(title)}) >>".encode("cp1252") if title else b"<< >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>".encode(),
        *objects,
        info,
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, len(objects), xref)
    )
    return out.getvalue()


def warc_archive(records: list[tuple[str, str, bytes]], *, gzip: bool) -> bytes:
    """A WARC of response records (url, content type, payload) with a request record before each."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    for url, content_type, payload in records:
        request = writer.create_warc_record(
            url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\nHost: example.com\r\n\r\n")
        )
        writer.write_record(request)
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        response = writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=headers)
        writer.write_record(response)
    return out.getvalue()
