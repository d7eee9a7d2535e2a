"""Rasa's REST channel (/webhooks/rest/webhook), never silent (channels/safety.py), retry-safe.

A client may send `{"sender": ..., "message": ..., "message_id": "<unique per message>"}`. Behind a
load balancer a POST can fail after the Rasa server that took it committed the turn (it died before
answering); a client that retries with the same id gets the stored answer again, and nothing is
processed or stored twice. Under the conversation's lock (shared by every server through the Redis
lock store in scale-out) the stored conversation is searched for a patient message with that id:
when found, the bot messages that answered it are sent again; otherwise the message is processed
and stored with that id (`message_id` of its `user` event). Without `message_id` it is Rasa's REST
channel. `?stream=true` is not supported. Tested in tests/test_scale_out.py.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable, List

from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.safety import never_silent

logger = logging.getLogger(__name__)


def earlier_answer(tracker: DialogueStateTracker | None, message_id: str) -> List[BotUttered] | None:
    """The bot messages that answered the stored patient message `message_id`; None if not stored."""
    answer: List[BotUttered] | None = None
    for event in tracker.events if tracker else ():
        if isinstance(event, UserUttered):
            if answer is not None:
                break
            if event.message_id == message_id:
                answer = []
        elif isinstance(event, BotUttered) and answer is not None:
            answer.append(event)
    return answer


async def handle_once(agent: Agent, message: UserMessage) -> None:
    """Process `message` unless its id is already stored; then send the stored answer again."""
    async with agent.lock_store.lock(message.sender_id):
        tracker = await agent.tracker_store.retrieve(message.sender_id)
        answer = earlier_answer(tracker, message.message_id)
        if answer is None:
            await agent.processor.handle_message(message)  # type: ignore[union-attr]
            return
        logger.info("message %s of a conversation was already answered: sent the answer again",
                    message.message_id)
        for bot in answer:
            await message.output_channel.send_response(message.sender_id, bot.message())


class RestChannel(RestInput):
    """Rasa's REST channel, never silent, with an optional client message id that makes retries safe."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """The REST routes; messages with a `message_id` go through `handle_once`."""
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            message_id = (request.json or {}).get("message_id")
            collector = CollectingOutputChannel()
            message = UserMessage(self._extract_message(request), collector, await self._extract_sender(request),
                                  input_channel=self._extract_input_channel(request),
                                  metadata=self.get_metadata(request),
                                  message_id=str(message_id) if message_id else None)
            agent = request.app.ctx.agent
            handler = (lambda m: handle_once(agent, m)) if message_id and agent.is_ready() else on_new_message
            try:
                await never_silent(handler)(message)
            except asyncio.CancelledError:
                logger.error("REST message timed out")
            return response.json(collector.messages)

        return webhook
