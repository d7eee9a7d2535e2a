"""The assessment conversation: which question to ask next, when to escalate, what to say.

Pure Python (no Rasa): it takes the patient's story so far and one parsed message, and returns
the updated story plus the replies, as response names of the domain and payloads. Every
message is screened for red flags first, so a danger sign changes the advice in the same turn,
whatever question was pending (GUIDELINE s3, "at any point").
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from datetime import datetime
from typing import Any, Callable

from triage.coping import COPING_QUESTIONS, needs_support, next_coping_question
from triage.engine import (CHOOSING_WISELY_WINDOW_DAYS, EMERGENCY, INFLAMMATORY_MAX_AGE, INFLAMMATORY_MIN_DAYS, ROUTINE,
                           SELF_CARE, URGENT, Assessment, Facts, assess)
from triage.knowledge import FindingSpec, load_knowledge
from triage.reading import Finding, Reading

FOLLOW_UP_INTENTS = {
    "ask_warning_signs", "ask_activity", "ask_imaging", "ask_why_no_scan", "ask_self_care", "ask_exercise", "ask_medicine", "ask_work", "ask_sleep",
    "ask_bed_rest", "ask_recovery_time", "ask_serious", "ask_see_doctor", "ask_heat", "ask_unhelpful_treatments",
    "ask_worry",
}
STATEMENT_INTENTS = {"ask_worry"}  # follow-ups that patients say rather than ask ("I'm scared to move")
SOCIAL_INTENTS = {"bot_challenge", "human_handoff", "out_of_scope", "chitchat", "thanks", "goodbye"}
NOT_AN_ANSWER = {"bot_challenge", "human_handoff", "greet"}  # never read as the answer to a pending question
POLITE_INTENTS = {"bot_challenge", "thanks", "goodbye", "greet"}  # not an unclear answer: the question waits
# Effects the action carries out, with the response for success and for failure (kept for retry).
EFFECT_RESPONSES = {"handoff": ("utter_handoff_sent", "utter_handoff_queued"),
                    "send_summary": ("utter_summary_sent", "utter_summary_queued"),
                    "show_summary": ("utter_summary_show", "utter_summary_show"),
                    "schedule_checkin": ("utter_checkin_scheduled", "utter_checkin_failed"),
                    "cancel_checkin": (None, None), "forward": (None, None)}
CHECKIN_INTENT = "EXTERNAL_checkin_due"  # sent by the check-in scheduler (channels/checkin.py), never typed
UNCLEAR_LIMIT = 3  # messages in a row the assistant cannot use: a person takes over (hand-off)
FOLLOW_UP_CONFIDENCE = 0.5
ANEURYSM_QUESTION_AGE = 50  # a known aortic aneurysm is asked about from this age (vascular row, GUIDELINE s3)



@dataclass(frozen=True)
class PatientMessage:
    """One patient message as the dialogue sees it: the reading of its text (language.read), the
    classifier's top intent, and what the channel can do."""

    reading: Reading
    intent: str | None = None
    confidence: float = 0.0
    can_message_first: bool = False  # the channel can send a check-in later (SMS, WhatsApp, Telegram, Messenger)
    clinic_connected: bool = True  # a clinic endpoint takes summaries and hand-offs (CLINIC_WEBHOOK_URL)

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
    denied: list[str] = field(default_factory=list)  # findings of grouped questions the patient denied by name
    language: str = "en"  # "es" when most messages are Spanish, which the assistant cannot read yet
    languages: dict[str, int] = field(default_factory=dict)  # messages clearly in each language
    age_unknown: bool = False  # asked twice, still unknown: rules apply as for the older group (GUIDELINE s3a)
    duration_unknown: bool = False  # asked twice, still unknown: said so in the advice (GUIDELINE s3a)
    screen_stopped: bool = False  # handed off or stopped before the danger-sign screen was done
    subject: str | None = None  # the person with the pain, when the writer is someone else ("dad")
    asked_back: list[str] = field(default_factory=list)  # questions the patient answered with a question

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
                     worsening=self.worsening, age_unknown=self.age_unknown)

    def assessment(self) -> Assessment:
        """Current guideline assessment."""
        return assess(self.findings, self.facts(), self.unsure)

    def add_finding(self, finding_id: str) -> None:
        """Record a finding once, in the order reported."""
        if finding_id not in self.findings:
            self.findings.append(finding_id)

    @property
    def pregnancy_possible(self) -> bool:
        """Pregnancy not ruled out: an age 16-50, or an age that stayed unknown (GUIDELINE s3 clarifications)."""
        if "pregnant" in self.findings:
            return True
        in_range = self.age is not None and PREGNANCY_AGES[0] <= self.age <= PREGNANCY_AGES[1]
        return self.answers.get("screen_pregnancy") != "no" and (in_range or self.age_unknown)

    def counts(self, finding: Finding) -> bool:
        """The finding is this patient's: their own, or the person written about (GUIDELINE s3a)."""
        if finding.is_active():
            return True
        about_them = self.subject is not None and finding.family and not (finding.negated or finding.hypothetical)
        return about_them and (not finding.historical or load_knowledge().findings[finding.id].history_counts)

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
    members: tuple[str, ...] = ()  # the findings a grouped question names (GUIDELINE s3a)
    critical_if: Callable[[Story], bool] = lambda story: False  # time-critical in this story only
    either_or: bool = False  # "getting worse, or the same?": a leading yes or no says nothing
    unsure_finding: str | None = None  # counted when unsure, if not the yes_finding (a fall of any size)

    def is_time_critical(self, story: Story) -> bool:
        """Asked after an urgent result: it could still raise the level to emergency (GUIDELINE s3)."""
        return self.time_critical or self.critical_if(story)

    @property
    def asks_which(self) -> bool:
        """A bare "yes" needs "which one?": the findings it groups lead to different levels or categories."""
        specs = load_knowledge().findings
        return len({(specs[m].level, specs[m].categories) for m in self.members}) > 1

    def is_open(self, story: Story) -> bool:
        """Still to be asked: not answered, not covered by what the patient said, and relevant."""
        if self.id in story.answers or (self.kind == "yesno" and story.has(self.covers)):
            return False
        return self.when(story)


def _nerve(story: Story) -> bool:
    return story.has(lambda f: f.nerve)


def _which(parent: Question) -> Question:
    """The "which one?" follow-up of a bare "yes" to a grouped question (GUIDELINE s3a)."""
    members = parent.members
    return Question(f"which_{parent.id}", "which", members=members, time_critical=parent.time_critical,
                    critical_if=parent.critical_if,
                    when=lambda s: s.answers.get(parent.id) == "yes" and not any(m in s.findings for m in members))


def _with_which(questions: tuple[Question, ...]) -> tuple[Question, ...]:
    """Each grouped question whose findings lead to different levels, followed by its "which one?"."""
    return tuple(q for parent in questions for q in ((parent, _which(parent)) if parent.asks_which else (parent,)))


PREGNANCY_AGES = (16, 50)  # pregnancy asked about in this age range (project policy)


def _unknown_side(story: Story) -> bool:
    legs = story.leg_pain or story.has(lambda s: s.leg and s.nerve)
    return bool(legs) and not story.has(_category("cauda_equina"))


QUESTIONS: tuple[Question, ...] = _with_which((
    Question("duration", "duration", when=lambda s: s.duration_days is None),
    Question("onset", "text", when=lambda s: not s.has(lambda f: f.injury or f.strain or "major_trauma" in f.categories)),
    Question("location", "text"),
    Question("leg_pain", "yesno", covers=_ids("leg_pain", "bilateral_leg_symptoms", "bilateral_leg_weakness"),
             when=lambda s: s.leg_pain is None),
    Question("leg_side", "side", time_critical=True, when=_unknown_side),
    Question("age", "age", when=lambda s: s.age is None),
    Question("screen_cauda_equina", "yesno", covers=_category("cauda_equina"), yes_finding="cauda_equina_reported",
             time_critical=True,
             members=("saddle_numbness", "bladder_dysfunction", "bowel_incontinence", "sexual_dysfunction")),
    Question("screen_vascular", "yesno", covers=_category("vascular"), yes_finding="vascular_reported",
             time_critical=True, members=("chest_pain_or_breathless", "faint_or_collapse")),
    Question("screen_aneurysm", "yesno", covers=_category("vascular"), yes_finding="vascular_reported",
             time_critical=True, when=lambda s: s.age is not None and s.age >= ANEURYSM_QUESTION_AGE),
    Question("screen_leg_nerves", "yesno", time_critical=True,
             covers=lambda f: (f.leg and f.nerve) or "neuro_deficit" in f.categories or "cauda_equina" in f.categories,
             yes_finding="leg_symptoms_reported"),  # a "yes" is followed by leg_nerves_detail, not "which one?"
    Question("leg_nerves_detail", "yesno", time_critical=True, covers=_category("neuro_deficit", "cauda_equina"),
             yes_finding="leg_weakness_reported", when=lambda s: s.has(lambda f: f.leg and f.nerve)),
    Question("weakness_progression", "yesno", time_critical=True, yes_finding="progression_reported", either_or=True,
             covers=_ids("progressive_weakness", "bilateral_leg_weakness", "progression_reported"),
             when=lambda s: s.has(_ids("leg_weakness", "leg_weakness_reported"))),
    Question("weakness_side", "side", time_critical=True,  # one leg or both (GUIDELINE s3 clarifications)
             when=lambda s: s.has(_ids("leg_weakness", "leg_weakness_reported", "progressive_weakness",
                                       "progression_reported")) and not s.has(_category("cauda_equina"))),
    # A bare "yes" is any fall or knock: trauma_detail then asks whether it was a big one.
    Question("screen_trauma", "yesno", time_critical=True, yes_finding="minor_injury",
             unsure_finding="major_trauma_reported", covers=lambda f: f.injury or "major_trauma" in f.categories),
    Question("trauma_detail", "yesno", time_critical=True, covers=_category("major_trauma"),
             yes_finding="major_trauma_reported", denied_by=lambda f: f.injury,
             when=lambda s: (s.answers.get("screen_trauma") == "yes" or s.has(lambda f: f.injury))
             and not s.has(_category("major_trauma"))),
    # With a nerve symptom, cancer or infection makes it an emergency (NICE-NG234): asked after urgent too.
    Question("screen_cancer", "yesno", covers=lambda f: "cancer" in f.categories and f.level == URGENT,
             yes_finding="cancer_reported", critical_if=_nerve,
             members=("cancer_history", "weight_loss")),  # night pain alone (routine) does not answer it
    Question("screen_infection", "yesno", covers=_ids("fever", "injecting_drug_use", "immunosuppression",
                                                     "infection_risk_reported", "infection_reported"),
             yes_finding="infection_reported", critical_if=_nerve,
             members=("fever", "injecting_drug_use", "immunosuppression")),
    Question("screen_infection_recent", "yesno", yes_finding="infection_risk_reported", critical_if=_nerve,
             covers=_ids("recent_spinal_procedure", "recent_infection", "past_tuberculosis"),
             members=("recent_spinal_procedure", "recent_infection", "past_tuberculosis")),
    # Blood thinners with a fall and a nerve symptom are an emergency (project policy).
    Question("screen_bone", "yesno", covers=lambda f: f.bone_risk or f.bleeding_risk, yes_finding="bone_risk_reported",
             members=("osteoporosis", "long_term_steroids", "anticoagulant"),
             critical_if=lambda s: _nerve(s) and s.has(lambda f: f.injury)),
    Question("screen_night", "yesno", covers=_ids("night_pain"), yes_finding="night_pain"),
    Question("screen_stiffness", "yesno", covers=_ids("morning_stiffness"), yes_finding="morning_stiffness",
             when=lambda s: s.age is not None and s.age < INFLAMMATORY_MAX_AGE
             and (s.duration_days or 0) > INFLAMMATORY_MIN_DAYS),
    Question("screen_pregnancy", "yesno", covers=_ids("pregnant"), yes_finding="pregnant", time_critical=True,
             when=lambda s: s.pregnancy_possible),
    Question("pregnancy_signs", "yesno", covers=_category("pregnancy"), yes_finding="pregnancy_warning_reported",
             time_critical=True, when=lambda s: "pregnant" in s.findings,
             members=("pregnancy_emergency", "pregnancy_warning")),
    Question("severity", "score", when=lambda s: s.pain_score is None),
    Question("improving", "improving", when=lambda s: s.improving is None),
    Question("surgery_preference", "yesno",
             when=lambda s: bool(s.leg_pain) and (s.duration_days or 0) > CHOOSING_WISELY_WINDOW_DAYS
             and s.improving is not True
             and s.surgery_candidate is None),
    Question("tried", "text"),
))
QUESTION_BY_ID = {q.id: q for q in QUESTIONS}


# After an urgent result, the questions that find a nerve symptom come first: with cancer, infection
# or blood thinners after a fall, a nerve symptom makes it an emergency (NICE-NG234, GUIDELINE s3).
NERVE_FIRST = ("leg_side", "screen_cauda_equina", "screen_leg_nerves", "leg_nerves_detail", "weakness_progression",
               "weakness_side")


def next_question(story: Story, time_critical_only: bool = False) -> Question | None:
    """The first open question, or None when the story is complete; a "which one?" comes first."""
    def order(q: Question) -> tuple[bool, bool]:
        return q.kind != "which", time_critical_only and q.id not in NERVE_FIRST

    for question in sorted(QUESTIONS, key=order):
        if question.is_open(story) and (question.is_time_critical(story) or not time_critical_only):
            return question
    return None


def _record_findings(story: Story, findings: tuple[Finding, ...], echo: int = 0) -> None:
    """Add active findings to the story; set leg-pain facts from findings and negations.

    Findings inside an echoed question ("Both? No, just the right": the first `echo` characters)
    are the patient repeating the question, not reporting (GUIDELINE s3a).
    """
    for f in findings:
        if f.start < echo:
            continue
        if story.counts(f):
            story.add_finding(f.id)
            if f.id in ("leg_pain", "bilateral_leg_symptoms"):
                story.leg_pain = True
        elif f.negated and f.id == "leg_pain" and story.leg_pain is None:
            story.leg_pain = False


def _record_facts(story: Story, reading: Reading) -> None:
    """Durations, ages and scores said anywhere; a bare number only fills the question asked."""
    asked = story.asked
    duration = reading.duration_days
    about_pregnancy = asked in ("screen_pregnancy", "pregnancy_signs")  # "34 weeks" is the pregnancy
    if duration is not None and (asked == "duration" or (story.duration_days is None and not about_pregnancy)):
        story.duration_days = duration
    age = reading.age
    if age is not None and (story.age is None or asked == "age"):
        story.age = age
    score = reading.pain_score
    if score is not None and (story.pain_score is None or asked == "severity"):
        story.pain_score = score
    if (story.improving is None or asked == "improving") and reading.progress is not None:
        story.improving = reading.progress == "better"


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
        side = message.reading.answer_side
        if side is None:
            return False
        if side == "both":
            story.add_finding("bilateral_leg_weakness" if question.id == "weakness_side" else "bilateral_leg_symptoms")
        story.answers[question.id] = side
        return True
    if question.kind == "which":
        return _answer_which(story, question, message)
    return _answer_yes_no(story, question, message)


def _answer_which(story: Story, question: Question, message: PatientMessage) -> bool:
    """ "Which one?": the findings named; anything else ("not sure", "more than one") counts as the
    most urgent finding of the group (GUIDELINE s3a)."""
    named = [f.id for f in message.findings if f.id in question.members and story.counts(f)]
    if not named:
        rank = load_knowledge().level_rank
        specs = load_knowledge().findings
        named = [max(question.members, key=lambda m: rank(specs[m].level or SELF_CARE))]
    for finding in named:
        story.add_finding(finding)
    story.answers[question.id] = named
    return True


def _record_yes(story: Story, question: Question) -> None:
    """A "yes" to a yes/no question: its generic finding, when it has one."""
    story.answers[question.id] = "yes"
    if question.yes_finding:
        story.add_finding(question.yes_finding)


def _answer_yes_no(story: Story, question: Question, message: PatientMessage) -> bool:
    knowledge = load_knowledge()
    related = [f for f in message.findings if question.covers(knowledge.findings[f.id])]
    polarity = message.polarity
    if question.id == "screen_stiffness" and "brief_stiffness" in message.reading.says:
        story.findings = [f for f in story.findings if f != "morning_stiffness"]  # minutes, not over 30
        story.answers[question.id] = "no"
        return True
    if question.either_or and "steady" in message.reading.says:
        polarity = "no"  # "Yes, it buckled, but it is no worse than on Sunday": the same
    if question.id == "leg_pain":
        return _answer_leg_pain(story, message.reading, polarity)
    if story.language != "en" and polarity == "no":
        polarity = None  # a patient who cannot read the question cannot deny it (GUIDELINE s3a, s8)
        related = [f for f in related if story.counts(f)]
    if question.id == "surgery_preference" and polarity in ("yes", "no"):
        story.surgery_candidate = polarity == "yes"
    if any(story.counts(f) for f in related):
        story.answers[question.id] = "yes"
        return True
    if polarity == "yes":
        _record_yes(story, question)
        return True
    named = [f.id for f in related if f.negated and f.id in question.members]
    story.denied += [f for f in named if f not in story.denied]
    asked_rest = _rest_marker(question) in story.retried or question.id in story.retried  # a "no" now answers all
    if named and _remaining(story, question) and "all_denied" not in message.reading.says and not (
            asked_rest and polarity == "no"):
        return False  # "no numbness down there" answers that finding only: ask the rest
    denied = any(question.denied_by(knowledge.findings[f.id]) and story.counts(f) for f in message.findings)
    if related or denied or polarity == "no":  # only negated, family or past findings: a "no" for this patient
        story.answers[question.id] = "no"
        return True
    return False


def _answer_leg_pain(story: Story, reading: Reading, polarity: str | None) -> bool:
    """ "Does the pain spread into a leg? One or both?": leg pain and, when said, the side."""
    side = reading.leg_side
    if side == "both" and polarity != "no":
        story.add_finding("bilateral_leg_symptoms")
    if side:
        story.answers["leg_side"] = side
    if story.leg_pain is None and side == "one" and reading.affirms_a_leg:
        story.leg_pain = True  # "no, just the left one, yes, down the back of my leg"
    if story.leg_pain is None and polarity in ("yes", "no"):
        story.leg_pain = polarity == "yes"
    if story.leg_pain is None:
        return False
    story.answers["leg_pain"] = story.leg_pain
    return True


def _remaining(story: Story, question: Question) -> list[str]:
    """The findings of a grouped question the patient has not denied by name."""
    return [m for m in question.members if m not in story.denied]


def _rest_marker(question: Question) -> str:
    """Marks in Story.retried that the findings of a grouped question not yet denied were asked by name."""
    return f"{question.id}:rest"


def _record_unsure(story: Story, question: Question) -> None:
    """Not a yes, not a no, twice: unsure (urgent for an emergency-type sign, else routine; GUIDELINE s3a)."""
    story.answers[question.id] = "unsure"
    finding = question.unsure_finding or question.yes_finding
    if question.kind == "which":
        _answer_which(story, question, PatientMessage(Reading(text="")))
    elif finding and load_knowledge().findings[finding].level and finding not in story.unsure:
        story.unsure.append(finding)


SAFETY_NET = (Reply("utter_safety_net"), Reply("utter_safety_net_see"))  # every GUIDELINE s7 item
CONTEXT_FOLLOW_UPS = ("ask_imaging", "ask_serious", "ask_see_doctor")  # answers depend on the level


def _answer_follow_up(intent: str, story: Story, assessment: Assessment) -> list[Reply]:
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
                    denied=list(story.denied), languages=dict(story.languages), asked_back=list(story.asked_back),
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
    if message.reading.truncated:  # the findings come from the whole text, the rest from its first part
        replies.append(Reply("utter_message_too_long"))
    replies += _language_note(story, message)
    about = _who_has_the_pain(story, message)
    echo = message.reading.echo if story.asked not in (None, "opening") else 0  # answers only
    _record_findings(story, message.findings, echo)
    _record_facts(story, message.reading)
    pending = QUESTION_BY_ID.get(story.asked or "")
    request = message.clinic_request
    if request == "handoff_intent":
        request = None if pending else "handoff"
    follow_up = None if request else message.follow_up
    if follow_up and pending and not message.is_question:
        follow_up = None  # a statement ("no, I feel fine") answers the pending question first
    answered, denials = False, len(story.denied)
    # A follow-up question can also carry the answer ("No. But what if I get numb later?"), except
    # for free-text questions, where the question itself would be taken as the answer.
    pushback = story.level_sent in (EMERGENCY, URGENT) and "pushback" in message.reading.says
    if pending and not request and not pushback and (not follow_up or pending.kind != "text") and (
            message.intent not in NOT_AN_ANSWER or message.findings):
        answered = _answer_question(story, pending, message)
    ask_again = None
    partial = len(story.denied) > denials  # a partial denial counts as an answer attempt, question or not
    asked_back = bool(follow_up) and pending is not None and pending.id in story.asked_back  # twice: no loop
    if pending and not answered and follow_up and pending.id not in story.asked_back:
        story.asked_back.append(pending.id)
    if pending and not answered and (partial or asked_back or not follow_up) and not request and \
            message.intent not in POLITE_INTENTS:
        ask_again = _not_answered(story, pending)
    used = answered or bool(follow_up or request) or any(story.counts(f) for f in message.findings) or (
        story.asked in COPING_QUESTIONS and message.reading.amount is not None) or (
        story.asked == "checkin_progress" and message.reading.progress is not None)
    # Only messages with no question waiting count towards "cannot follow you": an unclear answer
    # follows the ask-again-then-unsure path instead (GUIDELINE s3a).
    confusing = message.intent in (None, "nlu_fallback", "out_of_scope") and not pending
    story.unclear_turns = 0 if used or not confusing else story.unclear_turns + 1

    if not story.greeted:
        story.greeted = True
        has_story = bool(message.findings) or story.duration_days is not None or message.intent == "describe_pain"
        replies.append(Reply("utter_intro" if has_story else "utter_greet"))
        if not has_story and not request:
            story.asked = "opening"
            return replies + [Reply("utter_ask_opening")]
    replies += about

    assessment = story.assessment()
    escalation = _escalate(story, assessment, replies)
    if escalation is not None:
        return escalation

    clinic_turn = _clinic_turn(story, message, request, now)
    if clinic_turn is not None:
        return replies + clinic_turn

    serious = story.level_sent in (EMERGENCY, URGENT)
    if serious and (pushback or (story.level_sent == EMERGENCY and story.finished and (
            follow_up or message.is_question))):
        replies += restate(story, assessment)  # "can't I wait?": the level, why, what to do now (s3a)
        if story.finished:
            return replies
        return replies + ([ask_again] if ask_again else _next_step(story, assessment))
    if follow_up:
        replies += _answer_follow_up(follow_up, story, assessment)
    elif message.intent in SOCIAL_INTENTS and not answered:
        replies.append(Reply(f"utter_{message.intent}"))
        if message.intent == "goodbye":
            if not story.finished:
                replies += SAFETY_NET
            return replies

    if story.finished:
        if not follow_up and message.intent not in SOCIAL_INTENTS:
            if not message.is_question and "new_symptom" in message.reading.says:
                replies += SAFETY_NET  # something new after the advice, not understood: the danger signs again
            no_more = message.polarity == "no" or message.intent in ("deny", "thanks")
            replies.append(Reply("utter_goodbye" if no_more and not replies else "utter_anything_else"))
        return replies

    if ask_again:
        return replies + [ask_again]
    return replies + _next_step(story, assessment)


def _who_has_the_pain(story: Story, message: PatientMessage) -> list[Reply]:
    """A first story written for someone else ("my dad fell off a ladder"): assess that person, and say so."""
    if story.subject or not (not story.greeted or story.asked == "opening"):
        return []
    story.subject = message.reading.subject
    return [Reply("utter_about_someone_else", values={"who": story.subject})] if story.subject else []


def _language_note(story: Story, message: PatientMessage) -> list[Reply]:
    """A message in a language the assistant cannot read yet: once, a note in that language with
    the emergency signs and numbers; from then on no answer is read as a "no" (GUIDELINE s3a)."""
    if message.reading.language is None:
        return []
    story.languages[message.reading.language] = story.languages.get(message.reading.language, 0) + 1
    before, story.language = story.language, max(story.languages, key=lambda code: (story.languages[code],
                                                                                   code == story.language))
    return [Reply(f"utter_language_note_{story.language}")] if story.language not in ("en", before) else []


def _not_answered(story: Story, question: Question) -> Reply | None:
    """The pending question was not answered: ask it once more, in plainer words; the second time,
    record it as unsure (danger signs) or unknown and go on (GUIDELINE s3a)."""
    rest = _remaining(story, question) if set(question.members) & set(story.denied) else []
    if rest and _rest_marker(question) not in story.retried:  # a partial denial: the rest, by name (not a re-ask)
        story.retried.append(_rest_marker(question))
        phrases = load_knowledge().findings
        return Reply("utter_ask_rest", values={"rest": "; ".join(phrases[m].asked_as or m for m in rest)})
    if question.id not in story.retried:
        return _ask(story, question, again=True)
    story.answers[question.id] = "unknown"
    if question.kind in ("yesno", "which"):
        _record_unsure(story, question)
    elif question.kind == "age":
        story.age_unknown = True
    elif question.kind == "duration":
        story.duration_unknown = True
    return None


def _escalate(story: Story, assessment: Assessment, replies: list[Reply]) -> list[Reply] | None:
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
                      Reply("utter_more_safety_questions"), _ask(story, remaining)]


def restate(story: Story, assessment: Assessment) -> list[Reply]:
    """The level, the main reason and what to do now, said again kindly (push-back, GUIDELINE s3a)."""
    level = story.level_sent or assessment.level
    reasons = [_why(c, level) for c in assessment.red_flags[:1]]
    if not reasons and any(r.uncertain for r in assessment.reasons):
        reasons = [Reply("utter_unsure_emergency_signs")]
    return [Reply(f"utter_restate_{level}"), *reasons]


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
        signs = _screen_cut_short(story)
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
            return [Reply("utter_human_handoff")] + _ask_pending(story)
        signs = _screen_cut_short(story)
        story.paused = True
        return signs + [Reply(effect="handoff")]
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


def _screen_cut_short(story: Story) -> list[Reply]:
    """Leaving before the danger-sign screen is done: the emergency signs and number first, and the
    clinic summary says the screen was not completed (GUIDELINE s3a)."""
    if story.finished or next_question(story, time_critical_only=True) is None:
        return []
    story.screen_stopped = True
    return [Reply("utter_emergency_signs")]


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
    return [Reply(f"utter_checkin_{progress}")] + _next_step(story, story.assessment())


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


def response_names() -> set[str]:
    """Every domain response this conversation can send (checked against domain.yml by the tests)."""
    from triage.engine import CATEGORY_ORDER

    names = {"utter_intro", "utter_greet", "utter_ask_opening", "utter_escalate_urgent", "utter_more_safety_questions",
             "utter_emergency_while_waiting", "utter_imaging_immediate", "utter_urgent_meanwhile", "utter_safety_net",
             "utter_safety_net_see",
             "utter_offer_extras", "utter_offer_extras_checkin", "utter_self_care_move", "utter_self_care_medicine",
             "utter_self_care_medicine_pregnancy", "utter_self_care_exercise", "utter_imaging_none",
             "utter_imaging_none_long", "utter_imaging_defer_inflammatory", "utter_imaging_defer_night",
             "utter_imaging_defer_sciatica", "utter_imaging_defer_age",
             "utter_answer_medicine_pregnancy", "utter_anything_else", "utter_goodbye", "utter_restart",
             "utter_message_too_long", "utter_stopped", "utter_handoff_waiting", "utter_extras_later",
             "utter_coping_intro", "utter_coping_skipped", "utter_coping_support", "utter_coping_fine", "utter_checkin_not_now",
             "utter_checkin_unavailable", "utter_checkin_hello", "utter_ask_checkin_progress",
             "utter_ask_checkin_progress_again", "utter_summary_unavailable", "utter_checkin_better", "utter_checkin_same", "utter_checkin_worse",
             "utter_ask_rest", "utter_language_note_es", "utter_emergency_signs", "utter_unsure_emergency_signs",
             "utter_emergency_while_waiting_trauma", "utter_duration_unknown", "utter_restate_urgent",
             "utter_restate_emergency", "utter_answer_imaging_immediate", "utter_about_someone_else"}
    names |= set(URGENT_ANSWERS.values()) | {f"utter_why_{c}_emergency" for c in EMERGENCY_WHY}
    names |= {name for pair in EFFECT_RESPONSES.values() for name in pair if name}
    names |= {f"utter_ask_{q}" for q in COPING_QUESTIONS} | {f"utter_ask_{q}_again" for q in COPING_QUESTIONS}
    for question in QUESTIONS:
        names.add(f"utter_ask_{question.id}")
        if question.kind not in ("text", "which"):
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
