"""Facebook Messenger: Rasa's own connector, with signatures checked in constant time; forged posts get a 403.

Rasa 3.6's `FacebookInput` compares the X-Hub-Signature header (HMAC-SHA1 of the body with the app
secret) with `==` and answers a forged request with "200 not validated". This subclass checks
X-Hub-Signature-256 (HMAC-SHA256; X-Hub-Signature's SHA-1 only when Meta sent no SHA-256 header)
with `hmac.compare_digest`, answers 403 otherwise, then hands the update to Rasa's `Messenger`
exactly as Rasa's route does; it refuses to start without an app secret, since an empty secret
would let anyone sign.

fbmessenger posts with blocking `requests`: `ClinicMessengerBot` sends from a worker thread so one
patient's reply never stalls the server, and for check-ins (`checkin_output`) uses the clinic's
message tag (outside Messenger's 24-hour window) and raises when the Send API refuses.
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
from typing import Any, Awaitable, Callable, Dict

from fbmessenger import MessengerClient
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.facebook import FacebookInput, Messenger, MessengerBot
from sanic import Blueprint, response
from sanic.request import Request

from channels.common import PatientTextOutput, patient_text_handler
from handover import checkins

logger = logging.getLogger(__name__)
SIGNATURES = (("X-Hub-Signature-256", "sha256"), ("X-Hub-Signature", "sha1"))  # Meta sends both; SHA-256 first


def signature_matches(secret: str, body: bytes, header: str, algorithm: str) -> bool:
    """`header` is "<algorithm>=<hex HMAC of body under secret>", compared in constant time."""
    name, _, given = header.partition("=")
    if name != algorithm or not given:
        return False
    expected = hmac.new(secret.encode(), body, getattr(hashlib, algorithm)).hexdigest()
    return hmac.compare_digest(expected.encode(), given.encode())


class ClinicMessengerBot(MessengerBot):
    """Rasa's Messenger output, sending from a worker thread; for check-ins a message tag and strict errors."""

    def __init__(self, messenger_client: MessengerClient, tag: str = "", strict: bool = False) -> None:
        super().__init__(messenger_client)
        self.tag, self.strict = tag, strict
        self.accepted: list[str] = []

    def send(self, recipient_id: str, element: Any) -> None:
        """Blocking Send API call (runs in the worker thread); refusals raise when strict."""
        kind: Dict[str, Any] = {"messaging_type": "MESSAGE_TAG", "tag": self.tag} if self.tag else {}
        result = self.messenger_client.send(element.to_dict(), recipient_id, **kind) or {}
        if result.get("message_id"):
            self.accepted.append(str(result["message_id"]))
        elif self.strict:
            raise RuntimeError(f"Messenger refused a message: {result.get('error') or result}")
        else:
            logger.error("Messenger refused a message: %s", result.get("error") or result)

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        """Rasa's dispatch (text, buttons, quick replies...), run to completion in a worker thread:
        MessengerBot's coroutines only make blocking calls, so they finish in that thread's own loop."""
        await asyncio.to_thread(asyncio.run, super().send_response(recipient_id, message))


class MessengerChannel(FacebookInput):
    """Rasa's `FacebookInput`: 403 for a bad X-Hub-Signature, no triage JSON sent to the Send API."""

    def __init__(self, fb_verify: str, fb_secret: str, fb_access_token: str) -> None:
        if not fb_secret:
            raise ValueError("The Messenger channel needs the app secret to verify X-Hub-Signature.")
        super().__init__(fb_verify, fb_secret, fb_access_token)

    def is_signed_by_facebook(self, request: Request) -> bool:
        """The strongest signature Meta sent is the HMAC of the body under the app secret."""
        for header, algorithm in SIGNATURES:
            if header in request.headers:
                return signature_matches(self.fb_secret, request.body, request.headers[header], algorithm)
        return False

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def threaded(message: UserMessage) -> Any:
            output = message.output_channel
            if isinstance(output, PatientTextOutput) and type(output.inner) is MessengerBot:  # Rasa's, per message
                output.inner = ClinicMessengerBot(output.inner.messenger_client)
            return await on_new_message(message)

        handler = patient_text_handler(threaded)
        fb_webhook = super().blueprint(handler)

        @fb_webhook.middleware("request")
        async def verified_updates(request: Request) -> Any | None:
            """POST /webhook, instead of Rasa's route (same handling, after our signature check)."""
            if request.method != "POST":
                return None
            if not self.is_signed_by_facebook(request):
                logger.warning("Rejected a Messenger webhook without a valid X-Hub-Signature-256.")
                return response.text("invalid signature", status=403)
            await Messenger(self.fb_access_token, handler).handle(request.json, self.get_metadata(request))
            return response.text("success")

        return fb_webhook

    def checkin_output(self, recipient: str, language: str = "en") -> ClinicMessengerBot | None:
        """An output for a check-in, None where it cannot arrive (outside the 24-hour window without a tag).
        The text is the conversation's own (any language)."""
        if not checkins.can_arrive(self.name(), recipient):
            return None
        return ClinicMessengerBot(MessengerClient(self.fb_access_token), tag=checkins.messenger_tag(), strict=True)
