"""The search API's service: request model -> OpenSearch query -> response model.

Imports nothing of the NLP stack: the API's cold start stays small.
"""
