"""The questions, in the order the clinical state calls for them (GUIDELINE s3: danger signs first)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from triage.engine import CHOOSING_WISELY_WINDOW_DAYS, EMERGENCY, INFLAMMATORY_MAX_AGE, INFLAMMATORY_MIN_DAYS, URGENT
from triage.knowledge import FindingSpec, load_knowledge
from triage.message import Reply
from triage.story import Story

ANEURYSM_QUESTION_AGE = 50  # a known aortic aneurysm is asked about from this age (vascular row, GUIDELINE s3)


def category(*names: str) -> Callable[[FindingSpec], bool]:
    return lambda spec: bool(set(spec.categories) & set(names))


def ids(*names: str) -> Callable[[FindingSpec], bool]:
    return lambda spec: spec.id in names


@dataclass(frozen=True)
class Question:
    """One question of the assessment; asked with the response utter_ask_<id>."""

    id: str
    kind: str  # duration | age | score | text | improving | side | yesno
    covers: Callable[[FindingSpec], bool] = lambda spec: False  # findings that answer it
    yes_finding: str | None = None  # recorded for a bare "yes"
    time_critical: bool = False  # still asked after an urgent escalation (emergency signs)
    when: Callable[[Story], bool] = lambda story: True
    members: tuple[str, ...] = ()  # the findings a grouped question names (GUIDELINE s3a)
    critical_if: Callable[[Story], bool] = lambda story: False  # time-critical in this story only
    either_or: bool = False  # "getting worse, or the same?": a bare "yes" is asked again, the words decide
    unsure_finding: str | None = None  # counted when unsure, if not the yes_finding (a fall of any size)
    says_yes: str | None = None  # an either/or question: knowledge.yml answer kinds that choose each side
    says_no: str | None = None

    def is_time_critical(self, story: Story) -> bool:
        """Asked after an urgent result: it could still raise the level to emergency (GUIDELINE s3)."""
        return self.time_critical or self.critical_if(story)

    @property
    def asks_which(self) -> bool:
        """A bare "yes" needs "which one?": the findings it groups lead to different levels or categories."""
        specs = load_knowledge().findings
        return len({(specs[m].level, specs[m].categories) for m in self.members}) > 1

    @property
    def which_decides(self) -> bool:
        """A bare "yes" counts nothing until "which one?" is answered: its parts differ and none is an emergency
        (GUIDELINE s3a; an unresolved answer then counts the most urgent part)."""
        specs = load_knowledge().findings
        return self.asks_which and all(specs[m].level != EMERGENCY for m in self.members)

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


def _unknown_side(story: Story) -> bool:
    legs = story.leg_pain or story.has(lambda s: s.leg and s.nerve)
    return bool(legs) and not story.has(category("cauda_equina"))


QUESTIONS: tuple[Question, ...] = _with_which((
    Question("duration", "duration", when=lambda s: s.duration_days is None),
    Question("onset", "text", when=lambda s: not s.has(lambda f: f.injury or f.strain or "major_trauma" in f.categories)),
    Question("location", "text"),
    Question("leg_pain", "yesno", covers=ids("leg_pain", "bilateral_leg_symptoms", "bilateral_leg_weakness"),
             when=lambda s: s.leg_pain is None),
    Question("leg_side", "side", time_critical=True, when=_unknown_side),
    Question("age", "age", when=lambda s: s.age is None),
    Question("screen_cauda_equina", "yesno", covers=category("cauda_equina"), yes_finding="cauda_equina_reported",
             time_critical=True,
             members=("saddle_numbness", "bladder_dysfunction", "bowel_incontinence", "sexual_dysfunction")),
    Question("screen_vascular", "yesno", covers=category("vascular"), yes_finding="vascular_reported",
             time_critical=True, members=("chest_pain_or_breathless", "faint_or_collapse")),
    Question("screen_aneurysm", "yesno", covers=category("vascular"), yes_finding="vascular_reported",
             time_critical=True, when=lambda s: s.age is not None and s.age >= ANEURYSM_QUESTION_AGE),
    Question("screen_leg_nerves", "yesno", time_critical=True,
             covers=lambda f: (f.leg and f.nerve) or "neuro_deficit" in f.categories or "cauda_equina" in f.categories,
             yes_finding="leg_symptoms_reported"),  # a "yes" is followed by leg_nerves_detail, not "which one?"
    Question("leg_nerves_detail", "yesno", time_critical=True, covers=category("neuro_deficit", "cauda_equina"),
             yes_finding="leg_weakness_reported", when=lambda s: s.has(lambda f: f.leg and f.nerve)),
    Question("weakness_progression", "yesno", time_critical=True, yes_finding="progression_reported", either_or=True,
             says_yes="worsening", says_no="steady",
             covers=ids("progressive_weakness", "bilateral_leg_weakness", "progression_reported"),
             when=lambda s: s.has(ids("leg_weakness", "leg_weakness_reported"))),
    Question("weakness_side", "side", time_critical=True,  # one leg or both (GUIDELINE s3 clarifications)
             when=lambda s: s.has(ids("leg_weakness", "leg_weakness_reported", "progressive_weakness",
                                       "progression_reported")) and not s.has(category("cauda_equina"))),
    # A bare "yes" is any fall or knock: trauma_detail then asks whether it was a big one.
    Question("screen_trauma", "yesno", time_critical=True, yes_finding="minor_injury",
             unsure_finding="major_trauma_reported", covers=lambda f: f.injury or "major_trauma" in f.categories),
    # A choice (a slip or trip, or a bigger fall or crash): the patient's words decide, a bare "yes" is asked again.
    Question("trauma_detail", "yesno", time_critical=True, covers=category("major_trauma"), either_or=True,
             yes_finding="major_trauma_reported", says_yes="big_fall", says_no="small_fall",
             when=lambda s: (s.answers.get("screen_trauma") == "yes" or s.has(lambda f: f.injury))
             and not s.has(category("major_trauma"))),
    # Blood thinners with a fall and a nerve symptom are an emergency (project policy): asked
    # with the fall questions, so that after an urgent result it comes before cancer and infection.
    Question("screen_bone", "yesno", covers=lambda f: f.bone_risk or f.bleeding_risk, yes_finding="bone_risk_reported",
             members=("osteoporosis", "long_term_steroids", "anticoagulant"),
             critical_if=lambda s: _nerve(s) and s.has(lambda f: f.injury)),
    # With a nerve symptom, cancer or infection makes it an emergency (NICE-NG234): asked after urgent too.
    Question("screen_cancer", "yesno", covers=lambda f: "cancer" in f.categories and f.level == URGENT,
             yes_finding="cancer_reported", critical_if=_nerve,
             members=("cancer_history", "weight_loss")),  # night pain alone (routine) does not answer it
    Question("screen_infection", "yesno", covers=ids("fever", "injecting_drug_use", "immunosuppression",
                                                     "infection_risk_reported", "infection_reported"),
             yes_finding="infection_reported", critical_if=_nerve,
             members=("fever", "injecting_drug_use", "immunosuppression")),
    Question("screen_infection_recent", "yesno", yes_finding="infection_risk_reported", critical_if=_nerve,
             covers=ids("recent_spinal_procedure", "recent_infection", "past_tuberculosis"),
             members=("recent_spinal_procedure", "recent_infection", "past_tuberculosis")),
    Question("screen_night", "yesno", covers=ids("night_pain"), yes_finding="night_pain"),
    Question("screen_stiffness", "yesno", covers=ids("morning_stiffness"), yes_finding="morning_stiffness",
             when=lambda s: s.age is not None and s.age < INFLAMMATORY_MAX_AGE
             and (s.duration_days or 0) > INFLAMMATORY_MIN_DAYS),
    Question("screen_pregnancy", "yesno", covers=ids("pregnant"), yes_finding="pregnant", time_critical=True,
             when=lambda s: s.pregnancy_possible),
    Question("pregnancy_signs", "yesno", covers=category("pregnancy"), yes_finding="pregnancy_warning_reported",
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


def _confirm(finding: str) -> Question:
    """ "Just to check: <finding>?" for a red flag read with doubt; yes counts it, unsure counts as unsure."""
    return Question(f"confirm_{finding}", "confirm", yes_finding=finding, unsure_finding=finding, members=(finding,),
                    time_critical=True, when=lambda s: finding in s.to_confirm)


CONFIRMS = tuple(_confirm(f.id) for f in load_knowledge().findings.values() if f.level and f.asked_as)
QUESTIONS += CONFIRMS
QUESTION_BY_ID = {q.id: q for q in QUESTIONS}


# After an urgent result, the questions that find a nerve symptom come first: with cancer, infection
# or blood thinners after a fall, a nerve symptom makes it an emergency (NICE-NG234, GUIDELINE s3).
NERVE_FIRST = ("leg_side", "screen_cauda_equina", "screen_leg_nerves", "leg_nerves_detail", "weakness_progression",
               "weakness_side")


def next_question(story: Story, time_critical_only: bool = False) -> Question | None:
    """The first open question, or None when the story is complete; a "which one?" comes first, then the
    screens the patient's own words touched (cue words, issue 13). Once a nerve symptom is told, the nerve
    questions and those it makes decisive (cancer, infection, blood thinners after a fall) come before the
    rest, so that a combination emergency is found in the fewest turns. After an urgent result, the nerve
    questions, then those this story makes decisive (blood thinners after a fall with a nerve symptom); with a
    nerve symptom already told, the cauda equina screen and those decisive ones first (a patient may stop
    answering soon after a result)."""
    nerve_now = _nerve(story)  # a nerve symptom already told: cancer or infection would make it an emergency

    def order(q: Question) -> tuple[bool, ...]:  # confirm, "which one?", cued, nerve-first, decisive in this story
        decisive = q.critical_if(story)
        return (q.kind != "confirm", q.kind != "which", q.id not in story.cued,
                q.id != "weakness_progression",  # a weak leg: "getting worse?" decides an emergency on its own
                nerve_now and not (decisive or q.id in NERVE_FIRST),
                time_critical_only and q.id not in NERVE_FIRST and not (nerve_now and decisive),
                time_critical_only and not (decisive or q.id == "screen_cauda_equina"))

    for question in sorted(QUESTIONS, key=order):
        if question.is_open(story) and (question.is_time_critical(story) or not time_critical_only):
            return question
    return None


def ask(story: Story, question: Question, again: bool = False) -> Reply:
    story.asked = question.id
    if again and question.id not in story.retried:
        story.retried.append(question.id)
    if question.kind == "confirm":
        spec = load_knowledge().findings[question.members[0]]
        ever = "_ever" if spec.history_counts else ""  # "have you had cancer at any time?", never "... now?"
        return Reply("utter_ask_confirm" + ever + ("_again" if again else ""), values={"finding": spec.named(story.language)})
    return Reply(f"utter_ask_{question.id}" + ("_again" if again else ""))


def ask_pending(story: Story) -> list[Reply]:
    """The assessment question still waiting for an answer, asked again as it was (none: nothing)."""
    pending = QUESTION_BY_ID.get(story.asked or "")
    return [ask(story, pending)] if pending else []
