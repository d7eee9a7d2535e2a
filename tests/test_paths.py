"""Path exploration of the pure dialogue (issue 11): every question x every answer class, then
hypothesis for longer random paths. Invariants hold on every state reached (GUIDELINE s3, s3a, s7).

The dialogue function is driven directly (no Rasa); each answer text's findings are read once.
The number of paths and the time taken are printed (`pytest -s`) and kept in results/paths.json.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Iterator

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from language.read import patient_message
from triage.conversation import respond
from triage.knowledge import load_knowledge
from triage.message import PatientMessage, Reply
from triage.questions import QUESTION_BY_ID, QUESTIONS
from triage.story import Story

NOW = datetime(2026, 12, 6, 12, 0)
MAX_TURNS = 60
RANK = load_knowledge().level_rank
SPECS = load_knowledge().findings

# Answer classes for a yes/no danger question: a bare button payload, typed words, and non-answers.
YES_NO_CLASSES = {
    "yes": "Yes", "no": "No", "unsure": "Not sure", "no_idea": "no idea", "unclear": "What do you mean?",
    "refusal": "I'd rather not say", "person": "I want to talk to a real person", "other": "My legs work.",
    "asks_back": "What do you mean? Can I still go walking?",  # a question back with a follow-up topic (no loop)
}
# Other kinds: one good answer and one the assistant cannot use.
GOOD = {"duration": "3 days", "age": "40", "score": "5", "improving": "about the same", "side": "just one leg",
        "text": "lifting a box", "which": "Not sure"}
BAD = "hmm"
OPENINGS = (
    "My lower back hurts",  # nothing known: every question is asked
    "I'm 30 and hurt my back lifting 3 days ago",  # pregnancy possible
    "I'm 72, I slipped in the kitchen 2 days ago and my back hurts",  # fall at an older age: urgent
    "Back pain down my right leg for 2 weeks, I'm 45",  # sciatica: the leg questions
)


@cache
def _message(text: str, asked: str | None, subject: str | None, greeted: bool) -> PatientMessage:
    return patient_message(Story(asked=asked, subject=subject, greeted=greeted), text, now=NOW)


def message(story: Story, text: str) -> PatientMessage:
    """A patient message as read for this story (read once per text and reading context)."""
    return _message(text, story.asked, story.subject, story.greeted)


@dataclass
class Path_:
    """One conversation: the story after each turn and what was sent."""

    story: Story = field(default_factory=Story)
    levels: list[str] = field(default_factory=list)  # the level of every payload sent, in order
    sent: list[str] = field(default_factory=list)
    ended: bool = False

    def say(self, text: str) -> list[Reply]:
        before = self.story
        self.story, replies = respond(self.story, message(self.story, text), NOW)
        names = [r.response for r in replies if r.response]
        payloads = [r.payload["triage"] for r in replies if r.payload]
        check_turn(before, self.story, names, payloads, self.levels)
        self.levels += [p["level"] for p in payloads]
        self.sent += names
        self.ended = self.story.finished or self.story.paused or "utter_stopped" in names
        return replies


def check_turn(before: Story, after: Story, names: list[str], payloads: list[dict], levels: list[str]) -> None:
    """Invariants of one turn."""
    # (c) every disposition carries the payload
    if any(n.startswith("utter_result_") for n in names):
        assert payloads, names
    # (e) the level never goes down within a conversation
    for p in payloads:
        assert not levels or RANK(p["level"]) >= RANK(max(levels, key=RANK)), (levels, p["level"])
    # "you have none of the warning signs" never follows an unsure answer (GUIDELINE s3a)
    if after.unsure:
        assert not (payloads and payloads[-1]["level"] == "self_care"), after.unsure


def check_end(path: Path_) -> None:
    """Invariants of a finished path."""
    story = path.story
    # (d) nothing ends without a disposition or the emergency signs
    assert path.ended, f"no end after {MAX_TURNS} turns: {story.asked}"
    assert story.finished or {"utter_emergency_signs", "utter_safety_net"} & set(path.sent) or story.paused and \
        not _screen_open(story), path.sent[-6:]
    if not story.finished:
        return
    level = story.assessment().level
    # (a) self_care only when every danger-sign screen got an explicit no
    if level == "self_care":
        for q in QUESTIONS:
            if q.kind == "yesno" and q.yes_finding and SPECS[q.yes_finding].level and q.id in story.answers:
                assert story.answers[q.id] in ("no", "yes"), (q.id, story.answers[q.id])
        assert not story.unsure
    # (b) an unsure emergency-type sign never ends below urgent
    if any(SPECS[f].level == "emergency" for f in story.unsure):
        assert RANK(level) >= RANK("urgent"), (story.unsure, level)


def _screen_open(story: Story) -> bool:
    from triage.questions import next_question
    return next_question(story, time_critical_only=True) is not None


def answer_for(question_id: str | None, klass: str | None) -> str:
    """The text for a class of answer to the pending question (None: the default, a plain answer)."""
    question = QUESTION_BY_ID.get(question_id or "")
    if question is None:
        return "ok thanks"
    if question.kind in ("yesno",):
        return YES_NO_CLASSES[klass or "no"]
    if question.kind == "which":
        return klass or GOOD["which"]
    return BAD if klass == "unclear" else GOOD.get(question.kind, "ok")


def walk(opening: str, target: str, first: str, second: str) -> Path_:
    """Answer every question plainly, except `target`: `first` the first time, `second` when asked again."""
    path = Path_()
    path.say(opening)
    times = 0
    for _ in range(MAX_TURNS):
        if path.ended:
            break
        asked = path.story.asked
        if asked == target:
            times += 1
            text = answer_for(asked, first if times == 1 else second)
        elif QUESTION_BY_ID.get(asked or "") and QUESTION_BY_ID[asked].kind == "which":
            text = QUESTION_BY_ID[asked].members[0].replace("_", " ")
        else:
            text = answer_for(asked, None)
        path.say(text)
    return path


def classes_of(question_id: str) -> list[str]:
    question = QUESTION_BY_ID[question_id]
    if question.kind == "yesno":
        return list(YES_NO_CLASSES)
    if question.kind == "which":
        return [SPECS[m].asked_as or m for m in question.members] + ["More than one", "Not sure", "What?"]
    return [None, "unclear"]


def all_paths() -> Iterator[tuple[str, str, str, str, Path_]]:
    """Every opening x question x first answer class x second answer class."""
    for opening in OPENINGS:
        for question in QUESTIONS + tuple(q for q in QUESTION_BY_ID.values() if q not in QUESTIONS):
            for first in classes_of(question.id):
                for second in classes_of(question.id) if first not in ("yes", "no", None) else [first]:
                    yield opening, question.id, str(first), str(second), walk(opening, question.id, first, second)


def test_every_question_times_every_answer_class_keeps_the_invariants():
    started = time.perf_counter()
    reached: dict[str, str] = {}  # (f) finding -> the highest level a "yes" path reached
    count = 0
    for _opening, question_id, first, _second, path in all_paths():
        count += 1
        check_end(path)
        question = QUESTION_BY_ID[question_id]
        if first == "yes" and path.levels and question.yes_finding and path.story.answers.get(question_id) == "yes":
            best = max(path.levels, key=RANK)
            reached[question.yes_finding] = max(reached.get(question.yes_finding, best), best, key=RANK)
        if question.kind == "which" and path.levels:
            for member in question.members:
                if first == (SPECS[member].asked_as or member) and SPECS[member].level and \
                        question_id in path.story.answers:
                    reached[member] = max(path.levels, key=RANK)
    # (f) every finding reachable by an answer path reaches its level
    for finding, level in reached.items():
        wanted = SPECS[finding].level
        if wanted:
            assert RANK(level) >= RANK(wanted), (finding, level, wanted)
    elapsed = time.perf_counter() - started
    out = Path(__file__).resolve().parent.parent / "results"
    out.mkdir(exist_ok=True)
    (out / "paths.json").write_text(json.dumps({"paths": count, "seconds": round(elapsed, 1)}))
    print(f"\npath exploration: {count} paths in {elapsed:.1f} s")
    assert count > 500


def test_unsure_to_every_danger_question_ends_urgent_or_above():
    """The --persona unsure patient (GUIDELINE s3a): never self_care or routine."""
    for opening in OPENINGS:
        for unsure in ("No idea.", "dunno", "Hard to say really.", "no clue tbh"):
            path = Path_()
            path.say(opening)
            for _ in range(MAX_TURNS):
                if path.ended:
                    break
                question = QUESTION_BY_ID.get(path.story.asked or "")
                danger = question is not None and question.kind == "yesno" and question.yes_finding and \
                    SPECS[question.yes_finding].level
                path.say(unsure if danger else answer_for(path.story.asked, None))
            check_end(path)
            assert RANK(path.story.assessment().level) >= RANK("urgent"), (opening, unsure)


ANY_ANSWER = st.sampled_from(sorted(set(YES_NO_CLASSES.values()) | set(GOOD.values()) | {
    BAD, "Heavy bleeding", "Steroid tablets", "Blood thinners", "both legs", "70", "stop",
    "Do I really need to go today?", "what exercises can I do?", "no numbness down there",
    "I can't feel the toilet paper when I wipe", "I had breast cancer years ago", "my mum had cancer, not me",
    "Both? No, just the right", "fell off a ladder", "I'm pregnant", "I don't understand"}))


class RandomPatient(RuleBasedStateMachine):
    """Longer random paths: any answer at any point, the invariants after every turn."""

    def __init__(self) -> None:
        super().__init__()
        self.path = Path_()
        self.path.say("My lower back hurts")

    @rule(text=ANY_ANSWER)
    def patient_says(self, text: str) -> None:
        if not self.path.ended:
            self.path.say(text)

    @invariant()
    def unsure_emergency_sign_is_never_below_urgent(self) -> None:
        story = self.path.story
        if story.finished and any(SPECS[f].level == "emergency" for f in story.unsure):
            assert RANK(story.assessment().level) >= RANK("urgent")


RandomPatient.TestCase.settings = settings(max_examples=150, stateful_step_count=30, deadline=None,
                                           suppress_health_check=[HealthCheck.too_slow])
test_random_patients = RandomPatient.TestCase
