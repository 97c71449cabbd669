"""What became of one SQS batch, in the shape Lambda's partial batch response needs."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsdrop.errors import IndexingFailed


@dataclass
class BatchOutcome:
    """How many messages (or keys) were synced and which messages must come again, with why."""

    synced: int = 0
    failed: dict[str, str] = field(default_factory=dict)  # message id -> why

    def check(self, message_id: str) -> None:
        """Raise IndexingFailed when this message must be delivered again."""
        if message_id in self.failed:
            raise IndexingFailed(self.failed[message_id])
