"""Turns for the clinic side: summaries, hand-off to a person, stop, check-ins and the coping questions."""
from __future__ import annotations

from datetime import datetime

from triage.advice import next_step
from triage.coping import COPING_QUESTIONS, needs_support, next_coping_question
from triage.engine import ROUTINE, SELF_CARE
from triage.message import PatientMessage, Reply
from triage.questions import QUESTIONS, ask_pending, next_question
from triage.story import Story

# Effects the action carries out, with the response for success and for failure (kept for retry).
EFFECT_RESPONSES = {"handoff": ("utter_handoff_sent", "utter_handoff_queued"),
                    "send_summary": ("utter_summary_sent", "utter_summary_queued"),
                    "show_summary": ("utter_summary_show", "utter_summary_show"),
                    "schedule_checkin": ("utter_checkin_scheduled", "utter_checkin_failed"),
                    "cancel_checkin": (None, None), "forward": (None, None)}
# Requests that wait for the advice; the message can still answer the pending question ("No numbness or tingling,
# my diabetes foot check in September was perfect": comorbid batch, once read as a check-in request in a loop).
LATER_REQUESTS = frozenset({"send_summary", "show_summary", "checkin", "coping"})
CHECKIN_INTENT = "EXTERNAL_checkin_due"  # sent by the check-in scheduler (server/rounds.py), never typed
UNCLEAR_LIMIT = 3  # messages in a row the assistant cannot use: a person takes over (hand-off)


def clinic_turn(story: Story, message: PatientMessage, request: str | None, now: datetime) -> list[Reply] | None:
    """Hand-off, opt-out, check-in and coping answers, and requests after the advice; None: a normal turn."""
    if request in ("decline", "decline_notice"):
        if request == "decline" or _answers_the_notice(story):
            return [Reply("utter_data_deleted")]  # the tracker store erases the chat (persistence/); the danger signs
        request = None
    if request == "stop":  # one word ends every message we would send first (check-ins)
        signs = screen_cut_short(story)
        if story.asked in COPING_QUESTIONS or story.asked == "checkin_progress" or signs:
            story.asked = None
        if story.checkin in ("scheduled", "due"):
            story.checkin = "stopped"
        return signs + [Reply(effect="cancel_checkin"), Reply("utter_stopped")]
    if story.paused:  # a person is taking over: pass the message on (danger signs were screened above)
        return [Reply(effect="forward"), Reply("utter_handoff_waiting")]
    if request == "handoff" or story.unclear_turns >= UNCLEAR_LIMIT:
        story.unclear_turns = 0
        if not message.clinic_connected:  # nobody would read the chat: give the phone number, carry on
            return [Reply("utter_human_handoff")] + ask_pending(story)
        signs = screen_cut_short(story)
        story.paused = True
        return signs + [Reply(effect="handoff")]
    if story.asked == "checkin_progress":
        return _answer_checkin(story, message, now)
    if story.asked in COPING_QUESTIONS:
        return _answer_coping(story, message)
    return None if request is None else _asked_for(story, message, request)


def _asked_for(story: Story, message: PatientMessage, request: str) -> list[Reply]:
    """What the patient's words ask for: the summary, a check-in or the coping questions (after the advice)."""
    if not story.finished:  # the summary and the rest come after the advice
        return [Reply("utter_extras_later")] + ask_pending(story)
    if request == "coping":
        story.coping = {}
        story.asked = COPING_QUESTIONS[0]
        return [Reply("utter_coping_intro"), Reply(f"utter_ask_{COPING_QUESTIONS[0]}")]
    if request == "checkin":
        if story.level_sent not in (SELF_CARE, ROUTINE):
            return [Reply("utter_checkin_not_now")]
        if not story.can_message_first:
            return [Reply("utter_checkin_unavailable")]
        story.checkin = "scheduled"
        return [Reply(effect="schedule_checkin")]
    if request == "send_summary" and not message.clinic_connected:
        return [Reply("utter_summary_unavailable")]
    return [Reply(effect=request)]  # send_summary, show_summary


def _answers_the_notice(story: Story) -> bool:
    """The patient's first reply after the privacy notice (nothing answered yet)."""
    return not story.answers and not story.finished and story.duration_days is None and not story.findings


def screen_cut_short(story: Story) -> list[Reply]:
    """Leaving before the danger-sign screen is done: the emergency signs and number first, and the
    clinic summary says the screen was not completed (GUIDELINE s3a)."""
    if story.finished or next_question(story, time_critical_only=True) is None:
        return []
    story.screen_stopped = True
    return [Reply("utter_emergency_signs")]


def start_checkin(story: Story) -> list[Reply]:
    """The scheduled check-in is due: ask how the back is (nothing if the patient opted out)."""
    if story.checkin != "scheduled":
        return []
    story.checkin = "due"
    story.paused = False
    story.asked = "checkin_progress"
    return [Reply("utter_checkin_hello"), Reply("utter_ask_checkin_progress")]


def _answer_checkin(story: Story, message: PatientMessage, now: datetime) -> list[Reply]:
    """Better, same or worse; then the danger-sign screen again and fresh advice (GUIDELINE s3, s7)."""
    progress = message.reading.progress
    if progress is None:
        if "checkin_progress" not in story.retried:
            story.retried.append("checkin_progress")
            return [Reply("utter_ask_checkin_progress_again")]
        progress = "same"
    story.checkin = "done"
    story.improving = progress == "better"
    story.worsening = progress == "worse"
    if story.assessed_at and story.duration_days is not None:
        story.duration_days += max(0.0, (now - datetime.fromisoformat(story.assessed_at)).total_seconds() / 86400)
    screening = {q.id for q in QUESTIONS if q.kind == "yesno" and q.id not in ("leg_pain", "surgery_preference")}
    story.answers = {k: v for k, v in story.answers.items() if k not in screening | {"severity"}}
    story.answers["improving"] = story.improving
    story.retried = [q for q in story.retried if q.split(":")[0] not in screening | {"severity", "checkin_progress"}]
    story.pain_score = None
    story.finished = False
    story.asked = None
    return [Reply(f"utter_checkin_{progress}")] + next_step(story, story.assessment())


def _answer_coping(story: Story, message: PatientMessage) -> list[Reply]:
    """One coping answer (0-2); at the end, the support that fits the score."""
    question = story.asked or ""
    if message.reading.skips:
        story.asked = None
        return [Reply("utter_coping_skipped")]
    amount = message.reading.amount
    if amount is None and question not in story.retried:
        story.retried.append(question)
        return [Reply(f"utter_ask_{question}_again")]
    story.coping[question] = amount  # None: skipped after two unclear answers
    following = next_coping_question(story.coping)
    if following:
        story.asked = following
        return [Reply(f"utter_ask_{following}")]
    story.asked = None
    scores = {q: a for q, a in story.coping.items() if a is not None}
    return [Reply("utter_coping_support" if needs_support(scores) else "utter_coping_fine"), Reply("utter_anything_else")]
