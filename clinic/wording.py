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


def text(name: str, **values: Any) -> str:
    """A response's (first) text with the clinic's values and the given ones filled in."""
    return fill(responses()[name][0]["text"], {**clinic_settings(), **{k: str(v) for k, v in values.items()}})


# What the page, the summary and the dialogue fill in, as a patient would see it (for grading).
SAMPLES = {"story": "back pain for 3 days, no leg pain, age 40", "flags": "leg weakness", "duration": "3 days",
           "duration_phrase": "3 days", "age": "40", "score": "6", "who": "dad", "emergency_link": "911",
           "session_hours": "2"}
MIN_WORDS = 5  # shorter texts are labels ("Connecting…", "Your result"), not sentences with a reading grade


def english_sentences() -> dict[str, str]:
    """Every English response that is a sentence, as the patient reads it (clinic values and samples filled in):
    what the reading-grade test and `make evaluate` grade. `_es` responses are Spanish (issue 15)."""
    values = {**clinic_settings(), **SAMPLES}
    filled = {name: fill(v[0]["text"], values) for name, v in responses().items() if not name.endswith("_es")}
    return {name: text for name, text in filled.items() if len(text.split()) >= MIN_WORDS}


def texts(prefix: str) -> dict[str, str]:
    """Every response starting with `prefix`, by the rest of its name, with the clinic's values filled in."""
    return {name[len(prefix):]: text(name) for name in responses() if name.startswith(prefix)}
