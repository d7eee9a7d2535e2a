"""The clinic's staff routes on the Rasa server; its start-up starts the server hooks (server/startup.py).

Routes (blueprint "clinic", under /webhooks/clinic/):
- GET  /webhooks/clinic/          health
- POST /webhooks/clinic/resume    {"conversation_id": "..."}: the assistant takes over again after a
  hand-off. Needs `Authorization: Bearer $STAFF_TOKEN`; with STAFF_TOKEN unset the route refuses all.
After the server starts, server/startup.py installs the hooks and starts the clinic rounds
(server/rounds.py: due check-ins, every CHECKIN_POLL_SECONDS, default 60; delivery retries).
"""
from __future__ import annotations

import hmac
import logging
import os
from typing import Any, Awaitable, Callable, Dict

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.shared.core.events import SlotSet
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from server import startup
from triage.story import STORY_SLOT, Story

logger = logging.getLogger(__name__)


class ClinicChannel(InputChannel):
    """Staff routes; its start-up listener is the server's start-up hook (server/startup.py)."""

    @classmethod
    def name(cls) -> str:
        return "clinic"

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> InputChannel:
        return cls()

    def __init__(self) -> None:
        self.staff_token = os.environ.get("STAFF_TOKEN") or ""
        self.poll_seconds = float(os.environ.get("CHECKIN_POLL_SECONDS") or 60)

    def is_staff(self, request: Request) -> bool:
        """A bearer token equal to STAFF_TOKEN (never when that is unset)."""
        given = (request.headers.get("Authorization") or "").removeprefix("Bearer ").strip()
        return bool(self.staff_token) and hmac.compare_digest(given.encode(), self.staff_token.encode())

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        clinic = Blueprint("clinic_webhook", __name__)

        @clinic.listener("after_server_start")
        async def on_start(app: Sanic, _: Any) -> None:
            startup.on_server_start(app, self.poll_seconds)

        @clinic.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @clinic.route("/resume", methods=["POST"])
        async def resume(request: Request) -> HTTPResponse:
            if not self.is_staff(request):
                return response.json({"error": "staff token required"}, status=401)
            conversation_id = str((request.json or {}).get("conversation_id") or "")
            agent = request.app.ctx.agent
            async with agent.lock_store.lock(conversation_id):
                tracker = await agent.tracker_store.retrieve(conversation_id)
                if tracker is None:
                    return response.json({"error": "no such conversation"}, status=404)
                story = Story.from_dict(tracker.get_slot(STORY_SLOT))
                story.paused, story.unclear_turns = False, 0
                tracker.update(SlotSet(STORY_SLOT, story.as_dict()))
                await agent.tracker_store.save(tracker)
            return response.json({"conversation_id": conversation_id, "resumed": True})

        return clinic
