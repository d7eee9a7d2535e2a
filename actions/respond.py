"""action_respond: every patient message, screened for red flags first (triage.conversation)."""
from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.audit import log_disposition
from clinic.settings import clinic_settings, duration_phrase
from handover import checkins, outbox
from handover.summary import build_summary, summary_text
from language import read
from triage.clinic_turns import EFFECT_RESPONSES
from triage.conversation import respond
from triage.message import PatientMessage
from triage.reading import Finding
from triage.story import LANGUAGE_SLOT, STORY_SLOT, Story

logger = logging.getLogger(__name__)
NOTICE_ON_PAGE = frozenset({"socketio"})  # the web widget shows the privacy notice before the first message
DELIVERY_WAIT_SECONDS = 8.0  # the patient waits this long for the clinic endpoint; later tries run in the background


def patient_message(story: Story, latest: Dict[str, Any], channel: str | None = None,
                    sender_id: str = "") -> PatientMessage:
    """The parsed Rasa message, read once (language.read) for the story's pending question."""
    intent = latest.get("intent") or {}
    findings = latest.get(read.FINDINGS_KEY)
    parsed = None if findings is None else (latest.get(read.LANGUAGE_KEY), [Finding(**f) for f in findings])
    metadata = latest.get("metadata") or {}
    return read.patient_message(
        story, latest.get("text") or "", intent=intent.get("name"), confidence=float(intent.get("confidence") or 0.0),
        parsed=parsed, model_cues=latest.get(read.MODEL_CUES_KEY) or (),
        can_message_first=checkins.can_arrive(channel, sender_id), clinic_connected=outbox.Settings.from_env().url is not None,
        notice_shown=channel in NOTICE_ON_PAGE,
        page_language=metadata.get("language") if channel in NOTICE_ON_PAGE else None)  # the page's language choice


def transcript(tracker: Tracker) -> List[Dict[str, Any]]:
    """What the patient and the assistant wrote, in order (for a hand-off to a person)."""
    return [{"from": "patient" if e["event"] == "user" else "assistant", "text": e.get("text"),
             "time": datetime.fromtimestamp(e["timestamp"], timezone.utc).isoformat(timespec="seconds")}
            for e in tracker.events if e.get("event") in ("user", "bot") and e.get("text")
            and not str(e.get("text")).startswith("EXTERNAL: ")]


async def deliver(kind: str, tracker: Tracker, body: Dict[str, Any]) -> bool:
    """Store an item for the clinic, then try to send it; False when it is kept for a later retry."""
    # Stored before anything can fail; background rounds wait until this try has had its time.
    item_id = await asyncio.to_thread(outbox.enqueue, kind, tracker.sender_id, body,
                                      hold=timedelta(seconds=2 * DELIVERY_WAIT_SECONDS))
    try:
        result = await asyncio.wait_for(asyncio.to_thread(outbox.deliver, item_id), DELIVERY_WAIT_SECONDS)
    except asyncio.TimeoutError:
        return False
    return result.delivered


async def carry_out(effect: str, story: Story, tracker: Tracker, values: Dict[str, Any]) -> bool:
    """Do what the conversation asked for outside itself; True when it worked."""
    channel = tracker.get_latest_input_channel()
    # Dated by the advice, so sending the same summary twice gives the same idempotency key.
    now = datetime.fromisoformat(story.assessed_at) if story.assessed_at else datetime.now()
    try:
        if effect in ("send_summary", "show_summary", "handoff"):
            summary = build_summary(story, tracker.sender_id, channel, now)
            values["summary"] = summary_text(summary)
            if effect == "send_summary":
                return await deliver("summary", tracker, summary.as_dict())
            if effect == "handoff":
                return await deliver("handoff", tracker, {"summary": summary.as_dict(), "transcript": transcript(tracker)})
            return True
        if effect == "forward":
            return await deliver("message", tracker, {"text": tracker.latest_message.get("text"),
                                                      "time": datetime.now(timezone.utc).isoformat(timespec="seconds")})
        if effect == "schedule_checkin":
            await asyncio.to_thread(checkins.schedule, tracker.sender_id, channel)
            return True
        if effect == "cancel_checkin":
            await asyncio.to_thread(checkins.cancel, tracker.sender_id)
            return True
    except Exception:
        logger.exception("Could not carry out %s", effect)
    return False


class ActionRespond(Action):
    """Update the story from the message, then escalate, answer, ask the next question or advise."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_respond"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        """Send the replies and store the updated story in slots."""
        before = tracker.get_slot(STORY_SLOT)
        channel = tracker.get_latest_input_channel()
        story = Story.from_dict(before)
        story, replies = respond(story, patient_message(story, tracker.latest_message, channel, tracker.sender_id))
        # The story's language picks each response's variation, this turn included (server/nlg.py)
        values = {**clinic_settings(), "duration_phrase": duration_phrase(story.duration_days, story.language),
                  LANGUAGE_SLOT: story.language}
        for reply in replies:
            if reply.payload is not None:
                # the conversation's language beside the payload: the web widget labels its result card in it
                dispatcher.utter_message(json_message={**reply.payload, "language": story.language})
                log_disposition(tracker.sender_id, reply.payload["triage"], channel)
            elif reply.effect is not None:
                worked = await carry_out(reply.effect, story, tracker, values)
                response = EFFECT_RESPONSES[reply.effect][0 if worked else 1]
                if response:
                    dispatcher.utter_message(response=response, **values)
            else:
                dispatcher.utter_message(response=reply.response, **{**values, **(reply.values or {})})
        after = story.as_dict()
        events = [SlotSet(STORY_SLOT, after)] if after != before else []
        if (tracker.get_slot(LANGUAGE_SLOT) or "en") != story.language:  # for responses Rasa sends itself (rules)
            events.append(SlotSet(LANGUAGE_SLOT, story.language))
        return events
