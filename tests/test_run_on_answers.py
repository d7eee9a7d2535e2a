"""Answers the world-English, Spanish-dictation and informed-patient batches (session 10) misread on first contact:
legs said to be fine, denials said after the word with no comma, answers joined with no full stop, a known aneurysm
found long ago, weakness that gets worse told in words, and a carer's husband as the patient."""
from __future__ import annotations

import pytest

from language.answers import echo_length, parse_leg_side
from language.findings import extract_findings
from language.read import read
from tests.test_patient_words import asked, say


def active(text: str, spanish: bool = False) -> set[str]:
    return {f.id for f in extract_findings(text, spelling=not spanish, spanish=spanish) if f.is_active()}


@pytest.mark.parametrize("text, side", [
    ("No lah, both legs fine, pain only at back", None), ("Wala po, both legs ok, no pain", None),
    ("Las piernas bien las dos Es solo la cintura", None), ("Las dos piernas bien No le baja a las piernas", None),
    ("both legs", "both"), ("las dos", "both"), ("las dos piernas bien, pero la derecha me duele", "one"),
])
def test_legs_said_to_be_fine_are_no_side(text: str, side: str | None) -> None:
    assert parse_leg_side(text) == side


@pytest.mark.parametrize("text, spanish, absent, present", [
    ("No lah, both legs fine, pain only at back", False, "bilateral_leg_symptoms", None),
    ("No, I have never had cancer, God forbid.", False, "cancer_history", None),
    ("mi cyaan pee good, mi feel fi go but nothing come out", False, None, "bladder_dysfunction"),  # "good" is no denial
    ("No weakness Since yesterday the front of my left thigh feels tingly", False, None, "leg_numbness"),  # run-on
    ("Last year doctor find aneurysm 4 cm, every year do ultrasound check", False, None, "known_aneurysm"),
    ("ibuprofeno y nada fiebre no y me siento bien", True, "fever", None),
    ("pastillas osteoporosis no no", True, "osteoporosis", None),
    ("las dos piernas no me responden", True, None, "bilateral_leg_weakness"),  # "no" + verb: affirmed
    ("fiebre no la barriga normal no se me pone dura", True, "sexual_dysfunction", None),  # a pregnant belly
    ("mi compa se cayo del andamio y yo traigo la espalda toda torcida", True, "major_trauma", None),
    ("lo de las piernas dormidas es de el no mio", True, "bilateral_leg_symptoms", None),
])
def test_dictated_and_joined_answers(text: str, spanish: bool, absent: str | None, present: str | None) -> None:
    found = active(text, spanish)
    assert absent not in found and (present is None or present in found)


def test_a_hedged_answer_is_not_an_echo_unless_a_denial_follows() -> None:
    assert echo_length("chest a bit tight maybe? could be the anxiety") == 0
    assert echo_length("sort of warm? that's the weather. no, no temperature") > 0


def test_weakness_that_gets_worse_in_words_is_an_emergency_at_once() -> None:
    story = asked("weakness_progression")
    story.add_finding("leg_weakness_reported")
    story, names, levels = say(story, "Yes sir, my foot is not lifting properly. Each day it is becoming worse")
    assert levels and levels[-1]["level"] == "emergency"


def test_the_same_weakness_told_in_words_is_not_worse() -> None:
    story = asked("weakness_progression")
    story.add_finding("leg_weakness_reported")
    story, _, _ = say(story, "it's not getting worse, same as last week")
    assert story.answers["weakness_progression"] == "no"


def test_a_wife_asking_for_her_husband_makes_him_the_patient() -> None:
    reading = read("Please I need help for my husband. His waist has been paining him for one week and since this "
                   "morning both his legs are weak", at_opening=True)
    assert reading.subject == "husband"


@pytest.mark.parametrize("text", ["I'm on apixaban after a clot in my leg last year", "Yes, apixaban since a DVT last year"])
def test_a_blood_thinner_taken_now_counts_whenever_it_was_started(text: str) -> None:
    assert "anticoagulant" in active(text)
    assert "anticoagulant" not in active("I was on warfarin years ago but not any more")


def test_a_fall_told_after_the_advice_by_someone_on_a_blood_thinner_raises_the_level() -> None:
    story = asked("screen_bone")
    story, _, _ = say(story, "Yes, apixaban since a DVT last year")
    story.finished, story.asked = True, None
    story, names, levels = say(story, "Actually, I slipped on the wet decking and landed hard. I didn't think it "
                                      "counted as a fall. Does that change anything?")
    assert levels and levels[-1]["level"] == "urgent" and "utter_goodbye" not in names


def test_a_duration_corrected_after_the_advice_replaces_the_first() -> None:
    story = asked("improving", duration_days=14)
    story, _, _ = say(story, "It isn't really getting better")
    assert story.improving is False
    story.finished, story.asked = True, None
    story, _, levels = say(story, "Sorry, I was wrong about the timing. It's been nearly three months.")
    assert story.duration_days and story.duration_days > 42 and levels and levels[-1]["level"] == "routine"


def test_a_past_cancer_told_with_doubt_is_confirmed_as_ever_not_now() -> None:
    story = asked("screen_cancer")
    story, names, _ = say(story, "not sure, maybe I had a thyroid cancer years ago")
    assert names[-1] == "utter_ask_confirm_ever"  # cancer counts however long ago: "have you had ...?"
    story, _, levels = say(story, "yes, cured now")
    assert levels and levels[-1]["level"] == "urgent"


@pytest.mark.parametrize("question, text", [
    ("screen_cancer", "cancer nunca peso igual"), ("screen_cancer", "no gracias a dios mi peso esta igual"),
    ("screen_night", "acostado se me calma"), ("screen_pregnancy", "es varon"), ("screen_pregnancy", "male"),
    ("screen_night", "Lie down better, can sleep."),
])
def test_dictated_denials_answer_the_question(question: str, text: str) -> None:
    story, _, _ = say(asked(question), text)
    assert story.answers.get(question) == "no"


def test_with_a_nerve_symptom_the_combination_screens_come_before_the_other_nerve_questions() -> None:
    from triage.questions import next_question
    from triage.story import Story
    story = Story(greeted=True, duration_days=14, age=60, leg_pain=True,
                  answers={"onset": "none", "location": "low", "leg_pain": True, "screen_cauda_equina": "no"})
    story.add_finding("leg_weakness")
    question = next_question(story, time_critical_only=True)
    # a weak leg: "is it getting worse?" first, as it decides an emergency on its own (a foot that slaps more each day:
    # week batch); then cancer, as cancer + a nerve symptom is an emergency too (NICE-NG234)
    assert question is not None and question.id == "weakness_progression"
    story.answers["weakness_progression"] = "no"
    question = next_question(story, time_critical_only=True)
    assert question is not None and question.id == "screen_cancer"


@pytest.mark.parametrize("text, finding", [
    ("No, EHL 5/5 Tingling over the top of the left foot, nothing else", "leg_numbness"),
    ("Going up the stairs my right foot won't push me up like it used to", "leg_weakness"),
    ("I was rear-ended at a roundabout yesterday", "major_trauma"),
    ("tingling dorsum L foot, no saddle sx. 57F, ex-theatre nurse", "leg_numbness"),  # "ex-" is about drugs only
])
def test_signs_found_on_first_contact_in_the_older_batches(text: str, finding: str) -> None:
    assert finding in active(text)


def test_a_correction_word_does_not_make_minutes_the_duration() -> None:
    story = asked("screen_stiffness", duration_days=120, age=30)
    story, _, _ = say(story, "Stiff how? Like... yeah, actually. Mornings I'm like a plank for an hour or more")
    assert story.duration_days == 120 and "morning_stiffness" in story.findings


def test_no_before_a_topic_in_english_denies_it() -> None:
    assert "weight_loss" not in active("no never had cancer no weight loss")


def test_a_no_with_a_doubt_asked_again_is_still_unsure() -> None:
    story = asked("screen_cauda_equina")
    text = "No, nothing weird down there. idk, I don't really pay attention to that stuff"
    story, names, _ = say(story, text)
    assert names[-1] == "utter_ask_rest"  # the part it names is denied; the rest is asked by name
    story, _, levels = say(story, text)
    assert story.answers["screen_cauda_equina"] == "unsure" and levels and levels[-1]["level"] == "urgent"
