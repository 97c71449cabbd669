"""template.yaml, resolved for the local stack: the buckets, queues, functions and routes it declares.

Only as much CloudFormation as this template needs: parameters, conditions, Ref, Fn::Sub,
Fn::GetAtt, Fn::If, Fn::Equals/Not/And/Or, Fn::Select/Split/Join. Anything else raises
TemplateError naming it, so a template change the local stack can't follow fails loudly.
Resources the local stack has no use for (IAM, alarms, the OpenSearch domain, the API's stage)
are never resolved, so they need nothing here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

TEMPLATE = Path(__file__).resolve().parents[2] / "template.yaml"
STACK_NAME, ACCOUNT_ID, REGION = "newsdrop", "123456789012", "us-east-1"
_NO_VALUE = object()  # AWS::NoValue: the entry holding it disappears


class TemplateError(ValueError):
    """The template asks for something the local stack cannot resolve."""


class _CfnLoader(yaml.SafeLoader):
    """YAML with CloudFormation's short tags (!Ref, !Sub, !GetAtt, ...) read as their long forms."""


def _construct_tag(loader: _CfnLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    if suffix in ("Ref", "Condition"):
        return {suffix: value}
    return {f"Fn::{suffix}": value.split(".", 1) if suffix == "GetAtt" and isinstance(value, str) else value}


_CfnLoader.add_multi_constructor("!", _construct_tag)


def read_template(path: Path = TEMPLATE) -> dict[str, Any]:
    """The template as plain data, short tags expanded to their long forms."""
    return yaml.load(path.read_text(), Loader=_CfnLoader)


@dataclass(frozen=True)
class QueueNotification:
    queue_name: str
    events: tuple[str, ...]  # e.g. ("s3:ObjectCreated:*", "s3:ObjectRemoved:*")
    prefix: str = ""  # key prefix filter; "" for every key


@dataclass(frozen=True)
class Bucket:
    logical_id: str
    name: str
    notifications: tuple[QueueNotification, ...]


@dataclass(frozen=True)
class Queue:
    logical_id: str
    name: str
    url: str
    arn: str
    visibility_timeout: int  # seconds
    message_retention: int  # seconds
    dead_letter_queue: str | None  # queue name
    max_receive_count: int | None


@dataclass(frozen=True)
class SqsEventSource:
    queue_name: str
    batch_size: int
    batching_window: int  # seconds
    report_batch_item_failures: bool
    maximum_concurrency: int | None = None  # ScalingConfig: most instances the queue drives at once


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # API Gateway syntax: /articles/{id}, /{proxy+}
    function: str  # logical id
    authorization: str = "NONE"  # AWS_IAM, JWT or NONE, as the template resolves it


@dataclass(frozen=True)
class Secret:
    logical_id: str
    name: str  # what Ref gives locally; Secrets Manager takes a name wherever it takes an ARN
    length: int  # of the value Secrets Manager generates at deploy


@dataclass(frozen=True)
class Function:
    logical_id: str
    code_uri: str  # relative to the template's folder, e.g. "functions/parse/"
    handler: str  # "app.lambda_handler"
    handler_module: str  # "app", a file in code_uri
    handler_function: str  # "lambda_handler"
    timeout: int  # seconds
    memory_size: int  # MB
    environment: dict[str, str]  # Globals merged with the function's own, every value resolved
    layers: tuple[str, ...]  # layer logical ids, Globals first
    sqs_sources: tuple[SqsEventSource, ...]


@dataclass(frozen=True)
class LocalResources:
    parameters: dict[str, str]
    buckets: tuple[Bucket, ...]
    queues: tuple[Queue, ...]
    functions: tuple[Function, ...]
    routes: tuple[Route, ...]
    secrets: tuple[Secret, ...] = ()

    def bucket_name(self, logical_id: str) -> str:
        return next(bucket.name for bucket in self.buckets if bucket.logical_id == logical_id)

    @property
    def raw_bucket(self) -> str:
        return self.bucket_name("RawBucket")

    @property
    def processed_bucket(self) -> str:
        return self.bucket_name("ProcessedBucket")

    @property
    def index_alias(self) -> str:
        return next(f.environment["INDEX_ALIAS"] for f in self.functions if "INDEX_ALIAS" in f.environment)

    @property
    def api_function(self) -> str:
        """The logical id of the function behind the HTTP API (one serves every route)."""
        (function,) = {route.function for route in self.routes}
        return function


class _Resolver:
    def __init__(self, template: dict[str, Any], names: dict[str, str], sqs_endpoint: str) -> None:
        self.resources: dict[str, Any] = template.get("Resources", {})
        self.condition_src: dict[str, Any] = template.get("Conditions", {})
        self.names, self.sqs_endpoint = names, sqs_endpoint
        self.lists = {name for name, spec in template.get("Parameters", {}).items() if "List" in spec["Type"]}

    def condition(self, name: str) -> bool:
        if name not in self.condition_src:
            raise TemplateError(f"unknown condition {name!r}")
        return bool(self.value(self.condition_src[name]))

    def value(self, node: Any) -> Any:
        """`node` with every intrinsic function evaluated."""
        if isinstance(node, list):
            return [v for v in map(self.value, node) if v is not _NO_VALUE]
        if not isinstance(node, dict):
            return node
        if len(node) == 1:
            ((key, arg),) = node.items()
            if key == "Ref" or key.startswith("Fn::") or (key == "Condition" and isinstance(arg, str)):
                return self.intrinsic(key, arg)
        return {k: v for k, v in ((k, self.value(v)) for k, v in node.items()) if v is not _NO_VALUE}

    def intrinsic(self, key: str, arg: Any) -> Any:
        v = self.value
        functions: dict[str, Callable[[], Any]] = {
            "Ref": lambda: self.ref(arg),
            "Condition": lambda: self.condition(arg),
            "Fn::GetAtt": lambda: self.get_att(*v(arg)),
            "Fn::Sub": lambda: self.sub(*arg) if isinstance(arg, list) else self.sub(arg),
            "Fn::If": lambda: v(arg[1] if self.condition(arg[0]) else arg[2]),
            "Fn::Equals": lambda: str(v(arg[0])) == str(v(arg[1])),
            "Fn::Not": lambda: not v(arg[0]),
            "Fn::And": lambda: all(v(arg)),
            "Fn::Or": lambda: any(v(arg)),
            "Fn::Select": lambda: v(arg[1])[int(v(arg[0]))],
            "Fn::Split": lambda: v(arg[1]).split(v(arg[0])),
            "Fn::Join": lambda: v(arg[0]).join(str(item) for item in v(arg[1])),
        }
        if key not in functions:
            raise TemplateError(f"{key} is not supported by the local stack's template resolver")
        return functions[key]()

    def ref(self, name: str) -> Any:
        if name == "AWS::NoValue":
            return _NO_VALUE
        if name in self.lists:
            return [item for item in self.names[name].split(",") if item]
        if name in self.names:
            return self.names[name]
        if name not in self.resources:
            raise TemplateError(f"Ref to unknown name {name!r}")
        return self.ref_resource(name)

    def ref_resource(self, name: str) -> Any:
        kind, properties = self.resources[name]["Type"], self.resources[name].get("Properties", {})
        if kind == "AWS::S3::Bucket":
            return self.value(properties.get("BucketName", name.lower()))
        if kind == "AWS::SQS::Queue":
            return f"{self.sqs_endpoint}/{self.names['AWS::AccountId']}/{self.queue_name(name)}"
        if kind == "AWS::SecretsManager::Secret":
            return self.value(properties.get("Name", name))
        return name  # functions, layers, APIs: the logical id names them locally

    def queue_name(self, logical_id: str) -> str:
        return str(self.value(self.resources[logical_id].get("Properties", {}).get("QueueName", logical_id)))

    def get_att(self, logical_id: str, attribute: str) -> str:
        kind = self.resources.get(logical_id, {}).get("Type")
        if kind == "AWS::SQS::Queue" and attribute == "QueueName":
            return self.queue_name(logical_id)
        if kind == "AWS::SQS::Queue" and attribute == "Arn":
            return self.sub("arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:") + self.queue_name(logical_id)
        if kind == "AWS::S3::Bucket" and attribute == "Arn":
            return f"arn:aws:s3:::{self.ref(logical_id)}"
        if kind == "AWS::Serverless::Function" and attribute == "Arn":
            return self.sub("arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:") + logical_id
        raise TemplateError(f"{logical_id}.{attribute} has no local value (is a parameter override missing?)")

    def sub(self, text: str, variables: Mapping[str, Any] | None = None) -> str:
        local = {k: self.value(v) for k, v in (variables or {}).items()}

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name.startswith("!"):
                return "${" + name[1:] + "}"
            if name in local:
                return str(local[name])
            if "." in name and not name.startswith("AWS::"):
                return self.get_att(*name.split(".", 1))
            return str(self.ref(name))

        return re.sub(r"\$\{([^}]+)\}", replace, text)


def _string(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _parameters(template: dict[str, Any], overrides: Mapping[str, str]) -> dict[str, str]:
    declared: dict[str, Any] = template.get("Parameters", {})
    if unknown := sorted(set(overrides) - set(declared)):
        raise TemplateError(f"no such template parameter: {', '.join(unknown)}")
    values = {}
    for name, spec in declared.items():
        if name not in overrides and "Default" not in spec:
            raise TemplateError(f"parameter {name} has no default; pass a value")
        values[name] = _string(overrides.get(name, spec.get("Default")))
        allowed = [_string(v) for v in spec.get("AllowedValues", [])]
        if allowed and values[name] not in allowed:
            raise TemplateError(f"parameter {name}={values[name]!r} is not one of {allowed}")
    return values


def _bucket(r: _Resolver, logical_id: str) -> Bucket:
    events: dict[tuple[str, str], list[str]] = {}  # (queue, prefix) -> events, in template order
    configuration = r.value(r.resources[logical_id]["Properties"].get("NotificationConfiguration", {}))
    for config in configuration.get("QueueConfigurations", []):
        rules = {
            rule["Name"].lower(): rule["Value"] for rule in config.get("Filter", {}).get("S3Key", {}).get("Rules", [])
        }
        if set(rules) - {"prefix"}:
            raise TemplateError(f"{logical_id}: only prefix filters are supported locally, not {sorted(rules)}")
        events.setdefault((config["Queue"].rsplit(":", 1)[1], rules.get("prefix", "")), []).append(config["Event"])
    notifications = tuple(QueueNotification(queue, tuple(names), prefix) for (queue, prefix), names in events.items())
    return Bucket(logical_id, r.ref(logical_id), notifications)


def _queue(r: _Resolver, logical_id: str) -> Queue:
    props = r.value(r.resources[logical_id].get("Properties", {}))
    redrive = props.get("RedrivePolicy")
    return Queue(
        logical_id=logical_id,
        name=r.queue_name(logical_id),
        url=r.ref(logical_id),
        arn=r.get_att(logical_id, "Arn"),
        visibility_timeout=int(props.get("VisibilityTimeout", 30)),
        message_retention=int(props.get("MessageRetentionPeriod", 345600)),
        dead_letter_queue=redrive["deadLetterTargetArn"].rsplit(":", 1)[1] if redrive else None,
        max_receive_count=int(redrive["maxReceiveCount"]) if redrive else None,
    )


def _function(r: _Resolver, logical_id: str, globals_: dict[str, Any]) -> Function:
    own = r.resources[logical_id]["Properties"]
    props = {
        k: r.value(v) for k, v in {**globals_, **own}.items() if k in ("CodeUri", "Handler", "Timeout", "MemorySize")
    }
    variables = {
        **globals_.get("Environment", {}).get("Variables", {}),
        **own.get("Environment", {}).get("Variables", {}),
    }
    sources = [
        SqsEventSource(
            queue_name=p["Queue"].rsplit(":", 1)[1],
            batch_size=int(p.get("BatchSize", 10)),
            batching_window=int(p.get("MaximumBatchingWindowInSeconds", 0)),
            report_batch_item_failures="ReportBatchItemFailures" in p.get("FunctionResponseTypes", []),
            maximum_concurrency=int(p["ScalingConfig"]["MaximumConcurrency"]) if "ScalingConfig" in p else None,
        )
        for event in own.get("Events", {}).values()
        if event["Type"] == "SQS" and (p := r.value(event["Properties"]))
    ]
    module, function = props["Handler"].rsplit(".", 1)
    return Function(
        logical_id=logical_id,
        code_uri=props["CodeUri"],
        handler=props["Handler"],
        handler_module=module,
        handler_function=function,
        timeout=int(props.get("Timeout", 3)),
        memory_size=int(props.get("MemorySize", 128)),
        environment={name: _string(r.value(value)) for name, value in variables.items()},
        layers=tuple(r.value([*globals_.get("Layers", []), *own.get("Layers", [])])),
        sqs_sources=tuple(sources),
    )


def _routes(r: _Resolver, route_ids: list[str]) -> list[Route]:
    """The HTTP API's routes, each with the function its integration invokes."""
    routes = []
    for lid in route_ids:
        props = r.value(r.resources[lid]["Properties"])
        method, path = props["RouteKey"].split(" ", 1)
        integration = r.value(r.resources[props["Target"].removeprefix("integrations/")]["Properties"])
        function = integration["IntegrationUri"].rsplit(":", 1)[1]
        routes.append(Route(method.upper(), path, function, props.get("AuthorizationType", "NONE")))
    return routes


def _secret(r: _Resolver, logical_id: str) -> Secret:
    generate = r.value(r.resources[logical_id]["Properties"].get("GenerateSecretString", {}))
    return Secret(logical_id, r.ref(logical_id), int(generate.get("PasswordLength", 32)))


def load(
    path: Path = TEMPLATE,
    overrides: Mapping[str, str] | None = None,
    *,
    stack_name: str = STACK_NAME,
    account_id: str = ACCOUNT_ID,
    region: str = REGION,
    sqs_endpoint: str | None = None,
) -> LocalResources:
    """What the local stack runs: the template at `path` resolved with parameter `overrides`.

    Queue URLs are `<sqs_endpoint>/<account>/<name>`, the shape moto's server gives them.
    """
    data = read_template(path)
    pseudo = {"StackName": stack_name, "AccountId": account_id, "Region": region, "Partition": "aws"}
    names = {**{f"AWS::{k}": v for k, v in pseudo.items()}, "AWS::URLSuffix": "amazonaws.com"}
    r = _Resolver(
        data, {**names, **_parameters(data, overrides or {})}, sqs_endpoint or f"https://sqs.{region}.amazonaws.com"
    )
    ids: dict[str, list[str]] = {}
    for lid, resource in r.resources.items():
        if "Condition" not in resource or r.condition(resource["Condition"]):
            ids.setdefault(resource["Type"], []).append(lid)
    globals_ = data.get("Globals", {}).get("Function", {})
    functions = tuple(_function(r, lid, globals_) for lid in ids.get("AWS::Serverless::Function", []))
    routes = _routes(r, ids.get("AWS::ApiGatewayV2::Route", []))
    return LocalResources(
        parameters={k: v for k, v in r.names.items() if not k.startswith("AWS::")},
        buckets=tuple(_bucket(r, lid) for lid in ids.get("AWS::S3::Bucket", [])),
        queues=tuple(_queue(r, lid) for lid in ids.get("AWS::SQS::Queue", [])),
        functions=functions,
        routes=tuple(routes),
        secrets=tuple(_secret(r, lid) for lid in ids.get("AWS::SecretsManager::Secret", [])),
    )
