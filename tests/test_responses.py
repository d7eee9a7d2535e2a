"""Every patient-facing message: plain language (grade 8 at most, 6 on average) and phone-sized."""
from __future__ import annotations

import re

import textstat

from clinic.readability import spanish_ease
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


# ---------------------------------------------------------------- Spanish (issue 15)
MIN_EASE_ES, MIN_MEAN_EASE_ES = 60.0, 70.0  # Fernández-Huerta: 60 is plain, 70+ easy


def test_every_spanish_response_is_plain():
    ease = spanish_ease()
    assert len(ease) > 200 and not {n: e for n, e in ease.items() if e < MIN_EASE_ES}
    assert sum(ease.values()) / len(ease) >= MIN_MEAN_EASE_ES


def test_every_response_has_a_spanish_variation_with_the_same_blanks_and_buttons(domain):
    for name, variations in domain["responses"].items():
        english = [v for v in variations if not v.get("condition")]
        spanish = [v for v in variations if v.get("condition") == [{"type": "slot", "name": "language", "value": "es"}]]
        assert len(spanish) == len(english) and len(english) + len(spanish) == len(variations), name
        for en, es in zip(english, spanish, strict=True):
            assert set(re.findall(r"\{\w+\}", en["text"])) == set(re.findall(r"\{\w+\}", es["text"])), name
            assert len(en.get("buttons", [])) == len(es.get("buttons", [])), name
            assert es["text"] != en["text"], name
