"""channels/socketio_channel.py: the socket.io channel the clinic web page talks to (no server)."""
from __future__ import annotations

import asyncio
from typing import Any, List, Tuple

from rasa.core.channels.channel import UserMessage

from channels.socketio_channel import SocketIOChannel, SocketIOChannelOutput

TRIAGE = {"triage": {"level": "emergency", "imaging": "immediate", "red_flags": ["cauda_equina"],
                     "reasons": [], "facts": {}}}


def channel_with_recorded_emits() -> Tuple[SocketIOChannel, List[UserMessage], List[Tuple[Any, ...]]]:
    """The channel's blueprint built, its server's emit() recorded instead of sent."""
    received: List[UserMessage] = []
    emitted: List[Tuple[Any, ...]] = []

    async def on_new_message(message: UserMessage) -> None:
        received.append(message)

    channel = SocketIOChannel(session_persistence=True)
    channel.blueprint(on_new_message)

    async def emit(event: str, data: Any = None, room: Any = None, **kwargs: Any) -> None:
        emitted.append((event, data, room))

    channel.sio.emit = emit  # type: ignore[method-assign]
    return channel, received, emitted


def test_session_request_joins_the_session_room_and_confirms() -> None:
    channel, _, emitted = channel_with_recorded_emits()
    handler = channel.sio.handlers["/"]["session_request"]

    async def connect_and_request() -> str:
        sid = await channel.sio.manager.connect("eio-1", "/")  # a connected browser
        await handler(sid, {"session_id": "a" * 32})
        return sid

    sid = asyncio.run(connect_and_request())
    assert "a" * 32 in channel.sio.rooms(sid)
    assert emitted == [("session_confirm", "a" * 32, sid)]


def test_messages_use_the_session_id_and_the_triage_payload_arrives_whole() -> None:
    channel, received, emitted = channel_with_recorded_emits()
    handler = channel.sio.handlers["/"]["user_uttered"]
    asyncio.run(handler("sid-1", {"message": "my back hurts", "session_id": "b" * 32}))
    assert [(m.text, m.sender_id, m.input_channel) for m in received] == [("my back hurts", "b" * 32, "socketio")]
    output = received[0].output_channel
    assert isinstance(output.inner, SocketIOChannelOutput)  # inside the never-silent counter
    assert len(emitted) == 1 and "call 911" in emitted[0][1]["text"]  # no reply from the bot: the safe message
    asyncio.run(output.send_response("b" * 32, {"text": "Please get emergency help now."}))
    asyncio.run(output.send_response("b" * 32, {"custom": TRIAGE}))
    assert emitted[1:] == [("bot_uttered", {"text": "Please get emergency help now."}, "b" * 32),
                           ("bot_uttered", {"custom": TRIAGE}, "b" * 32)]


def test_a_message_without_session_id_is_ignored() -> None:
    channel, received, _ = channel_with_recorded_emits()
    asyncio.run(channel.sio.handlers["/"]["user_uttered"]("sid-1", {"message": "hi"}))
    assert received == []


def test_only_the_configured_web_page_origins_may_connect(monkeypatch) -> None:
    monkeypatch.setenv("CORS_ORIGINS", "http://localhost:8080 https://clinic.example")
    channel, _, _ = channel_with_recorded_emits()
    connect = channel.sio.handlers["/"]["connect"]
    assert asyncio.run(connect("sid-1", {"HTTP_ORIGIN": "https://clinic.example"}, None)) is True
    assert asyncio.run(connect("sid-2", {"HTTP_ORIGIN": "http://evil.example"}, None)) is False
    assert asyncio.run(connect("sid-3", {}, None)) is True  # no Origin: not another site's page


def test_with_no_origins_configured_any_page_may_connect(monkeypatch) -> None:
    monkeypatch.delenv("CORS_ORIGINS", raising=False)
    channel, _, _ = channel_with_recorded_emits()
    assert asyncio.run(channel.sio.handlers["/"]["connect"]("sid", {"HTTP_ORIGIN": "http://evil.example"}, None))
