"""The small web search page served at `/`: one static HTML file with its script, no build step."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

PAGE = Path(__file__).with_name("page.html")


@lru_cache(maxsize=1)
def page() -> str:
    """The page's HTML, read once per cold start."""
    return PAGE.read_text(encoding="utf-8")
