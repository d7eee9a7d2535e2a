"""One turn's input and output: the patient's message as the dialogue sees it, and the bot's replies."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from triage.reading import Finding, Reading

FOLLOW_UP_INTENTS = {
    "ask_warning_signs", "ask_activity", "ask_imaging", "ask_why_no_scan", "ask_self_care", "ask_exercise", "ask_medicine",
    "ask_work", "ask_sleep",
    "ask_bed_rest", "ask_recovery_time", "ask_serious", "ask_see_doctor", "ask_heat", "ask_unhelpful_treatments",
    "ask_worry",
}
STATEMENT_INTENTS = {"ask_worry"}  # follow-ups that patients say rather than ask ("I'm scared to move")
FOLLOW_UP_CONFIDENCE = 0.5


@dataclass(frozen=True)
class PatientMessage:
    """One patient message as the dialogue sees it: the reading of its text (language.read), the
    classifier's top intent, and what the channel can do."""

    reading: Reading
    intent: str | None = None
    confidence: float = 0.0
    can_message_first: bool = False  # the channel can send a check-in later (SMS, WhatsApp, Telegram, Messenger)
    notice_shown: bool = False  # the channel showed the privacy notice before the first message (web widget)
    clinic_connected: bool = True  # a clinic endpoint takes summaries and hand-offs (CLINIC_WEBHOOK_URL)
    page_language: str | None = None  # the language picked on the web page ("es"), sent with each message

    @property
    def text(self) -> str:
        return self.reading.text

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.reading.findings

    @property
    def is_question(self) -> bool:
        return self.reading.is_question

    @property
    def polarity(self) -> str | None:
        return self.reading.polarity

    @property
    def follow_up(self) -> str | None:
        """The follow-up question intent, when this message asks one.

        The classifier's intent first; for a question it was unsure about, the topic words
        (language/requests.py), so "will I need a scan at some point?" still gets its answer.
        """
        topic = self.reading.topic
        if self.is_question and topic == "ask_warning_signs":
            return topic  # "when should I worry?": the warning signs, whatever the classifier says
        if self.intent in FOLLOW_UP_INTENTS and self.confidence >= FOLLOW_UP_CONFIDENCE and (
                self.is_question or self.intent in STATEMENT_INTENTS):
            return self.intent
        if self.is_question and not any(f.is_active() for f in self.findings):
            return topic
        return None

    @property
    def clinic_request(self) -> str | None:
        """stop, handoff, send_summary, show_summary, checkin or coping: a request rather than an answer."""
        if self.reading.request or self.reading.asks_advice:
            return self.reading.request
        if self.intent == "human_handoff" and self.confidence >= FOLLOW_UP_CONFIDENCE and self.reading.topic is None:
            return "handoff_intent"  # a request only when no question waits ("a sports therapist" answers one)
        return None


@dataclass(frozen=True)
class Reply:
    """One bot message: a domain response (with template values) or a custom payload.

    An `effect` asks the action to do something outside the conversation (send the summary to the
    clinic, schedule a check-in, hand off to a person...); the action then sends the response that
    says how it went (actions/respond.py, EFFECT_RESPONSES).
    """

    response: str | None = None
    payload: dict[str, Any] | None = None
    effect: str | None = None
    values: dict[str, str] | None = None  # template values of this response only
