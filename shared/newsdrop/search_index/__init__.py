"""Everything that talks to OpenSearch, on both sides: field names, mapping, client, bulk writer, reader.

`search/` builds requests from `fields` and reads through `reader`; the index stage writes through
`bulk` and `mapping.to_document`. Nothing else imports opensearchpy.
"""
