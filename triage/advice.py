"""What the patient is told: the disposition, why, scans, self-care, the safety-net and follow-up answers."""
from __future__ import annotations

from triage.engine import CHOOSING_WISELY_WINDOW_DAYS, EMERGENCY, ROUTINE, SELF_CARE, URGENT, Assessment
from triage.knowledge import load_knowledge
from triage.message import Reply
from triage.questions import ask, next_question
from triage.story import Story

SAFETY_NET = (Reply("utter_safety_net"), Reply("utter_safety_net_see"))  # every GUIDELINE s7 item
CONTEXT_FOLLOW_UPS = ("ask_imaging", "ask_serious", "ask_see_doctor")  # answers depend on the level


def answer_follow_up(intent: str, story: Story, assessment: Assessment) -> list[Reply]:
    """Follow-up questions answered in the context of the patient's assessment."""
    level, imaging = assessment.level, assessment.imaging
    if not story.finished and intent in CONTEXT_FOLLOW_UPS and level not in (EMERGENCY, URGENT):
        return [Reply(f"utter_answer_{intent[4:]}_pending")]
    if intent == "ask_imaging":
        return [Reply(f"utter_answer_imaging_{imaging}")]
    if intent == "ask_warning_signs":
        return list(SAFETY_NET)
    if intent in ("ask_serious", "ask_see_doctor"):
        return [Reply(f"utter_answer_{intent[4:]}_{level}")]
    if level == EMERGENCY:
        return restate(story, assessment)
    answer = f"utter_answer_{intent[4:]}"
    if intent == "ask_medicine" and "pregnant" in story.findings:
        answer = "utter_answer_medicine_pregnancy"
    if level == URGENT:  # be seen today first, then only advice that fits (GUIDELINE s7)
        answer = URGENT_ANSWERS.get(intent, answer)
        return (restate(story, assessment) if story.finished else [Reply("utter_restate_urgent")]) + [Reply(answer)]
    return [Reply(answer)]


# Follow-up answers that would not fit an urgent level ("lifting will not damage your back",
# "doctors avoid early scans": self_care and routine only, GUIDELINE s7).
URGENT_ANSWERS = {"ask_activity": "utter_answer_activity_urgent", "ask_why_no_scan": "utter_answer_imaging_immediate",
                  "ask_recovery_time": "utter_answer_recovery_time_urgent"}


def disposition(story: Story, assessment: Assessment) -> list[Reply]:
    """The full advice for the current level (GUIDELINE s3-7)."""
    level = assessment.level
    payload = Reply(payload=assessment.payload(story.facts()))
    why = [_why(c, level) for c in assessment.red_flags]
    if level == EMERGENCY:
        waiting = "utter_emergency_while_waiting" + ("_trauma" if "major_trauma" in assessment.red_flags else "")
        return [Reply("utter_result_emergency"), payload, *why[:2], Reply(waiting)]
    if level == URGENT:
        # Unsure about an emergency sign: the emergency signs go first (GUIDELINE s3a).
        unsure = [Reply("utter_unsure_emergency_signs")] if _unsure_of_emergency_sign(assessment) else []
        return [*unsure, Reply("utter_result_urgent"), payload, *why[:2], Reply("utter_imaging_immediate"),
                Reply("utter_urgent_meanwhile"), *SAFETY_NET, Reply("utter_offer_extras")]
    replies = [Reply(f"utter_result_{level}"), payload]
    if level == ROUTINE:
        replies += [Reply(f"utter_routine_why_{_routine_reason(assessment)}")]
    if story.duration_unknown and story.duration_days is None:
        replies += [Reply("utter_duration_unknown")]
    replies += [Reply(_imaging_response(story, assessment))]
    medicine = "utter_self_care_medicine_pregnancy" if "pregnant" in story.findings else "utter_self_care_medicine"
    checkin = story.can_message_first and story.checkin not in ("scheduled", "stopped")
    replies += [Reply("utter_self_care_move"), Reply(medicine), Reply("utter_self_care_exercise"), *SAFETY_NET,
                Reply("utter_offer_extras_checkin" if checkin else "utter_offer_extras")]
    return replies


# Categories whose "why" differs at the emergency level (NICE-NG234 combination, bleeding risk).
EMERGENCY_WHY = ("infection", "cancer", "fracture")


def _why(category: str, level: str) -> Reply:
    """Why this category matters, in words that fit the level (never "to be safe" at emergency, s7)."""
    return Reply(f"utter_why_{category}" + ("_emergency" if level == EMERGENCY and category in EMERGENCY_WHY else ""))


def _unsure_of_emergency_sign(assessment: Assessment) -> bool:
    specs = load_knowledge().findings
    return any(r.uncertain and specs[r.finding].level == EMERGENCY for r in assessment.reasons)


# Engine reason -> utter_routine_why_<key>, first match wins; an unsure answer otherwise.
ROUTINE_REASONS = {"under_18": "under_18", "pregnant": "pregnancy", "inflammatory_pattern": "inflammatory",
                   "night_pain": "night_pain", "not_improving_after_6_weeks": "long_duration",
                   "getting_worse": "worse"}


def _routine_reason(assessment: Assessment) -> str:
    findings = {r.finding for r in assessment.reasons if r.level == ROUTINE}
    return next((key for reason, key in ROUTINE_REASONS.items() if reason in findings), "unsure")


def _imaging_response(story: Story, assessment: Assessment) -> str:
    if assessment.imaging == "none":
        return "utter_imaging_none_long" if (story.duration_days or 0) > CHOOSING_WISELY_WINDOW_DAYS else \
            "utter_imaging_none"
    findings = {r.finding for r in assessment.reasons}
    if "inflammatory_pattern" in findings:
        return "utter_imaging_defer_inflammatory"
    if "night_pain" in findings:
        return "utter_imaging_defer_night"
    if story.surgery_candidate and story.leg_pain:
        return "utter_imaging_defer_sciatica"
    return "utter_imaging_defer_age"


def escalate(story: Story, assessment: Assessment, replies: list[Reply]) -> list[Reply] | None:
    """A higher level (or new red-flag categories) in this turn: the advice at once (GUIDELINE s3)."""
    rank = load_knowledge().level_rank
    raised = assessment.level in (EMERGENCY, URGENT) and (
        story.level_sent is None or rank(assessment.level) > rank(story.level_sent))
    more_flags = story.level_sent in (EMERGENCY, URGENT) and bool(set(assessment.red_flags) - set(story.flags_sent))
    if not (raised or more_flags or (story.finished and rank(assessment.level) > rank(story.level_sent or SELF_CARE))):
        return None
    story.level_sent = assessment.level
    story.flags_sent = list(assessment.red_flags)
    if story.paused:
        replies.insert(0, Reply(effect="forward"))  # the clinic team sees the message too
    if assessment.level == EMERGENCY:  # the emergency advice comes first, on every channel
        story.finished = True
        story.asked = None
        return disposition(story, assessment) + replies
    remaining = None if story.finished else next_question(story, time_critical_only=True)
    if remaining is None:
        story.finished = True
        story.asked = None
        return replies + disposition(story, assessment)
    return replies + [Reply("utter_escalate_urgent"), Reply(payload=assessment.payload(story.facts())),
                      Reply("utter_more_safety_questions"), ask(story, remaining)]


def restate(story: Story, assessment: Assessment) -> list[Reply]:
    """The level, the main reason and what to do now, said again kindly (push-back, GUIDELINE s3a)."""
    level = story.level_sent or assessment.level
    reasons = [_why(c, level) for c in assessment.red_flags[:1]]
    if not reasons and any(r.uncertain for r in assessment.reasons):
        reasons = [Reply("utter_unsure_emergency_signs")]
    return [Reply(f"utter_restate_{level}"), *reasons]


def next_step(story: Story, assessment: Assessment) -> list[Reply]:
    """The next question, or the advice when the story is complete."""
    question = next_question(story, time_critical_only=story.level_sent == URGENT)
    if question is None:
        story.finished = True
        story.asked = None
        story.level_sent, story.flags_sent = assessment.level, list(assessment.red_flags)
        return disposition(story, assessment)
    return [ask(story, question)]
