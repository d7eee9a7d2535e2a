"""What every messaging channel shares: plain text only, the triage JSON kept for the web and REST.

The assistant sends each disposition twice: as plain text (what the patient reads) and as a custom
JSON payload {"triage": {...}} for the clinic's web page and the REST channel. A messaging platform
has no use for that payload, and Rasa's connectors would pass it to the platform's API as if it were
a message (Twilio's client fails on the unknown argument, Slack answers `no_text` and the turn's
remaining messages are lost). `PatientTextOutput` wraps a connector's own output channel and drops it;
on channels without buttons it also writes the choices into the question as "1: Yes" lines.
"""
from __future__ import annotations

import functools
import logging
import re
from typing import Any, Awaitable, Callable, Dict, List

from rasa.core.channels.channel import OutputChannel, UserMessage

from channels.safety import never_silent

logger = logging.getLogger(__name__)

TRIAGE_KEY = "triage"
_CONTENT_KEYS = ("text", "buttons", "quick_replies", "custom", "image", "attachment", "elements")
_NUMBER = re.compile(r"^\s*#?\s*(\d{1,2})\s*[.)]?\s*$")


def is_triage_payload(custom: Any) -> bool:
    """True for the assistant's {"triage": {...}} payload (CONTRACT s2)."""
    return isinstance(custom, dict) and TRIAGE_KEY in custom


def numbered_choices(text: str, buttons: List[Dict[str, Any]]) -> str:
    """The question followed by one "1: Yes" line per button (single newlines: Twilio splits on blank lines)."""
    lines = [f"{number}: {button.get('title') or button.get('payload')}"
             for number, button in enumerate(buttons, start=1)]
    return "\n".join([text.rstrip(), *lines]) if text else "\n".join(lines)


def typed_number(text: str | None) -> int | None:
    """The number, when the whole message is one ("2", "2.", "#2", " 2) "), else None."""
    match = _NUMBER.match(text or "")
    return int(match.group(1)) if match else None


def choice_for_reply(text: str | None, buttons: List[Dict[str, Any]] | None) -> str | None:
    """The payload of the button whose number the patient typed, else None."""
    number = typed_number(text)
    if number is None or not buttons:
        return None
    if 1 <= number <= len(buttons):
        payload = buttons[number - 1].get("payload")
        return payload if isinstance(payload, str) and payload else None
    return None


def pending_buttons(events: List[Any]) -> List[Dict[str, Any]] | None:
    """Buttons of the bot's latest message, if the patient has not written since it was sent."""
    from rasa.shared.core.events import BotUttered, UserUttered

    for event in reversed(events):
        if isinstance(event, UserUttered):
            return None
        if isinstance(event, BotUttered):
            return (event.data or {}).get("buttons") or None
    return None


class PatientTextOutput(OutputChannel):
    """A connector's output channel without the triage JSON, optionally with buttons as numbered text."""

    def __init__(self, inner: OutputChannel, numbered: bool = False) -> None:
        self.inner = inner
        self.numbered = numbered

    def name(self) -> str:  # type: ignore[override]  # the wrapped channel's name (channel-specific responses)
        """The wrapped connector's name, e.g. "twilio"."""
        return self.inner.name()

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        """Send the message through the wrapped connector, minus what the platform cannot show."""
        message = dict(message)
        if is_triage_payload(message.get("custom")):
            message.pop("custom")  # every disposition is also sent as text
        if self.numbered:
            choices = message.pop("buttons", None) or message.pop("quick_replies", None)
            if choices:
                message["text"] = numbered_choices(message.get("text") or "", choices)
        if not any(message.get(key) for key in _CONTENT_KEYS):
            return
        await self.inner.send_response(recipient_id, message)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        """Plain text goes straight to the connector."""
        await self.inner.send_text_message(recipient_id, text, **kwargs)

    async def send_custom_json(self, recipient_id: str, json_message: Dict[str, Any], **kwargs: Any) -> None:
        """The triage payload is dropped; any other custom JSON is the connector's business."""
        if not is_triage_payload(json_message):
            await self.inner.send_custom_json(recipient_id, json_message, **kwargs)

    def __getattr__(self, attribute: str) -> Any:
        if attribute == "inner":  # not set yet (copying): no recursion
            raise AttributeError(attribute)
        return getattr(self.inner, attribute)


def patient_text_handler(on_new_message: Callable[[UserMessage], Awaitable[Any]],
                         numbered: bool = False) -> Callable[[UserMessage], Awaitable[Any]]:
    """Wrap Rasa's message handler so every reply goes out through `PatientTextOutput`."""

    @functools.wraps(on_new_message)
    async def handler(message: UserMessage) -> Any:
        if not isinstance(message.output_channel, PatientTextOutput):
            message.output_channel = PatientTextOutput(message.output_channel, numbered=numbered)
        return await on_new_message(message)

    return never_silent(handler)
