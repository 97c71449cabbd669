"""The whole local stack as a user drives it: upload with the CLI, search over HTTP, check status."""

from __future__ import annotations

import json
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from newsdrop_local.state import StackState
from tests.e2e.conftest import MAX_OBJECT_BYTES, wait_for

pytestmark = pytest.mark.opensearch

TITLE = "Harbour ministers agree to share ferry data"
PAGE_DUMP = f"""{TITLE}

Home | World | Business | Sport

OSLO -- Transport ministers from Norway and Denmark agreed on Thursday to share real-time ferry \
data across the Skagerrak, a step shipping companies have sought for years to cut waiting times.

Share this article

Norwegian minister Ingrid Solberg said the agreement would let passengers plan crossings with \
live schedules from both countries, and that the first data would flow before the summer season.

"Travellers do not care which side of the water a timetable comes from," Solberg said after \
meeting her Danish counterpart Mads Kjeldsen in Oslo. "Now they will not have to."

Kjeldsen said Denmark would publish the data under an open licence so that app makers could use \
it freely.

Advertisement

Top stories

  • Volcano ash grounds flights across northern Italy
    Airlines cancelled hundreds of flights on Friday as a cloud of ash drifted south. Read more
  • Fishermen protest new quota rules in Brittany
    Hundreds of boats blocked the harbour of Brest on Saturday morning. Read more
"""


def _upload_story(cli, tmp_path: Path, surname: str) -> str:
    """Upload the page dump with its minister renamed (a word no other test uses); return the key."""
    page = tmp_path / f"{surname.lower()}.txt"
    page.write_text(PAGE_DUMP.replace("Solberg", surname))
    upload = cli("upload", str(page))
    assert upload.returncode == 0, upload.stderr
    return page.name


@contextmanager
def _opensearch_down(proxy) -> Iterator[None]:
    proxy.off()
    try:
        yield
    finally:
        proxy.on()


def _hits(api, query: str) -> list[dict]:
    """Articles holding the query's words. Keyword mode: these tests ask what text the index holds,
    and a search by meaning finds the ferry story for 'Ferrytown0' long after that feed is gone."""
    status, body = api("/search?" + urllib.parse.urlencode({"q": query, "mode": "keyword"}))
    assert status == 200, body
    return body["hits"]


def test_an_uploaded_page_dump_is_searchable_without_its_boilerplate(cli, api, tmp_path: Path) -> None:
    # Given a page dump with menus, share links and a list of other stories around the article
    page = tmp_path / "ferry-data.txt"
    page.write_text(PAGE_DUMP)
    # When the user uploads it with the CLI
    upload = cli("upload", str(page))
    assert upload.returncode == 0, upload.stderr
    # Then searching for a name in it finds it first, within seconds
    hit = wait_for(lambda: next(iter(_hits(api, "Solberg")), None), what="the article to be searchable")
    assert hit["title"] == TITLE
    # And the whole article is clean prose, with its entities
    status, article = api(f"/articles/{hit['id']}")
    assert status == 200
    assert article["body"][0].startswith("Transport ministers from Norway and Denmark agreed")
    assert article["dateline"] == "Oslo"
    for boilerplate in ("Share this article", "Advertisement", "Top stories", "Volcano", "Read more"):
        assert boilerplate not in json.dumps(article)
    people = {entity["text"] for entity in article["entities"] if entity["type"] == "PERSON"}
    assert {"Ingrid Solberg", "Mads Kjeldsen"} <= people
    # And the teasers' words do not bring the article back
    assert all(h["title"] != TITLE for h in _hits(api, "volcano ash flights"))


def test_the_same_file_twice_is_one_document_and_removing_it_unindexes_it(cli, api, tmp_path: Path) -> None:
    _upload_story(cli, tmp_path, "Haugland")
    key = _upload_story(cli, tmp_path, "Haugland")
    wait_for(lambda: _hits(api, "Haugland"), what="the article to be searchable")
    assert len(_hits(api, "Haugland")) == 1
    removal = cli("remove", key)
    assert removal.returncode == 0, removal.stderr
    wait_for(lambda: not _hits(api, "Haugland"), what="the article to leave the index")


def test_bad_files_end_as_rejections_with_reasons(cli, stack: StackState, tmp_path: Path) -> None:
    # Given a binary file, an empty file and one over the size limit
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "huge.txt").write_text("word " * (MAX_OBJECT_BYTES // 4))
    # When they are uploaded as a folder
    assert cli("upload", str(tmp_path), "--prefix", "bad/").returncode == 0

    # Then each is a rejection with its reason, and nothing is left waiting in a queue
    def rejections() -> dict[str, str] | None:
        report = json.loads(cli("status", "--json").stdout)
        found = {r["key"]: r["reason"] for r in report["rejected"] if r["key"].startswith("bad/")}
        return found if len(found) == 3 else None

    reasons = wait_for(rejections, what="three rejections")
    assert "png" in reasons["bad/photo.txt"].lower()
    assert "empty" in reasons["bad/empty.html"]
    assert "over the limit" in reasons["bad/huge.txt"]


def test_opensearch_down_for_a_while_delays_indexing_but_loses_nothing(
    cli, api, stack: StackState, opensearch_proxy, tmp_path: Path
) -> None:
    # Given OpenSearch becomes unreachable for the functions
    with _opensearch_down(opensearch_proxy):
        _upload_story(cli, tmp_path, "Brekke")
        # When the upload is parsed, its index message fails and waits in the queue for a retry
        index_queue = next(name for name in stack.queues if name.endswith("-index"))
        wait_for(lambda: sum(stack.queue_depths()[index_queue].values()), what="an index message to wait")
        time.sleep(3)  # longer than the visibility timeout: at least one retry fails too
        status, body = api("/search?q=Brekke")
        assert status == 503, "the API says search is unavailable rather than failing"
        assert "try again" in body["message"]
    # Then, once it is back, the article is indexed without anyone doing anything
    wait_for(lambda: _hits(api, "Brekke"), timeout_s=60, what="the article to be indexed after the outage")
    assert all(sum(q.values()) == 0 for name, q in stack.queue_depths().items() if name.endswith("-dlq"))


def test_a_long_outage_dead_letters_the_message_and_redrive_recovers_it(
    cli, api, stack: StackState, opensearch_proxy, tmp_path: Path
) -> None:
    # Given OpenSearch stays away for longer than the index queue's retries last
    with _opensearch_down(opensearch_proxy):
        _upload_story(cli, tmp_path, "Lindqvist")
        index_dlq = next(name for name in stack.dead_letter_queues if name.endswith("-index-dlq"))
        # When the retries run out, the message lands in the dead-letter queue, and status says so
        wait_for(lambda: stack.queue_depths()[index_dlq]["visible"], timeout_s=60, what="a dead-lettered message")
        assert "newsdrop redrive" in cli("status").stdout
    # Then, with OpenSearch back, a redrive indexes the article
    redrive = cli("redrive")
    assert redrive.returncode == 0, redrive.stderr
    assert f"{index_dlq} -> " in redrive.stdout
    wait_for(lambda: _hits(api, "Lindqvist"), timeout_s=30, what="the redriven article to be indexed")
    assert stack.queue_depths()[index_dlq] == {"visible": 0, "in_flight": 0}


def test_a_feed_over_the_upload_limit_fans_out_is_searchable_and_leaves_with_its_file(cli, api, tmp_path: Path) -> None:
    # Given a JSON Lines feed of 300 articles, bigger than the upload limit (multi-article files have their own)
    words = "The harbour council approved a new ferry timetable on Monday after a long debate. " * 12
    stories = [{"title": f"Ferry timetable {n}", "body": f"Ferrytown{n} {words}"} for n in range(300)]
    feed = tmp_path / "ferries.jsonl"
    feed.write_text("".join(json.dumps(story) + "\n" for story in stories))
    assert feed.stat().st_size > MAX_OBJECT_BYTES
    # When it is uploaded
    assert cli("upload", str(feed), "--prefix", "feeds/").returncode == 0

    # Then status follows it to 300 of 300 articles, in work items, and its last article is searchable
    def done() -> str | None:
        line = next((line for line in cli("status").stdout.splitlines() if "feeds/ferries.jsonl" in line), "")
        return line if "300/300 articles" in line else None

    assert "12/12 items" in wait_for(done, timeout_s=180, what="the feed's 300 articles")
    wait_for(lambda: _hits(api, "Ferrytown299"), what="the feed's last article to be searchable")
    # When the feed is removed, its articles leave the index
    assert cli("remove", "feeds/ferries.jsonl").returncode == 0
    wait_for(lambda: not _hits(api, "Ferrytown0"), what="the feed's articles to leave the index")


def test_reindex_swaps_the_alias_to_a_new_version_and_searches_still_find_everything(cli, api, tmp_path: Path) -> None:
    # Given an indexed story (JSON: what is tested here is the index, not the page-dump parser)
    story = tmp_path / "vestbakken.json"
    story.write_text(json.dumps({"title": "Ferry data shared", "body": PAGE_DUMP.replace("Solberg", "Vestbakken")}))
    assert cli("upload", str(story)).returncode == 0
    wait_for(lambda: _hits(api, "Vestbakken"), what="the article to be searchable")
    # When the index is rebuilt from the processed bucket
    rebuilt = cli("reindex")
    # Then the alias names the next version, the old one is kept, and the story is still found
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "-v1 -> " in rebuilt.stdout
    assert "-v2" in rebuilt.stdout
    assert _hits(api, "Vestbakken")
    # And --drop-old deletes the version left behind
    dropped = cli("reindex", "--drop-old")
    assert dropped.returncode == 0, dropped.stderr
    assert dropped.stdout.startswith("deleted ")
    assert "-v1" in dropped.stdout
    assert _hits(api, "Vestbakken")
