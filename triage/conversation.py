"""The assessment conversation: which question to ask next, when to escalate, what to say.

Pure Python (no Rasa): it takes the patient's story so far and one parsed message, and returns
the updated story plus the replies, as response names of the domain and payloads. Every
message is screened for red flags first, so a danger sign changes the advice in the same turn,
whatever question was pending (GUIDELINE s3, "at any point").
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import datetime
from typing import Any, Callable

from triage import facts as parse
from triage.coping import COPING_QUESTIONS, needs_support, next_coping_question, parse_amount
from triage.engine import EMERGENCY, ROUTINE, SELF_CARE, URGENT, Assessment, Facts, assess
from triage.findings import Finding
from triage.knowledge import FindingSpec, load_knowledge

FOLLOW_UP_INTENTS = {
    "ask_warning_signs", "ask_activity", "ask_imaging", "ask_why_no_scan", "ask_self_care", "ask_exercise", "ask_medicine", "ask_work", "ask_sleep",
    "ask_bed_rest", "ask_recovery_time", "ask_serious", "ask_see_doctor", "ask_heat", "ask_unhelpful_treatments",
    "ask_worry",
}
STATEMENT_INTENTS = {"ask_worry"}  # follow-ups that patients say rather than ask ("I'm scared to move")
SOCIAL_INTENTS = {"bot_challenge", "human_handoff", "out_of_scope", "chitchat", "thanks", "goodbye"}
# Topic words of follow-up questions, in priority order (used when the classifier is unsure).
FOLLOW_UP_WORDS = tuple((intent, re.compile(pattern, re.IGNORECASE)) for intent, pattern in (
    ("ask_warning_signs", r"\b(?:what (?:should|do|would) i do if|what if|when should i (?:worry|come back|get help|"
                          r"call)|warning signs|what (?:signs|symptoms) (?:should|to))\b"),
    ("ask_why_no_scan", r"\bwhy\b.*\b(?:x-?rays?|scan\w*|mri|imaging)\b"),
    ("ask_imaging", r"\b(?:x-?rays?|xray|scan\w*|mri|ct|imaging)\b"),
    ("ask_activity", r"\b(?:sit\w*|desk|chair|stand\w*|driv\w*|lift\w*|carry\w*|bend\w*|"
                     r"make it worse|housework|garden\w*|sex)\b"),
    ("ask_bed_rest", r"\b(?:bed ?rest|stay in bed|rest in bed|lie down all day|keep still|rest it)\b"),
    ("ask_sleep", r"\b(?:sleep\w*|mattress|pillow)\b"),
    ("ask_work", r"\b(?:work\w*|job|office|shift|sick note|time off)\b"),
    ("ask_medicine", r"\b(?:painkill\w*|pain relief|ibuprofen|paracetamol|naproxen|codeine|co-codamol|medicin\w*|"
                     r"medication|tablets?|pills?|anti-?inflammator\w*)\b"),
    ("ask_exercise", r"\b(?:exercis\w*|stretch\w*|yoga|gym|pilates|swim\w*|running|walk\w*|sport)\b"),
    ("ask_heat", r"\b(?:heat|ice|hot water|warm bath|heat pad)\b"),
    ("ask_unhelpful_treatments", r"\b(?:brace|belt|corset|tens|traction|back support)\b"),
    ("ask_recovery_time", r"\b(?:how long|when will|recover\w*|heal\w*|go away|last)\b"),
    ("ask_see_doctor", r"\b(?:(?:see|talk to|speak to|talk with|speak with) (?:a |my |the )?(?:own )?(?:doctor|gp|physio\w*|"
                       r"clinician|nurse)|a ?& ?e|hospital|"
                       r"appointment|emergency room|wait)\b"),
    ("ask_serious", r"\b(?:serious|worr\w*|dangerous|bad sign|cancer|damage\w*|wrong with me)\b"),
    ("ask_self_care", r"\b(?:what can i do|at home|help (?:it|my back)|tips|make it better|ease)\b"),
))
NOT_AN_ANSWER = {"bot_challenge", "human_handoff", "greet"}  # never read as the answer to a pending question
# Effects the action carries out, with the response for success and for failure (kept for retry).
EFFECT_RESPONSES = {"handoff": ("utter_handoff_sent", "utter_handoff_queued"),
                    "send_summary": ("utter_summary_sent", "utter_summary_queued"),
                    "show_summary": ("utter_summary_show", "utter_summary_show"),
                    "schedule_checkin": ("utter_checkin_scheduled", "utter_checkin_failed"),
                    "cancel_checkin": (None, None), "forward": (None, None)}
CHECKIN_INTENT = "EXTERNAL_checkin_due"  # sent by the check-in scheduler (channels/checkin.py), never typed
UNCLEAR_LIMIT = 3  # messages in a row the assistant cannot use: a person takes over (hand-off)
# What a patient can ask of the clinic side, by message (buttons send the same plain text).
STOP_MESSAGE = re.compile(r"^\W*(?:stop|unsubscribe|opt out|stop (?:all|messages|messaging me|check-?ins?)|"
                          r"no more messages)\W*$", re.IGNORECASE)
SKIP_MESSAGE = re.compile(r"^\W*(?:skip|no thanks|leave it|enough)\b", re.IGNORECASE)  # ends the coping questions
PERSON_WORDS = re.compile(r"\b(?:talk|speak|chat)\w* (?:to|with) (?:a |an |the |some |real |actual )*(?:person|human|"
                          r"someone|somebody|people|nurse|doctor|staff|receptionist)\b|\b(?:real|actual) (?:person|"
                          r"human)\b|\bhuman,? please\b", re.IGNORECASE)
ADVICE_QUESTION = re.compile(r"^\W*(?:should|do i (?:need|have)|when (?:should|do)|is it worth|would it help)\b",
                             re.IGNORECASE)  # "should I talk to a doctor?" asks for advice, not a hand-off
CLINIC_REQUESTS = tuple((name, re.compile(pattern, re.IGNORECASE)) for name, pattern in (
    ("send_summary", r"\b(?:send|share|email)\b.*\b(?:summary|clinic|doctor|gp|team|notes)\b"),
    ("show_summary", r"\b(?:show|see|view|read|display)\b.*\bsummary\b|^\W*(?:my )?summary\W*$"),
    ("checkin", r"\bcheck(?:[- ]?in| on me| up on me)\b|\bremind me\b|\bmessage me (?:later|again|in)\b"),
    ("coping", r"\b(?:questions? (?:about|on) coping|coping questions)\b"),
))
FOLLOW_UP_CONFIDENCE = 0.5
ANEURYSM_QUESTION_AGE = 50  # a known aortic aneurysm is asked about from this age (vascular row, GUIDELINE s3)
MAX_MESSAGE_CHARS = 2000  # longer messages: the first part is read as the answer, with a friendly note
QUESTION_START = re.compile(r"^\W*(?:do|does|did|should|shall|can|could|will|would|is|are|am|was|what|what's|how|"
                            r"why|when|which|where|may|might|any|must|have|has)\b", re.IGNORECASE)


@dataclass(frozen=True)
class PatientMessage:
    """One parsed patient message: text, top intent and the clinical findings in it."""

    text: str
    intent: str | None = None
    confidence: float = 0.0
    findings: tuple[Finding, ...] = ()
    can_message_first: bool = False  # the channel can send a check-in later (SMS, WhatsApp, Telegram, Messenger)
    clinic_connected: bool = True  # a clinic endpoint takes summaries and hand-offs (CLINIC_WEBHOOK_URL)

    @property
    def is_question(self) -> bool:
        """Shaped like a question ('?' or a question word first)."""
        return "?" in self.text or bool(QUESTION_START.search(self.text))

    @property
    def polarity(self) -> str | None:
        """yes / no / unsure; never read from a "/" shortcut, so '/deny{...}' cannot answer a question."""
        return None if self.text.lstrip().startswith("/") else parse.parse_polarity(self.text)

    @property
    def follow_up(self) -> str | None:
        """The follow-up question intent, when this message asks one.

        The classifier's intent first; for a question it was unsure about, the topic words
        (FOLLOW_UP_WORDS), so "will I need a scan at some point?" still gets its answer.
        """
        if self.is_question and FOLLOW_UP_WORDS[0][1].search(self.text):
            return FOLLOW_UP_WORDS[0][0]  # "when should I worry?": the warning signs, whatever the classifier says
        if self.intent in FOLLOW_UP_INTENTS and self.confidence >= FOLLOW_UP_CONFIDENCE and (
                self.is_question or self.intent in STATEMENT_INTENTS):
            return self.intent
        if self.is_question and not any(f.is_active() for f in self.findings):
            return next((intent for intent, words in FOLLOW_UP_WORDS if words.search(self.text)), None)
        return None

    @property
    def clinic_request(self) -> str | None:
        """stop, handoff, send_summary, show_summary, checkin or coping: a request rather than an answer."""
        if STOP_MESSAGE.search(self.text):
            return "stop"
        named = next((name for name, words in CLINIC_REQUESTS if words.search(self.text)), None)
        if named:
            return named
        if ADVICE_QUESTION.search(self.text):
            return None
        if (self.intent == "human_handoff" and self.confidence >= FOLLOW_UP_CONFIDENCE) or PERSON_WORDS.search(self.text):
            return "handoff"
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


STORY_SLOT = "story"  # the Rasa slot that holds the whole Story (actions/respond.py, channels/clinic.py)


@dataclass
class Story:
    """The patient's story so far, kept in the Rasa slot `story` (one slot: one event per turn)."""

    findings: list[str] = field(default_factory=list)  # active finding ids, in order reported
    unsure: list[str] = field(default_factory=list)  # screening findings the patient was unsure of
    answers: dict[str, Any] = field(default_factory=dict)  # question id -> answer
    age: int | None = None
    duration_days: float | None = None
    pain_score: int | None = None
    leg_pain: bool | None = None
    improving: bool | None = None
    surgery_candidate: bool | None = None
    asked: str | None = None  # the question waiting for an answer
    retried: list[str] = field(default_factory=list)  # questions already asked a second time
    greeted: bool = False
    level_sent: str | None = None  # the level of the last triage payload sent
    flags_sent: list[str] = field(default_factory=list)  # its red-flag categories
    finished: bool = False  # the disposition has been given
    assessed_at: str | None = None  # when it was given (ISO time): a check-in adds the days since
    can_message_first: bool = False  # the patient's channel can send a check-in later
    paused: bool = False  # handed off to a person: the assistant only screens for danger signs
    unclear_turns: int = 0  # messages in a row the assistant could not use
    checkin: str | None = None  # scheduled | due | done | stopped
    worsening: bool = False  # "worse" at a check-in
    coping: dict[str, int | None] = field(default_factory=dict)  # coping question -> 0-2 (None: skipped)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> "Story":
        """Build from the stored form (the Rasa slot `story`); missing keys take defaults."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (data or {}).items() if k in known and v is not None})

    def as_dict(self) -> dict[str, Any]:
        """The stored form: plain JSON types."""
        return asdict(self)

    def facts(self) -> Facts:
        """The engine's view of the story."""
        return Facts(age=self.age, duration_days=self.duration_days, pain_score=self.pain_score,
                     leg_pain=self.leg_pain, improving=self.improving, surgery_candidate=self.surgery_candidate,
                     worsening=self.worsening)

    def assessment(self) -> Assessment:
        """Current guideline assessment."""
        return assess(self.findings, self.facts(), self.unsure)

    def add_finding(self, finding_id: str) -> None:
        """Record a finding once, in the order reported."""
        if finding_id not in self.findings:
            self.findings.append(finding_id)

    def has(self, predicate: Callable[[FindingSpec], bool]) -> bool:
        """True when any reported finding fits the predicate."""
        specs = load_knowledge().findings
        return any(predicate(specs[f]) for f in self.findings)


def _category(*names: str) -> Callable[[FindingSpec], bool]:
    return lambda spec: bool(set(spec.categories) & set(names))


def _ids(*names: str) -> Callable[[FindingSpec], bool]:
    return lambda spec: spec.id in names


@dataclass(frozen=True)
class Question:
    """One question of the assessment; asked with the response utter_ask_<id>."""

    id: str
    kind: str  # duration | age | score | text | improving | side | yesno
    covers: Callable[[FindingSpec], bool] = lambda spec: False  # findings that answer it
    yes_finding: str | None = None  # recorded for a bare "yes"
    denied_by: Callable[[FindingSpec], bool] = lambda spec: False  # findings that mean "no" to it
    time_critical: bool = False  # still asked after an urgent escalation (emergency signs)
    when: Callable[[Story], bool] = lambda story: True

    def is_open(self, story: Story) -> bool:
        """Still to be asked: not answered, not covered by what the patient said, and relevant."""
        if self.id in story.answers or (self.kind == "yesno" and story.has(self.covers)):
            return False
        return self.when(story)


def _unknown_side(story: Story) -> bool:
    legs = story.leg_pain or story.has(lambda s: s.leg and s.nerve)
    return bool(legs) and not story.has(_category("cauda_equina"))


QUESTIONS: tuple[Question, ...] = (
    Question("duration", "duration", when=lambda s: s.duration_days is None),
    Question("onset", "text", when=lambda s: not s.has(lambda f: f.injury or f.strain or "major_trauma" in f.categories)),
    Question("location", "text"),
    Question("leg_pain", "yesno", covers=_ids("leg_pain", "bilateral_leg_symptoms", "bilateral_leg_weakness"),
             when=lambda s: s.leg_pain is None),
    Question("leg_side", "side", time_critical=True, when=_unknown_side),
    Question("age", "age", when=lambda s: s.age is None),
    Question("screen_cauda_equina", "yesno", covers=_category("cauda_equina"), yes_finding="cauda_equina_reported",
             time_critical=True),
    Question("screen_vascular", "yesno", covers=_category("vascular"), yes_finding="vascular_reported",
             time_critical=True),
    Question("screen_aneurysm", "yesno", covers=_category("vascular"), yes_finding="vascular_reported",
             time_critical=True, when=lambda s: s.age is not None and s.age >= ANEURYSM_QUESTION_AGE),
    Question("screen_leg_nerves", "yesno", time_critical=True,
             covers=lambda f: (f.leg and f.nerve) or "neuro_deficit" in f.categories or "cauda_equina" in f.categories,
             yes_finding="leg_symptoms_reported"),
    Question("leg_nerves_detail", "yesno", time_critical=True, covers=_category("neuro_deficit", "cauda_equina"),
             yes_finding="leg_weakness_reported", when=lambda s: s.has(lambda f: f.leg and f.nerve)),
    Question("weakness_progression", "yesno", time_critical=True, yes_finding="progression_reported",
             covers=_ids("progressive_weakness", "bilateral_leg_weakness", "progression_reported"),
             when=lambda s: s.has(_ids("leg_weakness", "leg_weakness_reported"))),
    Question("screen_trauma", "yesno", time_critical=True, yes_finding="major_trauma_reported",
             covers=lambda f: f.injury or "major_trauma" in f.categories),
    Question("trauma_detail", "yesno", time_critical=True, covers=_category("major_trauma"),
             yes_finding="major_trauma_reported", denied_by=lambda f: f.injury,
             when=lambda s: (s.answers.get("screen_trauma") == "yes" or s.has(lambda f: f.injury))
             and not s.has(_category("major_trauma"))),
    Question("screen_cancer", "yesno", covers=lambda f: "cancer" in f.categories and f.level == URGENT,
             yes_finding="cancer_reported"),  # night pain alone (routine) does not answer it
    Question("screen_infection", "yesno", covers=_ids("fever", "injecting_drug_use", "immunosuppression",
                                                     "infection_risk_reported", "infection_reported"),
             yes_finding="infection_reported"),
    Question("screen_infection_recent", "yesno", yes_finding="infection_risk_reported",
             covers=_ids("recent_spinal_procedure", "recent_infection", "past_tuberculosis")),
    Question("screen_bone", "yesno", covers=lambda f: f.bone_risk or f.bleeding_risk, yes_finding="bone_risk_reported"),
    Question("screen_night", "yesno", covers=_ids("night_pain"), yes_finding="night_pain"),
    Question("screen_stiffness", "yesno", covers=_ids("morning_stiffness"), yes_finding="morning_stiffness",
             when=lambda s: s.age is not None and s.age < 45 and (s.duration_days or 0) > 90),
    Question("screen_pregnancy", "yesno", covers=_ids("pregnant"), yes_finding="pregnant",
             when=lambda s: s.age is not None and 16 <= s.age <= 50),
    Question("pregnancy_signs", "yesno", covers=_category("pregnancy"), yes_finding="pregnancy_warning_reported",
             time_critical=True, when=lambda s: "pregnant" in s.findings),
    Question("severity", "score", when=lambda s: s.pain_score is None),
    Question("improving", "improving", when=lambda s: s.improving is None),
    Question("surgery_preference", "yesno",
             when=lambda s: bool(s.leg_pain) and (s.duration_days or 0) > 42 and s.improving is not True
             and s.surgery_candidate is None),
    Question("tried", "text"),
)
QUESTION_BY_ID = {q.id: q for q in QUESTIONS}


def next_question(story: Story, time_critical_only: bool = False) -> Question | None:
    """The first open question, or None when the story is complete."""
    for question in QUESTIONS:
        if question.is_open(story) and (question.time_critical or not time_critical_only):
            return question
    return None


def _record_findings(story: Story, findings: tuple[Finding, ...]) -> None:
    """Add active findings to the story; set leg-pain facts from findings and negations."""
    knowledge = load_knowledge()
    for f in findings:
        if f.is_active(knowledge):
            story.add_finding(f.id)
            if f.id in ("leg_pain", "bilateral_leg_symptoms"):
                story.leg_pain = True
        elif f.negated and f.id == "leg_pain" and story.leg_pain is None:
            story.leg_pain = False


def _record_facts(story: Story, text: str, now: datetime) -> None:
    """Durations, ages and scores said anywhere; a bare number only fills the question asked."""
    asked = story.asked
    duration = parse.parse_duration_days(text, now, expecting=asked == "duration")
    about_pregnancy = asked in ("screen_pregnancy", "pregnancy_signs")  # "34 weeks" is the pregnancy
    if duration is not None and (asked == "duration" or (story.duration_days is None and not about_pregnancy)):
        story.duration_days = duration
    age = parse.parse_age(text, now, expecting=asked == "age")
    if age is not None and (story.age is None or asked == "age"):
        story.age = age
    score = parse.parse_pain_score(text, expecting=asked == "severity")
    if score is not None and (story.pain_score is None or asked == "severity"):
        story.pain_score = score
    if story.improving is None or asked == "improving":
        improving = parse.parse_improving(text) if asked == "improving" else _volunteered_progress(text)
        if improving is not None:
            story.improving = improving


def _volunteered_progress(text: str) -> bool | None:
    if re.search(r"\b(?:not|isn'?t|no) (?:getting )?(?:better|improving)|getting worse|not going away|"
                 r"won'?t go away|no better", text, re.IGNORECASE):
        return False
    return None


def _answer_question(story: Story, question: Question, message: PatientMessage) -> bool:
    """Record the answer to the pending question; False when the message did not answer it."""
    text = message.text
    if question.kind in ("duration", "age", "score", "improving"):
        value = {"duration": story.duration_days, "age": story.age, "score": story.pain_score,
                 "improving": story.improving}[question.kind]
        if value is None:
            return False
        story.answers[question.id] = value
        return True
    if question.kind == "text":
        story.answers[question.id] = text.strip()
        return True
    if question.kind == "side":
        side = parse.parse_leg_side(text)
        if side is None:
            return False
        if side == "both":
            story.add_finding("bilateral_leg_symptoms")
        story.answers[question.id] = side
        return True
    return _answer_yes_no(story, question, message)


def _record_yes(story: Story, question: Question) -> None:
    """A "yes" to a yes/no question: its generic finding, when it has one."""
    story.answers[question.id] = "yes"
    if question.yes_finding:
        story.add_finding(question.yes_finding)


def _answer_yes_no(story: Story, question: Question, message: PatientMessage) -> bool:
    knowledge = load_knowledge()
    related = [f for f in message.findings if question.covers(knowledge.findings[f.id])]
    polarity = message.polarity
    if question.id == "leg_pain":
        side = parse.parse_leg_side(message.text)
        if side == "both" and polarity != "no":
            story.add_finding("bilateral_leg_symptoms")
        if side:
            story.answers["leg_side"] = side
        if story.leg_pain is None and polarity in ("yes", "no"):
            story.leg_pain = polarity == "yes"
        if story.leg_pain is not None:
            story.answers[question.id] = story.leg_pain
            return True
        return False
    if question.id == "surgery_preference" and polarity in ("yes", "no"):
        story.surgery_candidate = polarity == "yes"
    if any(f.is_active(knowledge) for f in related):
        story.answers[question.id] = "yes"
        return True
    denied = any(question.denied_by(knowledge.findings[f.id]) and f.is_active(knowledge) for f in message.findings)
    if related or denied or polarity == "no":  # only negated, family or past findings: a "no" for this patient
        story.answers[question.id] = "no"
        return True
    if polarity == "yes":
        _record_yes(story, question)
        return True
    if polarity == "unsure" and question.id in story.retried:
        if question.yes_finding:
            story.unsure.append(question.yes_finding)
        story.answers[question.id] = "unsure"
        return True
    return False


CONTEXT_FOLLOW_UPS = ("ask_imaging", "ask_serious", "ask_see_doctor")  # answers depend on the level


def _answer_follow_up(intent: str, story: Story, assessment: Assessment) -> list[Reply]:
    """Follow-up questions answered in the context of the patient's assessment."""
    level, imaging = assessment.level, assessment.imaging
    if not story.finished and intent in CONTEXT_FOLLOW_UPS and level not in (EMERGENCY, URGENT):
        return [Reply(f"utter_answer_{intent[4:]}_pending")]
    if intent == "ask_imaging":
        return [Reply(f"utter_answer_imaging_{imaging}")]
    if intent == "ask_warning_signs":
        return [Reply("utter_safety_net")]
    if intent in ("ask_serious", "ask_see_doctor"):
        return [Reply(f"utter_answer_{intent[4:]}_{level}")]
    if level == EMERGENCY:
        return [Reply("utter_answer_after_emergency")]
    if intent == "ask_medicine" and "pregnant" in story.findings:
        return [Reply("utter_answer_medicine_pregnancy")]
    return [Reply(f"utter_answer_{intent[4:]}")]


def disposition(story: Story, assessment: Assessment) -> list[Reply]:
    """The full advice for the current level (GUIDELINE s3-7)."""
    level = assessment.level
    payload = Reply(payload=assessment.payload(story.facts()))
    categories = [c for c in assessment.red_flags]
    why = [Reply(f"utter_why_{c}") for c in categories]
    if level == EMERGENCY:
        return [Reply("utter_result_emergency"), payload, *why[:2], Reply("utter_emergency_while_waiting")]
    safety_net = Reply("utter_safety_net")
    if level == URGENT:
        return [Reply("utter_result_urgent"), payload, *why[:2], Reply("utter_imaging_immediate"),
                Reply("utter_urgent_meanwhile"), safety_net, Reply("utter_offer_extras")]
    replies = [Reply(f"utter_result_{level}"), payload]
    if level == ROUTINE:
        replies += [Reply(f"utter_routine_why_{_routine_reason(assessment)}")]
    replies += [Reply(_imaging_response(story, assessment))]
    medicine = "utter_self_care_medicine_pregnancy" if "pregnant" in story.findings else "utter_self_care_medicine"
    checkin = story.can_message_first and story.checkin not in ("scheduled", "stopped")
    replies += [Reply("utter_self_care_move"), Reply(medicine), Reply("utter_self_care_exercise"), safety_net,
                Reply("utter_offer_extras_checkin" if checkin else "utter_offer_extras")]
    return replies


# Engine reason -> utter_routine_why_<key>, first match wins; an unsure answer otherwise.
ROUTINE_REASONS = {"under_18": "under_18", "pregnant": "pregnancy", "inflammatory_pattern": "inflammatory",
                   "night_pain": "night_pain", "not_improving_after_6_weeks": "long_duration",
                   "getting_worse": "worse"}


def _routine_reason(assessment: Assessment) -> str:
    findings = {r.finding for r in assessment.reasons if r.level == ROUTINE}
    return next((key for reason, key in ROUTINE_REASONS.items() if reason in findings), "unsure")


def _imaging_response(story: Story, assessment: Assessment) -> str:
    if assessment.imaging == "none":
        return "utter_imaging_none_long" if (story.duration_days or 0) > 42 else "utter_imaging_none"
    findings = {r.finding for r in assessment.reasons}
    if "inflammatory_pattern" in findings:
        return "utter_imaging_defer_inflammatory"
    if "night_pain" in findings:
        return "utter_imaging_defer_night"
    if story.surgery_candidate and story.leg_pain:
        return "utter_imaging_defer_sciatica"
    return "utter_imaging_defer_age"


def _ask(story: Story, question: Question, again: bool = False) -> Reply:
    story.asked = question.id
    if again and question.id not in story.retried:
        story.retried.append(question.id)
    return Reply(f"utter_ask_{question.id}" + ("_again" if again else ""))


def _ask_pending(story: Story) -> list[Reply]:
    """The assessment question still waiting for an answer, asked again as it was (none: nothing)."""
    pending = QUESTION_BY_ID.get(story.asked or "")
    return [_ask(story, pending)] if pending else []


def respond(story: Story, message: PatientMessage, now: datetime | None = None) -> tuple[Story, list[Reply]]:
    """One turn: update the story from the message, then escalate, answer, ask or advise."""
    story = replace(story, findings=list(story.findings), unsure=list(story.unsure), answers=dict(story.answers),
                    retried=list(story.retried), flags_sent=list(story.flags_sent), coping=dict(story.coping))
    now = now or datetime.now()
    was_finished = story.finished
    story.can_message_first = message.can_message_first
    if message.intent == CHECKIN_INTENT:
        replies = _start_checkin(story)
    else:
        replies = _turn(story, message, now)
    if story.finished and not was_finished:
        story.assessed_at = now.isoformat(timespec="seconds")
    return story, replies


def _turn(story: Story, message: PatientMessage, now: datetime) -> list[Reply]:
    """One patient message (respond() without the bookkeeping)."""
    replies: list[Reply] = []  # notes and the introduction; an emergency goes before them
    if len(message.text) > MAX_MESSAGE_CHARS:  # findings were read from the whole text already
        replies.append(Reply("utter_message_too_long"))
        message = replace(message, text=message.text[:MAX_MESSAGE_CHARS])
    _record_findings(story, message.findings)
    _record_facts(story, message.text, now)
    pending = QUESTION_BY_ID.get(story.asked or "")
    request = message.clinic_request
    follow_up = None if request else message.follow_up
    if follow_up and pending and not message.is_question:
        follow_up = None  # a statement ("no, I feel fine") answers the pending question first
    answered = False
    # A follow-up question can also carry the answer ("No. But what if I get numb later?"), except
    # for free-text questions, where the question itself would be taken as the answer.
    if pending and not request and (not follow_up or pending.kind != "text") and (
            message.intent not in NOT_AN_ANSWER or message.findings):
        answered = _answer_question(story, pending, message)
    retry = False
    if pending and not answered and not follow_up and not request and message.intent not in SOCIAL_INTENTS | {"greet"}:
        retry = pending.id not in story.retried  # asked again once, in other words
        if not retry:
            story.answers[pending.id] = "unknown"
            if pending.yes_finding and message.polarity != "unsure" and message.text.strip():
                # Twice something that is neither "no" nor "not sure" (e.g. "when I wipe it feels like
                # someone else's bum"): read as a "yes", so an unfamiliar wording never lowers the level.
                _record_yes(story, pending)
            elif pending.yes_finding and load_knowledge().findings[pending.yes_finding].level:
                story.unsure.append(pending.yes_finding)  # "not sure" twice: urgent or routine, never ignored
    used = answered or bool(follow_up or request) or any(f.is_active() for f in message.findings) or (
        story.asked in COPING_QUESTIONS and parse_amount(message.text) is not None) or (
        story.asked == "checkin_progress" and parse.parse_progress(message.text) is not None)
    confusing = message.intent in (None, "nlu_fallback", "out_of_scope") or retry or (pending and not answered)
    story.unclear_turns = 0 if used or not confusing else story.unclear_turns + 1

    if not story.greeted:
        story.greeted = True
        has_story = bool(message.findings) or story.duration_days is not None or message.intent == "describe_pain"
        replies.append(Reply("utter_intro" if has_story else "utter_greet"))
        if not has_story and not request:
            story.asked = "opening"
            return replies + [Reply("utter_ask_opening")]

    assessment = story.assessment()
    rank = load_knowledge().level_rank
    raised = assessment.level in (EMERGENCY, URGENT) and (
        story.level_sent is None or rank(assessment.level) > rank(story.level_sent))
    more_flags = story.level_sent in (EMERGENCY, URGENT) and bool(set(assessment.red_flags) - set(story.flags_sent))
    if raised or more_flags or (story.finished and rank(assessment.level) > rank(story.level_sent or SELF_CARE)):
        story.level_sent = assessment.level
        story.flags_sent = list(assessment.red_flags)
        if story.paused:
            replies.insert(0, Reply(effect="forward"))  # the clinic team sees the message too
        if assessment.level == EMERGENCY:  # the emergency advice comes first, on every channel
            story.finished = True
            story.asked = None
            return disposition(story, assessment) + replies
        if story.finished:
            story.asked = None
            return replies + disposition(story, assessment)
        remaining = next_question(story, time_critical_only=True)
        if remaining is None:
            story.finished = True
            story.asked = None
            return replies + disposition(story, assessment)
        return replies + [Reply("utter_escalate_urgent"), Reply(payload=assessment.payload(story.facts())),
                          Reply("utter_more_safety_questions"), _ask(story, remaining)]

    clinic_turn = _clinic_turn(story, message, request, now)
    if clinic_turn is not None:
        return replies + clinic_turn

    if follow_up:
        replies += _answer_follow_up(follow_up, story, assessment)
    elif story.finished and story.level_sent == EMERGENCY and message.is_question:
        replies.append(Reply("utter_answer_after_emergency"))  # "can I wait?": no, go now
        return replies
    elif message.intent in SOCIAL_INTENTS and not answered:
        replies.append(Reply(f"utter_{message.intent}"))
        if message.intent == "goodbye":
            if not story.finished:
                replies.append(Reply("utter_safety_net"))
            return replies

    if story.finished:
        if not follow_up and message.intent not in SOCIAL_INTENTS:
            no_more = parse.parse_polarity(message.text) == "no" or message.intent in ("deny", "thanks")
            replies.append(Reply("utter_goodbye" if no_more else "utter_anything_else"))
        return replies

    if retry:
        return replies + [_ask(story, pending, again=True)]
    return replies + _next_step(story, assessment)


def _next_step(story: Story, assessment: Assessment) -> list[Reply]:
    """The next question, or the advice when the story is complete."""
    question = next_question(story, time_critical_only=story.level_sent == URGENT)
    if question is None:
        story.finished = True
        story.asked = None
        story.level_sent, story.flags_sent = assessment.level, list(assessment.red_flags)
        return disposition(story, assessment)
    return [_ask(story, question)]


def _clinic_turn(story: Story, message: PatientMessage, request: str | None, now: datetime) -> list[Reply] | None:
    """Hand-off, opt-out, check-in and coping answers, and requests after the advice; None: a normal turn."""
    if request == "stop":  # one word ends every message we would send first (check-ins)
        if story.asked in COPING_QUESTIONS or story.asked == "checkin_progress":
            story.asked = None
        if story.checkin in ("scheduled", "due"):
            story.checkin = "stopped"
        return [Reply(effect="cancel_checkin"), Reply("utter_stopped")]
    if story.paused:  # a person is taking over: pass the message on (danger signs were screened above)
        return [Reply(effect="forward"), Reply("utter_handoff_waiting")]
    if request == "handoff" or story.unclear_turns >= UNCLEAR_LIMIT:
        story.unclear_turns = 0
        if not message.clinic_connected:  # nobody would read the chat: give the phone number, carry on
            return [Reply("utter_human_handoff")] + _ask_pending(story)
        story.paused = True
        return [Reply(effect="handoff")]
    if story.asked == "checkin_progress":
        return _answer_checkin(story, message, now)
    if story.asked in COPING_QUESTIONS:
        return _answer_coping(story, message)
    if request is None:
        return None
    if not story.finished:  # the summary and the rest come after the advice
        return [Reply("utter_extras_later")] + _ask_pending(story)
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


def _start_checkin(story: Story) -> list[Reply]:
    """The scheduled check-in is due: ask how the back is (nothing if the patient opted out)."""
    if story.checkin != "scheduled":
        return []
    story.checkin = "due"
    story.paused = False
    story.asked = "checkin_progress"
    return [Reply("utter_checkin_hello"), Reply("utter_ask_checkin_progress")]


def _answer_checkin(story: Story, message: PatientMessage, now: datetime) -> list[Reply]:
    """Better, same or worse; then the danger-sign screen again and fresh advice (GUIDELINE s3, s7)."""
    progress = parse.parse_progress(message.text)
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
    story.retried = [q for q in story.retried if q not in screening | {"severity", "checkin_progress"}]
    story.pain_score = None
    story.finished = False
    story.asked = None
    return [Reply(f"utter_checkin_{progress}")] + _next_step(story, story.assessment())


def _answer_coping(story: Story, message: PatientMessage) -> list[Reply]:
    """One coping answer (0-2); at the end, the support that fits the score."""
    question = story.asked or ""
    if SKIP_MESSAGE.search(message.text):
        story.asked = None
        return [Reply("utter_coping_skipped")]
    amount = parse_amount(message.text)
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


def response_names() -> set[str]:
    """Every domain response this conversation can send (checked against domain.yml by the tests)."""
    from triage.engine import CATEGORY_ORDER

    names = {"utter_intro", "utter_greet", "utter_ask_opening", "utter_escalate_urgent", "utter_more_safety_questions",
             "utter_emergency_while_waiting", "utter_imaging_immediate", "utter_urgent_meanwhile", "utter_safety_net",
             "utter_offer_extras", "utter_offer_extras_checkin", "utter_self_care_move", "utter_self_care_medicine",
             "utter_self_care_medicine_pregnancy", "utter_self_care_exercise", "utter_imaging_none",
             "utter_imaging_none_long", "utter_imaging_defer_inflammatory", "utter_imaging_defer_night",
             "utter_imaging_defer_sciatica", "utter_imaging_defer_age", "utter_answer_after_emergency",
             "utter_answer_medicine_pregnancy", "utter_anything_else", "utter_goodbye", "utter_restart",
             "utter_message_too_long", "utter_stopped", "utter_handoff_waiting", "utter_extras_later",
             "utter_coping_intro", "utter_coping_skipped", "utter_coping_support", "utter_coping_fine", "utter_checkin_not_now",
             "utter_checkin_unavailable", "utter_checkin_hello", "utter_ask_checkin_progress",
             "utter_ask_checkin_progress_again", "utter_summary_unavailable", "utter_checkin_better", "utter_checkin_same", "utter_checkin_worse"}
    names |= {name for pair in EFFECT_RESPONSES.values() for name in pair if name}
    names |= {f"utter_ask_{q}" for q in COPING_QUESTIONS} | {f"utter_ask_{q}_again" for q in COPING_QUESTIONS}
    for question in QUESTIONS:
        names.add(f"utter_ask_{question.id}")
        if question.kind != "text":
            names.add(f"utter_ask_{question.id}_again")
    levels = load_knowledge().levels
    names |= {f"utter_result_{level}" for level in levels}
    names |= {f"utter_why_{category}" for category in CATEGORY_ORDER}
    names |= {f"utter_routine_why_{key}" for key in ROUTINE_REASONS.values()} | {"utter_routine_why_unsure"}
    names |= {f"utter_{intent}" for intent in SOCIAL_INTENTS}
    for intent in FOLLOW_UP_INTENTS - {"ask_warning_signs"}:  # that one is answered with utter_safety_net
        topic = intent[4:]
        if intent in CONTEXT_FOLLOW_UPS:
            names |= {f"utter_answer_{topic}_pending"}
            names |= ({f"utter_answer_imaging_{t}" for t in ("immediate", "defer", "none")} if intent == "ask_imaging"
                      else {f"utter_answer_{topic}_{level}" for level in levels})
        else:
            names.add(f"utter_answer_{topic}")
    return names
