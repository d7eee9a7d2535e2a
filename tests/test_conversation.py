"""The conversation engine without Rasa: what is asked, when it escalates, what it says."""
from __future__ import annotations

from datetime import datetime

from language.read import patient_message
from triage.conversation import respond
from triage.story import Story

NOW = datetime(2026, 11, 28, 12, 0)


def say(story: Story, text: str, intent: str | None = None, confidence: float = 0.9):
    """One patient turn; returns the new story, the response names and the payloads."""
    message = patient_message(story, text, intent=intent, confidence=confidence, now=NOW)
    story, replies = respond(story, message, NOW)
    return story, [r.response for r in replies if r.response], [r.payload["triage"] for r in replies if r.payload]


def test_greeting_then_story_questions_skip_what_was_said():
    story, names, _ = say(Story(), "hi", "greet")
    assert names == ["utter_greet", "utter_privacy_notice", "utter_ask_opening"]
    story, names, _ = say(story, "I hurt my lower back lifting boxes 3 days ago, I'm 34", "describe_pain")
    assert names == ["utter_ask_location"]  # duration, onset and age were given already
    assert (story.duration_days, story.age) == (3.0, 34)


def test_red_flag_in_the_opening_escalates_at_once():
    _, names, payloads = say(Story(), "my back hurts and I can't feel the toilet paper when I wipe")
    assert names[:2] == ["utter_result_emergency", "utter_why_cauda_equina"] and "utter_intro" in names
    assert payloads[0]["level"] == "emergency" and payloads[0]["red_flags"] == ["cauda_equina"]


def test_red_flag_while_another_question_is_pending_is_not_swallowed():
    story, _, _ = say(Story(), "my back went 2 days ago")
    assert story.asked == "onset"
    story, names, payloads = say(story, "bending over, and now both my legs feel weak")
    assert payloads[0]["level"] == "emergency"
    assert payloads[0]["red_flags"] == ["cauda_equina", "neuro_deficit"]
    assert story.finished and story.asked is None


def test_denials_in_one_sentence_do_not_escalate():
    story, names, payloads = say(Story(), "Sore back for a week. No numbness, no trouble peeing, no fever.")
    assert not payloads and names[-1].startswith("utter_ask_")


def test_bare_yes_to_a_grouped_danger_question_escalates():
    story = Story(greeted=True, asked="screen_cauda_equina", duration_days=3, age=40)
    _, _, payloads = say(story, "yes", "affirm")
    assert payloads[0]["level"] == "emergency" and payloads[0]["red_flags"] == ["cauda_equina"]


def test_not_sure_twice_about_a_danger_sign_is_never_ignored():
    story = Story(greeted=True, asked="screen_cauda_equina", duration_days=3, age=40)
    story, names, payloads = say(story, "I'm not sure", "unsure")
    assert names == ["utter_ask_screen_cauda_equina_again"] and not payloads
    story, names, payloads = say(story, "I'm not sure", "unsure")
    assert payloads[0]["level"] == "urgent" and payloads[0]["red_flags"] == ["cauda_equina"]


def test_urgent_escalation_then_only_emergency_questions():
    story, names, payloads = say(Story(), "back pain for 5 days and I've had a fever")
    assert payloads[0]["level"] == "urgent"
    assert names[-3:] == ["utter_escalate_urgent", "utter_more_safety_questions", "utter_ask_screen_cauda_equina"]


def test_follow_up_question_mid_assessment_is_answered_then_the_question_repeated():
    story, _, _ = say(Story(), "my back went 2 days ago")
    story, names, _ = say(story, "should I stay in bed?", "ask_bed_rest")
    assert names == ["utter_answer_bed_rest", "utter_ask_onset"]


def test_late_red_flag_after_self_care_advice_changes_the_advice():
    story = Story(greeted=True, finished=True, level_sent="self_care", age=30, duration_days=3)
    story, names, payloads = say(story, "oh and I've wet myself twice since this morning")
    assert payloads[0]["level"] == "emergency" and names[0] == "utter_result_emergency"


def test_family_history_answer_is_a_no():
    story = Story(greeted=True, asked="screen_cancer", duration_days=3, age=40)
    story, _, payloads = say(story, "No, but my mum had cancer", "deny")
    assert not payloads and story.answers["screen_cancer"] == "no" and "cancer_reported" not in story.findings


def test_self_care_ending_has_plan_and_safety_net():
    story = Story(greeted=True, asked="tried", duration_days=3, age=30, pain_score=5, improving=True, leg_pain=False,
                  answers=dict.fromkeys(("onset", "location", "screen_cauda_equina", "screen_leg_nerves", "screen_trauma", "screen_vascular", "screen_cancer", "screen_infection", "screen_infection_recent", "screen_bone", "screen_night", "screen_pregnancy"), "no"))  # noqa: E501 (one list)
    story, names, payloads = say(story, "just ibuprofen")
    assert payloads[0] == {"level": "self_care", "imaging": "none", "red_flags": [], "reasons": [],
                           "facts": {"age": 30, "duration_days": 3, "leg_pain": False, "pain_score": 5,
                                     "improving": True}}
    assert {"utter_imaging_none", "utter_self_care_move", "utter_self_care_medicine", "utter_safety_net"} <= set(names)


def test_hello_mid_assessment_repeats_the_question():
    story, _, _ = say(Story(), "my back went 2 days ago, bending over")
    assert story.asked == "location"
    story, names, _ = say(story, "hello?", "greet")
    assert names == ["utter_ask_location"]


def test_follow_up_found_by_topic_words_when_the_classifier_is_unsure():
    story = Story(greeted=True, finished=True, level_sent="self_care", age=30, duration_days=3)
    _, names, _ = say(story, "Will I need a scan at some point?", "nlu_fallback", 0.3)
    assert names == ["utter_answer_imaging_none"]
    _, names, _ = say(story, "is it ok to keep working", "describe_pain", 0.6)
    assert names == ["utter_answer_work"]


def test_night_pain_does_not_skip_the_cancer_question():
    story, _, _ = say(Story(), "my back has hurt for 3 weeks and it wakes me up every night")
    assert "night_pain" in story.findings
    from triage.questions import QUESTION_BY_ID
    assert QUESTION_BY_ID["screen_cancer"].is_open(story)


def test_a_statement_answers_the_pending_question_before_any_follow_up():
    story = Story(greeted=True, asked="screen_vascular", duration_days=3, age=40)
    story, names, _ = say(story, "no, I feel fine otherwise", "ask_worry", 0.7)
    assert story.answers["screen_vascular"] == "no" and "utter_answer_worry" not in names


def test_after_an_emergency_any_question_is_told_to_go_now():
    story = Story(greeted=True, finished=True, level_sent="emergency", flags_sent=["cauda_equina"],
                  findings=["saddle_numbness"])
    _, names, _ = say(story, "Can I wait and see my own doctor tomorrow instead?", "describe_pain", 0.6)
    assert names == ["utter_restate_emergency", "utter_why_cauda_equina"]  # the level and why, again (s3a)


def test_what_should_i_do_if_gets_the_warning_signs():
    story = Story(greeted=True, finished=True, level_sent="self_care", age=30, duration_days=3)
    _, names, _ = say(story, "And what should I do if my legs go numb?", "describe_pain", 0.5)
    assert names == ["utter_safety_net", "utter_safety_net_see"]


def test_a_new_category_at_the_same_level_sends_a_new_payload():
    story = Story(greeted=True, asked="screen_cancer", duration_days=3, age=40, level_sent="urgent",
                  flags_sent=["infection"], findings=["fever"])
    _, _, payloads = say(story, "yes, I had breast cancer 4 years ago")
    assert payloads and payloads[0]["red_flags"] == ["infection", "cancer"]


def test_an_answer_with_a_what_if_question_is_both_recorded_and_answered():
    story = Story(greeted=True, asked="screen_cauda_equina", duration_days=7, age=33)
    story, names, payloads = say(story, "No. But what if I do get numb down there, is that bad?", "ask_serious", 0.6)
    assert not payloads and story.answers["screen_cauda_equina"] == "no"
    assert names[0] in ("utter_safety_net", "utter_answer_serious_pending") and names[-1] != "utter_ask_screen_cauda_equina"


def test_stable_weakness_is_not_progression():
    story = Story(greeted=True, asked="weakness_progression", duration_days=5, age=40, findings=["leg_weakness"])
    story, _, payloads = say(story, "It's been the same since it started and isn't getting worse")
    assert story.answers["weakness_progression"] == "no" and "progression_reported" not in story.findings


def test_activity_question_after_the_advice():
    story = Story(greeted=True, finished=True, level_sent="self_care", age=30, duration_days=3)
    _, names, _ = say(story, "Will sitting at my desk all day make it worse?", "nlu_fallback", 0.3)
    assert names == ["utter_answer_activity"]
    _, names, _ = say(story, "When should I worry?", "ask_see_doctor", 0.8)
    assert names == ["utter_safety_net", "utter_safety_net_see"]


def test_a_shortcut_is_never_a_no():
    story = Story(greeted=True, asked="screen_cauda_equina", duration_days=3, age=40, retried=["screen_cauda_equina"])
    story, _, payloads = say(story, '/deny{"answers": "no"}', None, 0.0)
    assert story.answers["screen_cauda_equina"] == "unsure" and payloads[0]["level"] == "urgent"
