"""The web search page at `/`, driven in headless Chromium against the whole local stack."""

from __future__ import annotations

import json
import os
import subprocess
import urllib.parse
from pathlib import Path

import pytest

from newsdrop_local.state import StackState
from tests.e2e.conftest import wait_for
from tests.helpers import REPO

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
WORD = "quillwort"  # in every article of this test and nowhere else on the stack
SOURCES = {"Harbour Times": 8, "Valley Post": 4}

pytestmark = [
    pytest.mark.opensearch,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is missing: apt-get install -y chromium (Debian)"
    ),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (requirements-dev.txt)")


@pytest.fixture(scope="module")
def articles(stack: StackState, tmp_path_factory: pytest.TempPathFactory) -> StackState:
    """Twelve articles from two sources, uploaded as one JSON Lines file and searchable."""
    lines = []
    number = 0
    for source, count in SOURCES.items():
        for _ in range(count):
            number += 1
            lines.append(
                {
                    "title": f"Botanists count {WORD} number {number} in {source.split()[0]}",
                    "text": f"The rare {WORD} was found again near the lake, report {number} says. "
                    f"Researchers from the university of Oslo logged it on day {number}.",
                    "source": source,
                    "published": f"2024-05-{number:02d}T09:00:00Z",
                    "url": f"https://example.org/{number}",
                }
            )
    path = tmp_path_factory.mktemp("web") / "quillwort.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines))
    upload = [str(REPO / ".venv" / "bin" / "newsdrop"), "upload", str(path)]  # as a user does, in a terminal
    assert subprocess.run(upload, capture_output=True, timeout=120, env=os.environ, check=False).returncode == 0
    wait_for(lambda: _total(stack) == len(lines), timeout_s=120, what="the uploaded articles to be searchable")
    return stack


def _total(stack: StackState) -> int:
    """How many articles have the word: by words alone, as a hybrid total also counts articles near
    in meaning (other tests'), which could make up the twelve before the last of these is indexed."""
    import urllib.request

    with urllib.request.urlopen(f"{stack.api_url}/search?q={WORD}&mode=keyword", timeout=10) as response:
        return json.load(response)["total"]


@pytest.fixture
def page(articles: StackState):
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        tab = browser.new_page()
        yield tab
        browser.close()


def test_typing_searches_and_clicking_a_facet_narrows_the_results(articles: StackState, page) -> None:
    # Given the search page
    page.goto(articles.api_url + "/")
    # When a user types a word (the page searches as they type)
    page.fill("#q", WORD)
    page.wait_for_function("document.querySelector('#summary').textContent.startsWith('12 articles')")
    # Then the first page of results shows, with the word highlighted, a chart and the source facet
    assert page.locator(".hit").count() == 10
    assert page.locator(".hit mark").first.inner_text().lower() == WORD
    assert page.locator("#chart svg rect").count() >= 1
    assert "q=quillwort" in page.url
    # When they click the "Valley Post" source facet
    page.locator('button[data-facet="source"]', has_text="Valley Post").click()
    page.wait_for_function("document.querySelector('#summary').textContent.startsWith('4 articles')")
    # Then only that source's articles remain, and the URL says so
    assert page.locator(".hit").count() == 4
    assert {text.strip() for text in page.locator(".hit .meta").all_inner_texts()} <= {
        f"Valley Post · 2024-05-{n:02d}" for n in range(9, 13)
    }
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)["source"] == ["Valley Post"]


def test_paging_and_a_shared_url(articles: StackState, page) -> None:
    # Given a shared URL of a search by words sorted by date (by meaning, other tests' articles near
    # the word in meaning may join it, newest first)
    page.goto(f"{articles.api_url}/?q={WORD}&sort=date&mode=keyword")
    page.wait_for_selector(".hit")
    first_page = page.locator(".hit h2").all_inner_texts()
    assert page.locator("#sort").input_value() == "date"
    # When the user goes to the next page
    with page.expect_response(lambda response: "cursor=" in response.url) as answer:
        page.click("#next")
    assert answer.value.status == 200, answer.value.text()
    assert len(answer.value.json()["hits"]) == 2, answer.value.json()  # what page two answered, if not
    page.wait_for_function("document.querySelectorAll('.hit').length === 2")
    # Then they see the two remaining, oldest articles, none of the first page again
    second_page = page.locator(".hit h2").all_inner_texts()
    assert not set(first_page) & set(second_page)
    assert [title.split()[4] for title in second_page] == ["2", "1"]
    # And the address keeps the mode, so the shared URL searches the same way
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)["mode"] == ["keyword"]


def _authorization_of_searches(page, url: str) -> set[str | None]:
    """The Authorization headers the page sends with its searches once opened at `url`."""
    sent: list[str | None] = []

    def record(request) -> None:
        if "/search?" in request.url:
            sent.append(request.headers.get("authorization"))

    page.on("request", record)
    page.goto(url)
    page.wait_for_selector(".hit")
    page.remove_listener("request", record)
    assert sent, "the page searched"
    return set(sent)


def test_a_token_given_in_the_address_is_sent_as_a_bearer_token_and_kept(articles: StackState, page) -> None:
    # Given the page opened with a token in its fragment (as with the API's JWT authorizer)
    opened = f"{articles.api_url}/?q={WORD}#token=header.payload.signature"
    # Then its search carries the token, and the address bar no longer shows it
    assert _authorization_of_searches(page, opened) == {"Bearer header.payload.signature"}
    assert "token" not in page.url
    # And opened again without it, the page still sends the token it kept
    again = f"{articles.api_url}/?q={WORD}&sort=date"
    assert _authorization_of_searches(page, again) == {"Bearer header.payload.signature"}


def test_without_a_token_the_page_sends_no_authorization(articles: StackState, page) -> None:
    assert _authorization_of_searches(page, f"{articles.api_url}/?q={WORD}") == {None}


def test_the_page_has_no_build_step_and_loads_nothing_from_elsewhere() -> None:
    html = (Path(__file__).resolve().parents[2] / "shared/newsdrop/search/page.html").read_text()
    assert "<script src=" not in html  # one file, served as it is: nothing to build or fetch
    assert "<link " not in html
