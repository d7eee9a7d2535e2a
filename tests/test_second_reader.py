"""The second reader (issue 13 item 3): a text classifier beside the rules; disagreement asks the screen next."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from language import second_reader
from language.findings import extract_findings
from language.read import patient_message
from triage.conversation import respond
from triage.reading import Finding
from triage.story import Story

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 12, 6, 12, 0)


@pytest.fixture(scope="module")
def model():
    """Trained as `make train` trains it (same file, seed and settings)."""
    return second_reader.train(second_reader.labelled_examples(ROOT / "tests" / "data" / "findings_labelled.yml"))


def test_labels_are_the_active_categories_only():
    assert second_reader.categories_of([{"id": "saddle_numbness"}]) == {"cauda_equina"}
    assert not second_reader.categories_of([{"id": "saddle_numbness", "negated": True}])
    assert not second_reader.categories_of([{"id": "cancer_history", "family": True}])
    assert second_reader.categories_of([{"id": "cancer_history", "historical": True}]) == {"cancer"}  # history counts


def test_disagreement_asks_only_what_the_rules_did_not_find():
    scores = {"cauda_equina": 0.8, "infection": 0.9, "cancer": 0.1}
    fever = Finding("fever", "fever", 0, 5)
    assert second_reader.disagreement(scores, [fever]) == {"screen_cauda_equina"}  # infection already read
    denied = Finding("fever", "fever", 0, 5, negated=True)
    assert second_reader.disagreement(scores, [denied]) == {"screen_cauda_equina", "screen_infection"}
    assert not second_reader.disagreement({"cauda_equina": 0.1}, [])


def test_the_model_reads_a_story_the_rules_have_no_words_for(model):
    text = "my bottom feels like it went to sleep and stayed asleep"
    assert not [f for f in extract_findings(text) if f.is_active()]  # nothing in the vocabulary
    scores = second_reader.probabilities(model, text)
    assert scores["cauda_equina"] >= second_reader.THRESHOLD
    assert second_reader.probabilities(model, "I hurt my back lifting a box")["cauda_equina"] < second_reader.THRESHOLD


def test_a_model_cue_asks_that_screen_next_and_never_sets_a_level():
    story = Story()
    message = patient_message(story, "my back went yesterday and things feel odd", model_cues=["screen_cauda_equina"], now=NOW)
    story, replies = respond(story, message, NOW)
    assert [r.response for r in replies if r.response][-1] == "utter_ask_screen_cauda_equina"
    assert not [r for r in replies if r.payload]
    story, replies = respond(story, patient_message(story, "no, nothing like that", now=NOW), NOW)
    assert "cauda_equina_reported" not in story.findings


def test_an_intent_shortcut_carries_no_model_cues():
    message = patient_message(Story(), "/deny", model_cues=["screen_trauma"], now=NOW)
    assert not message.reading.cues
