"""`newsdrop parse`: files in, one JSON article per line out, no stack needed."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsdrop_local.cli import main
from tests.unit.parsing import site_dumps


def test_parse_prints_each_article_and_counts_relative_dates_from_the_file_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a page dump dated "2 days ago", last modified at a known time, and a file with no article
    dump = tmp_path / "trail.txt"
    dump.write_text(site_dumps.BLOG_RELATIVE, encoding="utf-8")
    modified = datetime(2024, 5, 20, 12, 0, tzinfo=UTC)
    os.utime(dump, (modified.timestamp(), modified.timestamp()))
    empty = tmp_path / "empty.txt"
    empty.write_text("Home\nAbout\n", encoding="utf-8")

    # When both are parsed
    status = main(["parse", str(dump), str(empty)])

    # Then the article is printed with its date two days before the file's time, marked approximate,
    # the empty file is reported with its reason, and the exit status says one file failed
    article, failure = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert article["title"] == "Crossing the Hardangervidda plateau on skis in five days"
    assert datetime.fromisoformat(article["published"]) == modified - timedelta(days=2)
    assert article["published_approximate"] is True
    assert failure == {"file": str(empty), "error": "no article text found"}
    assert status != 0
