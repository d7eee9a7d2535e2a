"""Times, numbers and short answers from patient text: days since onset, age, pain score, yes/no."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

NUMBER_WORDS = {
    "zero": 0, "nought": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "a": 1, "an": 1, "a single": 1, "a couple of": 2, "a couple": 2, "couple of": 2, "a few": 3, "few": 3,
    "several": 4, "a handful of": 4, "half a": 0.5, "half an": 0.5, "a half": 0.5,
}
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_WORD_NUMBER = (rf"(?:(?:{_TENS})[- ](?:{_UNITS})|"
                + "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True)) + ")")
_NUMBER = rf"(?:\d+(?:\.\d+)?|{_WORD_NUMBER})"
UNIT_DAYS = {"minute": 1 / 1440, "min": 1 / 1440, "hour": 1 / 24, "hr": 1 / 24, "day": 1, "night": 1,
             "week": 7, "wk": 7, "fortnight": 14, "month": 30.4, "year": 365, "yr": 365}
_UNIT = r"(minute|min|hour|hr|day|night|week|wk|fortnight|month|year|yr)s?\b"
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]
HOLIDAYS = {"christmas": (12, 25), "xmas": (12, 25), "new year": (1, 1), "new years": (1, 1),
            "halloween": (10, 31), "bonfire night": (11, 5), "valentine": (2, 14)}


def word_to_number(token: str) -> float | None:
    """'seven' -> 7, 'forty-two' -> 42, '3' -> 3, 'a couple of' -> 2."""
    token = token.strip().lower()
    if re.fullmatch(r"\d+(?:\.\d+)?", token):
        return float(token)
    if token in NUMBER_WORDS:
        return float(NUMBER_WORDS[token])
    m = re.fullmatch(rf"({_TENS})[- ]({_UNITS})", token)
    if m:
        return float(NUMBER_WORDS[m.group(1)] + NUMBER_WORDS[m.group(2)])
    return None


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower().replace("\u2019", "'")).strip()


def _days_since(then: date, today: date) -> float:
    return float(max((today - then).days, 0))


def _since_weekday(name: str, today: date) -> float:
    delta = (today.weekday() - WEEKDAYS.index(name)) % 7
    return float(delta or 7)


def _since_month_day(month: int, day: int, today: date) -> float:
    then = date(today.year, month, min(day, 28 if month == 2 else day))
    if then > today:
        then = then.replace(year=today.year - 1)
    return _days_since(then, today)


def parse_duration_days(text: str, now: datetime | None = None, expecting: bool = False) -> float | None:
    """Days since the pain began, from phrases like '3 days', 'since last Tuesday', 'a couple of weeks'."""
    t = _clean(text)
    today = (now or datetime.now()).date()
    if re.search(r"\b(?:an? |one |half an? )?hours? ago\b|\bthis (?:morning|afternoon|evening)\b|\btoday\b|"
                 r"\btonight\b|\bjust now\b|\bminutes? ago\b", t) and not re.search(r"\b(?:days?|weeks?|months?)\b", t):
        return 0.0
    if re.search(r"\bday before yesterday\b", t):
        return 2.0
    if re.search(r"\b(?:since |from )?yesterday\b|\blast night\b|\bovernight\b", t):
        return 1.0
    m = re.search(rf"\b(?:last|since|on|from)\s+(?:last\s+)?({'|'.join(WEEKDAYS)})\b", t)
    if m:
        return _since_weekday(m.group(1), today)
    if re.search(r"\blast weekend\b|\bat the weekend\b|\bover the weekend\b", t):
        return _since_weekday("saturday", today)
    m = re.search(r"\b(?:since|from|at|over) (?:last |the )?(" + "|".join(HOLIDAYS) + r")\b", t)
    if m:
        return _since_month_day(*HOLIDAYS[m.group(1)], today)
    m = re.search(rf"\b(?:since|from|in|early|late|mid|middle of|start of|beginning of|end of) (?:last )?"
                  rf"({'|'.join(MONTHS)})\b", t)
    if m:
        return _since_month_day(MONTHS.index(m.group(1)) + 1, 15 if "mid" in m.group(0) else 1, today)
    if re.search(r"\blast week\b", t):
        return 7.0
    if re.search(r"\blast month\b", t):
        return 30.0
    if re.search(r"\blast year\b", t) and expecting:
        return 365.0
    for m in re.finditer(rf"\b({_NUMBER})(?:\s*(?:-|to|or)\s*({_NUMBER}))?\s*(?:more |whole |full |long )?{_UNIT}(\s+old)?(\s+ago)?", t):
        if m.group(4) or (m.group(5) and m.group(3).startswith(("year", "yr")) and not expecting):
            continue  # "34 years old"; "8 years ago" is past history unless we asked when it began
        low, high = word_to_number(m.group(1)), word_to_number(m.group(2)) if m.group(2) else None
        value = max(v for v in (low, high) if v is not None)
        return round(value * UNIT_DAYS[m.group(3)], 2)
    m = re.search(r"\b(?:for |a |few )?(days|weeks|months|years|ages)\b(?! old)", t)
    if m and (expecting or re.search(r"\bfor (?:days|weeks|months|years|ages)\b", t)):
        return {"days": 3.0, "weeks": 21.0, "months": 60.0, "years": 730.0, "ages": 60.0}[m.group(1)]
    if expecting and re.search(r"\bfortnight\b", t):
        return 14.0
    return None


def parse_age(text: str, now: datetime | None = None, expecting: bool = False) -> int | None:
    """Age in years: 'I'm 55', '55 years old', 'born in 1970', or a bare number when we asked."""
    t = _clean(text)
    year = (now or datetime.now()).year
    m = re.search(r"\bborn (?:in )?((?:19|20)\d\d)\b", t) or re.search(r"\b\d{1,2}[/.-]\d{1,2}[/.-]((?:19|20)\d\d)\b", t)
    if m:
        return year - int(m.group(1))
    patterns = [rf"\b({_NUMBER})[- ]?(?:years?|yrs?)[- ]?(?:old|of age)\b", rf"\b({_NUMBER}) ?y/?o\b",
                rf"\b(?:aged?|i'?m|i am|im)\s+(?:only |just |nearly |almost |about )?({_NUMBER})\b(?!\s*(?:weeks?|days?|months?|%|kg|lbs?|pounds|stone|cm|/|out of))"]
    if expecting:
        patterns.append(rf"^\W*(?:about |around )?({_NUMBER})\W*$")
        patterns.append(rf"\b({_NUMBER})\b(?!\s*(?:weeks?|days?|months?|/|out of))")
    for pattern in patterns:
        m = re.search(pattern, t)
        if m and m.group(1) not in ("a", "an"):
            value = word_to_number(m.group(1))
            if value is not None and 1 <= value <= 110:
                return int(value)
    return None


def parse_pain_score(text: str, expecting: bool = False) -> int | None:
    """Pain score 0-10: '7/10', '7 out of 10', 'about a seven', or a bare number when we asked."""
    t = _clean(text)
    m = re.search(rf"\b({_NUMBER})\s*(?:/|out of|outta|on a scale of)\s*(?:10|ten)\b", t)
    if not m and expecting:
        m = (re.search(rf"\b(?:about |around |maybe |probably |like |at |roughly )?an? ({_NUMBER})\b", t)
             or re.search(rf"\b({_NUMBER})\b", t))
    if m:
        value = word_to_number(m.group(1))
        if value is not None and 0 <= value <= 10:
            return int(round(value))
    if expecting:
        words = {"mild": 3, "moderate": 5, "bad": 7, "severe": 8, "agony": 9, "excruciating": 10, "unbearable": 10,
                 "worst": 10}
        for word, score in words.items():
            if re.search(rf"\b{word}\b", t):
                return score
    return None


def parse_improving(text: str) -> bool | None:
    """True when the pain is getting better, False when the same or worse."""
    t = _clean(text)
    if re.search(r"\bnot (?:\w+ )?(?:improving|getting better|better|going away|easing|settling)|\bno better\b|"
                 r"\bworse\b|\bsame\b|\bunchanged\b|\bno change\b|\bnot really\b|\bhasn'?t (?:improved|changed|got)|"
                 r"\bstill (?:bad|as bad|there|sore)|\bnot at all\b|\bno improvement\b|\bnope\b|^\W*no\b", t):
        return False
    if re.search(r"\bbetter\b|\bimprov|\beasing\b|\beasier\b|\bsettling\b|\bless (?:pain|sore)|\bon the mend\b|"
                 r"\bhealing\b|\bgoing away\b|^\W*(?:yes|yeah|yep)\b", t):
        return True
    return None


_LEADING_NO = r"^\W*(?:no|nope|nah|not really|none|nothing|never|negative|no way|nay|not at all|not that i)\b"
_LEADING_YES = r"^\W*(?:yes|yeah|yep|yup|yea|ya|aye|sure|correct|definitely|absolutely|certainly|affirmative)\b"
_UNSURE = (r"\b(?:not sure|unsure|don'?t know|dont know|do not know|no idea|not certain|can'?t (?:tell|say|remember)|"
           r"hard to say|no clue|dunno|maybe|possibly|might (?:be|have)|not that i know)\b")
_NO = (r"\b(?:none of (?:those|them|that|these|the above)|nothing like that|nothing of the sort|"
       r"not that i'?ve noticed|haven'?t noticed|(?:seems?|all|everything'?s?|everything is|it'?s all|is|are) "
       r"(?:\w+ )?(?:normal|fine)|no problems?|all (?:fine|good|ok|okay)|i (?:don'?t|do not|haven'?t|have not|"
       r"didn'?t|did not|never)|i'?m not|i am not|not me|no issues?|not really)\b")
_YES = (r"^\W*(?:right|i do|i have|i am|i'?m|i did|it does|it is|they are|true|i think so|i guess so|kind of|"
        r"sort of|a bit|a little|some|sometimes|occasionally)\b|\b(?:yes|yeah|yep|yup)\b")


def parse_polarity(text: str) -> str | None:
    """'yes', 'no' or 'unsure' for an answer to a yes/no question; None when it is not an answer."""
    t = _clean(text)
    for pattern, answer in ((_LEADING_NO, "no"), (_LEADING_YES, "yes"), (_UNSURE, "unsure"), (_NO, "no"),
                            (_YES, "yes")):
        if re.search(pattern, t):
            return answer
    return None


def parse_leg_side(text: str) -> str | None:
    """'both' or 'one' for 'is it in one leg or both?'."""
    t = _clean(text)
    if re.search(r"\bnot both\b|\bjust (?:the )?one\b|\bonly (?:the )?(?:one|right|left)\b", t):
        return "one"
    if re.search(r"\bboth\b|\blegs\b|\bfeet\b|\beach (?:leg|side)\b|\beither side\b|\bleft and right\b|"
                 r"\bright and left\b", t):
        return "both"
    if re.search(r"\b(?:one|right|left|single)\b", t):
        return "one"
    return None
