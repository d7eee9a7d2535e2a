"""For the clinic, end to end: summary to the clinic endpoint, hand-off and resume, a check-in after a restart.

Real action and Rasa servers; the clinic endpoint is a loopback receiver that stores each item once per
Idempotency-Key; Telegram's API is the loopback stand-in of tests/test_channels.py (check-ins need a
channel that can message first).
"""
from __future__ import annotations

import functools
import json
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List

import pytest
from sqlalchemy import create_engine

from handover import checkins
from harness.platform_standin import PlatformStandIn
from harness.stack import ROOT, Stack, running_stack
from scripts.write_credentials import build, render
from tests.clinic_receiver import Receiver
from tests.test_channels import ENV as CHANNEL_ENV
from tests.test_channels import telegram_say, twilio_post, twilio_say

pytestmark = pytest.mark.e2e

STAFF_TOKEN = "staff-test-token-7f3a"
OPENING = "I hurt my lower back lifting boxes 3 days ago. I'm 34 and a man, no pain in my legs."
TELEGRAM_ENV = {k: v for k, v in CHANNEL_ENV.items() if k.startswith("TELEGRAM_")}


def answer_for(question: str) -> str:
    """A patient with simple back pain: 'no' to every danger sign."""
    for words, answer in (("0 to 10", "4"), ("getting better", "Getting better"), ("Where exactly", "low down"),
                          ("tried", "nothing yet")):
        if words in question:
            return answer
    return "no"


def to_advice(say: Callable[[str], List[str]]) -> List[str]:
    """Play the patient until the advice (the offer of a summary) arrives; returns the last replies."""
    replies = say(OPENING)
    for _ in range(30):
        if any("Or choose one of these" in text for text in replies):
            return replies
        replies = say(answer_for(replies[-1]))
    raise AssertionError(f"no advice after 30 turns: {replies}")


def post_json(url: str, body: Dict[str, Any], headers: Dict[str, str] | None = None) -> tuple[int, Any]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def rest_say(stack: Stack, sender: str) -> Callable[[str], List[str]]:
    def say(text: str) -> List[str]:
        status, messages = post_json(stack.rest_url, {"sender": sender, "message": text})
        assert status == 200
        return [m["text"] for m in messages if m.get("text")]
    return say


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    clinic = Receiver(("fail_500",))  # the clinic endpoint fails once, then works
    yield clinic
    clinic.close()


def clinic_env(receiver: Receiver, workdir: Path, poll_seconds: str) -> Dict[str, str]:
    return {"CLINIC_WEBHOOK_URL": receiver.url, "CLINIC_WEBHOOK_RETRIES": "2", "CLINIC_WEBHOOK_BACKOFF": "0.05",
            "CLINIC_DB_URL": f"sqlite:///{workdir / 'clinic.db'}", "STAFF_TOKEN": STAFF_TOKEN,
            "CHECKIN_DAYS": "0.00005", "CHECKIN_POLL_SECONDS": poll_seconds}


@pytest.fixture(scope="module")
def stack(receiver: Receiver, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    workdir = tmp_path_factory.mktemp("clinic")
    with running_stack(workdir, env=clinic_env(receiver, workdir, "1")) as running:
        yield running


def stored(receiver: Receiver, kind: str, conversation_id: str) -> List[Dict[str, Any]]:
    return [item for item in receiver.stored.values()
            if item["kind"] == kind and item["conversation_id"] == conversation_id]


def test_the_summary_reaches_the_clinic_once_despite_a_failure_and_the_patient_can_read_it(
        stack: Stack, receiver: Receiver) -> None:
    say = rest_say(stack, "clinic-summary-1")
    to_advice(say)
    replies = say("Send my summary to the clinic")
    assert any("on its way" in text for text in replies), replies
    summaries = stored(receiver, "summary", "clinic-summary-1")
    assert len(summaries) == 1 and len([r for r in receiver.requests if r[1]["kind"] == "summary"]) == 2
    body = summaries[0]["body"]
    assert body["questionnaire_response"]["resourceType"] == "QuestionnaireResponse"
    assert body["triage"]["level"] == "self_care"
    assert "Here is your summary." in " ".join(say("Show my summary"))


def test_a_person_takes_over_and_staff_resume_the_assistant(stack: Stack, receiver: Receiver) -> None:
    sender = "clinic-handoff-1"
    say = rest_say(stack, sender)
    say("hi")
    say("my back hurts since yesterday")
    replies = say("I want to talk to a real person")
    assert any("paused my questions" in text for text in replies), replies
    handoff = stored(receiver, "handoff", sender)
    assert len(handoff) == 1
    transcript = [line["text"] for line in handoff[0]["body"]["transcript"]]
    assert "my back hurts since yesterday" in transcript
    replies = say("please call me on 555 0199")
    assert any("passed that on" in text for text in replies), replies
    assert any(item["body"]["text"] == "please call me on 555 0199" for item in stored(receiver, "message", sender))
    resume = f"{stack.rasa_url}/webhooks/clinic/resume"
    assert post_json(resume, {"conversation_id": sender})[0] == 401
    assert post_json(resume, {"conversation_id": sender}, {"Authorization": "Bearer wrong"})[0] == 401
    status, body = post_json(resume, {"conversation_id": sender}, {"Authorization": f"Bearer {STAFF_TOKEN}"})
    assert status == 200 and body["resumed"] is True
    replies = say("it started when I bent down")
    assert not any("passed that on" in text for text in replies) and replies[-1].endswith("?"), replies


def test_a_check_in_fires_after_a_restart_and_worse_with_a_danger_sign_is_an_emergency(
        receiver: Receiver, tmp_path_factory: pytest.TempPathFactory) -> None:
    workdir = tmp_path_factory.mktemp("checkin")
    credentials = workdir / "credentials.yml"
    credentials.write_text(render(build({**TELEGRAM_ENV, "ENABLE_REST": "false", "ENABLE_SOCKETIO": "false"})))
    chat_id = 5550177777
    with PlatformStandIn(telegram_username=TELEGRAM_ENV["TELEGRAM_BOT_USERNAME"]) as standin:
        env = {**TELEGRAM_ENV, **clinic_env(receiver, workdir, "3600"), "STANDIN_API_URL": standin.url,
               "PYTHONPATH": f"{ROOT / 'tests' / 'standin_site'}:{ROOT}"}

        def texts(calls: List[Any]) -> List[str]:
            return [c.fields["text"] for c in calls]

        with running_stack(workdir, credentials=credentials, env=env) as first:  # no rounds while it runs
            say = lambda text: texts(telegram_say(first, standin, chat_id, text))  # noqa: E731
            advice = to_advice(say)
            assert "Check in with me in" in json.dumps([c.fields for c in standin.calls[-1:]])
            assert any("message you here in" in text for text in say("Check in with me later")), advice
        mark = standin.mark()
        with running_stack(workdir, credentials=credentials, env={**env, "CHECKIN_POLL_SECONDS": "1"}) as second:
            question = standin.wait_for(lambda c: c.api_method == "sendMessage" and "better, the same, or worse"
                                        in str(c.fields.get("text")) and standin.calls.index(c) >= mark, seconds=90)
            assert question, texts(standin.since(mark))
            replies = texts(telegram_say(second, standin, chat_id, "worse, and now I can't feel my bottom"))
            assert replies[0].startswith("Please get emergency help now."), replies


TWILIO_ENV = {k: v for k, v in CHANNEL_ENV.items() if k.startswith("TWILIO_")}
STATUS_URL = TWILIO_ENV["TWILIO_WEBHOOK_URL"].removesuffix("/webhook") + "/status"
TEMPLATE = "HX" + "7" * 32


def checkin_rows(workdir: Path) -> Dict[str, Any]:
    """conversation id -> the clinic database's check-in row."""
    engine = create_engine(f"sqlite:///{workdir / 'clinic.db'}")
    with engine.connect() as conn:
        return {row.conversation_id: row for row in conn.execute(checkins.checkins.select())}


def sms_say(stack: Stack, standin: PlatformStandIn, patient: str, to: str, text: str) -> List[str]:
    return [c.fields.get("Body") or "" for c in twilio_say(stack, standin, patient, text, to=to)]


def test_twilio_check_ins_are_sent_only_when_accepted_and_their_delivery_is_recorded(
        receiver: Receiver, tmp_path_factory: pytest.TempPathFactory) -> None:
    """SMS: delivered by Twilio's signed status callback; refused by Twilio: not sent, tried again later;
    WhatsApp: the clinic's approved template, and the patient's numbered reply goes on with the check-in."""
    workdir = tmp_path_factory.mktemp("twilio-checkin")
    credentials = workdir / "credentials.yml"
    credentials.write_text(render(build({**TWILIO_ENV, "ENABLE_REST": "false", "ENABLE_SOCKETIO": "false"})))
    sms, refused, whatsapp = "+15550144441", "+15550144442", "whatsapp:+15550144443"
    with PlatformStandIn(telegram_username="unused") as standin:
        env = {**TWILIO_ENV, **clinic_env(receiver, workdir, "1"), "CHECKIN_DAYS": "0.0001",
               "WHATSAPP_CHECKIN_TEMPLATE": TEMPLATE, "STANDIN_API_URL": standin.url,
               "PYTHONPATH": f"{ROOT / 'tests' / 'standin_site'}:{ROOT}"}
        with running_stack(workdir, credentials=credentials, env=env) as stack:
            for patient in (sms, refused, whatsapp):
                to = TWILIO_ENV["TWILIO_WHATSAPP_NUMBER"] if patient == whatsapp else TWILIO_ENV["TWILIO_SMS_NUMBER"]
                say = functools.partial(sms_say, stack, standin, patient, to)
                to_advice(say)
                assert any("message you here in" in text for text in say("Check in with me later"))
            standin.refuse.add(refused)
            asked = lambda c: c.fields.get("StatusCallback") == STATUS_URL  # noqa: E731
            calls = standin.wait_for(lambda c: asked(c) and c.fields.get("To") in (sms, whatsapp), count=3, seconds=60)
            sms_calls = [c for c in calls if c.fields["To"] == sms]
            assert "better, the same, or worse" in sms_calls[-1].fields["Body"], [c.fields for c in calls]
            (template,) = [c for c in calls if c.fields["To"] == whatsapp]
            assert template.fields["ContentSid"] == TEMPLATE and "Body" not in template.fields
            assert json.loads(template.fields["ContentVariables"]) == {"1": "Riverside Family Clinic"}
            assert template.fields["From"] == TWILIO_ENV["TWILIO_WHATSAPP_NUMBER"]

            deadline = time.monotonic() + 30
            while checkin_rows(workdir)[refused].attempts == 0 and time.monotonic() < deadline:
                time.sleep(0.5)
            rows = checkin_rows(workdir)
            assert rows[sms].status == rows[whatsapp].status == checkins.SENT
            assert rows[refused].status == checkins.PENDING and "Twilio refused" in rows[refused].last_error

            for call in sms_calls:
                sid = json.loads(call.answer)["sid"]
                form = {"MessageSid": sid, "MessageStatus": "delivered", "AccountSid": TWILIO_ENV["TWILIO_ACCOUNT_SID"]}
                assert twilio_post(stack, form, url=STATUS_URL, path="status")[0] == 204
            assert twilio_post(stack, {"MessageSid": "SMforged", "MessageStatus": "failed"}, url=STATUS_URL,
                               path="status", signature="forged")[0] == 403
            assert checkin_rows(workdir)[sms].status == checkins.DELIVERED

            reply = [c.fields["Body"] for c in twilio_say(stack, standin, whatsapp, "3",
                                                          to=TWILIO_ENV["TWILIO_WHATSAPP_NUMBER"])]
            assert reply and reply[0].startswith("I am sorry it is worse"), reply
