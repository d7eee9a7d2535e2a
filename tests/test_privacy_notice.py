"""The privacy notice (issue 14 item 1): before the first health question on every channel, true, and
with the way to erase the chat; the full notice served with the web page."""
from __future__ import annotations

from pathlib import Path

import yaml

from clinic import wording
from clinic.settings import clinic_settings
from language.read import patient_message
from scripts.serve_web import PRIVACY_PARAGRAPHS, privacy_page, session_minutes, widget_config
from triage.conversation import respond
from triage.story import Story


def first_reply(text: str, notice_shown: bool = False) -> list[str]:
    story = Story()
    _, replies = respond(story, patient_message(story, text, notice_shown=notice_shown))
    return [r.response for r in replies if r.response]


def test_messaging_channels_get_the_notice_before_any_health_question() -> None:
    for text in ("hi", "I hurt my lower back lifting boxes 3 days ago"):
        names = first_reply(text)
        notice = names.index("utter_privacy_notice")
        asked = [i for i, name in enumerate(names) if name.startswith("utter_ask_")]
        assert asked and notice < asked[0]


def test_an_emergency_in_the_first_message_is_not_delayed_by_the_notice() -> None:
    names = first_reply("I can't feel anything when I wipe and I can't pee since last night")
    assert names[0] == "utter_result_emergency" and "utter_privacy_notice" in names  # the emergency first


def test_the_web_widget_shows_it_before_the_first_message_so_the_chat_does_not_repeat_it() -> None:
    assert "utter_privacy_notice" not in first_reply("hi", notice_shown=True)
    texts = widget_config("http://localhost:5005")["texts"]
    assert texts["privacy"] and texts["privacy_link"]


def test_the_notice_says_what_is_kept_how_long_who_sees_it_and_how_to_erase_it() -> None:
    for text in (wording.text("utter_privacy_notice"), wording.texts("utter_page_")["privacy"]):
        assert f"{clinic_settings()['retention_days']} days" in text  # the configured retention
        assert "delete my data" in text and "summary" in text and "server" in text
    assert "in this browser until you press Start again" not in wording.texts("utter_page_")["intro_small"]


def test_the_browser_copy_lasts_as_long_as_the_servers_session() -> None:
    domain = yaml.safe_load(Path("domain.yml").read_text(encoding="utf-8"))
    minutes = domain["session_config"]["session_expiration_time"]
    assert widget_config("http://localhost:5005")["sessionMinutes"] == session_minutes() == minutes
    assert f"after {minutes // 60} hours with no message" in privacy_page()


def test_the_privacy_page_has_every_part_with_the_clinics_values_escaped() -> None:
    page = privacy_page()
    texts = {key: wording.fill(text, {"session_hours": "2"}) for key, text in wording.texts("utter_page_privacy_").items()}
    assert "<h1>How this chat uses your information</h1>" in page
    for key in PRIVACY_PARAGRAPHS:
        assert texts[key].replace("'", "&#x27;").replace('"', "&quot;") in page
    assert clinic_settings()["clinic_phone"] in page and "{" not in page


def test_erasing_the_chat_gives_the_emergency_signs_and_the_clinics_number() -> None:
    text = wording.text("utter_data_deleted")
    assert clinic_settings()["emergency_number"] in text and clinic_settings()["clinic_phone"] in text


def test_a_response_rasa_sends_itself_gets_the_clinics_values_from_the_channel() -> None:
    import asyncio

    from rasa.core.channels.channel import CollectingOutputChannel

    from channels.safety import CountingOutput

    output = CountingOutput(CollectingOutputChannel())
    asyncio.run(output.send_response("patient", {"text": wording.responses()["utter_data_deleted"][0]["text"]}))
    sent = output.inner.messages[0]["text"]
    assert clinic_settings()["clinic_phone"] in sent and clinic_settings()["emergency_number"] in sent and "{" not in sent


def test_a_clinics_session_expiry_reaches_the_widget_and_the_privacy_page(monkeypatch) -> None:
    monkeypatch.setenv("SESSION_EXPIRY_MINUTES", "90")  # as the Rasa server reads it (server/startup.py)
    assert widget_config("http://localhost:5005")["sessionMinutes"] == 90
    assert "after 1.5 hours with no message" in privacy_page()


def test_declining_the_notice_erases_the_chat_and_gives_the_danger_signs() -> None:
    """Continuing is agreement; a decline, in any words, gets utter_data_deleted (emergency signs and the
    clinic's number), which the tracker store answers by erasing the conversation."""
    story = Story()
    story, _ = respond(story, patient_message(story, "hi, my back hurts"))
    for text in ("I don't agree", "No, I do not consent.", "no thanks", "I decline"):
        assert [r.response for r in respond(Story.from_dict(story.as_dict()), patient_message(story, text))[1]
                if r.response] == ["utter_data_deleted"], text
    for text in ("I don't want you to keep my answers", "please don't store my data"):
        finished = Story(finished=True, greeted=True)
        assert [r.response for r in respond(finished, patient_message(finished, text))[1]] == ["utter_data_deleted"]
    after_advice = Story(finished=True, greeted=True)
    replies = respond(after_advice, patient_message(after_advice, "I don't agree"))[1]
    assert "utter_data_deleted" not in [r.response for r in replies]  # push-back on the advice, not a decline


def test_the_tracker_store_erases_when_the_action_sent_the_deletion_response() -> None:
    from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from persistence.tracker_store import asked_to_be_forgotten

    tracker = DialogueStateTracker.from_events("p", [UserUttered("I don't agree"), ActionExecuted("action_respond"),
                                                     BotUttered("Done", metadata={"utter_action": "utter_data_deleted"})])
    assert asked_to_be_forgotten(tracker)
    tracker.update(UserUttered("hi again"))
    assert not asked_to_be_forgotten(tracker)
