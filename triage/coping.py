"""Optional questions about coping: the "yellow flags" of GUIDELINE s2 (worry, fear of moving, low mood).

Own wording, not a licensed questionnaire. Each answer scores 0 (not at all), 1 (a bit) or 2 (a lot); the
last question asks about confidence and is scored the other way round. A total of SUPPORT_SCORE or more
suggests more support (physiotherapy with a psychologically informed approach, NICE-NG59); it changes the
support offered, never the urgency (GUIDELINE s2), and is flagged in the clinician summary.
"""
from __future__ import annotations

import re

COPING_QUESTIONS = ("coping_worry", "coping_fear_moving", "coping_mood", "coping_confidence")
REVERSED = {"coping_confidence"}  # "a lot" of confidence is good
SUPPORT_SCORE = 5  # of 8

_NONE = re.compile(r"^\W*(?:0|no|nope|nah|none|never|not at all|not really|not much|hardly|nothing)\b|"
                   r"\bnot at all\b|\bnever\b", re.IGNORECASE)
_SOME = re.compile(r"^\W*1\b|\b(?:a bit|a little|little bit|some|sometimes|somewhat|kind of|kinda|sort of|slightly|"
                   r"a few|now and then|moderately|fairly|quite)\b", re.IGNORECASE)
_LOT = re.compile(r"^\W*2\b|\b(?:a lot|lots|loads|very|really|extremely|so much|all the time|constantly|always|"
                  r"every day|most days|most of the time|massively|terrified|totally|completely|yes|yeah|definitely)\b",
                  re.IGNORECASE)


def parse_amount(text: str) -> int | None:
    """0, 1 or 2 for "not at all", "a bit" or "a lot"; None when the answer says none of these."""
    for score, words in ((0, _NONE), (1, _SOME), (2, _LOT)):
        if words.search(text):
            return score
    return None


def item_score(question: str, amount: int) -> int:
    """The score of one answer (the confidence question counts the other way round)."""
    return 2 - amount if question in REVERSED else amount


def total_score(answers: dict[str, int]) -> int:
    """The sum over the coping questions answered."""
    return sum(item_score(q, a) for q, a in answers.items() if q in COPING_QUESTIONS)


def needs_support(answers: dict[str, int]) -> bool:
    """A high score: offer more support (and flag it for the clinician)."""
    return total_score(answers) >= SUPPORT_SCORE


def next_coping_question(answers: dict[str, int | None]) -> str | None:
    """The first coping question not yet answered or skipped."""
    return next((q for q in COPING_QUESTIONS if q not in answers), None)
