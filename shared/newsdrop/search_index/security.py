"""Fine-grained access control: the index function (the master user) lets the search role read.

OpenSearch maps IAM roles to its own roles by ARN ("backend roles"); the template cannot, so the
index function does it once per cold start, before its first write. Without fine-grained access
control (the local node, or OpenSearchFineGrainedAccess=false) there is nothing to map.
"""

from __future__ import annotations

from functools import lru_cache

from opensearchpy import OpenSearch

READ_ROLE = "readall_and_monitor"  # OpenSearch's built-in role: read every index, cluster health


def map_reader_role(client: OpenSearch, role_arn: str) -> None:
    """Map `role_arn` to the read-only role (the mapping is replaced, so this is idempotent)."""
    client.transport.perform_request(
        "PUT", f"/_plugins/_security/api/rolesmapping/{READ_ROLE}", body={"backend_roles": [role_arn]}
    )


@lru_cache(maxsize=4)
def map_reader_role_once(client: OpenSearch, role_arn: str) -> None:
    """`map_reader_role`, once per cold start."""
    map_reader_role(client, role_arn)
