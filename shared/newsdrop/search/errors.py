"""The search API's own domain error: a request parameter that cannot be served."""


class BadParameter(ValueError):
    """A parameter passed validation of its type but not of its meaning (a tampered cursor, say)."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"invalid {parameter}: {message}")
        self.parameter = parameter
