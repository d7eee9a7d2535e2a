"""Twilio SMS and WhatsApp: Rasa's own Twilio connector, plus signature checks and numbered choices.

Rasa 3.6's `TwilioInput` accepts any POST to /webhooks/twilio/webhook: it never checks the
X-Twilio-Signature header, so anyone who knows the URL could talk to patients' phones through the
clinic's account. This subclass checks it with Twilio's own `RequestValidator` (HMAC-SHA1 of the
URL Twilio called and the form fields, keyed with the auth token) and answers 403 otherwise.
Everything else (parsing the form, sending through Twilio's REST client) is Rasa's code.

SMS and WhatsApp share one webhook: Twilio sends WhatsApp senders as "whatsapp:+15551234567", and
the reply must come from the clinic's WhatsApp sender ("whatsapp:+1..."), an SMS reply from the SMS
number. Neither has buttons, so questions carry numbered choices ("1: Yes"), and a reply of just a
number is read as that choice (from the buttons of the bot's last message, kept in the tracker).
"""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.twilio import TwilioInput, TwilioOutput
from sanic import Blueprint, response
from sanic.request import Request
from twilio.request_validator import RequestValidator

from channels.common import choice_for_reply, patient_text_handler, pending_buttons, typed_number

logger = logging.getLogger(__name__)
logging.getLogger("twilio.http_client").setLevel(logging.WARNING)  # it logs every API request at INFO

WHATSAPP_PREFIX = "whatsapp:"


def whatsapp_address(number: str | None) -> str | None:
    """'+15551234567' or 'whatsapp:+15551234567' -> 'whatsapp:+15551234567'."""
    if not number:
        return None
    return number if number.startswith(WHATSAPP_PREFIX) else WHATSAPP_PREFIX + number


class ClinicTwilioOutput(TwilioOutput):
    """Rasa's Twilio output, replying from the WhatsApp sender to WhatsApp patients."""

    def __init__(self, account_sid: str | None, auth_token: str | None, sms_number: str | None,
                 whatsapp_number: str | None) -> None:
        super().__init__(account_sid, auth_token, sms_number)
        self.sms_number = sms_number
        self.whatsapp_number = whatsapp_address(whatsapp_number)

    async def _send_message(self, message_data: Dict[str, Any]) -> Any:
        recipient = str(message_data.get("to") or "")
        sender = self.whatsapp_number if recipient.startswith(WHATSAPP_PREFIX) else self.sms_number
        if not sender:
            logger.error("No Twilio %s number is configured: reply to %s not sent.",
                         "WhatsApp" if recipient.startswith(WHATSAPP_PREFIX) else "SMS", recipient)
            return None
        if not message_data.get("messaging_service_sid"):
            message_data = {**message_data, "from_": sender}
        return await super()._send_message(message_data)


class TwilioChannel(TwilioInput):
    """Rasa's `TwilioInput` with X-Twilio-Signature verification, WhatsApp replies and numbered choices."""

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> InputChannel:
        if not credentials:
            return cls.raise_missing_credentials_exception()
        return cls(credentials.get("account_sid"), credentials.get("auth_token"), credentials.get("twilio_number"),
                   whatsapp_number=credentials.get("whatsapp_number"), webhook_url=credentials.get("webhook_url"))

    def __init__(self, account_sid: str | None, auth_token: str | None, twilio_number: str | None,
                 debug_mode: bool = True, whatsapp_number: str | None = None,
                 webhook_url: str | None = None) -> None:
        if not auth_token:
            raise ValueError("The Twilio channel needs its auth token to verify X-Twilio-Signature.")
        super().__init__(account_sid, auth_token, twilio_number, debug_mode)
        self.whatsapp_number = whatsapp_number
        self.webhook_url = webhook_url or None
        self.validator = RequestValidator(auth_token)
        self._app: Any = None
        if not self.webhook_url:
            logger.warning("TWILIO_WEBHOOK_URL is not set: signatures are checked against the URL this server "
                           "sees, which differs from Twilio's behind a proxy or TLS terminator.")

    def signed_url(self, request: Request) -> str:
        """The URL Twilio signed: the configured public webhook URL, else the one this server saw."""
        if self.webhook_url:
            return self.webhook_url + (f"?{request.query_string}" if request.query_string else "")
        return request.url

    def is_signed_by_twilio(self, request: Request) -> bool:
        """X-Twilio-Signature matches the URL and form fields under the clinic's auth token."""
        signature = request.headers.get("X-Twilio-Signature", "")
        try:
            return bool(signature) and self.validator.validate(self.signed_url(request), request.form, signature)
        except Exception:
            logger.debug("Twilio signature check failed", exc_info=True)
            return False

    async def _read_numbered_choice(self, message: UserMessage) -> None:
        """A reply of just "2" to a question with choices becomes the second choice's payload."""
        agent = getattr(getattr(self._app, "ctx", None), "agent", None)
        if agent is None or typed_number(message.text) is None:
            return
        try:
            tracker = await agent.tracker_store.retrieve(message.sender_id)
        except Exception:
            logger.debug("Could not read the tracker for a numbered choice", exc_info=True)
            return
        choice = choice_for_reply(message.text, pending_buttons(list(tracker.events)) if tracker else None)
        if choice:
            message.text = choice

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        plain = patient_text_handler(on_new_message, numbered=True)

        async def handler(message: UserMessage) -> Any:
            await self._read_numbered_choice(message)
            return await plain(message)

        twilio_webhook = super().blueprint(handler)

        @twilio_webhook.middleware("request")
        async def verify_signature(request: Request) -> Any | None:
            self._app = request.app
            if request.method == "POST" and not self.is_signed_by_twilio(request):
                logger.warning("Rejected a Twilio webhook without a valid X-Twilio-Signature.")
                return response.text("invalid signature", status=403)
            return None

        return twilio_webhook

    def get_output_channel(self) -> OutputChannel:
        return ClinicTwilioOutput(self.account_sid, self.auth_token, self.twilio_number, self.whatsapp_number)
