"""The local stack and the `newsdrop` CLI: moto, a real OpenSearch node, Lambda's event shapes.

Never shipped: the Lambda layer holds only the `newsdrop` package.
"""
