"""Numbers in patient text: days since the pain began, age, pain score (digits, words and dates)."""
from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from functools import lru_cache

from dateutil.easter import easter

from language import textspeak

NUMBER_WORDS = {
    "zero": 0, "nought": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "a": 1, "an": 1, "a single": 1, "a couple of": 2, "a couple": 2, "couple of": 2, "a few": 3, "few": 3,
    "several": 4, "a handful of": 4, "half a": 0.5, "half an": 0.5, "a half": 0.5,
    # Spanish words in English messages ("hace tres semanas", issue 15 reads Spanish in full)
    "un": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
    "nueve": 9, "diez": 10, "quince": 15, "veinte": 20, "treinta": 30, "unos": 3, "unas": 3,
}
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_WORD_NUMBER = (rf"(?:(?:{_TENS})[- ](?:{_UNITS})|"
                + "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True)) + ")")
_NUMBER = rf"(?:\d+(?:\.\d+)?|{_WORD_NUMBER})"
UNIT_DAYS = {"minute": 1 / 1440, "min": 1 / 1440, "hour": 1 / 24, "hr": 1 / 24, "day": 1, "night": 1,
             "día": 1, "dia": 1, "semana": 7, "mes": 30.4, "meses": 30.4, "año": 365, "ano": 365,
             "week": 7, "wk": 7, "fortnight": 14, "month": 30.4, "year": 365, "yr": 365}
_UNIT = r"(minute|min|hour|hr|day|night|week|wk|fortnight|month|year|yr|meses|mes|d[ií]a|semana|año|ano)s?\b"
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


def clean(text: str) -> str:
    """Lower case, plain apostrophes, single spaces, text-speak written out ("since yday")."""
    return textspeak.expand(re.sub(r"\s+", " ", text.lower().replace("\u2019", "'")).strip()).lower()


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


_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_MONTH = "(" + "|".join(MONTHS) + r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)"
_ANCHOR = r"(?:since|from|on|started|start|starting|began|begin|beginning|it was|about|around|round)"
# How often, not how long: "twice a day", "3 tablets a day", "every ten minutes".
_FREQUENCY = re.compile(r"\b(?:once|twice|\S+ times)\s+(?:a|an|per|each|every)\s+\w+|"
                        r"\b\S+\s+(?:tablets?|pills?|mg|times|cups?|units?|miles?|km|steps|hours?|minutes?|mins?)"
                        r"\s+(?:a|per|each|every)\s+(?:day|night|week)\b|\bevery\s+(?:\S+\s+)?(?:minutes?|mins?|hours?|"
                        r"days?|nights?|weeks?|mornings?)\b")
_PAIN_TOPIC = re.compile(r"\b(?:pain\w*|back|hurt\w*|ach\w*|sore|twinge|spasm|sciatica|started|began|start|begun|"
                         r"symptoms?)\b")
_OTHER_TOPIC = re.compile(r"\b(?:tablets?|pills?|medication|meds|inhalers?|injections?|insulin|steroids?|diagnosed|hiv|"
                          r"diabet\w*|copd|asthma|married|retired|job|work(?:ed|ing)|smok\w*|clean|sober|pregnant|"
                          r"fevers?|temperature|infection|antibiotics|cold|flu|cough\w*|cancer|chemo\w*|tumou?r|surgery|operation|weight|lbs|pounds|kilos?|kg|dieting)\b")
_PREGNANCY_WEEKS = re.compile(r"^\s*(?:pregnant|gone|along|into (?:my|the|this) pregnancy)\b")


@lru_cache(maxsize=1)
def _dateparser():
    import dateparser  # imported on first use: it takes about half a second

    return dateparser


def _past_date(fragment: str, today: date, has_month: bool) -> date | None:
    """A day-month date (dateparser), moved back a month or a year when it would be in the future."""
    settings = {"PREFER_DATES_FROM": "past", "RELATIVE_BASE": datetime.combine(today, datetime.min.time()),
                "DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first"}
    parsed = _dateparser().parse(fragment, languages=["en"], settings=settings)
    if parsed is None:
        return None
    then = parsed.date()
    if then > today:
        if has_month:
            then = then.replace(year=then.year - 1)
        else:
            month, year = (then.month - 1, then.year) if then.month > 1 else (12, then.year - 1)
            then = date(year, month, min(then.day, calendar.monthrange(year, month)[1]))
    return then


def _date_candidates(t: str, today: date) -> list[float]:
    """Explicit dates: 'since the 3rd of March', 'November 20th', 'since the 15th', '14/11'."""
    found = []
    for m in re.finditer(rf"\b(?:the )?{_DAY}(?: of)? {_MONTH}\b", t):
        then = _past_date(f"{m.group(1)} {m.group(2)}", today, has_month=True)
        if then:
            found.append(_days_since(then, today))
    for m in re.finditer(rf"\b{_MONTH} (?:the )?{_DAY}\b(?!\s*(?:years?|days?|weeks?|months?))", t):
        then = _past_date(f"{m.group(2)} {m.group(1)}", today, has_month=True)
        if then:
            found.append(_days_since(then, today))
    for m in re.finditer(rf"\b{_ANCHOR} (?:on |around |about )?the {_DAY}\b(?! of {_MONTH})(?! (?:floor|time|go|try|attempt|day|week|month|year)s?\b)( of (?:this|last|the) month)?",  # noqa: E501 (one pattern)
                         t):
        then = _past_date(m.group(1), today, has_month=False)
        if then and m.group(2) and "last" in m.group(2):
            month, year = (then.month - 1, then.year) if then.month > 1 else (12, then.year - 1)
            then = date(year, month, min(then.day, calendar.monthrange(year, month)[1]))
        if then:
            found.append(_days_since(then, today))
    for m in re.finditer(r"\b(\d{1,2})[/.](\d{1,2})(?:[/.]((?:19|20)?\d\d))?\b(?!\s*(?:kg|mg|%))", t):
        day, month = int(m.group(1)), int(m.group(2))
        if not (1 <= day <= 31 and 1 <= month <= 12) or (month == 10 and day <= 10 and not m.group(3)):
            continue  # "38.5" degrees, "7/10" or "10/10" for the pain: not dates
        if day <= 12 and month <= 12 and day != month:
            continue  # 3/4 is March or April depending on the country: ask again rather than guess
        if m.group(3) and len(m.group(3)) == 4 and int(m.group(3)) < today.year - 1:
            continue  # a date of birth or an old event
        then = _past_date(m.group(0), today, has_month=True)
        if then:
            found.append(_days_since(then, today))
    return found


def _part_of_month(month: int, where: str, today: date) -> float:
    year = today.year if month <= today.month else today.year - 1
    day = {"early": 5, "mid": 15, "middle": 15, "late": 25,
           "end": calendar.monthrange(year, month)[1]}.get(where, 1)
    return _days_since(date(year, month, day), today)


def _duration_candidates(t: str, today: date, expecting: bool) -> list[float]:
    """Every day count the text gives for the start of the pain (the caller takes the largest)."""
    found = _named_day_candidates(t, today) + _month_candidates(t, today) + _date_candidates(t, today)
    found += _counted_candidates(t, expecting)
    if re.search(r"\blast week\b", t):
        found.append(7.0)
    if re.search(r"\blast month\b", t):
        found.append(30.0)
    if re.search(r"\b(?:half a year|half-year|half year)\b", t):
        found.append(182.0)
    if re.search(r"\blast year\b", t) and expecting:
        found.append(365.0)
    if not found:
        vague = re.search(r"\b(?:for |a |few )?(days|weeks|months|years|ages)\b(?! old)", t)
        # unasked, only about the pain ("had it for ages"; not "hold on to the chair for ages")
        about_pain = r"\b(?:had|been|going on|hurt\w*|ach\w*|sore|pain|suffer\w*|bad|this|it) (?:\w+ ){0,3}?for "
        if vague and (expecting or re.search(about_pain + r"(?:days|weeks|months|years|ages)\b", t)):
            found.append({"days": 3.0, "weeks": 21.0, "months": 60.0, "years": 730.0, "ages": 60.0}[vague.group(1)])
        elif expecting and re.search(r"\bfortnight\b", t):
            found.append(14.0)
    return found


def _named_day_candidates(t: str, today: date) -> list[float]:
    """Today, yesterday, last Tuesday, the weekend, the start of the week, month or year, holidays."""
    found: list[float] = []
    if re.search(r"\b(?:an? |one |half an? )?hours? ago\b|\bthis (?:morning|afternoon|evening)\b|\btoday\b|"
                 r"\btonight\b|\bjust now\b|\bminutes? ago\b", t):
        found.append(0.0)
    if re.search(r"\bday before yesterday\b|\bnight before last\b", t):
        found.append(2.0)
    elif re.search(r"\b(?:since |from )?yesterday\b|\blast night\b|\bovernight\b", t):
        found.append(1.0)
    for day in re.finditer(rf"\b(?:last|since|on|from)\s+(?:last\s+)?({'|'.join(WEEKDAYS)})\b", t):
        found.append(_since_weekday(day.group(1), today))
    if re.search(r"\blast weekend\b|\b(?:at|over|since) the weekend\b", t):
        found.append(_since_weekday("saturday", today))
    if re.search(r"\b(?:start|beginning) of (?:the|this) week\b", t):
        found.append(float(today.weekday()))
    if re.search(r"\b(?:start|beginning) of (?:the|this) month\b", t):
        found.append(_days_since(today.replace(day=1), today))
    if re.search(r"\b(?:start|beginning) of (?:the|this) year\b|\bsince january\b", t):
        found.append(_days_since(date(today.year, 1, 1), today))
    m = re.search(r"\b(?:since|from|at|over|around|about) (?:last |the )?(" + "|".join(HOLIDAYS) + r")\b", t)
    if m:
        found.append(_since_month_day(*HOLIDAYS[m.group(1)], today))
    if re.search(r"\b(?:since|from|at|over|around|about) (?:last )?easter\b", t):
        then = easter(today.year) if easter(today.year) <= today else easter(today.year - 1)
        found.append(_days_since(then, today))
    return found


def _month_candidates(t: str, today: date) -> list[float]:
    """ "since March", "early May", "the end of January"."""
    found: list[float] = []
    for m in re.finditer(rf"\b(?:(since|from|in|early|late|mid|middle of|start of|beginning of|end of|the end of) "
                         rf"(?:last )?|^(early|late|mid)[- ]?)({'|'.join(MONTHS)})\b", t):
        where = (m.group(1) or m.group(2) or "").replace("the ", "").split()[0]
        found.append(_part_of_month(MONTHS.index(m.group(3)) + 1, where, today))
    return found


def _counted_candidates(t: str, expecting: bool) -> list[float]:
    """ "3 days", "two and a half weeks", "4 to 6 months" (not "34 years old" or "29 weeks pregnant")."""
    found: list[float] = []
    half = r"(\s+and\s+a\s+half)?"
    for m in re.finditer(rf"\b({_NUMBER}){half}(?:\s*(?:-|to|or)\s*({_NUMBER}))?\s*(?:more |whole |full |long )?"
                         rf"{_UNIT}{half}(\s+old)?(\s+ago)?", t):
        unit = m.group(4)
        if m.group(6) or (m.group(7) and unit.startswith(("year", "yr")) and not expecting):
            continue  # "34 years old"; "8 years ago" is past history unless we asked when it began
        if unit.startswith(("week", "wk")) and (_PREGNANCY_WEEKS.match(t[m.end():])
                                                 or re.search(r"\b(?:i'?m|im|i am|at)\s*$", t[:m.start()])):
            continue  # "I'm 29 weeks pregnant" is not how long the pain has lasted
        if re.search(r"\b(?:baby|son|daughter|kid|child|little one|boy|girl|grandson|granddaughter|he|she)"
                     r"(?:'s| is| was| turned| turns)?\s*$", t[:m.start()]):
            continue  # "new mum, baby is 8 months": a child's age (voice batch)
        low, high = word_to_number(m.group(1)), word_to_number(m.group(3)) if m.group(3) else None
        value = max(v for v in (low, high) if v is not None) + (0.5 if m.group(2) or m.group(5) else 0)
        found.append(round(value * UNIT_DAYS[unit], 2))
    return found


def parse_duration_days(text: str, now: datetime | None = None, expecting: bool = False) -> float | None:
    """Days since the pain began, from phrases like '3 days', 'since last Tuesday', 'since the 3rd of March'.

    When a message gives several times ("back pain for a month, and since Thursday I can't pee"),
    the earliest is the onset of the pain: the longest duration is returned.
    """
    t = _FREQUENCY.sub(" ", clean(text))
    t = re.sub(r"\bweks?\b", "weeks", t)
    for pattern, days in DURATION_RANGES:  # the range buttons of utter_ask_duration_again
        if re.search(pattern, t):
            return days
    today = (now or datetime.now()).date()
    found: list[float] = []
    for clause in re.split(r"[;!?,]+|\.+(?!\d)", t):  # clauses; "38.5" stays whole
        if _OTHER_TOPIC.search(clause) and not _PAIN_TOPIC.search(clause):
            continue  # "on steroid tablets for two years" says how long the tablets, not the pain
        found += _duration_candidates(clause.strip(), today, expecting)
    return max(found) if found else None


_NOT_AGE_UNIT = (r"(?!\s*(?:weeks?|days?|months?|hours?|%|kg|kilos?|lbs?|pounds|stone|st\b|cm|m\b|metres?|meters?|ft|"
                 r"foot|feet|inch\w*|'|/|out of|times|of (?:those|these|them|the|my|us)|who|that|sec\w*|min\w*|step|more|less|"
                 r"thing|person|hundred|percent))")
# Someone else's age: "my dad is 80 years old".
_OTHER_PERSON = re.compile(r"\b(?:my|his|her|our|their|me)\s+(?:\w+\s+){0,2}?(?:is|was|'s|turned|turns)\s*$|"
                           r"\b(?:my|his|her|our|their)\s+\w+(?:'s)?\s*$|\b(?:for|with|of|to) (?:my|our|his|her|their)\s*$|"
                           # "picking up my 1 year old", "lifting a 4 year old": a child the patient carries
                           r"\b(?:pick\w*|lift\w*|carry\w*|carried|hold\w*|held|bath\w*|chas\w*|with)(?: up)?"
                           r"(?: (?:a|an|my|our|the|his|her|their))?\s*$|"
                           r"(?:\d|/)\s*$")  # "1 1/2 year old": a fraction, not an age


# "less than 6 weeks", "6 weeks to 3 months": a day count inside the range ("more than 3 months" is 3 months).
DURATION_RANGES = ((r"\b(?:less than|under|fewer than) (?:6|six) weeks\b", 21.0),
                   (r"\b(?:6|six) weeks to (?:3|three) months\b", 63.0))
_DECADES = {"twent": 20, "thirt": 30, "fort": 40, "fift": 50, "sixt": 60, "sevent": 70, "eight": 80, "ninet": 90}
_DECADE = r"(twent|thirt|fort|fift|sixt|sevent|eight|ninet)(?:ies|y ?something)|([2-9]0)'?s"
_DECADE_PART = {"early": 2, "mid": 5, "middle": 5, "late": 8, None: 5}
_SELF_AGE = r"(?:^|\bi'?m |\bi am |\bim |\bme |\bmy(?:self)? |\baged? )"


def _age_in_words(t: str) -> int | None:
    """'late seventies' 78, 'in my sixties' 65, '80ish' 80, 'I am 50 to 64' 57, 'over 65' 70 (GUIDELINE s3a):
    the middle of a range, so that "in my sixties" meets the fall-at-65 rule as the older group."""
    m = re.search(r"\b(?:under|below|younger than) (1[6-8]|eighteen)\b", t)
    if m and re.search(_SELF_AGE + r"(?:\w+ ){0,2}?(?:under|below|younger)", t):
        return 16
    m = re.search(r"\b(\d\d) (?:to|-) (\d\d)\b(?! (?:days?|weeks?|months?|years? ago|minutes?|hours?))", t)
    if m and int(m.group(1)) < int(m.group(2)) and re.search(_SELF_AGE, t[:m.start()] or "^"):
        return (int(m.group(1)) + int(m.group(2))) // 2
    m = re.search(r"\b(\d\d) (?:or|and) (?:older|over|above)\b|\b(?:over|older than) (\d\d)\b", t)
    if m and re.search(_SELF_AGE, t[:m.start()] or "^"):
        return int(m.group(1) or m.group(2)) + 5
    m = re.search(rf"\b(?:(early|mid|middle|late)[- ]?)?(?:{_DECADE})\b", t)
    if m and not _OTHER_PERSON.search(t[:m.start()]) and not re.search(
            r"\b(?:the|his|her|their|is|was|'s)\s+$|\b(?:his|her|their)\s+\w+\s+(?:is|was)\s+(?:in\s+)?$",
            t[:m.start()]):
        decade = _DECADES[m.group(2)] if m.group(2) else int(m.group(3))
        return decade + _DECADE_PART[m.group(1)]
    m = re.search(rf"\b({_NUMBER})[- ]?ish\b", t)
    value = word_to_number(m.group(1)) if m else None
    if value is not None and 16 <= value <= 110:
        return int(value)
    return None


def parse_age(text: str, now: datetime | None = None, expecting: bool = False, about_other: bool = False) -> int | None:
    """Age in years: 'I'm 55', '55 years old', 'born in 1970', 'late seventies', or a bare number when we asked.

    `about_other`: the conversation is about someone else, so "my mum is 81" is the patient's age.
    """
    t = clean(text)
    if about_other:
        t = re.sub(r"\b(?:my|our|his|her|their|me)\s+(?:\w+\s+){0,2}?(?:is|was|'s|turned|turns)\s+|\b(?:she|he)'?s\s+|"
                   r"\b(?:she|he) is\s+", "i'm ", t)
    in_words = _age_in_words(t)
    if in_words is not None:
        return in_words
    year = (now or datetime.now()).year
    m = re.search(r"\bborn (?:in )?((?:19|20)\d\d)\b", t) or re.search(r"\b\d{1,2}[/.-]\d{1,2}[/.-]((?:19|20)\d\d)\b", t)
    if m:
        return year - int(m.group(1))
    m = (re.search(rf"\b(?:i'?ll|i will|i am going to|i'?m going to) be ({_NUMBER})\b{_NOT_AGE_UNIT}", t)
         or re.search(rf"\b(?:turning |i'?m |i am )?({_NUMBER}) (?:next|on) (?:month|week|year|birthday|"
                      rf"{'|'.join(MONTHS)}|{'|'.join(WEEKDAYS)})\b", t)
         or re.search(rf"\bturning ({_NUMBER})\b{_NOT_AGE_UNIT}", t))
    coming = word_to_number(m.group(1)) if m and m.group(1) not in ("a", "an") else None
    if coming:
        return int(coming) - 1  # "I'll be 50 in May": 49 now
    patterns = [rf"\b({_NUMBER})[- ]?(?:years?|yrs?)[- ]?(?:old|of age|young)\b", rf"\b({_NUMBER}) ?y/?o\b",
                rf"\b(?:aged?|i'?m|i am|im|just turned|i turned|turned)\s+(?:only |just |nearly |almost |about )?"
                rf"({_NUMBER})\b{_NOT_AGE_UNIT}"]
    if expecting:
        patterns.append(rf"^\W*(?:about |around )?({_NUMBER})\W*$")
        patterns.append(rf"\b({_NUMBER})\b{_NOT_AGE_UNIT}")
    for pattern in patterns:
        for m in re.finditer(pattern, t):
            if m.group(1) in ("a", "an", "a few", "few", "several") or _OTHER_PERSON.search(t[:m.start()]):
                continue
            value = word_to_number(m.group(1))
            if value is not None and 1 <= value <= 110:
                return int(value)
    return None


_SCORE_NUMBER = r"(?:\d+(?:\.\d+)?|zero|nought|none|one|two|three|four|five|six|seven|eight|nine|ten)"


def parse_pain_score(text: str, expecting: bool = False) -> int | None:
    """Pain score 0-10: '7/10', '7 out of 10', 'about a seven', or a bare number when we asked."""
    t = clean(text)
    m = re.search(rf"\b({_NUMBER})\s*(?:/|out of|outta|on a scale of)\s*(?:10|ten)\b", t)
    if not m and expecting:
        m = (re.search(rf"\b(?:about |around |maybe |probably |like |at |roughly )?an? (?:solid |good |strong |easy |"
                       rf"definite |high |low )?({_SCORE_NUMBER})\b", t)
             or re.search(rf"\b({_SCORE_NUMBER})\b", t))
    if m:
        value = 0.0 if m.group(1) == "none" else word_to_number(m.group(1))
        if value is not None and 0 <= value <= 10:
            return int(round(value))
    if expecting:
        words = {"mild": 3, "moderate": 5, "bad": 7, "severe": 8, "agony": 9, "excruciating": 10, "unbearable": 10,
                 "worst": 10}
        for word, score in words.items():
            if re.search(rf"\b{word}\b", t):
                return score
    return None
