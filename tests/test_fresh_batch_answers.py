"""Answers the comorbid, translated-English, Spanish-chat and push-back batches (session 11) misread on first
contact: denials said after the word in translated English, the chest or the legs said to be fine, sleep told
plainly, retention in translated English, a repeated answer of denials only, and messages the intent classifier
or the check-in words took for something else (GUIDELINE s3a)."""
from __future__ import annotations

import pytest

from language import textspeak
from language.answers import parse_leg_side, parse_polarity
from language.findings import extract_findings
from language.read import read
from language.requests import request
from tests.test_patient_words import asked, say


def active(text: str, spanish: bool = False) -> set[str]:
    return {f.id for f in extract_findings(text, spelling=not spanish, spanish=spanish) if f.is_active()}


def assert_reads(text: str, spanish: bool, absent: str | None, present: str | None) -> None:
    """The message's active findings leave out `absent` and hold `present` (None: nothing to check)."""
    found = active(text, spanish)
    assert absent is None or absent not in found
    assert present is None or present in found


@pytest.mark.parametrize("text, spanish, absent, present", [
    ("Fever no have. I never injected anything.", False, "fever", None),
    ("Tuberculosis never I had. No infections.", False, "past_tuberculosis", None),
    ("TB's never been an issue for me.", False, "past_tuberculosis", None),
    ("fever never went away", False, None, "fever"),  # "never" + a verb: not a denial of the word before
    ("No issues with my bladder.", False, "bladder_dysfunction", None),
    ("I've not been leaking anything and weeing doesn't hurt.", False, "bladder_dysfunction", None),
    ("I have issues with my bladder since yesterday", False, None, "bladder_dysfunction"),
    ("no problems with my back until I started leaking urine", False, None, "bladder_dysfunction"),
    ("my urine does not come out itself. I push and push and only small drops.", False, None, "bladder_dysfunction"),
    ("Yes, the urine stay inside, I feel full but it don't come, only drops.", False, None, "bladder_dysfunction"),
    ("My right foot's been catching on the carpet, now I can't lift the front of it properly", False, None,
     "progressive_weakness"),
    ("chest good, breathing good no dizzy", False, "chest_pain_or_breathless", None),
    ("chest pain, breathing is fine", False, None, "chest_pain_or_breathless"),  # a normal after a comma
    ("my chest is fine but I can't breathe", False, None, "chest_pain_or_breathless"),
    ("Pecho tranquilo, no me da mareo", True, "chest_pain_or_breathless", None),
    ("nada en el pecho no me mareo, chico", True, "faint_or_collapse", None),
    ("el pecho perfecto, chica mareada no he estado", True, "faint_or_collapse", None),
    ("fiebre ninguna, drogas no", True, "fever", None),
    ("tuberculosis no he padecido infecciones no he tenido", True, "past_tuberculosis", None),
    ("mi mama nunca ha tenido cancer no ha bajado de peso", True, "weight_loss", None),
])
def test_denials_and_signs_in_fresh_wording(text: str, spanish: bool, absent: str | None, present: str | None) -> None:
    assert_reads(text, spanish, absent, present)


@pytest.mark.parametrize("text, side", [
    ("Neither leg is involved. My legs don't hurt.", None),
    ("Both legs are in order, nothing there.", None),
    ("Both legs, yes, down to the knees", "both"),
])
def test_legs_not_involved_are_no_side(text: str, side: str | None) -> None:
    assert parse_leg_side(text) == side


@pytest.mark.parametrize("text, polarity", [
    ("tengo fuerza, juego pelota y todo", "no"), ("Ni caidas ni golpes", "no"), ("ni idea", "unsure"),
    ("Not at night.", "no"), ("Sore turning over, but I slept.", "no"),
    ("At night when I lie on the side with pillow it calm down, I sleep.", "no"),
])
def test_plain_answers_in_fresh_wording(text: str, polarity: str) -> None:
    assert parse_polarity(text) == polarity


def test_a_foot_check_in_september_is_not_a_check_in_request() -> None:
    assert request("No numbness or tingling, my diabetes foot check in September was perfect.") is None
    assert request("can you check in on me next week?") == "checkin"
    assert request("please send a check-in") == "checkin"


def test_an_answer_is_read_even_beside_a_request_for_later() -> None:
    story, names, _ = say(asked("screen_leg_nerves"), "My legs are as strong as usual. No numbness or tingling. "
                                                      "Can you check in on me next week?")
    assert story.answers["screen_leg_nerves"] == "no" and names[0] == "utter_extras_later"


def test_a_plain_no_is_an_answer_whatever_the_intent() -> None:
    from language.read import patient_message
    from triage.conversation import respond
    story = asked("screen_vascular")
    story, replies = respond(story, patient_message(story, "No chest pain, not dizzy.", intent="bot_challenge",
                                                    confidence=0.9))
    assert story.answers["screen_vascular"] == "no"
    assert "utter_bot_challenge" not in [r.response for r in replies]


def test_denials_only_repeated_after_the_rest_was_asked_are_a_no() -> None:
    story = asked("screen_cauda_equina")
    answer = "No numbness between my legs. Nothing else has changed there, all as normal."
    for _ in range(3):
        story, _, _ = say(story, answer)
        if "screen_cauda_equina" in story.answers:
            break
    assert story.answers["screen_cauda_equina"] == "no" and "cauda_equina_reported" not in story.unsure


def test_the_same_repeated_with_a_doubt_stays_unsure() -> None:
    story = asked("screen_cauda_equina")
    for _ in range(3):
        story, _, _ = say(story, "No numbness down there. The bladder? No idea.")
    assert story.answers.get("screen_cauda_equina") != "no" and story.unsure


@pytest.mark.parametrize("text, spanish, written", [
    ("fiebre nd nop", True, "fiebre nada no"), ("numb nd tingly", False, "numb and tingly"),
    ("x mi abuelo, q tiene 80", True, "por mi abuelo, que tiene 80"),
    ("le hicieron rayos x", True, "le hicieron rayos x"),  # an X-ray, not "rayos por"
    ("desde hace 3 días", True, "desde hace 3 días"),  # "días" is one word, not "d" + "as"
])
def test_spanish_text_speak_is_read_in_spanish_only(text: str, spanish: bool, written: str) -> None:
    assert textspeak.expand(text, spanish=spanish) == written


def test_a_spanish_chat_denial_in_text_speak_is_a_denial() -> None:
    reading = read("fiebre nd nop")
    assert reading.language == "es" and reading.polarity == "no"
    assert not [f for f in reading.findings if f.is_active()]
    assert read("hace 2 sem", spanish=True).duration_days == 14


@pytest.mark.parametrize("text, absent, present", [
    ("No TB. I had TB vaccine as child only.", "past_tuberculosis", None),
    ("I had TB as a child", None, None),  # past TB counts (history_counts); read, whatever its time
    ("I had no infection recently and no procedure on the spine.", "recent_infection", None),
    ("I had a bad chest infection last week", None, "recent_infection"),
    ("Fever is not there. I don't do drugs sir.", "fever", None),
    ("Chest is not hurting, I breathe freely.", "chest_pain_or_breathless", None),
    ("my chest isn't hurting but I can't breathe", None, "chest_pain_or_breathless"),
])
def test_translated_english_denials_session_12(text: str, absent: str | None, present: str | None) -> None:
    found = active(text)
    assert absent is None or absent not in found
    assert present is None or present in found
