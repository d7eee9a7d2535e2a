"""How easy every patient-facing sentence is to read (textstat): English grade, Spanish reading ease.

English: Flesch-Kincaid grade (targets: every sentence <= 8, mean <= 6). Spanish: Fernández-Huerta
reading ease with textstat's Spanish syllables (issue 15 targets: every sentence >= 60, mean >= 70).
Read by tests/test_responses.py and `make evaluate` (scripts/evaluate_report.py).
"""
from __future__ import annotations

import textstat

from clinic.wording import sentences


def english_grades() -> dict[str, float]:
    """Flesch-Kincaid grade of every English sentence."""
    return {name: textstat.flesch_kincaid_grade(text) for name, text in sentences("en").items()}


def spanish_ease() -> dict[str, float]:
    """Fernández-Huerta reading ease of every Spanish sentence."""
    textstat.set_lang("es")
    try:
        return {name: textstat.fernandez_huerta(text) for name, text in sentences("es").items()}
    finally:
        textstat.set_lang("en_US")
