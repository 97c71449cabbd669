"""The OpenSearch client: plain HTTP locally, SigV4-signed in AWS. Built once per cold start."""

from __future__ import annotations

from functools import lru_cache

from opensearchpy import OpenSearch, Urllib3AWSV4SignerAuth, Urllib3HttpConnection

from newsdrop.settings import OpenSearchSettings


def hosts_of(opensearch_url: str) -> list[str]:
    """The node URLs of OPENSEARCH_URL: one endpoint, or a cluster's nodes comma-separated."""
    return [url.strip() for url in opensearch_url.split(",") if url.strip()]


def build_client(settings: OpenSearchSettings) -> OpenSearch:
    """A client for `settings.opensearch_url`; the signer matches the connection class.

    With several nodes the client goes round them and, when one does not answer, marks it dead for
    a while and sends the request to the next (its one retry), so a stopped node costs no request.
    """
    auth = None
    if settings.opensearch_auth == "sigv4":
        import boto3

        credentials = boto3.Session().get_credentials()
        auth = Urllib3AWSV4SignerAuth(credentials, settings.aws_region, settings.opensearch_service)
    return OpenSearch(
        hosts=hosts_of(settings.opensearch_url),
        http_auth=auth,
        connection_class=Urllib3HttpConnection,
        timeout=settings.opensearch_timeout_s,
        max_retries=1,
        retry_on_timeout=False,
        http_compress=True,
    )


@lru_cache(maxsize=4)
def get_client(settings: OpenSearchSettings) -> OpenSearch:
    """The client for these settings, built on first use (settings are frozen, so they key the cache)."""
    return build_client(settings)
