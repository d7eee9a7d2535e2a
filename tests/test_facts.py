"""Days since onset, age, pain score and short answers from patient text."""
from __future__ import annotations

from datetime import datetime

import pytest

from language.answers import parse_leg_side, parse_polarity, parse_progress
from language.quantities import parse_age, parse_duration_days, parse_pain_score

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


@pytest.mark.parametrize("text,progress", [
    ("A little better than last week", "better"), ("About the same", "same"), ("worse if anything", "worse"),
    ("no, it's not improving", "same"), ("easing off now", "better"), ("nope", "same"), ("yes", "better"),
])
def test_progress_when_asked(text, progress):
    assert parse_progress(text) == progress


@pytest.mark.parametrize("text,progress", [
    ("it's not getting any better and I'm fed up", "same"), ("it feels better when I walk", None),
    ("the same pain as last year", None),
])
def test_progress_said_unasked_is_only_a_clear_not_better(text, progress):
    assert parse_progress(text, asked=False) == progress


@pytest.mark.parametrize("text,side", [
    ("just the left", "one"), ("both", "both"), ("Not both legs. Only my right foot", "one"), ("both legs", "both"),
])
def test_leg_side(text, side):
    assert parse_leg_side(text) == side


@pytest.mark.parametrize("text,answer", [
    ("n", "no"), ("y", "yes"), ("definitely not, I'm a bloke", "no"), ("I'm a man", "no"),
    ("only a basal cell skin cancer on my nose that was cut out, nothing else", "no"),
])
def test_terse_and_emphatic_answers(text, answer):
    assert parse_polarity(text) == answer


@pytest.mark.parametrize("text,expecting,days", [
    ("since the 3rd of March", True, 270), ("since the 15th", True, 13), ("it started on November 20th", True, 8),
    ("since 20 October", True, 39), ("since 14/11", True, 14), ("a month and a half", True, 45.6),
    ("three and a half weeks", True, 24.5), ("since the end of September", True, 59), ("since Easter", True, 237),
    ("since the start of the week", True, 5),
    ("I'm 29 weeks pregnant and the pain started two days ago", False, 2),
    ("I've had this back pain a month now, and since Thursday I can't pee", False, 30.4),
    ("on steroid tablets for two years, and on Thursday I lifted a bag of compost and my back went", False, 2),
    ("on insulin, I inject twice a day. Back pain for 10 days", False, 10),
    # seasons and Thanksgiving (real7 rt-05: "this summer ... his back paid for it", then "a month ago ... worse")
    ("This summer he did the electrics and his back paid for it. A month ago it got worse", False, 160),
    ("since the fall", True, 67), ("sore since Thanksgiving", False, 2), ("it started Thursday", False, 2),
    ("in the summer I had a twinge, this one began on Wednesday", False, 3),
])
def test_duration_dates_and_stories(text, expecting, days):
    assert parse_duration_days(text, NOW, expecting=expecting) == pytest.approx(days, abs=1)


def test_ambiguous_numeric_dates_are_not_guessed():
    assert parse_duration_days("since 3/4", NOW, expecting=True) is None


@pytest.mark.parametrize("text,expecting,age", [
    ("I'll be 50 in May", True, 49), ("52 next month", True, 51), ("my dad is 80 years old", False, None),
    ("I'm 6 foot 4", False, None), ("I'm 47 years young", True, 47),
])
def test_more_ages(text, expecting, age):
    assert parse_age(text, NOW, expecting=expecting) == age


def test_a_solid_score():
    assert parse_pain_score("a solid 9", expecting=True) == 9
