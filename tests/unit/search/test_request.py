"""Every check on a search request lives in its model and names the parameter it refuses."""

from __future__ import annotations

from datetime import date

import pytest

from newsdrop.errors import BadParameter
from newsdrop.search.models import SearchRequest


def test_to_date_before_from_date_names_to_date() -> None:
    with pytest.raises(BadParameter, match="invalid to_date: is before from_date") as refused:
        SearchRequest.from_params(from_date=date(2016, 1, 2), to_date=date(2016, 1, 1))
    assert refused.value.parameter == "to_date"


def test_one_day_is_a_range() -> None:
    request = SearchRequest.from_params(from_date=date(2016, 1, 1), to_date=date(2016, 1, 1))
    assert request.from_date == request.to_date


def test_a_cursor_and_from_together_name_the_cursor() -> None:
    with pytest.raises(BadParameter, match="invalid cursor: give either cursor or from, not both") as refused:
        SearchRequest.from_params(offset=10, cursor="abc.def")
    assert refused.value.parameter == "cursor"


def test_a_cursor_on_the_first_offset_is_fine() -> None:
    assert SearchRequest.from_params(offset=0, cursor="abc.def").cursor == "abc.def"


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"size": 0}, "size"),
        ({"q": "x" * 501}, "q"),
        ({"entity_type": ["PERSON; DROP"]}, "entity_type"),
        ({"lang": ["english"]}, "lang"),
        ({"source": ["x"] * 21}, "source"),
    ],
)
def test_other_bad_values_name_their_parameter(params: dict, parameter: str) -> None:
    with pytest.raises(BadParameter) as refused:
        SearchRequest.from_params(**params)
    assert refused.value.parameter == parameter
