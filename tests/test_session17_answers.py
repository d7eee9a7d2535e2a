"""What the session-16 held-out week batch still misread after its fixes, and general gaps found before the
session-17 batches: "I have had no fever" read as a yes, a grouped answer that names its parts in new words ("His
immune system is fine", "he hasn't had any infections", "nothing has been done to his back"), and the writer's own
chemo told after a pronoun for the patient ("Should I take him for an x-ray once I'm done with chemo?") (GUIDELINE s3a)."""
from __future__ import annotations

import pytest

from language.answers import named_denials, parse_polarity
from language.read import read


@pytest.mark.parametrize("text, polarity", [
    ("I have had no fever or chills.", None), ("I have had chills", "yes"), ("I have been feeling feverish", "yes"),
    ("I have noticed nothing down there", None), ("I am not", "no"),
])
def test_a_perfect_tense_denial_is_no_yes(text, polarity):
    assert parse_polarity(text) == polarity


@pytest.mark.parametrize("text, denied", [
    ("His immune system is fine, he's healthy", {"immunosuppression"}),
    ("He hasn't had any infections and nothing has been done to his back", {"recent_infection", "recent_spinal_procedure"}),
    ("she didnt have any infection", {"recent_infection"}),
    ("I had surgery done on my back", set()),
])
def test_grouped_parts_denied_by_name(text, denied):
    assert named_denials(text) == denied


@pytest.mark.parametrize("text, writers", [
    ("Should I take him for an x-ray once I'm done with chemo this week?", [True]),
    ("I had to take her to chemo", [False]),
    ("She had chemo and I also had chemo", [False, True]),
    ("I have been told his cancer is back", [False]),
])
def test_the_writers_own_words_nearest_the_finding_decide_whose_it_is(text, writers):
    assert [f.writer for f in read(text, about_other=True, who="son").findings] == writers
