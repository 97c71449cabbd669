"""The two stages: raw object -> articles in the processed bucket -> documents in OpenSearch.

Each stage treats an event as a hint to reconcile one key with its current state, so redelivered,
duplicated or out-of-order events all converge on the same result.
"""
