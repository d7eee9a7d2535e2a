"""How sure (issue 13): a red flag read with doubt is confirmed in the same turn before it counts; a
plain one escalates at once; someone else's never counts for the writer."""
from __future__ import annotations

from datetime import datetime

from language.findings import extract_findings
from language.read import patient_message
from triage.conversation import respond
from triage.story import Story

NOW = datetime(2026, 12, 6, 12, 0)
SCREEN = dict(greeted=True, duration_days=3, age=40, leg_pain=False,
              answers={"onset": "lifting", "location": "low", "leg_pain": False})


def say(story: Story, text: str):
    story, replies = respond(story, patient_message(story, text, now=NOW), NOW)
    return story, [r for r in replies if r.response], [r.payload["triage"] for r in replies if r.payload]


def test_hedged_and_misspelled_red_flags_are_weak_plain_ones_are_not():
    assert [f.weak for f in extract_findings("I think I'm a bit numb between my legs")] == [True]
    assert any(f.fuzzy for f in extract_findings("numbnes between my legs"))
    assert not any(f.weak for f in extract_findings("I can't feel the toilet paper when I wipe"))


def test_a_weak_emergency_finding_is_confirmed_in_the_same_turn_and_a_yes_escalates_at_once():
    story, replies, payloads = say(Story(asked="severity", **SCREEN), "about a 6. I think I'm a bit numb between my legs")
    assert not payloads and replies[-1].response == "utter_ask_confirm"
    assert "between your legs" in replies[-1].values["finding"]
    story, replies, payloads = say(story, "yes")
    assert payloads[0]["level"] == "emergency" and "cauda_equina" in payloads[0]["red_flags"]


def test_a_no_to_the_confirmation_records_the_denial_and_the_screen_goes_on():
    story, _, _ = say(Story(asked="severity", **SCREEN), "6, maybe a bit numb between my legs")
    story, replies, payloads = say(story, "no, that's just my thighs aching")
    assert not payloads and "saddle_numbness" not in story.findings and story.answers["confirm_saddle_numbness"] == "no"
    assert replies[-1].response.startswith("utter_ask_")


def test_unsure_twice_about_a_weak_emergency_finding_is_urgent():
    story, _, _ = say(Story(asked="severity", **SCREEN), "6, maybe a bit numb between my legs")
    story, replies, _ = say(story, "not sure")
    assert replies[-1].response == "utter_ask_confirm_again"
    story, _, payloads = say(story, "dunno really")
    assert payloads and payloads[0]["level"] == "urgent"


def test_a_plain_disclosure_still_escalates_in_the_same_turn():
    _, _, payloads = say(Story(asked="severity", **SCREEN), "8, and I can't feel the toilet paper when I wipe")
    assert payloads and payloads[0]["level"] == "emergency"


def test_a_carers_description_of_someone_else_never_escalates_the_writer():
    story, _, payloads = say(Story(), "My husband's legs are weak and numb from his MS, but it's my own lower back that hurts")
    assert not payloads and not {"bilateral_leg_weakness", "leg_weakness"} & set(story.findings)


def test_telling_the_red_flag_again_confirms_it_whatever_else_the_answer_says():
    """b12-vague-weakness-stable: "sort of... my left leg has given way..., no worse" is a yes, not a no. The
    hedge sits six words before the sign, too far to make it doubtful; a hedge around it asks first."""
    story = Story(asked="screen_leg_nerves", **SCREEN)
    text = "Hmm, sort of... well, actually my left leg has given way on me a couple of times. It's no worse than before."
    story, _, payloads = say(story, text)
    assert payloads and payloads[0]["level"] == "urgent" and "leg_weakness" in story.findings
    story = Story(asked="screen_leg_nerves", **SCREEN)
    text = "I think my left leg has given way on me a couple of times, maybe. It's no worse than before."
    story, replies, _ = say(story, text)
    assert replies[-1].response == "utter_ask_confirm"
    story, _, payloads = say(story, "Yes, my left leg has given way on me twice.")
    assert payloads and payloads[0]["level"] == "urgent" and "leg_weakness" in story.findings
