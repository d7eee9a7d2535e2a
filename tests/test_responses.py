"""Every patient-facing message: plain language (grade 8 at most, 6 on average) and phone-sized."""
from __future__ import annotations

import re

import textstat

from clinic.wording import english_sentences

MAX_GRADE, MAX_MEAN_GRADE = 8.0, 6.0
MAX_CHARS = 420  # about 70 words: one phone screen at a normal text size


def _texts(domain):
    return {name: variation["text"] for name, variations in domain["responses"].items() for variation in variations}


def _english(domain):
    """English sentences as the patient reads them (clinic/wording.py): labels under 5 words have no grade."""
    return english_sentences()


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
