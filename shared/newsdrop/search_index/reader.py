"""The read side of the index: search, get, count and health, with OpenSearch's errors as domain errors.

"OpenSearch did not answer" (no connection, 5xx, 429) becomes SearchUnavailable; an index that
does not exist yet reads as empty; an unknown id is ArticleNotFound. Other errors (a query
OpenSearch refuses) stay what they are: they are bugs, not states.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from opensearchpy import OpenSearch
from opensearchpy.exceptions import ConnectionError as TransportConnectionError
from opensearchpy.exceptions import NotFoundError, TransportError

from newsdrop.errors import ArticleNotFound, SearchUnavailable
from newsdrop.search_index.client import get_client
from newsdrop.settings import OpenSearchSettings


class IndexReader:
    """Reads of one alias through one client."""

    def __init__(self, client: OpenSearch, alias: str, *, serverless: bool = False) -> None:
        self.client = client
        self.alias = alias
        self.serverless = serverless  # OpenSearch Serverless: no cluster health API

    @classmethod
    def from_settings(cls, settings: OpenSearchSettings) -> IndexReader:
        """The reader of the settings' alias, through the cached client."""
        return cls(get_client(settings), settings.index_alias, serverless=settings.opensearch_service == "aoss")

    def search(self, body: dict[str, Any]) -> dict[str, Any] | None:
        """The answer to `body`, or None while the index does not exist yet."""
        try:
            with unavailable_as_domain_error():
                return self.client.search(index=self.alias, body=body)
        except NotFoundError:
            return None

    def search_all(self, bodies: Sequence[dict[str, Any]]) -> list[dict[str, Any] | None]:
        """The answers to several searches sent as one request, which OpenSearch runs side by side;
        each as `search` gives it."""
        with unavailable_as_domain_error():
            return msearch(self.client, self.alias, bodies)

    def get(self, doc_id: str) -> dict[str, Any]:
        """The stored document with this id."""
        try:
            with unavailable_as_domain_error():
                return self.client.get(index=self.alias, id=doc_id)["_source"]
        except NotFoundError as exc:
            raise ArticleNotFound(doc_id) from exc

    def count(self) -> int:
        """How many documents the index holds; 0 while it does not exist."""
        try:
            with unavailable_as_domain_error():
                return self.client.count(index=self.alias)["count"]
        except NotFoundError:
            return 0

    def health(self) -> str:
        """The cluster's status: green, yellow or red (a Serverless collection that answers is green)."""
        with unavailable_as_domain_error():
            if self.serverless:
                self.client.indices.exists(index=self.alias)
                return "green"
            return self.client.cluster.health()["status"]


def msearch(client: OpenSearch, index: str, bodies: Sequence[dict[str, Any]]) -> list[dict[str, Any] | None]:
    """The answers to several searches of `index` in one request: each as a search returns it, None
    where the index does not exist yet. A search that failed raises TransportError with its status,
    as it would have alone (msearch itself answers 200)."""
    if not bodies:
        return []
    lines: list[dict[str, Any]] = []
    for body in bodies:
        lines += [{"index": index}, body]
    answers: list[dict[str, Any] | None] = []
    for response in client.msearch(body=lines)["responses"]:
        error = response.get("error")
        if error is None:
            answers.append(response)
        elif error.get("type") == "index_not_found_exception":
            answers.append(None)
        else:
            raise TransportError(response.get("status", 500), error.get("type", "search failed"), error)
    return answers


def stored_fields(client: OpenSearch, index: str, doc_ids: Sequence[str], fields: Sequence[str]) -> dict[str, dict]:
    """`fields` of each of `doc_ids` that searches can see in `index`, in one request; none where the
    index does not exist yet. An id it does not hold is left out.

    Not a real-time get: that would refresh the shard whenever an id was written since the last
    refresh, making a small segment each time, and what searches cannot see yet no page has shown.
    """
    if not doc_ids:
        return {}
    try:
        body = {"ids": list(doc_ids)}
        found = client.mget(index=index, body=body, _source_includes=list(fields), realtime=False)["docs"]
    except NotFoundError:
        return {}
    return {doc["_id"]: doc["_source"] for doc in found if doc.get("found")}


@contextmanager
def unavailable_as_domain_error() -> Iterator[None]:
    """Map "OpenSearch did not answer" to SearchUnavailable; other errors stay what they are."""
    try:
        yield
    except TransportConnectionError as exc:
        raise SearchUnavailable(str(exc)) from exc
    except TransportError as exc:
        if isinstance(exc.status_code, int) and (exc.status_code >= 500 or exc.status_code == 429):
            raise SearchUnavailable(str(exc)) from exc
        raise
