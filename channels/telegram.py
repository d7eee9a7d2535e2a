"""Telegram: Rasa's own Telegram connector, plus Telegram's secret-token header.

Telegram does not sign updates. Instead, `setWebhook` accepts a `secret_token` that Telegram then
sends with every update in the X-Telegram-Bot-Api-Secret-Token header. Rasa 3.6's `TelegramInput`
neither sets nor checks it (it only compares the bot's username from `getMe`), so with
TELEGRAM_SECRET_TOKEN set this subclass registers the webhook with the token and answers 403 to any
update without it. Parsing updates, buttons (inline keyboards) and sending are Rasa's code.
"""
from __future__ import annotations

import asyncio
import hmac
import logging
from typing import Any, Awaitable, Callable, Dict

from aiogram.utils.exceptions import TelegramAPIError
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request

from channels.common import patient_text_handler

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class TelegramChannel(TelegramInput):
    """Rasa's `TelegramInput`, checking X-Telegram-Bot-Api-Secret-Token when a secret token is configured."""

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> InputChannel:
        if not credentials:
            return cls.raise_missing_credentials_exception()
        return cls(credentials.get("access_token"), credentials.get("verify"), credentials.get("webhook_url"),
                   secret_token=credentials.get("secret_token"))

    def __init__(self, access_token: str | None, verify: str | None, webhook_url: str | None,
                 debug_mode: bool = True, secret_token: str | None = None) -> None:
        super().__init__(access_token, verify, webhook_url, debug_mode)
        self.secret_token = secret_token or None
        if not self.secret_token:
            logger.warning("TELEGRAM_SECRET_TOKEN is not set: Telegram updates are not authenticated.")

    async def set_webhook(self, channel: TelegramOutput) -> bool:
        """Register the webhook URL with Telegram, with the secret token when there is one."""
        data: Dict[str, Any] = {"url": self.webhook_url}
        if self.secret_token:
            data["secret_token"] = self.secret_token
        return bool(await channel.request("setWebhook", data))

    def is_from_telegram(self, request: Request) -> bool:
        """The update carries the configured secret token (always true without one)."""
        if not self.secret_token:
            return True
        return hmac.compare_digest(request.headers.get(SECRET_HEADER, "").encode(), self.secret_token.encode())

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        telegram_webhook = super().blueprint(patient_text_handler(on_new_message))

        @telegram_webhook.middleware("request")
        async def verify_secret_token(request: Request) -> Any | None:
            path = request.path.rstrip("/")
            if path.endswith("/set_webhook"):
                # Rasa's own route would register the webhook without the secret token, after which
                # every genuine update would be refused: register it here, with the token.
                channel = TelegramOutput(self.access_token)
                try:
                    ok = await self.set_webhook(channel)
                finally:
                    await channel.session.close()
                return response.text("Webhook setup successful" if ok else "Invalid webhook")
            if request.method == "POST" and not self.is_from_telegram(request):
                logger.warning("Rejected a Telegram update without the right %s header.", SECRET_HEADER)
                return response.text("invalid secret token", status=403)
            return None

        return telegram_webhook

    def checkin_output(self, recipient: str, language: str = "en") -> TelegramOutput:
        """An output for a check-in (made inside the running event loop); aiogram raises when Telegram refuses.
        The text is the conversation's own (any language)."""
        return TelegramOutput(self.access_token)

    def get_output_channel(self) -> TelegramOutput:
        """Rasa's Telegram output; the webhook is registered once, with the secret token."""
        channel = TelegramOutput(self.access_token)

        async def register() -> None:
            try:
                await self.set_webhook(channel)
            finally:
                await channel.session.close()  # it belongs to this short-lived event loop; a new one opens later

        try:
            asyncio.run(register())
        except TelegramAPIError as error:
            raise RasaException("Failed to set channel webhook: " + str(error)) from error
        return channel
