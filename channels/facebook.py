"""Facebook Messenger: Rasa's own connector, which checks X-Hub-Signature; forged posts get a 403.

Rasa 3.6's `FacebookInput` verifies the X-Hub-Signature header (HMAC of the body with the app
secret) but answers a forged request with "200 not validated". This subclass makes that a 403 (the
same check, Rasa's `validate_hub_signature`, run before Rasa's handler) and refuses to start without
an app secret, since an empty secret would let anyone sign. Everything else is Rasa's code.
"""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.facebook import FacebookInput
from sanic import Blueprint, response
from sanic.request import Request

from channels.common import patient_text_handler

logger = logging.getLogger(__name__)


class MessengerChannel(FacebookInput):
    """Rasa's `FacebookInput`: 403 for a bad X-Hub-Signature, no triage JSON sent to the Send API."""

    def __init__(self, fb_verify: str, fb_secret: str, fb_access_token: str) -> None:
        if not fb_secret:
            raise ValueError("The Messenger channel needs the app secret to verify X-Hub-Signature.")
        super().__init__(fb_verify, fb_secret, fb_access_token)

    def is_signed_by_facebook(self, request: Request) -> bool:
        """X-Hub-Signature ("sha1=<hex>") is the HMAC of the body under the app secret (Rasa's check)."""
        signature = request.headers.get("X-Hub-Signature") or ""
        if signature.partition("=")[0] not in ("sha1", "sha256"):
            return False  # Rasa would look any other name up in hashlib
        try:
            return self.validate_hub_signature(self.fb_secret, request.body, signature)
        except Exception:
            return False

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        fb_webhook = super().blueprint(patient_text_handler(on_new_message))

        @fb_webhook.middleware("request")
        async def verify_signature(request: Request) -> Any | None:
            if request.method == "POST" and not self.is_signed_by_facebook(request):
                logger.warning("Rejected a Messenger webhook without a valid X-Hub-Signature.")
                return response.text("invalid signature", status=403)
            return None

        return fb_webhook
