"""The clinic rounds of a Rasa server: send the check-ins that are due, retry clinic deliveries.

Every CHECKIN_POLL_SECONDS (server/startup.py starts it). With several Rasa servers each runs it;
rows are claimed atomically (handover.checkins, handover.outbox), so nothing is sent twice.
"""
from __future__ import annotations

import asyncio
import logging

from sanic import Sanic

from channels.common import PatientTextOutput
from handover import checkins, outbox
from persistence import retention
from triage.clinic_turns import CHECKIN_INTENT

logger = logging.getLogger(__name__)


def checkin_output_for(app: Sanic, channel_name: str, recipient: str,
                       language: str = "en") -> PatientTextOutput | None:
    """A configured connector's output for a check-in to `recipient` in the conversation's language (its
    `checkin_output`: raises when the platform refuses), without triage JSON; None where the connector
    cannot reach the patient."""
    for channel in getattr(app.ctx, "input_channels", None) or []:
        if channel.name() == channel_name and hasattr(channel, "checkin_output"):
            output = channel.checkin_output(recipient, language)
            if output is not None:
                return PatientTextOutput(output, numbered=channel_name == "twilio")
    return None


async def send_checkin(app: Sanic, due: checkins.Checkin) -> list[str]:
    """Ask the patient how their back is, in the same conversation (its story is kept); returns the ids
    of the messages the platform accepted."""
    agent, output = app.ctx.agent, None
    try:
        async with agent.lock_store.lock(due.conversation_id):
            tracker = await agent.processor.get_tracker(due.conversation_id)  # no new session: the story stays
            output = checkin_output_for(app, due.channel, due.conversation_id, tracker.get_slot("language") or "en")
            if output is None:
                raise RuntimeError(f"channel {due.channel!r} cannot send this check-in from this server")
            await agent.trigger_intent(CHECKIN_INTENT, [], output, tracker)
    finally:
        session = getattr(output.inner, "_session", None) if output else None  # an HTTP session opened for it
        if session is not None and hasattr(session, "close"):
            await session.close()
    return list(getattr(output.inner, "accepted", []))


async def clinic_round(app: Sanic) -> None:
    """Send due check-ins; retry clinic deliveries that are due; delete chats past the retention period."""
    for due in await asyncio.to_thread(checkins.claim_due):
        try:
            accepted = await send_checkin(app, due)
        except Exception as error:
            logger.warning("Check-in %s not sent: %s", due.id, error)
            await asyncio.to_thread(checkins.release, due, str(error))
        else:
            await asyncio.to_thread(checkins.mark_sent, due, accepted)
    await asyncio.to_thread(outbox.deliver_pending)
    await asyncio.to_thread(retention.purge_if_due)  # the privacy notice's retention period, once a day


async def run_forever(app: Sanic, poll_seconds: float) -> None:
    """Forever: one round, then wait; a failed round is logged and tried again."""
    while True:
        try:
            await clinic_round(app)
        except Exception:
            logger.exception("Clinic round failed")
        await asyncio.sleep(poll_seconds)
