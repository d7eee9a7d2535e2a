"""Text-speak read as the words it stands for ("cant rly" -> "can't really"), from knowledge.yml `textspeak`.

Used before the findings are read (language/findings.py, where a replacement is not a spelling
guess) and by every answer parser (`quantities.clean`), so "nothin weird down there" is a denial
and "since yday" a duration. One-letter tokens ("n", "u", "r") are expanded for the findings only:
as an answer, "n" means no. Spanish has its own table ("nd" is "nada", "xq" is "porque"), used for
Spanish messages and Spanish conversations only: in English "nd" is "and".
"""
from __future__ import annotations

import re
from functools import lru_cache

from triage.knowledge import load_knowledge

TOKEN = re.compile(r"[^\W_]+(?:['/][^\W_]+)*/?")  # words ("días" is one), and "w/o", "b4", "w/"
# Spanish tokens of the table that are something else after these words: "rayos x" is an X-ray, not "rayos por";
# "tuve tb", "la TB" is tuberculosis, "el calor tb" is "también" (es_sur batch)
KEEP_ES = re.compile(r"\brayos?\s+x\s*$|\b(?:tuve|tengo|tuvo|tiene|ten[ií]a|de|la|el|con|por|positiv[oa]|prueba|"
                     r"contagi\w*|nunca|jam[aá]s)\s+tb\s*$", re.IGNORECASE)


def lookup_es(token: str, before: str = "") -> str | None:
    """What a Spanish text-speak token stands for ("xq" -> "porque"), or None; never after words that make it
    something else (`before`: the text before it; "rayos x" is an X-ray)."""
    if KEEP_ES.search(before + token) or token == "TB":
        return None
    return load_knowledge().textspeak.get("es", {}).get(token.lower())


def lookup(token: str, *, min_length: int = 1, spanish: bool = False, before: str = "") -> str | None:
    """What a text-speak token stands for (in Spanish text: the Spanish table first, any length), or None."""
    said = lookup_es(token, before) if spanish else None
    if said is None and len(token) >= min_length:
        said = load_knowledge().textspeak.get("en", {}).get(token.lower())
    return said


@lru_cache(maxsize=4096)
def expand(text: str, spanish: bool = False) -> str:
    """The text with its text-speak tokens of two or more characters written out (for answers); in Spanish
    text, the Spanish table's one-letter tokens too ("q", "d")."""
    def written_out(m: re.Match[str]) -> str:
        return lookup(m.group(), min_length=2, spanish=spanish, before=text[:m.start()]) or m.group()
    return TOKEN.sub(written_out, text)
