"""Short answers in patient words: yes / no / unsure, whose pain it is, which leg, better or worse.

The phrase lists are knowledge.yml's `answers` and `subject` (GUIDELINE s3a); the coping amounts
("not at all / a bit / a lot") are the optional coping questions' own scale (triage/coping.py).
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import cache, lru_cache

from language.quantities import clean
from triage.knowledge import load_knowledge
from triage.reading import Finding


@cache
def phrase_lists(section: str) -> dict[str, tuple[re.Pattern[str], ...]]:
    """A knowledge.yml section of named phrase lists, compiled: `answers` (unsure, unclear, no_leading, ...)
    or `cues` (screen question id -> cue words, language/cues.py)."""
    return {kind: tuple(re.compile(p, re.IGNORECASE) for p in patterns)
            for kind, patterns in getattr(load_knowledge(), section).items()}


def answer_patterns() -> dict[str, tuple[re.Pattern[str], ...]]:
    """knowledge.yml `answers`, compiled: the kinds of answer (unsure, unclear, no_leading, ...)."""
    return phrase_lists("answers")


@lru_cache(maxsize=1)
def subject_patterns() -> dict[str, re.Pattern[str]]:
    """knowledge.yml `subject`, compiled: a story written for someone else ("other") or the writer ("self"), and
    the writer's own sentences in a story about someone else ("writer", "patient", "contrast")."""
    return {kind: re.compile(p, re.IGNORECASE) for kind, p in load_knowledge().subject.items()}


def the_writers_own(text: str, finding: Finding) -> Finding:
    """Writing for someone else, a finding told in a sentence about the writer alone ("My son is 15 ... I
    had breast cancer myself", "I'm the one who had it, not him"), or about a relative of the person written
    about ("her sister had breast cancer"), is not the patient's (issue 13 item 1)."""
    start = max(text.rfind(mark, 0, finding.start) for mark in ".!?;\n") + 1
    ends = [i for i in (text.find(mark, finding.end) for mark in ".!?;\n") if i >= 0]
    sentence = text[start:min(ends, default=len(text))]
    patterns = subject_patterns()
    head = text[start:finding.end]  # "It was me who had breast cancer ... No, he's eating well": the "he" comes after
    if patterns["writer"].search(sentence) and not patterns["patient"].search(patterns["contrast"].sub("", head)):
        return replace(finding, writer=True)
    if patterns["relative"].search(text[start:finding.start]):
        return replace(finding, writer=True)  # "her sister had cancer": not the patient's either
    return finding


_WORSE = re.compile(r"\b(?:worse|worsening|deteriorat\w*)\b|\bmore (?:pain|sore)\b|\bhurts? more\b")
_SAME = re.compile(r"\b(?:same|no change|unchanged|no different|no better|not better|no improvement|not at all|nope|"
                   r"not (?:much|a lot of|any|really any) (?:change|different|difference|better)|no real change|"
                   r"not (?:really )?improv\w*|not (?:\w+ )?(?:improving|getting better|better|going away|easing|settling)|"
                   r"still (?:bad|as bad|sore|there|hurts?|painful)|hasn'?t (?:improved|changed|got)|not really)\b|^\W*no\b")
_BETTER = re.compile(r"\b(?:better|improv\w*|easing|easier|settling|gone|fine now|healed|healing|on the mend|much less|"
                     r"less (?:pain|sore)|going away)\b|^\W*(?:yes|yeah|yep)\b")
# Said without being asked, only a clear "not getting better" counts ("better when I walk" is no answer).
_UNASKED = re.compile(r"\b(?:not|isn'?t|no) (?:getting )?(?:any )?(?:better|improving)|getting worse|not going away|"
                      r"won'?t go away|no better")


def parse_progress(text: str, asked: bool = True) -> str | None:
    """ "better", "same" or "worse": the answer to "is it getting better?" or to a check-in; said
    unasked, only "same" for a clear "not getting better" (None when the message says none of these)."""
    t = clean(text)
    if not asked:
        return "same" if _UNASKED.search(t) else None
    return next((answer for answer, words in (("worse", _WORSE), ("same", _SAME), ("better", _BETTER))
                 if words.search(t)), None)


_YES_WORD = re.compile(r"\b(?:yes|yeah|yep|yup)\b")
ANSWER_ORDER = (("unsure", "unsure"), ("unclear", None), ("no_leading", "no"), ("yes_leading", "yes"),
                ("no_anywhere", "no"), ("yes_anywhere", "yes"), ("normal", "no"))


def _answer_matches(kind: str, text: str) -> bool:
    return any(p.search(text) for p in answer_patterns().get(kind, ()))


def parse_polarity(text: str) -> str | None:
    """'yes', 'no' or 'unsure' for an answer to a yes/no question; None when it is unclear.

    The phrase lists are in knowledge.yml (`answers`, GUIDELINE s3a): the first sentence decides
    first ("No idea. Maybe." is unsure, "No. I don't know why it hurts" is a no); after a question
    back, the statements that follow ("What do you mean? My legs are fine"); then the whole text.
    """
    t = _without_reporting(clean(text))
    corrected = _corrected_answer(after_correction(t))
    if corrected is not None:
        return corrected
    sentences = re.split(r"(?<=[.!?;])\s", t)
    if len(sentences) > 1 and _answer_matches("bare_denial", sentences[-1]) and not _YES_WORD.search(t):
        return "no"
    first, rest = (re.split(r"(?<=[.!?;])\s", t, maxsplit=1) + [""])[:2]
    rest = " ".join(part for part in re.split(r"(?<=[.!?;])\s", rest) if not part.rstrip().endswith("?"))
    for part in (first, rest, t):  # "What do you mean? My legs are fine": the answer after the question
        for kind, answer in ANSWER_ORDER:
            if part == rest and kind == "yes_anywhere" and not _YES_WORD.search(part):
                continue  # after a question back, only a plain "yes" is a yes ("I'm so tired of hospitals")
            if part and _answer_matches(kind, part):
                if answer is None and part == first and rest:
                    break  # the first sentence asks back: the rest may still answer
                return answer
    return None


def _without_reporting(text: str) -> str:
    """ "he says no numbness" -> "no numbness": the answer a carer passes on."""
    for pattern in answer_patterns().get("reported", ()):
        text = pattern.sub("", text, count=1)
    return text


CORRECTED = (("unsure", "unsure"), ("no_leading", "no"), ("yes_leading", "yes"))


def _corrected_answer(after: str) -> str | None:
    """The answer a correction gives: the first sentence after it that starts with one ("actually yes, a bit";
    "I misread that. No, my legs are fine"). A statement without one ("actually my leg gave way, no worse
    than before") is not a corrected answer: its findings speak for it."""
    for sentence in re.split(r"(?<=[.!?;])\s", after) if after else ():
        answer = next((a for kind, a in CORRECTED if _answer_matches(kind, sentence)), None)
        if answer is not None:
            return answer
    return None


def after_correction(text: str) -> str:
    """What follows the last correction marker ("actually", "sorry, I misread"), or "" when there is none."""
    ends = [m.end() for p in answer_patterns().get("correction", ()) for m in p.finditer(text)]
    return text[max(ends):].strip(" ,.;:-!") if ends else ""


def someone_else(text: str) -> str | None:
    """Who the message is about when it is written for someone else ("my dad fell": "dad"), else None."""
    patterns = subject_patterns()
    t = clean(text)
    m = patterns["other"].search(t) if "other" in patterns else None
    if m is None or patterns["self"].search(t):
        return None
    return "client" if m.group("who") in ("mr", "mrs", "ms", "miss") else m.group("who")  # "carer for Mr Davies"


def says(kind: str, text: str) -> bool:
    """The text matches one of knowledge.yml's `answers` lists: "steady" (the same, no worse),
    "brief_stiffness" (stiffness that passes in minutes), "new_symptom" (something changed),
    "all_denied" (no to every finding of a grouped question), "pushback" (questions the advice)."""
    text = clean(text)
    if kind in UNLESS_DENIED:
        return any(not NEGATION_BEFORE.search(text[max(0, m.start() - 30):m.start()])
                   for p in answer_patterns().get(kind, ()) for m in p.finditer(text))
    return _answer_matches(kind, text)


UNLESS_DENIED = frozenset({"big_fall"})  # kinds whose words do not count right after a denial
NEGATION_BEFORE = re.compile(r"\b(?:no|not|nothing|never|without|wasn'?t|didn'?t|isn'?t|neither|nor)\b(?:\W+\w+){0,3}\W*$")


def echo_length(text: str) -> int:
    """Characters of an echoed question before the answer ("Both? No, just the right": 6)."""
    matches = (p.search(text) for p in answer_patterns().get("echo", ()))
    return next((m.end() for m in matches if m), 0)


def affirms_a_leg(text: str) -> bool:
    """A "yes" and a named leg in one answer ("no, only the left, yes it goes down to the ankle")."""
    t = clean(text)
    return bool(re.search(r"\b(?:yes|yeah|yep|s[ií])\b", t) and re.search(
        r"\b(?:left|right|izquierd[ao]|derech[ao])\b", t))


def parse_leg_side(text: str) -> str | None:
    """'both' or 'one' for 'is it in one leg or both?' (None: not said, or legs only denied)."""
    t = clean(text)
    if re.search(r"\bnot both\b|\bjust (?:the )?one\b|\bonly (?:the |my |me )?(?:one|right|left)\b|"
                 r"\bjust (?:in )?(?:the |my |me )?(?:right|left)\b", t):
        return "one"
    if re.search(r"\bboth\b|\beach (?:leg|side)\b|\beither side\b|\bleft and right\b|\bright and left\b", t):
        return "both"
    if re.search(r"\b(?:one|right|left|single)\b", t):
        return "one"
    if re.search(r"\blegs\b|\bfeet\b", t) and not re.search(
            r"\b(?:not|no|never|nothing|nowt|none|\w+n'?t)\b[^.;!?]{0,25}\b(?:legs|feet)\b", t):
        return "both"
    return None


_NOT_AT_ALL = re.compile(r"^\W*(?:0|no|nope|nah|none|never|not at all|not really|not much|hardly|nothing)\b|"
                         r"\bnot at all\b|\bnever\b", re.IGNORECASE)
_A_BIT = re.compile(r"^\W*1\b|\b(?:a bit|a little|little bit|some|sometimes|somewhat|kind of|kinda|sort of|slightly|"
                    r"a few|now and then|moderately|fairly|quite)\b", re.IGNORECASE)
_A_LOT = re.compile(r"^\W*2\b|\b(?:a lot|lots|loads|very|really|extremely|so much|all the time|constantly|always|"
                    r"every day|most days|most of the time|massively|terrified|totally|completely|yes|yeah|definitely)\b",
                    re.IGNORECASE)


def parse_amount(text: str) -> int | None:
    """0, 1 or 2 for "not at all", "a bit" or "a lot" (a coping answer); None when it says none of these."""
    for score, words in ((0, _NOT_AT_ALL), (1, _A_BIT), (2, _A_LOT)):
        if words.search(text):
            return score
    return None


_SKIP = re.compile(r"^\W*(?:skip|no thanks|leave it|enough)\b", re.IGNORECASE)


def skips(text: str) -> bool:
    """ "skip", "no thanks", "enough": the patient ends the optional coping questions."""
    return bool(_SKIP.search(text))
