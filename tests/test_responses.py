"""Every patient-facing message: plain language (grade 8 at most, 6 on average) and phone-sized."""
from __future__ import annotations

import re

import textstat

from clinic.settings import clinic_settings
from clinic.wording import fill

MAX_GRADE, MAX_MEAN_GRADE = 8.0, 6.0
# What the page and the summary fill in, as a patient would see it.
SAMPLES = {"story": "back pain for 3 days, no leg pain, age 40", "flags": "leg weakness", "duration": "3 days",
           "duration_phrase": "3 days", "age": "40", "score": "6", "who": "dad"}
MIN_WORDS = 5  # shorter texts are labels, not sentences
MAX_CHARS = 420  # about 70 words: one phone screen at a normal text size


def _texts(domain):
    return {name: variation["text"] for name, variations in domain["responses"].items() for variation in variations}


def _english(domain):
    """English sentences, as the patient reads them (clinic values filled in). Flesch-Kincaid is an English
    formula for sentences: `_es` responses are Spanish, and labels under 5 words ("Connecting…", "Your
    result", a summary's "age 40") have no grade to speak of (they are checked for length only)."""
    values = {**clinic_settings(), **SAMPLES, "emergency_link": clinic_settings()["emergency_number"]}
    texts = {name: fill(text, values) for name, text in _texts(domain).items() if not name.endswith("_es")}
    return {name: text for name, text in texts.items() if len(text.split()) >= MIN_WORDS}


def test_every_response_is_plain_and_short(domain):
    too_hard = {n: textstat.flesch_kincaid_grade(t) for n, t in _english(domain).items()
                if textstat.flesch_kincaid_grade(t) > MAX_GRADE}
    too_long = {n: len(t) for n, t in _texts(domain).items() if len(t) > MAX_CHARS}
    assert not too_hard and not too_long


def test_average_reading_grade(domain):
    grades = [textstat.flesch_kincaid_grade(t) for t in _english(domain).values()]
    assert sum(grades) / len(grades) <= MAX_MEAN_GRADE


def test_statements_never_look_like_questions_and_buttons_send_plain_text(domain):
    for name, variations in domain["responses"].items():
        for variation in variations:
            if not name.startswith("utter_ask_"):
                assert "?" not in variation["text"], name  # only questions end in "?"
            for button in variation.get("buttons", []):
                assert not button["payload"].startswith("/"), name


def test_no_diagnosis_wording(domain):
    for name, text in _texts(domain).items():
        assert not re.search(r"\byou (?:may |might |probably )?have (?:cancer|an infection|a fracture)\b", text, re.I), name
