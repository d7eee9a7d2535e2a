"""Text-speak read as the words it stands for ("cant rly" -> "can't really"), from knowledge.yml `textspeak`.

Used before the findings are read (language/findings.py, where a replacement is not a spelling
guess) and by every answer parser (`quantities.clean`), so "nothin weird down there" is a denial
and "since yday" a duration. One-letter tokens ("n", "u", "r") are expanded for the findings only:
as an answer, "n" means no.
"""
from __future__ import annotations

import re
from functools import lru_cache

from triage.knowledge import load_knowledge

TOKEN = re.compile(r"[A-Za-z0-9]+(?:['/][A-Za-z0-9]+)*/?")  # words, and "w/o", "b4", "w/"


def lookup(token: str, *, min_length: int = 1) -> str | None:
    """What a text-speak token stands for, or None."""
    return load_knowledge().textspeak.get(token.lower()) if len(token) >= min_length else None


@lru_cache(maxsize=4096)
def expand(text: str) -> str:
    """The text with its text-speak tokens of two or more characters written out (for answers)."""
    return TOKEN.sub(lambda m: lookup(m.group(), min_length=2) or m.group(), text)
