"""Patient-facing words that are not sent as chat messages: read from domain.yml, the one home of wording.

The web page's widget texts (`utter_page_*`, served in config.js by scripts/serve_web.py) and the
patient's summary (`utter_summary_*`, handover/summary.py) live beside the chat responses, so the
reading-grade test (tests/test_responses.py) covers every sentence a patient reads.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from clinic.settings import clinic_settings

DOMAIN_FILE = Path(__file__).resolve().parent.parent / "domain.yml"
PREFIXES = ("utter_page_", "utter_summary_")  # responses read here, never sent by the dialogue


@lru_cache(maxsize=1)
def responses() -> dict[str, Any]:
    """domain.yml's responses."""
    return yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))["responses"]


def fill(template: str, values: dict[str, str]) -> str:
    """Fill {name} template values that are known; leave the others as they are (as Rasa does)."""
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), template)


def variation(name: str, language: str = "en") -> dict[str, Any]:
    """A response's first variation in `language`: its Spanish one has `condition: language == es` (issue 15)."""
    options = responses()[name]
    if language != "en":
        for option in options:
            if any(c.get("name") == "language" and c.get("value") == language for c in option.get("condition") or []):
                return option
    return next(option for option in options if not option.get("condition"))


def text(name: str, language: str = "en", **values: Any) -> str:
    """A response's text in `language` with the clinic's values and the given ones filled in."""
    return fill(variation(name, language)["text"], {**clinic_settings(), **{k: str(v) for k, v in values.items()}})


# What the page, the summary and the dialogue fill in, as a patient would see it (for grading).
SAMPLES = {"story": "back pain for 3 days, no leg pain, age 40", "flags": "leg weakness", "duration": "3 days",
           "duration_phrase": "3 days", "age": "40", "score": "6", "who": "dad", "emergency_link": "911",
           "session_hours": "2"}
MIN_WORDS = 5  # shorter texts are labels ("Connecting…", "Your result"), not sentences with a reading grade


SAMPLES_ES = {**SAMPLES, "story": "dolor de espalda desde hace 3 días, sin dolor en la pierna, 40 años",
              "flags": "debilidad en la pierna", "duration": "3 días", "duration_phrase": "3 días", "who": "papá"}


def sentences(language: str = "en") -> dict[str, str]:
    """Every response that is a sentence, in `language`, as the patient reads it (clinic values and samples
    filled in): what the reading tests and `make evaluate` grade (English grade; Spanish Fernández-Huerta)."""
    values = {**clinic_settings(), **(SAMPLES_ES if language == "es" else SAMPLES)}
    filled = {name: fill(variation(name, language)["text"], values) for name in responses()}
    return {name: text for name, text in filled.items() if len(text.split()) >= MIN_WORDS}


def english_sentences() -> dict[str, str]:
    """Every English response that is a sentence (sentences("en"))."""
    return sentences("en")


def texts(prefix: str, language: str = "en") -> dict[str, str]:
    """Every response starting with `prefix`, by the rest of its name, in `language`, clinic values filled in."""
    return {name[len(prefix):]: text(name, language) for name in responses() if name.startswith(prefix)}
