"""The language of a text (py3langid) and its stop words (jusText's lists, a trafilatura dependency).

Stop-word density is the best cheap signal that a line is prose rather than navigation, and it
only works with the right language's list; both the identifier and the lists load once per process.
"""

from __future__ import annotations

from functools import lru_cache

# Below this many letters the identifier guesses; below this confidence we say "unknown".
_MIN_LETTERS = 20
_MIN_CONFIDENCE = 0.5
_SAMPLE_CHARS = 20_000

# ISO 639-1 codes to jusText stop-list names, for the languages news most often comes in.
_STOPLIST_NAMES = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "sv": "Swedish",
    "da": "Danish",
    "no": "Norwegian_Bokmal",
    "nb": "Norwegian_Bokmal",
    "fi": "Finnish",
    "pl": "Polish",
    "cs": "Czech",
    "sk": "Slovak",
    "ro": "Romanian",
    "hu": "Hungarian",
    "tr": "Turkish",
    "ru": "Russian",
    "uk": "Ukrainian",
    "el": "Greek",
    "id": "Indonesian",
    "ca": "Catalan",
    "hr": "Croatian",
    "sl": "Slovenian",
    "bg": "Bulgarian",
}


@lru_cache(maxsize=1)
def _identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is too short or too mixed to tell."""
    sample = text[:_SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < _MIN_LETTERS:
        return None
    code, confidence = _identifier().classify(sample)
    return code if confidence >= _MIN_CONFIDENCE else None


@lru_cache(maxsize=32)
def stop_words(language: str | None) -> frozenset[str]:
    """Lower-case stop words of the language; empty when we have no list for it."""
    name = _STOPLIST_NAMES.get(language or "")
    if name is None:
        return frozenset()
    import justext

    try:
        return frozenset(word.lower() for word in justext.get_stoplist(name))
    except ValueError:
        return frozenset()
