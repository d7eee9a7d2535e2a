"""Rasa's socket.io channel with two Rasa 3.6 bugs fixed, for the clinic web page (web/).

1. With ``session_persistence: true`` Rasa 3.6 calls ``sio.enter_room(...)`` without ``await``;
   python-socketio 5.x made it a coroutine, so the browser never joins its session's room and
   never receives a reply (RasaHQ/rasa issue 13027).
2. ``send_custom_json`` passes the custom payload as keyword arguments to ``AsyncServer.emit``,
   so ``{"triage": {...}}`` raises ``TypeError`` and the rest of the turn is lost. Here a custom
   payload is sent as one message ``{"custom": {...}}``, the same shape as the REST channel's.

It also refuses connections from web pages of other origins (CORS_ORIGINS): Rasa's ``--cors`` only
covers plain HTTP requests, and a WebSocket upgrade is not subject to CORS at all.

Use it in credentials.yml as ``channels.socketio_channel.SocketIOChannel:`` with the same
settings as the built-in ``socketio:`` entry.
"""
from __future__ import annotations

import json
import logging
import os
import uuid
from typing import Any, Awaitable, Callable, Dict

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from channels.safety import never_silent

logger = logging.getLogger(__name__)


def allowed_origins() -> frozenset[str]:
    """The web page origins allowed to connect: CORS_ORIGINS (space-separated, as for `--cors`); empty: any."""
    return frozenset(os.environ.get("CORS_ORIGINS", "").split())


def origin_allowed(origin: str | None, allowed: frozenset[str]) -> bool:
    """A browser's Origin in the allowed set; no list (or "*") allows any, and a client that sends no
    Origin is not a web page of another site."""
    return not allowed or "*" in allowed or origin is None or origin.rstrip("/") in allowed


class SocketIOChannelOutput(SocketIOOutput):
    """Sends every bot message, custom payloads included, as one event to the session's room."""

    async def send_custom_json(self, recipient_id: str, json_message: Dict[str, Any], **kwargs: Any) -> None:
        """Send a custom payload (the triage payload) as ``{"custom": payload}``."""
        await self._send_message(recipient_id, {"custom": json_message})


class SocketIOChannel(SocketIOInput):
    """The built-in socket.io input channel, with the room join awaited and custom payloads fixed."""

    def get_output_channel(self) -> SocketIOOutput | None:
        """The fixed output channel (used when Rasa sends messages outside a user turn)."""
        if self.sio is None:
            return super().get_output_channel()
        return SocketIOChannelOutput(self.sio, self.bot_message_evt)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Rasa's blueprint, with the session and message handlers replaced by fixed ones."""
        on_new_message = never_silent(on_new_message)
        socketio_webhook = super().blueprint(on_new_message)
        sio = self.sio
        assert sio is not None  # set by super().blueprint

        async def session_request(sid: str, data: Dict | None) -> None:
            data = data or {}
            if not data.get("session_id"):
                data["session_id"] = uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, data["session_id"], namespace=self.namespace)
            await sio.emit("session_confirm", data["session_id"], room=sid, namespace=self.namespace)

        async def handle_message(sid: str, data: Dict) -> None:
            if self.session_persistence:
                if not data.get("session_id"):
                    logger.warning("socket.io message without a session_id ignored (send session_request first)")
                    return
                sender_id = data["session_id"]
            else:
                sender_id = sid
            metadata = data.get(self.metadata_key) or {}
            if isinstance(metadata, str):
                metadata = json.loads(metadata)
            output = SocketIOChannelOutput(sio, self.bot_message_evt)
            await on_new_message(UserMessage(data.get("message", ""), output, sender_id,
                                             input_channel=self.name(), metadata=metadata))

        rasa_connect = sio.handlers[self.namespace or "/"]["connect"]
        allowed = allowed_origins()

        async def connect(sid: str, environ: Dict, auth: Dict | None = None) -> bool:
            """Only pages of the configured origins may open a chat (CORS_ORIGINS; issue 14): --cors covers
            plain HTTP only, and a WebSocket upgrade is not subject to CORS."""
            if not origin_allowed(environ.get("HTTP_ORIGIN"), allowed):
                logger.warning("socket.io connection refused from origin %s", environ.get("HTTP_ORIGIN"))
                return False
            return bool(await rasa_connect(sid, environ, auth))

        sio.on("connect", connect, namespace=self.namespace)
        sio.on("session_request", session_request, namespace=self.namespace)
        sio.on(self.user_message_evt, handle_message, namespace=self.namespace)
        return socketio_webhook
