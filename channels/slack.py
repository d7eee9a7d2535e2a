"""Slack: Rasa's own connector, which verifies X-Slack-Signature with the signing secret (400 if not).

The only change is on the way out: the triage JSON is not posted to chat.postMessage (Slack would
answer `no_text` and the turn's remaining messages would be lost). Buttons are Slack blocks.
"""
from __future__ import annotations

from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.slack import SlackInput
from sanic import Blueprint

from channels.common import patient_text_handler


class SlackChannel(SlackInput):
    """Rasa's `SlackInput` with the triage JSON dropped from replies."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return super().blueprint(patient_text_handler(on_new_message))
