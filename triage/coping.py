"""Optional questions about coping: the "yellow flags" of GUIDELINE s2 (worry, fear of moving, low mood).

Own wording, not a licensed questionnaire. Each answer scores 0 (not at all), 1 (a bit) or 2 (a lot); the
last question asks about confidence and is scored the other way round. A total of SUPPORT_SCORE or more
suggests more support (physiotherapy with a psychologically informed approach, NICE-NG59); it changes the
support offered, never the urgency (GUIDELINE s2), and is flagged in the clinician summary.
"""
from __future__ import annotations

COPING_QUESTIONS = ("coping_worry", "coping_fear_moving", "coping_mood", "coping_confidence")
REVERSED = {"coping_confidence"}  # "a lot" of confidence is good
SUPPORT_SCORE = 5  # of 8


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
