"""Never silent: when a turn produces no reply (action server down) or fails (tracker store
outage), the patient still gets the emergency advice and the clinic's number.

`never_silent` wraps Rasa's message handler for every channel of the project; the text is the
domain response `utter_service_trouble`, filled with the clinic settings.
"""
from __future__ import annotations

import asyncio
import functools
import logging
import os
from functools import lru_cache
from typing import Any, Awaitable, Callable, Dict

from rasa.core.channels.channel import OutputChannel, UserMessage

from clinic import wording
from clinic.settings import clinic_settings
from clinic.wording import fill

logger = logging.getLogger(__name__)

SERVICE_TROUBLE_RESPONSE = "utter_service_trouble"  # sent by the channels, not by action_respond


@lru_cache(maxsize=2)
def service_trouble_text(language: str = "en") -> str:
    """The safe message, from the domain (its variation in `language`), with the clinic's details."""
    return wording.text(SERVICE_TROUBLE_RESPONSE, language)


def language_of_message(message: UserMessage) -> str:
    """The language to say the safe message in, without the tracker (it may be what failed): the web page's
    choice, else the message's own language."""
    from language.detect import language_of  # loaded on the Rasa server already (the NLU component)
    from language.read import LANGUAGES

    chosen = (message.metadata or {}).get("language")
    if chosen in LANGUAGES:
        return str(chosen)
    return "es" if language_of(message.text or "") == "es" else "en"


class CountingOutput(OutputChannel):
    """Passes every message to the real output channel and counts them."""

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner
        self.sent = 0

    def name(self) -> str:  # type: ignore[override]
        """The wrapped channel's name."""
        return self.inner.name()

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        """Count, then send through the wrapped channel. A response Rasa sends itself (a rule's, such as
        utter_data_deleted) has the clinic's values filled in here; Rasa fills only slots."""
        self.sent += 1
        if isinstance(message.get("text"), str):
            message = {**message, "text": fill(message["text"], clinic_settings())}
        await self.inner.send_response(recipient_id, message)

    def __getattr__(self, attribute: str) -> Any:
        if attribute == "inner":
            raise AttributeError(attribute)
        return getattr(self.inner, attribute)


def turn_seconds() -> float:
    """The longest a patient waits for a turn (TURN_TIMEOUT_SECONDS, default 10): after that, whatever hangs
    behind it (action server, tracker store, lock store), the safe message is sent (issue 14)."""
    return float(os.environ.get("TURN_TIMEOUT_SECONDS") or 10)


def never_silent(on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Callable[[UserMessage], Awaitable[Any]]:
    """Wrap Rasa's handler: a turn with no reply, one that fails or one that takes too long gets the safe message."""

    @functools.wraps(on_new_message)
    async def handler(message: UserMessage) -> Any:
        output = CountingOutput(message.output_channel)
        message.output_channel = output
        failed = False
        try:
            return await asyncio.wait_for(on_new_message(message), turn_seconds())
        except Exception:
            failed = True  # e.g. the tracker store is down or frozen: the turn was not stored, so say so
            logger.exception("turn failed for a patient message; sent the service-trouble message")
        finally:
            if output.sent == 0 or failed:
                await output.inner.send_text_message(message.sender_id,
                                                     service_trouble_text(language_of_message(message)))
        return None

    return handler
