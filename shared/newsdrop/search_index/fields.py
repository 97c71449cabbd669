"""The index's field names: the mapping declares them, every query and aggregation uses them.

A name changed here changes both sides at once; a field a query needs and the mapping lacks
cannot be spelt.
"""

from __future__ import annotations

# Stored as the article has them (see newsdrop.models.Article).
ID = "id"
TITLE = "title"
LEAD = "lead"
BODY = "body"
PUBLISHED = "published"
LANGUAGE = "language"
SITE = "site"
URL = "url"
ENTITIES = "entities"

# Sub-fields of the text fields: unstemmed words (spelling, autocomplete), the exact title.
WORDS = "words"
TEXT = "text"  # English-analysed, beside a keyword field
RAW = "raw"
TITLE_WORDS = f"{TITLE}.{WORDS}"
LEAD_WORDS = f"{LEAD}.{WORDS}"
BODY_WORDS = f"{BODY}.{WORDS}"

# Derived at indexing time from the article's entities (mapping.to_document).
ENTITY_NAMES = "entity_names"  # every canonical name, as a keyword
ENTITY_NAMES_TEXT = f"{ENTITY_NAMES}.{TEXT}"  # ... English-analysed
ENTITY_NAMES_WORDS = f"{ENTITY_NAMES}.{WORDS}"  # ... unstemmed words
ENTITY_KEYS = "entity_keys"  # "TYPE|canonical name": one field for typed autocomplete
ENTITIES_BY_TYPE = "entities_by_type"  # one keyword field per entity type
INDEXED_AT = "indexed_at"
VECTOR = "vector"  # the article's sentence embedding (search_index.vectors), a knn_vector
# Copies of one story (newsdrop.stories): the story, exact and near duplicate keys, the wire service.
STORY_ID = "story_id"
BODY_HASH = "body_hash"
NEAR_BANDS = "near_bands"
WIRE = "wire"

_KEY_SEPARATOR = "|"


def type_field(entity_type: str) -> str:
    """The name of one entity type's field inside ENTITIES_BY_TYPE ("PERSON" -> "person")."""
    return entity_type.lower()


def entities_of_type(entity_type: str) -> str:
    """The keyword field of one entity type's canonical names ("PERSON" -> entities_by_type.person)."""
    return f"{ENTITIES_BY_TYPE}.{type_field(entity_type)}"


def entity_key(entity_type: str, name: str) -> str:
    """A value of ENTITY_KEYS."""
    return f"{entity_type.upper()}{_KEY_SEPARATOR}{name}"


def split_entity_key(key: str) -> tuple[str, str]:
    """(type, name) of a value of ENTITY_KEYS."""
    entity_type, _, name = key.partition(_KEY_SEPARATOR)
    return entity_type, name
