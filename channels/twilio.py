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

Sends use Twilio's async HTTP client (`create_async`), so a patient's SMS reply never blocks the
server for others (Rasa's output calls the blocking client inside async code). A check-in
(`checkin_output`) raises when Twilio refuses a message, asks for a status callback at
/webhooks/twilio/status (recorded by handover.checkins), and reaches WhatsApp patients as the
clinic's approved template (Content API), the only first message WhatsApp accepts after 24 hours.
"""
from __future__ import annotations

import asyncio
import json
import logging
from typing import Any, Awaitable, Callable, Dict

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.twilio import TwilioInput, TwilioOutput
from sanic import Blueprint, response
from sanic.request import Request
from twilio.base.exceptions import TwilioRestException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.request_validator import RequestValidator

from channels.common import choice_for_reply, patient_text_handler, pending_buttons, typed_number
from clinic.settings import clinic_settings
from handover import checkins

logger = logging.getLogger(__name__)
logging.getLogger("twilio.http_client").setLevel(logging.WARNING)  # it logs every API request at INFO

WHATSAPP_PREFIX = checkins.WHATSAPP_PREFIX
SEND_TIMEOUT_SECONDS = 10.0


def whatsapp_address(number: str | None) -> str | None:
    """'+15551234567' or 'whatsapp:+15551234567' -> 'whatsapp:+15551234567'."""
    if not number:
        return None
    return number if number.startswith(WHATSAPP_PREFIX) else WHATSAPP_PREFIX + number


class ClinicTwilioOutput(TwilioOutput):
    """Rasa's Twilio output, non-blocking, replying from the WhatsApp sender to WhatsApp patients.

    strict (check-ins): a refused message raises, and the ids Twilio accepted are kept in `accepted`;
    status_callback: where Twilio reports delivery; template: the ContentSid sent instead of the first
    text to a WhatsApp patient (the rest of that turn is already in the template)."""

    def __init__(self, account_sid: str | None, auth_token: str | None, sms_number: str | None,
                 whatsapp_number: str | None, strict: bool = False, status_callback: str | None = None,
                 template: str = "") -> None:
        super().__init__(account_sid, auth_token, sms_number)
        self.http_client = AsyncTwilioHttpClient(timeout=SEND_TIMEOUT_SECONDS)
        self.sms_number = sms_number
        self.whatsapp_number = whatsapp_address(whatsapp_number)
        self.strict, self.status_callback, self.template = strict, status_callback, template
        self.accepted: list[str] = []

    def _refused(self, reason: str) -> None:
        if self.strict:
            raise RuntimeError(reason)
        logger.error(reason)

    async def _send_message(self, message_data: Dict[str, Any]) -> Any:
        recipient = str(message_data.get("to") or "")
        whatsapp = recipient.startswith(WHATSAPP_PREFIX)
        sender = self.whatsapp_number if whatsapp else self.sms_number
        if not sender:
            return self._refused(f"No Twilio {'WhatsApp' if whatsapp else 'SMS'} number is configured: "
                                 f"message to {recipient} not sent.")
        if whatsapp and self.template:
            if self.accepted:
                return None  # the template carried this turn's question
            message_data = {"to": recipient, "content_sid": self.template,
                            "content_variables": json.dumps({"1": clinic_settings()["clinic_name"]})}
        if not message_data.get("messaging_service_sid"):
            message_data = {**message_data, "from_": sender}
        if self.status_callback:
            message_data = {**message_data, "status_callback": self.status_callback}
        try:
            message = await self.messages.create_async(**message_data)
        except (TwilioRestException, OSError, asyncio.TimeoutError) as error:
            return self._refused(f"Twilio refused a message to {recipient}: {error}")
        self.accepted.append(message.sid)
        return message


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

    def public_url(self, route: str) -> str | None:
        """The public URL of one of this channel's routes ("webhook", "status"), from TWILIO_WEBHOOK_URL."""
        if not self.webhook_url or route == "webhook":
            return self.webhook_url
        return self.webhook_url.rstrip("/").rsplit("/", 1)[0] + "/" + route  # .../webhooks/twilio/status

    def signed_url(self, request: Request) -> str:
        """The URL Twilio signed: the configured public URL of this route, else the one this server saw."""
        public = self.public_url(request.path.rstrip("/").rsplit("/", 1)[-1])
        if public:
            return public + (f"?{request.query_string}" if request.query_string else "")
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

        @twilio_webhook.route("/status", methods=["POST"])
        async def delivery_status(request: Request) -> Any:
            """Twilio's status callback for a check-in message: delivered, failed, undelivered..."""
            form = request.form
            await asyncio.to_thread(checkins.record_status, form.get("MessageSid") or "",
                                    form.get("MessageStatus") or "", form.get("ErrorCode"))
            return response.empty()

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

    def checkin_output(self, recipient: str, language: str = "en") -> ClinicTwilioOutput | None:
        """An output for a check-in to this patient, None where it cannot arrive (WhatsApp without a template);
        on WhatsApp the template in the patient's language."""
        if not checkins.can_arrive(self.name(), recipient):  # WhatsApp without an approved template
            return None
        whatsapp = recipient.startswith(WHATSAPP_PREFIX)
        if not self.webhook_url:
            logger.warning("TWILIO_WEBHOOK_URL is not set: Twilio cannot report check-in delivery.")
        return ClinicTwilioOutput(self.account_sid, self.auth_token, self.twilio_number, self.whatsapp_number,
                                  strict=True, status_callback=self.public_url("status"),
                                  template=checkins.whatsapp_template(language) if whatsapp else "")
