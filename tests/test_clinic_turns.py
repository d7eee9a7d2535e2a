"""Hand-off, check-in, coping questions and summary requests in the conversation engine (no Rasa)."""
from __future__ import annotations

from datetime import datetime, timedelta

from language.read import patient_message
from triage.clinic_turns import CHECKIN_INTENT, UNCLEAR_LIMIT
from triage.conversation import respond
from triage.coping import SUPPORT_SCORE, total_score
from triage.story import Story

NOW = datetime(2026, 11, 28, 12, 0)


def say(story: Story, text: str, intent: str | None = None, now: datetime = NOW, messaging: bool = True):
    """One turn: the new story, response names, effects and triage payloads."""
    message = patient_message(story, text, intent=intent, confidence=0.9, now=now, can_message_first=messaging)
    story, replies = respond(story, message, now)
    return (story, [r.response for r in replies if r.response], [r.effect for r in replies if r.effect],
            [r.payload["triage"] for r in replies if r.payload])


def finished_self_care(messaging: bool = True) -> Story:
    """A 35-year-old with 5 days of simple back pain, advised self-care."""
    story = Story(greeted=True, age=35, duration_days=5, leg_pain=False, pain_score=5, improving=True,
                  answers={"onset": "lifting", "location": "low back", "tried": "nothing"})
    for _ in range(30):
        if story.finished:
            break
        story, names, _, _ = say(story, "no", "deny", messaging=messaging)
    assert story.finished and story.level_sent == "self_care"
    return story


def test_self_care_advice_offers_a_check_in_only_where_we_can_message_first():
    story = Story(greeted=True, age=35, duration_days=5, leg_pain=False, pain_score=5, improving=True,
                  answers={"onset": "lifting", "location": "low back", "tried": "nothing"})
    while not story.finished:
        story, names, _, _ = say(story, "no", "deny")
    assert names[-1] == "utter_offer_extras_checkin"
    assert finished_self_care(messaging=False).finished
    web = finished_self_care(messaging=False)
    _, names, effects, _ = say(web, "Check in with me later", messaging=False)
    assert names == ["utter_checkin_unavailable"] and not effects


def test_check_in_scheduled_then_worse_with_a_red_flag_is_an_emergency():
    story, names, effects, _ = say(finished_self_care(), "Check in with me later")
    assert effects == ["schedule_checkin"] and story.checkin == "scheduled"
    later = NOW + timedelta(days=14)
    story, names, _, _ = say(story, "EXTERNAL: EXTERNAL_checkin_due", CHECKIN_INTENT, now=later)
    assert names == ["utter_checkin_hello", "utter_ask_checkin_progress"]
    story, names, _, payloads = say(story, "worse, and now I can't feel my bottom", now=later)
    assert payloads[0]["level"] == "emergency" and "cauda_equina" in payloads[0]["red_flags"]
    assert names[0] == "utter_result_emergency"


def test_check_in_reruns_the_danger_screen_and_worse_means_see_a_clinician():
    story, _, _, _ = say(finished_self_care(), "Check in with me later")
    later = NOW + timedelta(days=14)
    story, _, _, _ = say(story, "", CHECKIN_INTENT, now=later)
    story, names, _, _ = say(story, "Worse", now=later)
    assert names[0] == "utter_checkin_worse" and names[1].startswith("utter_ask_screen_")
    assert story.duration_days == 19  # 5 days then, 14 days since
    payloads = []
    while not story.finished:
        story, names, _, payloads = say(story, "no", "deny", now=later)
    assert payloads[0]["level"] == "routine" and "utter_routine_why_worse" in names


def test_better_at_check_in_still_asks_the_danger_signs_and_a_yes_escalates():
    story, _, _, _ = say(finished_self_care(), "please check in on me")
    story, _, _, _ = say(story, "", CHECKIN_INTENT, now=NOW + timedelta(days=14))
    story, names, _, _ = say(story, "much better thanks")
    assert names[0] == "utter_checkin_better" and story.asked == "screen_cauda_equina"
    _, _, _, payloads = say(story, "yes", "affirm")
    assert payloads[0]["level"] == "emergency"


def test_stop_cancels_the_check_in_and_a_late_trigger_says_nothing():
    story, _, _, _ = say(finished_self_care(), "Check in with me later")
    story, names, effects, _ = say(story, "STOP")
    assert effects == ["cancel_checkin"] and names == ["utter_stopped"] and story.checkin == "stopped"
    _, names, _, _ = say(story, "", CHECKIN_INTENT)
    assert names == []
    _, _, effects, _ = say(finished_self_care(), "the pain won't stop")
    assert "cancel_checkin" not in effects  # "stop" means opt out only as the whole message


def test_asking_for_a_person_pauses_and_later_messages_are_passed_on():
    story = Story(greeted=True, asked="screen_vascular", duration_days=3, age=40)
    story, names, effects, _ = say(story, "I want to talk to a real person", "human_handoff")
    assert effects == ["handoff"] and story.paused
    story, names, effects, payloads = say(story, "my number is 555 0101", "nlu_fallback")
    assert effects == ["forward"] and names == ["utter_handoff_waiting"] and not payloads


def test_a_red_flag_while_paused_still_gets_emergency_advice_at_once():
    story = Story(greeted=True, asked="screen_vascular", duration_days=3, age=40, paused=True)
    story, names, effects, payloads = say(story, "I've wet myself and can't feel down there")
    assert payloads[0]["level"] == "emergency" and names[0] == "utter_result_emergency"
    assert "forward" in effects


def test_repeated_misunderstanding_hands_off_to_a_person():
    story = Story(greeted=True, finished=True, level_sent="self_care", duration_days=3, age=40)
    effects: list[str] = []
    for turn in range(UNCLEAR_LIMIT):
        story, names, effects, _ = say(story, "purple monkey dishwasher", "nlu_fallback")
        if turn < UNCLEAR_LIMIT - 1:
            assert "handoff" not in effects
    assert effects == ["handoff"] and story.paused


def test_summary_requests_wait_for_the_advice():
    story = Story(greeted=True, asked="screen_vascular", duration_days=3, age=40)
    story, names, effects, _ = say(story, "Send my summary to the clinic")
    assert names == ["utter_extras_later", "utter_ask_screen_vascular"] and not effects
    assert "screen_vascular" not in story.answers  # a request is never read as an answer
    _, _, effects, _ = say(finished_self_care(), "Send my summary to the clinic")
    assert effects == ["send_summary"]
    _, _, effects, _ = say(finished_self_care(), "Show my summary")
    assert effects == ["show_summary"]


def test_coping_questions_score_and_a_high_score_suggests_support():
    story, names, _, _ = say(finished_self_care(), "Questions about coping")
    assert names == ["utter_coping_intro", "utter_ask_coping_worry"]
    for answer in ("A lot", "a lot", "a bit"):
        story, names, _, _ = say(story, answer)
    story, names, _, _ = say(story, "not at all")  # not at all sure they can manage: scores 2
    assert names[0] == "utter_coping_support" and total_score(story.coping) >= SUPPORT_SCORE
    story, names, _, _ = say(finished_self_care(), "Questions about coping")
    for answer in ("not at all", "no", "a bit", "a lot"):
        story, names, _, _ = say(story, answer)
    assert names[0] == "utter_coping_fine" and story.level_sent == "self_care"  # urgency unchanged


def test_coping_answers_with_a_danger_sign_escalate_and_skip_ends_the_questions():
    story, _, _, _ = say(finished_self_care(), "Questions about coping")
    story, names, _, _ = say(story, "skip")
    assert names == ["utter_coping_skipped"] and story.asked is None
    story, _, _, _ = say(finished_self_care(), "Questions about coping")
    _, _, _, payloads = say(story, "a lot, and both legs have gone weak")
    assert payloads[0]["level"] == "emergency"


def test_ordinary_answers_are_not_taken_for_clinic_requests():
    for text in ("no, I pass urine fine and my doctor checked me", "I'm not coping with the pain",
                 "should I talk to a doctor about it?", "it reminds me of last year"):
        assert patient_message(Story(), text).clinic_request is None, text
    for text, request in (("Can I speak to a nurse please", "handoff"), ("stop", "stop"),
                          ("please email my summary to the clinic", "send_summary"),
                          ("Questions about coping", "coping"), ("remind me in 2 weeks", "checkin")):
        assert patient_message(Story(), text).clinic_request == request, text


def test_without_a_clinic_endpoint_nobody_is_left_waiting():
    story = Story(greeted=True, asked="screen_vascular", duration_days=3, age=40)
    message = patient_message(story, "I want to talk to a real person", clinic_connected=False)
    story, replies = respond(story, message, NOW)
    assert [r.response for r in replies] == ["utter_human_handoff", "utter_ask_screen_vascular"]
    assert not story.paused and not any(r.effect for r in replies)
    finished = finished_self_care()
    story, replies = respond(finished, patient_message(finished, "Send my summary to the clinic",
                                                       clinic_connected=False), NOW)
    assert [r.response for r in replies] == ["utter_summary_unavailable"]


def test_should_i_talk_to_a_doctor_is_a_question_not_a_hand_off():
    message = patient_message(Story(), "should I talk to a doctor about it?", intent="human_handoff", confidence=0.9)
    assert message.clinic_request is None and message.follow_up == "ask_see_doctor"


def test_unclear_answers_to_a_question_never_hand_off():
    """GUIDELINE s3a: "My legs work." three times is asked again, then unsure; never a pause for a person."""
    story = Story(greeted=True, asked="screen_leg_nerves", duration_days=3, age=40, leg_pain=False)
    for _ in range(UNCLEAR_LIMIT + 1):
        story, names, effects, payloads = say(story, "My legs work.", "nlu_fallback")
        assert "handoff" not in effects and not story.paused
    assert story.answers["screen_leg_nerves"] == "unknown" or "screen_leg_nerves" in story.answers
