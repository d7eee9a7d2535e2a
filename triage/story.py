"""The patient's story so far: every fact and answer, kept in one Rasa slot between turns."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Callable

from triage.engine import Assessment, Facts, assess
from triage.knowledge import FindingSpec, load_knowledge
from triage.reading import Finding

STORY_SLOT = "story"  # the Rasa slot that holds the whole Story (actions/respond.py, channels/clinic.py)
LANGUAGE_SLOT = "language"  # the Rasa slot that picks each response's variation: "en" or "es" (server/nlg.py)
PREGNANCY_AGES = (16, 50)  # pregnancy asked about in this age range (project policy)


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
    language: str = "en"  # the replies' language: "es" when chosen, or when most messages are Spanish (issue 15)
    languages: dict[str, int] = field(default_factory=dict)  # messages clearly in each language
    language_chosen: bool = False  # the patient asked for a language ("español"): detection no longer changes it
    language_offered: bool = False  # English with Spanish words: Spanish was offered (once)
    page_language: str | None = None  # the language last picked on the web page (a new pick switches again)
    age_unknown: bool = False  # asked twice, still unknown: rules apply as for the older group (GUIDELINE s3a)
    duration_unknown: bool = False  # asked twice, still unknown: said so in the advice (GUIDELINE s3a)
    screen_stopped: bool = False  # handed off or stopped before the danger-sign screen was done
    subject: str | None = None  # the person with the pain, when the writer is someone else ("dad")
    asked_back: list[str] = field(default_factory=list)  # questions the patient answered with a question
    cued: list[str] = field(default_factory=list)  # screens whose cue words the patient used: asked next (issue 13)
    rechecked: list[str] = field(default_factory=list)  # screens asked again after the advice because of a cue
    to_confirm: list[str] = field(default_factory=list)  # red flags read with doubt: confirmed before they count
    waited: list[str] = field(default_factory=list)  # questions that already waited once after a polite message
    past: list[str] = field(default_factory=list)  # red flags told as past ("an epidural years ago"): a later bare
    # mention ("the epidural didn't help last time") is the same event, confirmed before it counts (informed batch)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Story:
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
        about_them = self.subject is not None and finding.family and not (
            finding.negated or finding.hypothetical or finding.writer)
        return about_them and (not finding.historical or load_knowledge().findings[finding.id].history_counts)

    def has(self, predicate: Callable[[FindingSpec], bool]) -> bool:
        """True when any reported finding fits the predicate."""
        specs = load_knowledge().findings
        return any(predicate(specs[f]) for f in self.findings)
