"""Channel set-up without servers: the generated credentials file and the plain-text output wrapper."""
from __future__ import annotations

import asyncio
from pathlib import Path
from types import SimpleNamespace
from typing import Dict

import pytest
import rasa.shared.utils.io
import yaml
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.run import create_http_input_channels
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from channels.common import PatientTextOutput, choice_for_reply, numbered_choices, pending_buttons, typed_number
from channels.facebook import MessengerChannel
from channels.slack import SlackChannel
from channels.telegram import TelegramChannel
from channels.twilio import TwilioChannel, whatsapp_address
from scripts.write_credentials import CLINIC, REST, SOCKETIO, ConfigError, build, main, render

ROOT = Path(__file__).resolve().parent.parent

ALL: Dict[str, str] = {
    "TWILIO_ACCOUNT_SID": "AC" + "1" * 32, "TWILIO_AUTH_TOKEN": "tw-secret", "TWILIO_SMS_NUMBER": "+15550100000",
    "TWILIO_WHATSAPP_NUMBER": "whatsapp:+15550100001", "TWILIO_WEBHOOK_URL": "https://c.example/webhooks/twilio/webhook",
    "TELEGRAM_TOKEN": "123:tg-secret", "TELEGRAM_BOT_USERNAME": "clinic_bot",
    "TELEGRAM_WEBHOOK_URL": "https://c.example/webhooks/telegram/webhook", "TELEGRAM_SECRET_TOKEN": "tg-header_1",
    "FACEBOOK_VERIFY_TOKEN": "fb-verify", "FACEBOOK_APP_SECRET": "fb-secret", "FACEBOOK_PAGE_ACCESS_TOKEN": "fb-page",
    "SLACK_BOT_TOKEN": "xoxb-secret", "SLACK_SIGNING_SECRET": "slack-secret",
}
BUTTONS = [{"title": "No", "payload": "No"}, {"title": "Yes", "payload": "Yes"}, {"title": "Not sure", "payload": "Not sure"}]


def test_default_is_the_committed_credentials_file() -> None:
    assert build({}) == yaml.safe_load((ROOT / "credentials.yml").read_text())


@pytest.mark.parametrize("env, expected", [
    ({"ENABLE_REST": "false"}, [SOCKETIO]),
    ({"ENABLE_SOCKETIO": "off"}, [REST]),
    ({"ENABLE_REST": "no", "ENABLE_SOCKETIO": "0", "SLACK_BOT_TOKEN": "x", "SLACK_SIGNING_SECRET": "y"},
     ["channels.slack.SlackChannel"]),
    ({"ENABLE_REST": "TRUE", "ENABLE_SOCKETIO": ""}, [REST, SOCKETIO]),
])
def test_rest_and_socketio_switch_off(env: Dict[str, str], expected: list) -> None:
    assert list(build(env)) == expected + [CLINIC]  # the clinic routes and rounds are always on


@pytest.mark.parametrize("env, message", [
    ({"ENABLE_REST": "false", "ENABLE_SOCKETIO": "false"}, "no channel left"),
    ({"ENABLE_REST": "maybe"}, "ENABLE_REST"),
    ({"SLACK_BOT_TOKEN": "x"}, "missing SLACK_SIGNING_SECRET"),
    ({"TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "t"}, "TWILIO_SMS_NUMBER and/or TWILIO_WHATSAPP_NUMBER"),
    ({"TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "t", "TWILIO_SMS_NUMBER": "555-0100"}, "E.164"),
    ({"TWILIO_WEBHOOK_URL": "https://x"}, "missing TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN"),
    ({**ALL, "TELEGRAM_WEBHOOK_URL": "http://c.example/webhooks/telegram/webhook"}, "https"),
    ({**ALL, "TELEGRAM_SECRET_TOKEN": "has spaces"}, "TELEGRAM_SECRET_TOKEN"),
    ({**ALL, "FACEBOOK_APP_SECRET": ""}, "missing FACEBOOK_APP_SECRET"),
    ({**ALL, "SLACK_BOT_TOKEN": "a${B}c"}, "SLACK_BOT_TOKEN contains"),
])
def test_incomplete_or_malformed_channels_are_errors(env: Dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("$", r"\$").replace("(", r"\(")):
        build(env)


def test_generated_file_holds_references_that_rasa_fills_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in ALL.items():
        monkeypatch.setenv(name, value)
    out = tmp_path / "credentials.yml"
    assert main(["write_credentials.py", str(out)]) == 0
    text = out.read_text()
    for secret in ("tw-secret", "tg-secret", "tg-header_1", "fb-secret", "fb-page", "xoxb-secret", "slack-secret"):
        assert secret not in text
    loaded = rasa.shared.utils.io.read_config_file(str(out))
    assert loaded["channels.twilio.TwilioChannel"] == {
        "account_sid": ALL["TWILIO_ACCOUNT_SID"], "auth_token": "tw-secret", "twilio_number": "+15550100000",
        "whatsapp_number": "whatsapp:+15550100001", "webhook_url": ALL["TWILIO_WEBHOOK_URL"]}
    assert loaded["channels.facebook.MessengerChannel"]["page-access-token"] == "fb-page"
    channels = create_http_input_channels(None, str(out))
    kinds = {type(c) for c in channels}
    assert {TwilioChannel, TelegramChannel, MessengerChannel, SlackChannel} <= kinds
    assert {c.url_prefix() for c in channels} >= {"twilio", "telegram", "facebook", "slack", "rest", "socketio"}
    twilio = next(c for c in channels if isinstance(c, TwilioChannel))
    assert twilio.whatsapp_number == "whatsapp:+15550100001" and twilio.webhook_url == ALL["TWILIO_WEBHOOK_URL"]
    assert next(c for c in channels if isinstance(c, TelegramChannel)).secret_token == "tg-header_1"


def test_render_keeps_references_plain() -> None:
    text = render(build({"SLACK_BOT_TOKEN": "x", "SLACK_SIGNING_SECRET": "y"}))
    assert "slack_token: ${SLACK_BOT_TOKEN}" in text


def test_twilio_and_messenger_refuse_to_run_without_their_secret() -> None:
    with pytest.raises(ValueError):
        TwilioChannel("AC1", "", "+15550100000")
    with pytest.raises(ValueError):
        MessengerChannel("verify", "", "page")


def test_twilio_checks_the_public_url_when_configured() -> None:
    request = SimpleNamespace(url="http://10.0.0.5:5005/webhooks/twilio/webhook", path="/webhooks/twilio/webhook",
                              query_string="")
    assert TwilioChannel("AC1", "t", "+1", webhook_url="https://c.example/w").signed_url(request) == "https://c.example/w"
    assert TwilioChannel("AC1", "t", "+1").signed_url(request) == request.url
    status = SimpleNamespace(url="http://10.0.0.5:5005/webhooks/twilio/status", path="/webhooks/twilio/status",
                             query_string="")
    public = TwilioChannel("AC1", "t", "+1", webhook_url="https://c.example/webhooks/twilio/webhook")
    assert public.signed_url(status) == public.public_url("status") == "https://c.example/webhooks/twilio/status"


def test_numbered_choices_and_replies() -> None:
    assert numbered_choices("Any numbness?", BUTTONS) == "Any numbness?\n1: No\n2: Yes\n3: Not sure"
    assert [typed_number(t) for t in ("2", " 2. ", "#3", "2)", "45 years", "", None)] == [2, 2, 3, 2, None, None, None]
    assert [choice_for_reply(t, BUTTONS) for t in ("1", "3", "4", "0", "yes")] == ["No", "Not sure", None, None, None]
    assert choice_for_reply("1", None) is None


def test_pending_buttons_only_until_the_patient_writes() -> None:
    asked = BotUttered("Any numbness?", data={"buttons": BUTTONS})
    assert pending_buttons([UserUttered("hi"), ActionExecuted("action_respond"), asked]) == BUTTONS
    assert pending_buttons([asked, UserUttered("45")]) is None
    assert pending_buttons([asked, BotUttered("How old are you?")]) is None


def test_output_drops_the_triage_payload_and_numbers_buttons() -> None:
    inner = CollectingOutputChannel()

    async def send() -> None:
        plain, numbered = PatientTextOutput(inner), PatientTextOutput(inner, numbered=True)
        await plain.send_response("p", {"text": None, "custom": {"triage": {"level": "emergency"}}})
        await plain.send_response("p", {"text": "Go now.", "custom": {"triage": {"level": "emergency"}}})
        await plain.send_response("p", {"text": "Any numbness?", "buttons": list(BUTTONS)})
        await numbered.send_response("p", {"text": "Any numbness?", "buttons": list(BUTTONS)})
        await plain.send_custom_json("p", {"triage": {}})
        await plain.send_custom_json("p", {"other": 1})
        assert plain.name() == "collector"

    asyncio.run(send())
    assert inner.messages == [
        {"recipient_id": "p", "text": "Go now."},
        {"recipient_id": "p", "text": "Any numbness?", "buttons": BUTTONS},
        {"recipient_id": "p", "text": "Any numbness?\n1: No\n2: Yes\n3: Not sure"},
        {"recipient_id": "p", "custom": {"other": 1}},
    ]


def test_whatsapp_address() -> None:
    assert whatsapp_address("+15550100001") == whatsapp_address("whatsapp:+15550100001") == "whatsapp:+15550100001"
    assert whatsapp_address(None) is None
