"""The local stack runs each function with the environment the template gives that function."""

from __future__ import annotations

from newsdrop_local import template
from newsdrop_local.stack import REPO, function_specs


def test_each_function_gets_its_own_variables_plus_the_local_endpoints() -> None:
    # Given the template resolved for the local stack, and a test's override
    local = {"OpenSearchEndpoint": "http://127.0.0.1:9200", "OpenSearchAuth": "none"}
    resources = template.load(REPO / "template.yaml", local)
    # When the functions' specs are built
    specs = {spec.name: spec for spec in function_specs(resources, "http://127.0.0.1:5000", {"INDEX_ALIAS": "t"})}
    # Then a variable of one function does not leak into another's
    assert "NER_MODEL" in specs["ParseFunction"].environment
    assert "NER_MODEL" not in specs["SearchApiFunction"].environment
    assert "CORS_ORIGINS" not in specs["ParseFunction"].environment
    assert "CURSOR_SECRET_ARN" not in specs["IndexFunction"].environment
    # The search function reads its cursor key from the stack's secret, which the local stack makes
    assert specs["SearchApiFunction"].environment["CURSOR_SECRET_ARN"] == resources.secrets[0].name
    assert "OPENSEARCH_URL" not in specs["ParseFunction"].environment
    # And every function talks to the local AWS endpoint and takes the override
    for spec in specs.values():
        assert spec.environment["AWS_ENDPOINT_URL"] == "http://127.0.0.1:5000"
        assert spec.environment["INDEX_ALIAS"] == "t"
    for name in ("IndexFunction", "SearchApiFunction"):
        assert specs[name].environment["OPENSEARCH_URL"] == "http://127.0.0.1:9200"
    assert specs["ParseFunction"].timeout_s == 120
