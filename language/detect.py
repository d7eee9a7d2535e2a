"""Which language a patient message is written in (lingua, models inside the package, nothing downloaded).

Only English and Spanish are told apart: the clinics' patients write one or the other (issue 15). A
message counts as Spanish only when it is clearly so: short answers ("no", "si") and English with a
few Spanish words ("mi espalda hurts") stay English.
"""
from __future__ import annotations

from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

MIN_CONFIDENCE = 0.9  # "No estoy seguro" 0.96, "desde anoche no puedo orinar" 0.99; "No." 0.59
MIN_WORDS = 2
CODES = {Language.ENGLISH: "en", Language.SPANISH: "es"}


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*CODES).build()


# English words that Spanish does not share: two of them make a message mixed, not Spanish
# ("tengo ciática for 9 semanas, down my left leg"); lingua scores such mixes as Spanish.
ENGLISH_WORDS = frozenset(["my", "the", "and", "for", "down", "it", "is", "i", "i'm", "have", "has", "of", "to", "in", "not", "with", "so", "hurts", "hurt", "leg", "legs", "back", "pain", "but", "since", "this", "that", "was", "feel", "just", "can't", "don't", "days", "weeks", "you"])  # noqa: E501 (one list)
MIXED_AT = 2


def language_of(text: str) -> str | None:
    """'es' or 'en' for a message clearly in one language; 'mixed' for English with Spanish words (the writer
    reads English); None when too short to tell."""
    words = text.lower().replace(",", " ").replace(".", " ").split()
    if len(words) < MIN_WORDS or text.lstrip().startswith("/"):
        return None
    english = len(ENGLISH_WORDS.intersection(words)) >= MIXED_AT
    best = _detector().compute_language_confidence_values(text)[0]
    if best.value < MIN_CONFIDENCE:
        return "mixed" if english else None
    code = CODES[best.language]
    return "mixed" if code == "es" and english else code
