"""Extraction: one raw file in, its article(s) out. Pure functions, no AWS.

`parse_file` and `parse_stream` (dispatch.py) are the entry points the pipeline needs: they detect
the format from the content, let its reader (html, text_dump, json_articles, pdf, warc) extract
each article, then add dateline, lead, language and named entities (enrich.py).
"""

from __future__ import annotations

from newsdrop.parsing.dispatch import parse_file, parse_stream

__all__ = ["parse_file", "parse_stream"]
