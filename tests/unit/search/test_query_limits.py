"""The built query stays under OpenSearch's limit of 1,024 clauses after term expansion.

Past the limit OpenSearch refuses the whole search and the API answers 503, so the longest
query a user can type must still fit. Clauses are counted as Lucene counts them once a
multi_match is rewritten: one per field and word, and up to `max_expansions` per field for a
prefix or a typo-tolerant word.
"""

from __future__ import annotations

from typing import Any

import pytest

from newsdrop.search import query
from newsdrop.search.models import SearchRequest
from newsdrop.search.syntax import MAX_EXCLUDED, MAX_PREFIXES, MAX_TERMS, parse

OPENSEARCH_MAX_CLAUSES = 1024


def clauses(node: Any) -> int:
    """Leaf clauses of a query after OpenSearch expands it."""
    if isinstance(node, list):
        return sum(clauses(item) for item in node)
    if not isinstance(node, dict):
        return 0
    if "multi_match" in node:
        match = node["multi_match"]
        per_field = len(match["query"].split())
        if match.get("type") == "phrase":
            per_field = 1
        elif match.get("type") == "phrase_prefix" or "fuzziness" in match:
            per_field = match["max_expansions"] * len(match["query"].split())
        return len(match["fields"]) * per_field
    if any(leaf in node for leaf in ("match_all", "term", "terms", "range", "exists")):
        return 1
    return sum(clauses(value) for value in node.values())


def longest_query() -> str:
    """As many terms as the syntax keeps: prefixes, words and exclusions."""
    prefixes = [f"pre{number}*" for number in range(MAX_PREFIXES)]
    plain = [f"word{number}" for number in range(MAX_TERMS - MAX_PREFIXES)]
    excluded = [f"-not{number}" for number in range(MAX_EXCLUDED)]
    return " ".join(prefixes + plain + excluded)


@pytest.mark.parametrize("relaxed", [False, True])
def test_the_longest_query_fits(relaxed: bool) -> None:
    parsed = parse(longest_query())
    assert len(parsed.positive_terms) == MAX_TERMS  # the query really is as long as it gets
    assert clauses(query.text_query(parsed, relaxed)) <= OPENSEARCH_MAX_CLAUSES


@pytest.mark.parametrize("relaxed", [False, True])
def test_the_longest_typo_tolerant_query_fits(relaxed: bool) -> None:
    terms = [f"pre{number}*" for number in range(MAX_PREFIXES)]
    terms += [f"word{number}" for number in range(query.TYPO_TOLERANT_UP_TO - MAX_PREFIXES)]
    terms += [f"-not{number}" for number in range(MAX_EXCLUDED)]
    parsed = parse(" ".join(terms))
    assert "fuzziness" in str(query.text_query(parsed))  # typos are still tolerated at this length
    assert clauses(query.text_query(parsed, relaxed)) <= OPENSEARCH_MAX_CLAUSES


def test_with_words_only_typos_are_tolerated_up_to_the_limit() -> None:
    short = parse(" ".join(f"word{number}" for number in range(query.TYPO_TOLERANT_UP_TO)))
    long = parse(" ".join(f"word{number}" for number in range(query.TYPO_TOLERANT_UP_TO + 1)))
    assert "fuzziness" in str(query.text_query(short))
    assert "fuzziness" not in str(query.text_query(long))
    assert clauses(query.text_query(short, relaxed=True)) <= OPENSEARCH_MAX_CLAUSES


def test_the_whole_search_body_of_the_longest_query_fits() -> None:
    request = SearchRequest(q=longest_query(), source=["Example Wire"], lang=["en"], from_date="2015-01-01")
    body = query.search_body(request, parse(request.q), relaxed=True, after=None)
    assert clauses(body["query"]) <= OPENSEARCH_MAX_CLAUSES


def test_the_counter_sees_expansions() -> None:
    # A check on the test itself: a prefix over 6 fields may expand to 6 x 10 terms.
    (clause,) = query.text_query(parse("Ker*"))["bool"]["must"]
    assert clauses(clause) == len(query.FIELDS) * query.MAX_EXPANSIONS
