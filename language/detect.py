"""Which language a patient message is written in (lingua, models inside the package, nothing downloaded).

Only English and Spanish are told apart: the clinics' patients write one or the other (issue 15). A
message counts as Spanish only when it is clearly so: short answers ("no", "si") and English with a
few Spanish words ("mi espalda hurts") stay English.
"""
from __future__ import annotations

import re
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
# Spanish words English does not use (and Spanish text-speak: "q", "xq", "tmb"): with English words around them,
# the message is English with Spanish words ("my espalda is killing me"), and Spanish is offered once
# (triage/conversation.py).
SPANISH_WORDS = frozenset(["mi", "mis", "tengo", "tiene", "espalda", "dolor", "duele", "desde", "hace", "muy", "pero", "estoy", "está", "mamá", "papá", "el", "los", "las", "una", "que", "qué", "por", "para", "hola", "gracias", "días", "dias", "semana", "semanas", "años", "pierna", "piernas", "cajas", "lunes", "martes", "jueves", "viernes", "sábado", "domingo", "cintura", "abuela", "abuelo", "hijo", "hija", "esposo", "esposa", "también", "nada", "mucho", "poco", "sí", "es", "en", "del", "al", "con", "lo", "le", "se", "su", "sus", "yo", "usted", "puedo", "puede", "ayuda", "cita", "ciática", "ciatica", "ayer", "hoy", "mañana", "bueno", "buena", "buenas", "buenos", "tardes", "noches", "trabajo", "porque", "cuando", "cómo", "quiero", "necesito", "ni", "ya", "hay", "algo", "todo", "más", "menos", "eso", "esto", "mucha", "lumbago", "cuello", "caí", "caída", "orinar", "lastimé", "lastime", "dijo", "cubren", "seguro", "nunca", "ninguna", "ninguno", "tampoco", "fiebre", "calentura", "orino", "pipí", "pipi", "popó", "caca", "vejiga", "pecho", "mareo", "mareos", "drogas", "peso", "huesos", "dormido", "dormida", "hormigueo", "fuerza", "golpe", "ahí", "abajo", "q", "xq", "pq", "porq", "tmb", "tmbn", "bn", "xfa", "porfa", "izq"])  # noqa: E501 (one list)


def language_of(text: str) -> str | None:
    """'es' or 'en' for a message clearly in one language (or English without doubt); 'mixed' for English with
    Spanish words (the writer reads English); None when too short to tell."""
    words = re.findall(r"[\w'áéíóúüñ]+", text.lower())
    if text.lstrip().startswith("/"):
        return None
    english, spanish = len(ENGLISH_WORDS.intersection(words)), len(SPANISH_WORDS.intersection(words))
    if len(words) < MIN_WORDS:
        return "es" if spanish else None  # "ayuda", "cita", "sí" (a bare "si" or "no" cannot be told)
    if spanish > english:
        return "es"  # "tengo back pain desde hace una semana": Spanish carries the sentence
    best = _detector().compute_language_confidence_values(text)[0]
    if best.value < MIN_CONFIDENCE:
        return ("mixed" if spanish else "en") if english >= MIXED_AT else None
    code = CODES[best.language]
    return "mixed" if code == "es" and english >= MIXED_AT else code
