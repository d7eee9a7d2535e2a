"""Answers in patients' own words, as the session-5 blind batches wrote them (issue 13, GUIDELINE s3a)."""
from __future__ import annotations

from datetime import datetime

import pytest

from language.answers import parse_polarity
from language.findings import extract_findings
from language.read import patient_message
from triage.conversation import respond
from triage.questions import QUESTION_BY_ID, ask
from triage.story import Story

NOW = datetime(2026, 12, 6, 12, 0)


def asked(question: str, **facts) -> Story:
    story = Story(greeted=True, duration_days=facts.pop("duration_days", 5), **facts)
    ask(story, QUESTION_BY_ID[question])
    return story


def say(story: Story, text: str):
    story, replies = respond(story, patient_message(story, text, now=NOW), NOW)
    return story, [r.response for r in replies if r.response], [r.payload["triage"] for r in replies if r.payload]


@pytest.mark.parametrize("text, polarity", [
    ("ye", "yes"), ("yh", "yes"), ("kinda", "yes"), ("only a bit", "yes"), ("na", "no"), ("nop", "no"),
    ("not rly", "no"), ("he says no numbness", "no"), ("she said nothin weird down there", "no"),
    ("idk maybe", "unsure"), ("no, not a bit", "no"),
])
def test_texting_and_passed_on_answers(text, polarity):
    assert parse_polarity(text) == polarity


def test_a_no_that_names_one_finding_and_is_unsure_of_the_rest_asks_the_rest():
    story, names, _ = say(asked("screen_cancer"), "No, I've never had cancer. My weight? No idea, I never weigh myself")
    assert names[-1] == "utter_ask_rest" and "screen_cancer" not in story.answers
    story, _, _ = say(asked("screen_cauda_equina"), "No, feeling down below is normal. No, no problems passing water. "
                                                   "No, bowels are normal.")
    assert story.answers["screen_cauda_equina"] == "no"  # "No, ..." to each part: no to all


def test_weight_lost_on_purpose_is_a_denial_of_that_finding_only():
    (loss,) = [f for f in extract_findings("lost like 8kg but on purpose, been doin slimming world") if f.id == "weight_loss"]
    assert loss.negated
    story, names, _ = say(asked("screen_cancer"), "lost like 8kg but on purpose, been doin slimming world")
    assert names[-1] == "utter_ask_rest"


def test_a_slip_or_trip_answers_the_fall_size_question_and_a_bare_yes_is_asked_again():
    story, _, payloads = say(asked("trauma_detail", age=30), "ye tripped on the kerb n fell backwards, just from standin")
    assert story.answers["trauma_detail"] == "no" and not any(p["level"] == "emergency" for p in payloads)
    story, names, payloads = say(asked("trauma_detail", age=30), "Yes")
    assert names[-1] == "utter_ask_trauma_detail_again" and not payloads
    story, _, payloads = say(story, "yes")
    assert payloads and payloads[0]["level"] == "emergency"
    story, _, payloads = say(asked("trauma_detail", age=30), "A fall from a height or down stairs, or a crash")
    assert payloads and payloads[0]["level"] == "emergency"
    for big in ("Yes, the ladder went and I went with it, landed on my back on the concrete",
                "Yes, the car behind didn't stop and went into the back of mine"):  # a big-fall word wins
        story, _, payloads = say(asked("trauma_detail", age=30), big)
        assert payloads and payloads[0]["level"] == "emergency", big


def test_a_fall_told_as_past_and_present_in_one_answer_is_not_this_pains_fall():
    text = ("Heaving a suitcase into the car. No, I didn't fall this time. The fall was two years ago, "
            "I tripped on a kerb and sprained my wrist.")
    story, _, payloads = say(asked("screen_trauma", age=68), text)
    assert "minor_injury" not in story.findings and not payloads


def test_a_skin_cancer_of_no_named_kind_is_confirmed_before_it_counts():
    story, names, payloads = say(Story(), "I'm 62, I've had a skin cancer before, and my back aches since decorating")
    assert names[-1] == "utter_ask_confirm" and not payloads
    story, _, payloads = say(story, "no, it was a basal cell one on my nose")
    assert "cancer_history" not in story.findings and not payloads
    story, _, payloads = say(Story(), "I had a melanoma years ago and now my back hurts")
    assert payloads and "cancer" in payloads[0]["red_flags"]  # melanoma counts at once (GUIDELINE s3)


def test_a_denial_after_other_words_does_not_erase_a_told_sign():
    story, _, payloads = say(asked("screen_cauda_equina"),
                             "ye actually its gone kinda numb round my bum n i cant rly feel the loo roll when i wipe, "
                             "peein fine poos normal")
    assert payloads and payloads[0]["level"] == "emergency"


def test_signs_the_held_out_batch_found_missing():
    assert any(f.id == "saddle_numbness" and f.is_active() for f in extract_findings("feeling numb in my balls for two days"))
    assert any(f.id == "major_trauma" for f in extract_findings("we just found her at the bottom of the stairs"))
    story, names, _ = say(Story(), "Today I fell off! I was cantering and the horse bucked. I landed pretty bad.")
    assert names[-1] == "utter_ask_trauma_detail"  # the fall-size question first, in the same turn
