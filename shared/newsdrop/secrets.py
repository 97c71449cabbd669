"""Secrets Manager: the one read of a secret's value, at cold start."""

from __future__ import annotations

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from newsdrop.errors import ConfigurationError


def read_secret(secret_id: str) -> str:
    """The secret's current string value; ConfigurationError naming it when it cannot be read."""
    try:
        return boto3.client("secretsmanager").get_secret_value(SecretId=secret_id)["SecretString"]
    except (BotoCoreError, ClientError, KeyError) as exc:
        raise ConfigurationError(f"cannot read the secret {secret_id}: {exc}") from exc
