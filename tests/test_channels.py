"""Messaging channels end to end: real-format webhooks in, the platform API calls out.

One stack (real action server, real Rasa server, Rasa's connectors via channels/) runs with the
credentials scripts/write_credentials.py generates from channel variables, REST and socket.io off.
Outbound API calls go to a loopback stand-in (harness/platform_standin.py) through
tests/standin_site/sitecustomize.py, which is on the Rasa process's PYTHONPATH only; any other
outbound host is refused there, so nothing can reach a real platform.
"""
from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Dict, Iterator, List, Tuple

import pytest
from twilio.request_validator import RequestValidator

from harness.platform_standin import Call, PlatformStandIn
from harness.stack import ROOT, Stack, running_stack
from scripts.write_credentials import build, render

pytestmark = pytest.mark.e2e

EMERGENCY = "Please get emergency help now."
RED_FLAG = "my back hurts and I wet myself"
LEG_QUESTION = "Does the pain spread down into a leg?"
AGE_QUESTION = "How old are you?"
# Three turns that reach the first question with buttons (leg pain: No / Yes, one leg / Yes, both legs).
TO_LEG_QUESTION = ("hi", "I hurt my lower back lifting boxes 3 days ago", "lower back in the middle")

ENV = {
    "ENABLE_REST": "false",
    "ENABLE_SOCKETIO": "false",
    "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
    "TWILIO_AUTH_TOKEN": "test-twilio-auth-token",
    "TWILIO_SMS_NUMBER": "+15550100000",
    "TWILIO_WHATSAPP_NUMBER": "whatsapp:+15550100001",
    "TWILIO_WEBHOOK_URL": "https://clinic.example/webhooks/twilio/webhook",
    "TELEGRAM_TOKEN": "123456789:TEST-token_abcdefghijklmnopqrstuvwxyz",
    "TELEGRAM_BOT_USERNAME": "clinic_test_bot",
    "TELEGRAM_WEBHOOK_URL": "https://clinic.example/webhooks/telegram/webhook",
    "TELEGRAM_SECRET_TOKEN": "test-telegram-secret_0123",
    "FACEBOOK_VERIFY_TOKEN": "test-verify-token",
    "FACEBOOK_APP_SECRET": "test-facebook-app-secret",
    "FACEBOOK_PAGE_ACCESS_TOKEN": "test-page-access-token",
    "SLACK_BOT_TOKEN": "xoxb-test-token",
    "SLACK_SIGNING_SECRET": "test-slack-signing-secret",
}


@pytest.fixture(scope="module")
def standin() -> Iterator[PlatformStandIn]:
    with PlatformStandIn(telegram_username=ENV["TELEGRAM_BOT_USERNAME"]) as server:
        yield server


@pytest.fixture(scope="module")
def stack(standin: PlatformStandIn, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    workdir = tmp_path_factory.mktemp("channels")
    credentials = workdir / "credentials.yml"
    credentials.write_text(render(build(ENV)), encoding="utf-8")
    env = {**ENV, "STANDIN_API_URL": standin.url,
           "PYTHONPATH": f"{ROOT / 'tests' / 'standin_site'}:{ROOT}"}
    with running_stack(workdir, credentials=credentials, env=env) as running:
        yield running


def http_post(url: str, body: bytes, headers: Dict[str, str]) -> Tuple[int, str]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


_ids = itertools.count(1000)


def no_triage_json(calls: List[Call]) -> None:
    """The triage payload never reaches a platform, in any form."""
    for call in calls:
        assert b"triage" not in call.body, call
        assert b"red_flags" not in call.body, call


# --- Twilio (SMS and WhatsApp) -----------------------------------------------------------------

def twilio_form(sender: str, text: str, to: str) -> Dict[str, str]:
    """The form Twilio posts for an incoming message."""
    sid = f"SM{next(_ids):032d}"
    form = {"MessageSid": sid, "SmsMessageSid": sid, "SmsSid": sid, "AccountSid": ENV["TWILIO_ACCOUNT_SID"],
            "From": sender, "To": to, "Body": text, "NumMedia": "0", "NumSegments": "1",
            "SmsStatus": "received", "ApiVersion": "2010-04-01"}
    if sender.startswith("whatsapp:"):
        form.update({"ProfileName": "Pat", "WaId": sender.removeprefix("whatsapp:+")})
    return form


def twilio_post(stack: Stack, form: Dict[str, str], signature: str | None = "valid",
                url: str = ENV["TWILIO_WEBHOOK_URL"], path: str = "webhook") -> Tuple[int, str]:
    """POST the form to Rasa's Twilio route `path`, signed the way Twilio signs it (the public `url` + fields)."""
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if signature == "valid":
        signature = RequestValidator(ENV["TWILIO_AUTH_TOKEN"]).compute_signature(url, form)
    if signature is not None:
        headers["X-Twilio-Signature"] = signature
    return http_post(f"{stack.rasa_url}/webhooks/twilio/{path}", urllib.parse.urlencode(form).encode(), headers)


def twilio_say(stack: Stack, standin: PlatformStandIn, sender: str, text: str,
               to: str = ENV["TWILIO_SMS_NUMBER"]) -> List[Call]:
    """Send one patient message; the Messages API calls made in reply to this sender."""
    mark = standin.mark()
    status, _ = twilio_post(stack, twilio_form(sender, text, to))
    assert status == 204
    return standin.since(mark, lambda c: c.host == "api.twilio.com" and c.fields.get("To") == sender)


def bodies(calls: List[Call]) -> List[str]:
    return [c.fields["Body"] for c in calls]


def test_sms_questions_carry_numbered_choices_and_a_number_answers_them(stack: Stack,
                                                                       standin: PlatformStandIn) -> None:
    sender = "+15550111111"
    replies = [twilio_say(stack, standin, sender, text) for text in TO_LEG_QUESTION]
    assert all(replies), replies
    for call in itertools.chain(*replies):
        assert call.path == f"/2010-04-01/Accounts/{ENV['TWILIO_ACCOUNT_SID']}/Messages.json"
        assert call.fields["From"] == ENV["TWILIO_SMS_NUMBER"] and call.fields["Body"].strip()
    question = bodies(replies[-1])[-1]
    assert question.startswith(LEG_QUESTION)
    assert question.splitlines()[1:] == ["1: No", "2: Yes, one leg", "3: Yes, both legs"]

    assert bodies(twilio_say(stack, standin, sender, "1")) == [AGE_QUESTION]  # "1" is read as "No"
    screening = bodies(twilio_say(stack, standin, sender, "45"))  # no choices offered: 45 is the age
    assert screening[-1].splitlines()[1:] == ["1: No", "2: Yes", "3: Not sure"]
    emergency = twilio_say(stack, standin, sender, "2")  # "2" is "Yes": numbness or bladder trouble
    assert bodies(emergency)[0].startswith(EMERGENCY) and len(bodies(emergency)[0]) <= 160
    no_triage_json(emergency)


def test_whatsapp_replies_come_from_the_whatsapp_sender_emergency_first(stack: Stack,
                                                                       standin: PlatformStandIn) -> None:
    sender, clinic = "whatsapp:+15550122222", ENV["TWILIO_WHATSAPP_NUMBER"]
    greeting = twilio_say(stack, standin, sender, "hi", to=clinic)
    assert greeting and all(c.fields["From"] == clinic for c in greeting)
    replies = twilio_say(stack, standin, sender, RED_FLAG, to=clinic)
    assert bodies(replies)[0].startswith(EMERGENCY), bodies(replies)
    assert len(bodies(replies)) >= 2 and all(c.fields["From"] == clinic for c in replies)
    no_triage_json(replies)


def test_red_flag_in_the_first_message_gets_the_emergency_text_first(stack: Stack, standin: PlatformStandIn) -> None:
    replies = bodies(twilio_say(stack, standin, "+15550133333", RED_FLAG))
    assert replies and replies[0].startswith(EMERGENCY), replies


def test_twilio_rejects_forged_or_tampered_requests(stack: Stack, standin: PlatformStandIn) -> None:
    sender = "+15550144444"
    form = twilio_form(sender, RED_FLAG, ENV["TWILIO_SMS_NUMBER"])
    validator = RequestValidator(ENV["TWILIO_AUTH_TOKEN"])
    forged = [None, "", "bm90LWEtc2lnbmF0dXJl",
              RequestValidator("some-other-token").compute_signature(ENV["TWILIO_WEBHOOK_URL"], form),
              validator.compute_signature("https://evil.example/webhooks/twilio/webhook", form)]
    mark = standin.mark()
    for signature in forged:
        assert twilio_post(stack, form, signature)[0] == 403
    signed_then_changed = validator.compute_signature(ENV["TWILIO_WEBHOOK_URL"], form)
    assert twilio_post(stack, {**form, "Body": "hi"}, signed_then_changed)[0] == 403
    time.sleep(1)
    assert standin.since(mark, lambda c: c.fields.get("To") == sender) == []


# --- Telegram ----------------------------------------------------------------------------------

def telegram_post(stack: Stack, update: Dict[str, Any], secret: str | None = ENV["TELEGRAM_SECRET_TOKEN"]
                  ) -> Tuple[int, str]:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    return http_post(f"{stack.rasa_url}/webhooks/telegram/webhook", json.dumps(update).encode(), headers)


def telegram_update(chat_id: int, text: str | None = None, button: str | None = None) -> Dict[str, Any]:
    """A private-chat text message, or the press of an inline button (callback_query)."""
    person = {"id": chat_id, "is_bot": False, "first_name": "Pat", "language_code": "en"}
    chat = {"id": chat_id, "first_name": "Pat", "type": "private"}
    message = {"message_id": next(_ids), "from": person, "chat": chat, "date": int(time.time())}
    if button is None:
        return {"update_id": next(_ids), "message": {**message, "text": text}}
    bot = {"id": 123456789, "is_bot": True, "first_name": "Clinic", "username": ENV["TELEGRAM_BOT_USERNAME"]}
    return {"update_id": next(_ids), "callback_query": {
        "id": str(next(_ids)), "from": person, "chat_instance": "1", "data": button,
        "message": {**message, "from": bot, "text": LEG_QUESTION}}}


def telegram_say(stack: Stack, standin: PlatformStandIn, chat_id: int, text: str | None = None,
                 button: str | None = None) -> List[Call]:
    mark = standin.mark()
    status, body = telegram_post(stack, telegram_update(chat_id, text, button))
    assert (status, body) == (200, "success")
    return standin.since(mark, lambda c: c.api_method == "sendMessage" and c.fields.get("chat_id") == str(chat_id))


def test_telegram_registered_its_webhook_with_the_secret_token(standin: PlatformStandIn, stack: Stack) -> None:
    calls = standin.select(lambda c: c.host == "api.telegram.org" and c.api_method == "setWebhook")
    assert calls and calls[0].path == f"/bot{ENV['TELEGRAM_TOKEN']}/setWebhook"
    assert calls[0].fields["url"] == ENV["TELEGRAM_WEBHOOK_URL"]
    assert calls[0].fields["secret_token"] == ENV["TELEGRAM_SECRET_TOKEN"]


def test_telegram_buttons_and_emergency_first(stack: Stack, standin: PlatformStandIn) -> None:
    chat_id = 5550155555
    replies = [telegram_say(stack, standin, chat_id, text) for text in TO_LEG_QUESTION]
    question = replies[-1][-1].fields
    assert question["text"] == LEG_QUESTION + " If it does, is it one leg or both?"
    keyboard = json.loads(question["reply_markup"])["inline_keyboard"]
    assert [(b["text"], b["callback_data"]) for row in keyboard for b in row] == [
        ("No", "No"), ("Yes, one leg", "Yes, one leg"), ("Yes, both legs", "Yes, both legs")]
    assert [c.fields["text"] for c in telegram_say(stack, standin, chat_id, button="No")] == [AGE_QUESTION]
    emergency = telegram_say(stack, standin, chat_id, RED_FLAG)
    assert emergency[0].fields["text"].startswith(EMERGENCY), [c.fields["text"] for c in emergency]
    assert len(emergency) >= 2
    no_triage_json(emergency)


def test_telegram_rejects_updates_without_the_secret_token(stack: Stack, standin: PlatformStandIn) -> None:
    chat_id = 5550166666
    mark = standin.mark()
    for secret in (None, "", "wrong-secret"):
        assert telegram_post(stack, telegram_update(chat_id, RED_FLAG), secret)[0] == 403
    time.sleep(1)
    assert standin.since(mark, lambda c: c.fields.get("chat_id") == str(chat_id)) == []


# --- Facebook Messenger --------------------------------------------------------------------------

PAGE_ID = "1029384756"


def messenger_event(psid: str, text: str | None = None, postback: str | None = None) -> Dict[str, Any]:
    now = int(time.time() * 1000)
    event: Dict[str, Any] = {"sender": {"id": psid}, "recipient": {"id": PAGE_ID}, "timestamp": now}
    if postback is None:
        event["message"] = {"mid": f"m_{next(_ids)}", "text": text}
    else:
        event["postback"] = {"mid": f"m_{next(_ids)}", "title": postback, "payload": postback}
    return {"object": "page", "entry": [{"id": PAGE_ID, "time": now, "messaging": [event]}]}


def messenger_post(stack: Stack, event: Dict[str, Any], secret: str = ENV["FACEBOOK_APP_SECRET"],
                   signature: str | None = None, legacy: str | None = None,
                   headers: Tuple[str, ...] = ("X-Hub-Signature-256", "X-Hub-Signature")) -> Tuple[int, str]:
    """POST signed as Meta signs (both headers; `signature` / `legacy` replace the SHA-256 / SHA-1 one)."""
    body = json.dumps(event).encode()
    signed = {"X-Hub-Signature-256": signature if signature is not None else
              "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest(),
              "X-Hub-Signature": legacy if legacy is not None else
              "sha1=" + hmac.new(secret.encode(), body, hashlib.sha1).hexdigest()}
    return http_post(f"{stack.rasa_url}/webhooks/facebook/webhook", body,
                     {"Content-Type": "application/json", **{name: signed[name] for name in headers}})


def messenger_say(stack: Stack, standin: PlatformStandIn, psid: str, text: str | None = None,
                  postback: str | None = None) -> List[Dict[str, Any]]:
    """The `message` objects sent to the Send API for this person (sender actions left out)."""
    mark = standin.mark()
    assert messenger_post(stack, messenger_event(psid, text, postback)) == (200, "success")
    calls = standin.since(mark, lambda c: c.host == "graph.facebook.com" and c.fields["recipient"]["id"] == psid)
    assert all(c.path.endswith("/me/messages") and c.fields.get("sender_action") or "message" in c.fields
               for c in calls)
    no_triage_json(calls)
    return [c.fields["message"] for c in calls if "message" in c.fields]


def messenger_text(message: Dict[str, Any]) -> str:
    return message.get("text") or message["attachment"]["payload"]["text"]


def test_messenger_buttons_and_emergency_first(stack: Stack, standin: PlatformStandIn) -> None:
    psid = "5550177777"
    assert all(messenger_say(stack, standin, psid, text) for text in TO_LEG_QUESTION[:2])
    question = messenger_say(stack, standin, psid, TO_LEG_QUESTION[2])[-1]
    template = question["attachment"]["payload"]
    assert template["template_type"] == "button" and template["text"].startswith(LEG_QUESTION)
    assert [(b["type"], b["title"], b["payload"]) for b in template["buttons"]] == [
        ("postback", "No", "No"), ("postback", "Yes, one leg", "Yes, one leg"),
        ("postback", "Yes, both legs", "Yes, both legs")]
    assert [messenger_text(m) for m in messenger_say(stack, standin, psid, postback="No")] == [AGE_QUESTION]
    emergency = [messenger_text(m) for m in messenger_say(stack, standin, psid, RED_FLAG)]
    assert emergency[0].startswith(EMERGENCY) and len(emergency) >= 2, emergency


def test_messenger_verification_handshake(stack: Stack) -> None:
    query = urllib.parse.urlencode({"hub.mode": "subscribe", "hub.verify_token": ENV["FACEBOOK_VERIFY_TOKEN"],
                                    "hub.challenge": "1158201444"})
    with urllib.request.urlopen(f"{stack.rasa_url}/webhooks/facebook/webhook?{query}", timeout=30) as answer:
        assert answer.read().decode() == "1158201444"


def test_messenger_rejects_a_bad_x_hub_signature(stack: Stack, standin: PlatformStandIn) -> None:
    psid = "5550188888"
    event = messenger_event(psid, RED_FLAG)
    mark = standin.mark()
    assert messenger_post(stack, event, secret="not-the-app-secret")[0] == 403
    for signature in ("", "sha256=", "sha256=" + "0" * 64, "sha1=" + "0" * 40, "md5=abc", "garbage"):
        assert messenger_post(stack, event, signature=signature)[0] == 403  # SHA-256 decides, whatever SHA-1 says
    assert messenger_post(stack, event, legacy="sha1=" + "0" * 40, headers=("X-Hub-Signature",))[0] == 403
    assert messenger_post(stack, event, headers=())[0] == 403
    time.sleep(1)
    assert standin.since(mark, lambda c: (c.fields.get("recipient") or {}).get("id") == psid) == []


def test_messenger_accepts_either_signature_alone(stack: Stack, standin: PlatformStandIn) -> None:
    """Meta signs with SHA-256 (X-Hub-Signature-256); the SHA-1 header alone is still accepted."""
    for psid, headers in (("5550188881", ("X-Hub-Signature-256",)), ("5550188882", ("X-Hub-Signature",))):
        assert messenger_post(stack, messenger_event(psid, "hi"), headers=headers) == (200, "success")
        assert standin.wait_for(lambda c, psid=psid: (c.fields.get("recipient") or {}).get("id") == psid), headers


# --- Slack -------------------------------------------------------------------------------------

def slack_post(stack: Stack, user: str, channel: str, text: str, secret: str = ENV["SLACK_SIGNING_SECRET"],
               timestamp: int | None = None) -> Tuple[int, str]:
    """An Events API `message.im` callback, signed v0=HMAC-SHA256("v0:<timestamp>:<body>")."""
    now = int(time.time())
    ts = f"{now}.{next(_ids):06d}"
    body = json.dumps({
        "token": "legacy-verification-token", "team_id": "T0001", "api_app_id": "A0001", "type": "event_callback",
        "event": {"type": "message", "channel_type": "im", "channel": channel, "user": user, "text": text,
                  "ts": ts, "event_ts": ts},
        "event_id": f"Ev{next(_ids)}", "event_time": now,
        "authorizations": [{"team_id": "T0001", "user_id": "UBOT0001", "is_bot": True}]}).encode()
    stamp = str(timestamp if timestamp is not None else now)
    signature = "v0=" + hmac.new(secret.encode(), f"v0:{stamp}:".encode() + body, hashlib.sha256).hexdigest()
    headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": stamp,
               "X-Slack-Signature": signature}
    return http_post(f"{stack.rasa_url}/webhooks/slack/webhook", body, headers)


def slack_say(stack: Stack, standin: PlatformStandIn, user: str, channel: str, text: str,
              until: str, count: int = 1) -> List[Call]:
    """Slack replies after answering the webhook: wait for `count` messages, the last starting with `until`."""
    mark = standin.mark()
    assert slack_post(stack, user, channel, text)[0] == 200
    def mine(c: Call) -> bool:
        return c.api_method == "chat.postMessage" and c.fields.get("channel") == channel
    deadline = time.time() + 60
    while time.time() < deadline:
        calls = standin.since(mark, mine)
        if len(calls) >= count and calls[-1].fields["text"].startswith(until):
            time.sleep(0.5)  # nothing more should follow
            return standin.since(mark, mine)
        time.sleep(0.1)
    raise AssertionError([c.fields.get("text") for c in standin.since(mark, mine)])


def test_slack_buttons_and_emergency_first(stack: Stack, standin: PlatformStandIn) -> None:
    user, channel = "U5550199", "D5550199"
    slack_say(stack, standin, user, channel, TO_LEG_QUESTION[0], until="What is going on", count=2)
    slack_say(stack, standin, user, channel, TO_LEG_QUESTION[1], until="Where exactly")
    question = slack_say(stack, standin, user, channel, TO_LEG_QUESTION[2], until=LEG_QUESTION)[-1].fields
    buttons = question["blocks"][1]["elements"]
    assert [(b["text"]["text"], b["value"]) for b in buttons] == [
        ("No", "No"), ("Yes, one leg", "Yes, one leg"), ("Yes, both legs", "Yes, both legs")]
    emergency = slack_say(stack, standin, user, channel, RED_FLAG, until="Do not drive yourself", count=2)
    assert emergency[0].fields["text"].startswith(EMERGENCY), [c.fields["text"] for c in emergency]
    assert all(c.headers.get("Authorization") == f"Bearer {ENV['SLACK_BOT_TOKEN']}" for c in emergency)
    no_triage_json(emergency)


def test_slack_rejects_a_bad_signature_or_an_old_timestamp(stack: Stack, standin: PlatformStandIn) -> None:
    user, channel = "U5550200", "D5550200"
    mark = standin.mark()
    assert slack_post(stack, user, channel, RED_FLAG, secret="not-the-signing-secret")[0] == 400
    assert slack_post(stack, user, channel, RED_FLAG, timestamp=int(time.time()) - 600)[0] == 400  # replay
    time.sleep(2)
    assert standin.since(mark, lambda c: c.fields.get("channel") == channel) == []


# --- the channel switches ------------------------------------------------------------------------

def test_rest_and_socketio_are_off_when_switched_off(stack: Stack) -> None:
    status, _ = http_post(f"{stack.rasa_url}/webhooks/rest/webhook",
                          json.dumps({"sender": "x", "message": "hi"}).encode(), {"Content-Type": "application/json"})
    assert status == 404
    try:
        urllib.request.urlopen(f"{stack.rasa_url}/socket.io/?EIO=4&transport=polling", timeout=30)
        reached = True
    except urllib.error.HTTPError as error:
        reached = error.code != 404
    assert not reached


def test_no_call_left_the_machine_and_no_triage_json_was_sent(stack: Stack, standin: PlatformStandIn) -> None:
    no_triage_json(standin.calls)
    log = (stack.workdir / "rasa.log").read_text()
    assert "test stand-in: outbound call" not in log
    assert "Traceback" not in log, log[-3000:]


def test_a_patient_who_texts_in_spanish_is_answered_in_spanish_and_a_number_answers_the_question(
        stack: Stack, standin: PlatformStandIn) -> None:
    """Issue 15 on the SMS stand-in: Spanish replies from the first message, Spanish numbered choices, and a
    Spanish danger sign escalates in the same turn."""
    sender = "+15550144444"
    first = bodies(twilio_say(stack, standin, sender, "Hola, me duele mucho la espalda desde hace 3 días"))
    assert first and first[0].startswith("Le escribiré en español"), first
    assert any(b.startswith("Gracias por contarme") for b in first), first
    age = bodies(twilio_say(stack, standin, sender, "Tengo 45 años"))
    assert age and not any(b.startswith(("How ", "Have you", "Do you", "Where", "What")) for b in age), age
    choices = [b for b in age if "\n1: " in b]
    if choices:  # a yes/no screening question: its Spanish choices, answered by number ("2" is "Sí")
        assert choices[-1].splitlines()[1:] == ["1: No", "2: Sí", "3: No estoy seguro"], choices
    emergency = bodies(twilio_say(stack, standin, sender, "Y desde anoche no puedo orinar aunque tengo ganas"))
    assert emergency[0].startswith("Por favor, busque ayuda de emergencia ahora"), emergency
