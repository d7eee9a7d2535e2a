"""action_respond with the real domain: the events it returns and the responses it sends."""
from __future__ import annotations

import asyncio
import json

from actions.respond import ActionRespond
from clinic import wording
from triage.conversation import response_names
from triage.story import Story


def run(dispatcher, tracker, domain):
    return asyncio.run(ActionRespond().run(dispatcher, tracker, domain))


def sent(dispatcher) -> list[str]:
    return [m["response"] if m.get("response") else "payload" for m in dispatcher.messages]


def test_opening_story_is_read_and_the_next_missing_item_asked(dispatcher, tracker_for, domain):
    events = run(dispatcher, tracker_for("I hurt my lower back lifting boxes 3 days ago"), domain)
    assert sent(dispatcher) == ["utter_intro", "utter_privacy_notice", "utter_ask_location"]
    (event,) = events
    story = event["value"]
    assert event["name"] == "story" and story["duration_days"] == 3.0 and story["asked"] == "location"
    assert story["findings"] == ["lifting_or_bending"] and story["greeted"]


def test_red_flag_mid_form_escalates_in_the_same_turn(dispatcher, tracker_for, domain):
    slots = Story(greeted=True, asked="age", duration_days=3.0).as_dict()
    events = run(dispatcher, tracker_for("Wait, I can't feel the toilet paper when I wipe", story=slots), domain)
    assert sent(dispatcher) == ["utter_result_emergency", "payload", "utter_why_cauda_equina",
                                "utter_emergency_while_waiting"]
    payload = dispatcher.messages[1]["custom"]["triage"]
    assert (payload["level"], payload["imaging"], payload["red_flags"]) == ("emergency", "immediate", ["cauda_equina"])
    assert events[0]["value"]["level_sent"] == "emergency" and events[0]["value"]["finished"]


def test_responses_are_filled_with_clinic_settings(dispatcher, tracker_for, domain):
    run(dispatcher, tracker_for("hi", intent="greet"), domain)
    assert dispatcher.messages[0]["response"] == "utter_greet"
    assert dispatcher.messages[0]["emergency_number"] and dispatcher.messages[0]["clinic_phone"]


def test_follow_up_question_after_advice_is_answered_in_context(dispatcher, tracker_for, domain):
    slots = Story(greeted=True, finished=True, level_sent="self_care", age=30, duration_days=4.0).as_dict()
    run(dispatcher, tracker_for("Do I need an X-ray?", intent="ask_imaging", story=slots), domain)
    assert sent(dispatcher) == ["utter_answer_imaging_none"]


def test_every_sent_response_exists_in_the_domain_and_every_response_is_sent(domain):
    from channels.safety import SERVICE_TROUBLE_RESPONSE
    from persistence.tracker_store import ERASE_RESPONSE
    read_not_sent = {name for name in domain["responses"] if name.startswith(wording.PREFIXES)}  # clinic/wording.py
    assert response_names() | {SERVICE_TROUBLE_RESPONSE, ERASE_RESPONSE} | read_not_sent == set(domain["responses"])


def test_the_story_round_trips_through_its_slot(domain):
    story = Story(findings=["fever"], answers={"age": 40}, age=40, greeted=True)
    assert set(domain["slots"]) == {"story", "language"} and Story.from_dict(story.as_dict()) == story


def test_slash_shortcut_is_read_as_text_and_cannot_skip_a_red_flag_question(dispatcher, tracker_for, domain):
    slots = Story(greeted=True, asked="screen_cauda_equina", duration_days=3.0, age=40).as_dict()
    tracker = tracker_for("/deny", intent="deny", confidence=1.0, story=slots)
    del tracker.latest_message["clinical_findings"]  # Rasa's shortcut handler skips the NLU pipeline
    events = run(dispatcher, tracker, domain)
    assert sent(dispatcher) == ["utter_ask_screen_cauda_equina_again"]
    assert "screen_cauda_equina" not in events[0]["value"]["answers"]


def test_red_flag_in_a_shortcut_message_still_escalates(dispatcher, tracker_for, domain):
    tracker = tracker_for('/describe_pain{"x": 1} I have wet myself', intent="describe_pain", confidence=1.0)
    del tracker.latest_message["clinical_findings"]
    run(dispatcher, tracker, domain)
    assert sent(dispatcher)[:2] == ["utter_result_emergency", "payload"]
    assert dispatcher.messages[1]["custom"]["triage"]["level"] == "emergency"


def test_very_long_message_gets_a_friendly_note(dispatcher, tracker_for, domain):
    run(dispatcher, tracker_for("my back hurts " * 400), domain)
    assert sent(dispatcher)[0] == "utter_message_too_long"


def test_each_disposition_is_audited_without_free_text(dispatcher, tracker_for, domain, tmp_path, monkeypatch):
    log = tmp_path / "audit.jsonl"
    monkeypatch.setenv("AUDIT_LOG", str(log))
    run(dispatcher, tracker_for("my back hurts and I've wet myself twice today"), domain)
    (line,) = log.read_text().splitlines()
    record = json.loads(line)
    assert record["level"] == "emergency" and record["red_flags"] == ["cauda_equina"]
    assert set(record) == {"time", "conversation", "channel", "level", "imaging", "red_flags", "reasons"}
    assert "wet" not in line and "test" not in line  # no text, no raw conversation id
