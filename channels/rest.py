"""Rasa's REST channel, never silent (channels/safety.py). Keeps the name: /webhooks/rest/webhook."""
from __future__ import annotations

from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint

from channels.safety import never_silent


class RestChannel(RestInput):
    """REST with the service-trouble message when a turn produces no reply."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Rasa's REST blueprint around the never-silent handler."""
        return super().blueprint(never_silent(on_new_message))
