"""The clinic side of the Rasa server: staff resume a handed-off conversation; check-ins and retries run.

Routes (blueprint "clinic", under /webhooks/clinic/):
- GET  /webhooks/clinic/          health
- POST /webhooks/clinic/resume    {"conversation_id": "..."}: the assistant takes over again after a
  hand-off. Needs `Authorization: Bearer $STAFF_TOKEN`; with STAFF_TOKEN unset the route refuses all.
A background task (every CHECKIN_POLL_SECONDS, default 60) sends due check-ins (handover.checkins)
through the patient's own channel, and retries deliveries to the clinic endpoint (handover.outbox).
With several Rasa servers each runs it; rows are claimed atomically, so nothing is sent twice.
"""
from __future__ import annotations

import asyncio
import hmac
import logging
import os
from typing import Any, Awaitable, Callable, Dict

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.shared.core.events import SlotSet
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.common import PatientTextOutput
from handover import checkins, outbox
from persistence.tracker_store import apply_session_expiry, no_silent_fallback
from triage.clinic_turns import CHECKIN_INTENT
from triage.story import STORY_SLOT, Story

logger = logging.getLogger(__name__)


def output_for(app: Sanic, channel_name: str) -> OutputChannel | None:
    """A configured connector's output for a message we send first (`outbound()` where the connector
    has one, e.g. Telegram, whose get_output_channel registers the webhook), without triage JSON."""
    for channel in getattr(app.ctx, "input_channels", None) or []:
        if channel.name() == channel_name:
            output = getattr(channel, "outbound", channel.get_output_channel)()
            if output is not None:
                return PatientTextOutput(output, numbered=channel_name == "twilio")
    return None


async def send_checkin(app: Sanic, due: checkins.Checkin) -> None:
    """Ask the patient how their back is, in the same conversation (its story is kept)."""
    output = output_for(app, due.channel)
    if output is None:
        raise RuntimeError(f"channel {due.channel!r} is not configured on this server")
    agent = app.ctx.agent
    try:
        async with agent.lock_store.lock(due.conversation_id):
            tracker = await agent.processor.get_tracker(due.conversation_id)  # no new session: the story stays
            await agent.trigger_intent(CHECKIN_INTENT, [], output, tracker)
    finally:
        session = getattr(output.inner, "_session", None)  # an HTTP client session opened for this message
        if session is not None and hasattr(session, "close"):
            await session.close()


async def clinic_round(app: Sanic) -> None:
    """Send due check-ins; retry clinic deliveries that are due."""
    for due in await asyncio.to_thread(checkins.claim_due):
        try:
            await send_checkin(app, due)
        except Exception as error:
            logger.warning("Check-in %s not sent: %s", due.id, error)
            await asyncio.to_thread(checkins.release, due, str(error))
        else:
            await asyncio.to_thread(checkins.mark_sent, due)
    await asyncio.to_thread(outbox.deliver_pending)


class ClinicChannel(InputChannel):
    """Staff routes and the background rounds (check-ins, delivery retries)."""

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

    async def run_rounds(self, app: Sanic) -> None:
        """Forever: one round, then wait; a failed round is logged and tried again."""
        while True:
            try:
                await clinic_round(app)
            except Exception:
                logger.exception("Clinic round failed")
            await asyncio.sleep(self.poll_seconds)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        clinic = Blueprint("clinic_webhook", __name__)

        @clinic.listener("after_server_start")
        async def on_start(app: Sanic, _: Any) -> None:
            no_silent_fallback(app.ctx.agent.tracker_store)  # a store outage fails the turn (safe message)
            apply_session_expiry(app.ctx.agent.domain)  # SESSION_EXPIRY_MINUTES
            app.add_task(self.run_rounds(app))

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
