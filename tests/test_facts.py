"""Days since onset, age, pain score and short answers from patient text."""
from __future__ import annotations

from datetime import datetime

import pytest

from triage.facts import (parse_age, parse_duration_days, parse_improving, parse_leg_side, parse_pain_score,
                          parse_polarity)

NOW = datetime(2026, 11, 28, 12, 0)  # a Saturday


@pytest.mark.parametrize("text,days", [
    ("3 days", 3), ("about 2 weeks", 14), ("three days ago", 3), ("a week", 7), ("since yesterday", 1),
    ("started an hour ago", 0), ("8 weeks", 56), ("2 months", 60.8), ("a couple of weeks", 14),
    ("since last Tuesday", 4), ("since Christmas", 338), ("a fortnight ago", 14), ("for months", 60),
    ("2-3 weeks", 21), ("since this morning", 0), ("since the start of October", 58), ("one year", 365),
])
def test_duration(text, days):
    assert parse_duration_days(text, NOW, expecting=True) == pytest.approx(days, abs=0.5)


def test_duration_ignores_ages_and_old_history():
    assert parse_duration_days("I'm 34 years old", NOW) is None
    assert parse_duration_days("I had cancer 8 years ago", NOW) is None


@pytest.mark.parametrize("text,expecting,age", [
    ("I'm 55", False, 55), ("55 years old", False, 55), ("born in 1970", False, 56), ("I am fifty-two", False, 52),
    ("41", True, 41), ("41", False, None), ("I'm 28 weeks pregnant", False, None), ("about 60", True, 60),
])
def test_age(text, expecting, age):
    assert parse_age(text, NOW, expecting=expecting) == age


@pytest.mark.parametrize("text,expecting,score", [
    ("7/10", False, 7), ("7 out of 10", False, 7), ("about a seven", True, 7), ("8", True, 8), ("8", False, None),
    ("about a 6", True, 6), ("it's severe", True, 8),
])
def test_pain_score(text, expecting, score):
    assert parse_pain_score(text, expecting=expecting) == score


@pytest.mark.parametrize("text,answer", [
    ("No.", "no"), ("Nope.", "no"), ("nah", "no"), ("Not really, no.", "no"), ("No, but my mum had cancer", "no"),
    ("That all seems normal to me.", "no"), ("I haven't noticed anything like that", "no"),
    ("Yes please.", "yes"), ("yeah", "yes"), ("I do", "yes"), ("I'm not sure.", "unsure"), ("maybe", "unsure"),
    ("my back hurts when I sit", None),
])
def test_polarity(text, answer):
    assert parse_polarity(text) == answer


@pytest.mark.parametrize("text,improving", [
    ("A little better than last week", True), ("About the same", False), ("worse if anything", False),
    ("no, it's not improving", False), ("easing off now", True),
])
def test_improving(text, improving):
    assert parse_improving(text) is improving


@pytest.mark.parametrize("text,side", [
    ("just the left", "one"), ("both", "both"), ("Not both legs. Only my right foot", "one"), ("both legs", "both"),
])
def test_leg_side(text, side):
    assert parse_leg_side(text) == side
