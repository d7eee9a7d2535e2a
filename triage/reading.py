"""What one patient message says, as the dialogue sees it: plain values, no text parsing here.

`language.read.read()` reads each message once per turn into a `Reading` (findings with their
ConText flags, yes/no, numbers, requests); the dialogue (triage/conversation.py) only looks at it.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from triage.knowledge import Knowledge, load_knowledge


@dataclass(frozen=True)
class Finding:
    """One finding in a message, with its ConText flags."""

    id: str
    text: str
    start: int
    end: int
    negated: bool = False
    family: bool = False
    historical: bool = False
    hypothetical: bool = False
    uncertain: bool = False  # hedged ("maybe a bit numb?")
    fuzzy: bool = False  # read through the spelling step ("numbnes"): a near miss, not the patient's word
    writer: bool = False  # the writer's own, who writes for someone else ("I had cancer myself"): never counts
    doubtful: bool = False  # its sentence leaves it open (knowledge.yml doubtful_if_sentence: "lost 68 lbs", why?)

    @property
    def weak(self) -> bool:
        """Read with doubt (a hedge, a spelling guess or an open sentence): a red flag is confirmed before it
        counts (issue 13)."""
        return self.uncertain or self.fuzzy or self.doubtful

    def is_active(self, knowledge: Knowledge | None = None) -> bool:
        """True when the patient reports it as their own, current (or lasting) problem."""
        if self.negated or self.family or self.hypothetical or self.writer:
            return False
        if self.historical:
            spec = (knowledge or load_knowledge()).findings[self.id]
            return spec.history_counts
        return True

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form, as put on the parsed Rasa message."""
        return asdict(self)


@dataclass(frozen=True)
class Reading:
    """One message, read once (language/read.py). Numbers read with the pending question in mind:
    a bare "55" is an age only when the age was asked."""

    text: str  # the part read (the first MAX_MESSAGE_CHARS characters)
    findings: tuple[Finding, ...] = ()  # from the whole message
    truncated: bool = False  # longer than MAX_MESSAGE_CHARS
    language: str | None = None  # the language the message is clearly written in ("en", "es", "mixed")
    language_choice: str | None = None  # the patient asks for a language: "es" ("español") or "en" ("English")
    polarity: str | None = None  # "yes", "no", "unsure"; None: unclear (GUIDELINE s3a)
    is_question: bool = False  # "?" or a question word first
    topic: str | None = None  # the follow-up topic its words name ("ask_imaging"), in priority order
    request: str | None = None  # stop, send_summary, show_summary, checkin, coping or handoff, by its words
    asks_advice: bool = False  # "should I ...?": asks for advice, never a hand-off
    duration_days: float | None = None
    age: int | None = None
    pain_score: int | None = None
    progress: str | None = None  # better, same or worse (the improving question, a check-in, or said unasked)
    amount: int | None = None  # a coping answer: 0 not at all, 1 a bit, 2 a lot
    skips: bool = False  # "skip", "no thanks": ends the coping questions
    subject: str | None = None  # written for someone else: who ("dad")
    subject_male: bool = False  # that person is a man or a boy ("my son"): no pregnancy question
    subject_unnamed: bool = False  # written for "the young man next door": no word for how they are related
    echo: int = 0  # characters of an echoed question before the answer ("Both? No, just the right": 6)
    leg_side: str | None = None  # "one" or "both" legs, anywhere in the message
    answer_side: str | None = None  # "one" or "both" after an echoed question
    affirms_a_leg: bool = False  # a "yes" with a named leg
    says: frozenset[str] = frozenset()  # knowledge.yml answer kinds: steady, brief_stiffness, new_symptom, ...
    cues: frozenset[str] = frozenset()  # danger-sign screens its words touch (knowledge.yml `cues`): asked next
    named_denials: frozenset[str] = frozenset()  # grouped findings denied by name ("peein ok", "no thinners")
    named_affirmations: frozenset[str] = frozenset()  # grouped findings affirmed by name ("yes to the erection part")
    yes_elsewhere: bool = False  # every "yes" is said of a thing the question does not ask about ("the leg yes, groin no")
