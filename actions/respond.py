"""action_respond: every patient message, screened for red flags first (triage.conversation)."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.audit import log_disposition
from actions.clinic import clinic_settings, duration_phrase
from triage.conversation import PatientMessage, Story, respond
from triage.findings import FINDINGS_KEY, Finding, extract_findings

STORY_SLOT = "story"  # the whole story in one slot: one small event per turn


def patient_message(latest: Dict[Text, Any]) -> PatientMessage:
    """The parsed Rasa message as the conversation engine sees it.

    Text starting with "/" is Rasa's intent shortcut, which skips the NLU pipeline: it is read
    as plain text (no intent, findings extracted here), so typing "/deny" cannot skip a
    red-flag question (GUIDELINE s8).
    """
    text = latest.get("text") or ""
    intent = latest.get("intent") or {}
    shortcut = text.lstrip().startswith("/")
    if shortcut or FINDINGS_KEY not in latest:
        findings = tuple(extract_findings(text))
    else:
        findings = tuple(Finding(**f) for f in latest[FINDINGS_KEY])
    return PatientMessage(
        text=text,
        intent=None if shortcut else intent.get("name"),
        confidence=0.0 if shortcut else float(intent.get("confidence") or 0.0),
        findings=findings,
    )


class ActionRespond(Action):
    """Update the story from the message, then escalate, answer, ask the next question or advise."""

    def name(self) -> Text:
        """Action name used in the domain and rules."""
        return "action_respond"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        """Send the replies and store the updated story in slots."""
        before = tracker.get_slot(STORY_SLOT)
        story, replies = respond(Story.from_dict(before), patient_message(tracker.latest_message))
        values = {**clinic_settings(), "duration_phrase": duration_phrase(story.duration_days)}
        for reply in replies:
            if reply.payload is not None:
                dispatcher.utter_message(json_message=reply.payload)
                log_disposition(tracker.sender_id, reply.payload["triage"], tracker.get_latest_input_channel())
            else:
                dispatcher.utter_message(response=reply.response, **values)
        after = story.as_dict()
        return [SlotSet(STORY_SLOT, after)] if after != before else []
