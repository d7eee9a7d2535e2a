"""Cue words (issue 13): a screen the patient's words touch is asked next; after the advice, once more."""
from __future__ import annotations

from datetime import datetime

from language.cues import cued_screens
from language.read import patient_message
from triage.conversation import respond
from triage.story import Story

NOW = datetime(2026, 12, 6, 12, 0)


def say(story: Story, text: str, intent: str | None = None):
    story, replies = respond(story, patient_message(story, text, intent=intent, confidence=0.9, now=NOW), NOW)
    return story, [r.response for r in replies if r.response], [r.payload["triage"] for r in replies if r.payload]


def advised_self_care() -> Story:
    story = Story(greeted=True, age=35, duration_days=5, leg_pain=False, pain_score=5, improving=True,
                  answers={"onset": "lifting", "location": "low back", "tried": "nothing"})
    while not story.finished:
        story, _, _ = say(story, "no", "deny")
    assert story.level_sent == "self_care"
    return story


def test_cues_are_words_not_findings():
    assert "screen_trauma" in cued_screens("the ladder and I went down onto the driveway together")
    assert "screen_vascular" in cued_screens("like a knife through to my back, I went grey")
    assert not cued_screens("I hurt it lifting a box at work")


def test_a_story_with_a_cue_gets_that_screen_next_and_no_level_from_the_cue():
    story, names, payloads = say(Story(), "My back is agony, I was up a ladder doing the gutters")
    assert names[-1] == "utter_ask_screen_trauma" and not payloads  # the fall question first, nothing decided yet
    story, names, payloads = say(Story(), "My back is agony, the ladder and I went down onto the driveway together")
    assert payloads[0]["level"] == "emergency"  # told plainly enough, it is a fall from a height at once


def test_a_late_cue_after_the_advice_asks_that_screen_again_and_a_yes_escalates_at_once():
    story = advised_self_care()
    story, names, payloads = say(story, "Sorry, I should say my bladder has felt a bit odd since last night")
    assert names[-2:] == ["utter_check_again", "utter_ask_screen_cauda_equina"] and not payloads
    story, names, payloads = say(story, "yes")
    assert payloads and payloads[0]["level"] == "emergency" and "cauda_equina" in payloads[0]["red_flags"]


def test_a_screen_is_asked_again_only_once_and_a_no_ends_it():
    story = advised_self_care()
    story, names, _ = say(story, "my bladder feels a bit odd")
    assert names[-1] == "utter_ask_screen_cauda_equina"
    story, names, payloads = say(story, "no, it's fine, just the cold")
    assert not payloads and story.asked is None and names[-1] in ("utter_anything_else", "utter_goodbye")
    story, names, _ = say(story, "my bladder again")
    assert "utter_ask_screen_cauda_equina" not in names
