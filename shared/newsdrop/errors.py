"""Domain errors. The data layer wraps low-level errors in these; one place per surface maps them."""


class RejectedInput(Exception):
    """A raw file that cannot become an article: recorded with its reason, never retried."""

    def __init__(self, reason: str, detected_type: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.detected_type = detected_type


class SearchUnavailable(Exception):
    """OpenSearch did not answer; the caller may retry later."""


class ArticleNotFound(Exception):
    """No article has the requested id."""
