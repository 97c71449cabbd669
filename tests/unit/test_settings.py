"""Each function's settings: a missing deployment value stops the cold start, naming the variable."""

from __future__ import annotations

import boto3
import pytest
from moto import mock_aws

from newsdrop.errors import ConfigurationError
from newsdrop.settings import IndexSettings, ParseSettings, SearchSettings, get_search_settings, load


@pytest.fixture
def bare_environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in (
        "PROCESSED_BUCKET",
        "RAW_BUCKET",
        "OPENSEARCH_URL",
        "CURSOR_SECRET",
        "CURSOR_SECRET_ARN",
        "INDEX_ALIAS",
        "INDEX_NAME",
        "INDEX_SHARDS",
        "INDEX_REPLICAS",
    ):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.mark.parametrize(
    ("model", "missing"),
    [
        (ParseSettings, {"PROCESSED_BUCKET"}),
        (IndexSettings, {"PROCESSED_BUCKET", "OPENSEARCH_URL"}),
        (SearchSettings, {"OPENSEARCH_URL", "CURSOR_SECRET_ARN"}),
    ],
)
def test_a_missing_variable_is_named(bare_environment, model, missing: set[str]) -> None:
    with pytest.raises(ConfigurationError) as refused:
        load(model)
    message = str(refused.value)
    assert model.__name__ in message
    for name in missing:
        assert f"{name}: missing" in message


def test_an_empty_bucket_name_is_refused(bare_environment) -> None:
    bare_environment.setenv("PROCESSED_BUCKET", "")
    with pytest.raises(ConfigurationError, match="PROCESSED_BUCKET"):
        load(ParseSettings)


def test_a_short_cursor_secret_is_refused(bare_environment) -> None:
    bare_environment.setenv("OPENSEARCH_URL", "http://127.0.0.1:9200")
    bare_environment.setenv("CURSOR_SECRET", "secret")
    with pytest.raises(ConfigurationError, match="CURSOR_SECRET"):
        load(SearchSettings)


def test_the_cursor_secret_never_shows_in_logs(bare_environment) -> None:
    bare_environment.setenv("OPENSEARCH_URL", "http://127.0.0.1:9200")
    bare_environment.setenv("CURSOR_SECRET", "s3cr3t-value-of-this-deployment")
    settings = load(SearchSettings)
    assert "s3cr3t" not in repr(settings)
    assert settings.cursor_secret.get_secret_value() == "s3cr3t-value-of-this-deployment"


def test_the_parse_limits_read_the_template_variables(bare_environment) -> None:
    bare_environment.setenv("PROCESSED_BUCKET", "processed")
    bare_environment.setenv("MAX_OBJECT_BYTES", "1000")
    bare_environment.setenv("NER_MODEL", "xx_ent_wiki_sm")
    settings = load(ParseSettings)
    assert (settings.processed_bucket, settings.max_object_bytes, settings.ner_model) == (
        "processed",
        1000,
        "xx_ent_wiki_sm",
    )


def test_a_function_without_its_variables_does_not_start(bare_environment) -> None:
    from tests.helpers import load_function

    with pytest.raises(ConfigurationError, match=r"CURSOR_SECRET_ARN: missing \(or CURSOR_SECRET\)"):
        load_function("search_api")


def test_the_cursor_key_is_read_from_secrets_manager_once_at_cold_start(bare_environment) -> None:
    # Given a deployment whose cursor key lives in Secrets Manager (the template generates it)
    with mock_aws():
        arn = boto3.client("secretsmanager").create_secret(Name="newsdrop/cursor-key", SecretString="k" * 48)["ARN"]
        bare_environment.setenv("OPENSEARCH_URL", "http://127.0.0.1:9200")
        bare_environment.setenv("CURSOR_SECRET_ARN", arn)
        # When the search function's settings are read
        settings = get_search_settings()
        # Then the key is the secret's value, and it is not read again on the next call
        assert settings.cursor_key == "k" * 48
        boto3.client("secretsmanager").put_secret_value(SecretId=arn, SecretString="changed" * 4)
        assert get_search_settings().cursor_key == "k" * 48
        assert "kkkk" not in repr(settings)


def test_a_cursor_secret_that_cannot_be_read_stops_the_cold_start_naming_it(bare_environment) -> None:
    with mock_aws():
        bare_environment.setenv("OPENSEARCH_URL", "http://127.0.0.1:9200")
        bare_environment.setenv("CURSOR_SECRET_ARN", "newsdrop/no-such-secret")
        with pytest.raises(ConfigurationError, match="newsdrop/no-such-secret"):
            get_search_settings()


@pytest.mark.parametrize(("replicas", "shards"), [("1", "3"), ("0-1", "1"), ("1-all", "6")])
def test_the_index_layout_reads_a_replica_count_or_range(bare_environment, replicas: str, shards: str) -> None:
    bare_environment.setenv("PROCESSED_BUCKET", "processed")
    bare_environment.setenv("OPENSEARCH_URL", "http://127.0.0.1:9200")
    bare_environment.setenv("INDEX_REPLICAS", replicas)
    bare_environment.setenv("INDEX_SHARDS", shards)
    settings = load(IndexSettings)
    assert (settings.index_shards, settings.index_replicas) == (int(shards), replicas)


@pytest.mark.parametrize(
    ("name", "value"), [("INDEX_REPLICAS", "one"), ("INDEX_REPLICAS", "1-"), ("INDEX_SHARDS", "0")]
)
def test_a_bad_index_layout_stops_the_cold_start_naming_it(bare_environment, name: str, value: str) -> None:
    bare_environment.setenv("PROCESSED_BUCKET", "processed")
    bare_environment.setenv("OPENSEARCH_URL", "http://127.0.0.1:9200")
    bare_environment.setenv(name, value)
    with pytest.raises(ConfigurationError, match=name):
        load(IndexSettings)
