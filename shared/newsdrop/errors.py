"""Every domain error. The data layer wraps low-level errors in these (`raise X(...) from exc`);
each surface maps them in one place: the search handler to HTTP statuses, the pipeline to
rejections or retries."""


class ConfigurationError(RuntimeError):
    """The function's environment is missing or has a wrong variable; it cannot start."""


class RejectedInput(Exception):
    """A raw file that cannot become an article: recorded with its reason, never retried."""

    def __init__(self, reason: str, detected_type: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.detected_type = detected_type


class IndexingFailed(Exception):
    """OpenSearch did not take a message's documents (or the message was not a notification);
    SQS delivers it again and, after enough receives, dead-letters it."""


class SearchUnavailable(Exception):
    """OpenSearch did not answer; the caller may retry later."""


class ArticleNotFound(Exception):
    """No article has the requested id."""


class StoryNotFound(ArticleNotFound):
    """No article belongs to the requested story."""


class BadParameter(ValueError):
    """A request parameter that cannot be served: the message names it."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"invalid {parameter}: {message}")
        self.parameter = parameter


class InvalidCursor(ValueError):
    """A paging cursor this API did not make for this search."""
