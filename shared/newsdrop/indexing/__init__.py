"""Everything that talks to OpenSearch on the write side: mapping, client, bulk writer."""
