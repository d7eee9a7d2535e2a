"""Numbers in patient text: days since the pain began, age, pain score (digits, words and dates), in English and
in Spanish ("hace tres días", "tengo cincuenta y cinco años", "como un siete"; issue 15)."""
from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterable
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
             "week": 7, "wk": 7, "fortnight": 14, "month": 30.4, "year": 365, "yr": 365}
_UNIT = r"(minute|min|hour|hr|day|night|week|wk|fortnight|month|year|yr)s?\b"  # Spanish units: ES_UNIT_DAYS
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
# "since tues", "on sat" (terse batch): short names only after since / last / on / from ("I sat down" is no day)
WEEKDAY_SHORT = {"mon": "monday", "tue": "tuesday", "tues": "tuesday", "wed": "wednesday", "weds": "wednesday",
                 "thu": "thursday", "thur": "thursday", "thurs": "thursday", "fri": "friday", "sat": "saturday",
                 "sun": "sunday"}
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
                        r"days?|nights?|weeks?|mornings?)\b|"
                        # "It does this every couple of years" (informed batch): how often, not how long
                        # ... "every six months since I was 22" (chronic batch): the episodes since then, not this one
                        r"\bevery\s+(?:couple of|few|two|three|four|five|six|\d+|other|single)\s+(?:months?|years?)\b"
                        r"(?:\s+(?:or so\s+)?since\s+(?:i was\s+|my\s+)?\S+)?|"
                        r"\bcada\s+(?:dos|tres|\d+|pocos|par de)\s+(?:meses|a[nñ]os)\b|"
                        # "For the first time in three years, I pulled my back out" (real4 batch): the gap between episodes
                        r"\b(?:first time|first one|first flare|first episode)\s+in\s+(?:\S+\s+){0,2}?(?:years?|months?|ages)\b")
_PAIN_TOPIC = re.compile(r"\b(?:pain\w*|back|hurt\w*|ach\w*|sore|twinge|spasm|sciatica|started|began|start|begun|"
                         r"symptoms?)\b")
_OTHER_TOPIC = re.compile(r"\b(?:tablets?|pills?|medication|meds|inhalers?|injections?|insulin|steroids?|diagnosed|hiv|"
                          r"diabet\w*|copd|asthma|married|retired|job|work(?:ed|ing)|smok\w*|clean|sober|pregnant|inject\w*|using|drinking|"
                          r"fevers?|temperature|infection|antibiotics|cold|flu|cough\w*|cancer|chemo\w*|tumou?r|surgery|operation|weight|lbs|pounds|kilos?|kg|dieting|"
                          # a career: "Been driving OTR going on 19 yrs", "Been a roofer 15 years" (real10 batch)
                          r"driving|driver|trucking|career|(?:been|was|i'?m|am) (?:a|an) (?!\w+ (?:of|with) )\w+)\b")
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


# Periods named back from today: (words, days, counted only when the duration was asked). The caller takes the
# largest day count, so "la semana antepasada" (14) wins over "pasada" (7) in the same clause.
_PERIODS = ((r"\blast week\b", 7.0, False), (r"\blast month\b", 30.0, False),
            (r"\b(?:half a year|half-year|half year)\b", 182.0, False), (r"\blast year\b", 365.0, True))
_ES_PERIODS = ((r"\bla semana antepasada\b", 14.0, False), (r"\bla semana pasada\b", 7.0, False),
               (r"\bel mes pasado\b", 30.0, False), (r"\bmedio ano\b", 182.0, False), (r"\bel ano pasado\b", 365.0, True))


def _named_periods(t: str, expecting: bool, periods: tuple[tuple[str, float, bool], ...]) -> list[float]:
    """The day counts of the periods the text names ("last week", "el mes pasado")."""
    return [days for words, days, only_asked in periods if re.search(words, t) and (expecting or not only_asked)]


def _duration_candidates(t: str, today: date, expecting: bool) -> list[float]:
    """Every day count the text gives for the start of the pain (the caller takes the largest)."""
    found = _named_day_candidates(t, today) + _month_candidates(t, today, expecting) + _date_candidates(t, today)
    found += _season_and_thanksgiving_candidates(t, today)
    found += _counted_candidates(t, expecting) + _named_periods(t, expecting, _PERIODS)
    if not found:
        vague = re.search(r"\b(?:for |a |few )?(days|weeks|months|years|ages)\b(?! old)", t)
        # unasked, only about the pain ("had it for ages"; not "hold on to the chair for ages")
        about_pain = r"\b(?:had|been|going on|hurt\w*|ach\w*|sore|pain|suffer\w*|bad|this|it) (?:\w+ ){0,3}?for "
        if vague and (expecting or re.search(about_pain + r"(?:days|weeks|months|years|ages)\b", t)):
            found.append({"days": 3.0, "weeks": 21.0, "months": 60.0, "years": 730.0, "ages": 60.0}[vague.group(1)])
        elif expecting and re.search(r"\bfortnight\b", t):
            found.append(14.0)
    return found


SEASON_STARTS = {"spring": (3, 20), "summer": (6, 21), "fall": (9, 22), "autumn": (9, 22), "winter": (12, 21),
                 "primavera": (3, 20), "verano": (6, 21), "otono": (9, 22), "invierno": (12, 21)}


def _season_and_thanksgiving_candidates(t: str, today: date) -> list[float]:
    """ "since the summer", "all summer", "this fall" (since the season began; not "in the summer", which
    may be an earlier spell), "since Thanksgiving" (US clinics)."""
    found: list[float] = []
    season = re.search(r"\b(?:since|from|over|all|during|throughout|this|since last) (?:the )?"
                       r"(spring|summer|fall|autumn|winter)\b", t)
    if season:
        found.append(_since_month_day(*SEASON_STARTS[season.group(1)], today))
    if re.search(r"\b(?:since|from|over|at|around|about|after) (?:last )?thanksgiving\b", t):
        found.append(_since_thanksgiving(today))
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
    anchor = r"\b(?:last|since|on|from|started|began|begun|starting)\s+(?:on\s+)?(?:last\s+)?"
    for day in re.finditer(rf"{anchor}({'|'.join(WEEKDAYS)}|{'|'.join(WEEKDAY_SHORT)})\b", t):
        found.append(_since_weekday(WEEKDAY_SHORT.get(day.group(1), day.group(1)), today))
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


def _month_candidates(t: str, today: date, expecting: bool = False) -> list[float]:
    """ "since March", "early May", "the end of January"; "in March" unasked only in a sentence about the pain."""
    found: list[float] = []
    for m in re.finditer(rf"\b(?:(since|from|in|early|late|mid|middle of|start of|beginning of|end of|the end of) "
                         rf"(?:last )?|^(early|late|mid)[- ]?)({'|'.join(MONTHS)})\b", t):
        where = (m.group(1) or m.group(2) or "").replace("the ", "").split()[0]
        begin, end = sentence_span(t, m.start(), m.end())
        if where == "in" and not expecting and not _ONSET_WORDS.search(t[begin:end]):
            continue  # "had a c-section in march" (women batch): another event's date, not the pain's
        found.append(_part_of_month(MONTHS.index(m.group(3)) + 1, where, today))
    return found


_ONSET_WORDS = re.compile(r"\b(?:pain\w*|hurt\w*|ach\w*|sore|back|twinge\w*|started|starts?|began|begun|came on|flared?|"
                          r"it|this|symptoms?)\b")


def sentence_span(text: str, start: int, end: int, marks: str = ".!?;") -> tuple[int, int]:
    """Where the sentence holding text[start:end] begins and ends (a sentence ends at one of `marks`)."""
    begin = max(text.rfind(mark, 0, start) for mark in marks) + 1
    ends = [i for i in (text.find(mark, end) for mark in marks) if i >= 0]
    return begin, min(ends, default=len(text))


_BEFORE_THIS = re.compile(r"\b(?:i'?d|i had|had) had\b[^.;!?,]*$|\bused to (?:have|get)\b[^.;!?,]*$")
_BEFORE_THIS_AFTER = re.compile(r"\s*(?:beforehand|before (?:that|then|the pregnancy|i got pregnant)|previously)\b")


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
                     r"(?:'s| is| was| turned| turns| is about to turn| will be| just turned| is nearly| is almost)?\s*$",
                     t[:m.start()]):
            continue  # "new mum, baby is 8 months": a child's age (voice batch)
        if not expecting and (_BEFORE_THIS.search(t[max(0, m.start() - 40):m.start()])
                              or _BEFORE_THIS_AFTER.match(t, m.end())):
            continue  # "the back pain I'd had for 8 months beforehand" (real7 batch): an earlier spell, not this one
        low, high = word_to_number(m.group(1)), word_to_number(m.group(3)) if m.group(3) else None
        value = max(v for v in (low, high) if v is not None) + (0.5 if m.group(2) or m.group(5) else 0)
        found.append(round(value * UNIT_DAYS[unit], 2))
    return found


def parse_duration_days(text: str, now: datetime | None = None, expecting: bool = False) -> float | None:
    """Days since the pain began, from phrases like '3 days', 'since last Tuesday', 'since the 3rd of March',
    'hace tres días', 'desde el martes', 'mes y medio'.

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
        folded = _fold(clause.strip())  # the Spanish patterns read the clause without accents
        if (_OTHER_TOPIC.search(clause) or _ES_OTHER_TOPIC.search(folded)) and not (
                _PAIN_TOPIC.search(clause) or _ES_PAIN_TOPIC.search(folded)):
            continue  # "on steroid tablets for two years" says how long the tablets, not the pain
        found += _duration_candidates(clause.strip(), today, expecting) + _es_duration_candidates(folded, today, expecting)
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
                           # "the last one is eleven years old" (an MRI, chronic batch): a thing's age
                           r"\b(?:it|that|this|which|one|mri|scan|x-?ray|op|operation|surgery|injury|mattress|car|bed|sofa)"
                           r"(?:'s| is| was)\s*(?:now |about |over |nearly |almost )?$|"
                           # "three children aged four and under", "kids aged 2 and 5" (real9 batch): their ages
                           r"\b(?:children|kids|boys|girls|sons|daughters|twins|babies|grandchildren|grandkids|ones)"
                           r"(?: \w+){0,2}?\s*(?:aged?\s*)?(?:about |around |between )?$|"
                           r"(?:\d|/)\s*$")  # "1 1/2 year old": a fraction, not an age


# "less than 6 weeks", "6 weeks to 3 months": a day count inside the range ("more than 3 months" is 3 months).
DURATION_RANGES = ((r"\b(?:less than|under|fewer than) (?:6|six) weeks\b", 21.0),
                   (r"\b(?:6|six) weeks to (?:3|three) months\b", 63.0),
                   (r"\bmenos de (?:6|seis) semanas\b", 21.0),  # the same buttons in Spanish
                   (r"\b(?:6|seis) semanas (?:a|y) (?:3|tres) meses\b", 63.0))
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
    m = re.search(r"\b(\d\d) (?:to|-) (\d\d)\b(?! (?:days?|weeks?|months?|years? ago|minutes?|hours?|feet|foot|ft|metres?|"
                  r"meters?|m\b|kg|kilos?|lbs?|pounds|stone|miles?|km|cm|inch\w*|steps|stairs|rungs|%|percent))",
                  t)  # a range of ages, never "18 to 20 feet"
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


def parse_age(text: str, now: datetime | None = None, expecting: bool = False, about_other: bool = False,
              names_other: bool = False) -> int | None:
    """Age in years: 'I'm 55', '55 years old', 'born in 1970', 'late seventies', 'tengo 55 años', 'voy a cumplir 60',
    or a bare number when we asked.

    `about_other`: the conversation is about someone else, so "my mum is 81" is the patient's age; `names_other`:
    this message says whom it is written for ("soy la hija, tengo 16, le escribo por mi mamá"), so an age in the
    first person is the writer's own.
    """
    t = clean(text)
    folded = _fold(t)
    if about_other and _WRITERS_AGE.search(folded):
        others = parse_age(_WRITERS_AGE.sub(" ", folded), now, expecting, about_other)  # "soy el nieto, tengo 14.
        if others is not None or names_other or not expecting:  # mi abuelita de 68 años se cayó" (es_centro
            return others  # batch): the writer's own age counts only as the answer to the age question
    if about_other:
        t = re.sub(r"\b(?:my|our) (?:\w+ ){0,2}?(?:mum|mom|mother|dad|father|husband|wife|partner|son|daughter|dd|ds|gran|"
                   r"grandma|grandmother|nan|nana|grandad|grandpa|grandfather|brother|sister|aunt|uncle|friend|neighbou?r|patient|"
                   r"client|resident)\s*[(,]\s*(\d{1,3})\s*[),]", r"i'm \1 ", t)  # "my dad, 72, fell", "my gran (68)"
        t = re.sub(r"\b(?:my|our|his|her|their|me)\s+(?:\w+\s+){0,2}?(?:is|was|'s|turned|turns)\s+|(?<!\()\b(?:she|he)'?s\s+|"
                   r"(?<!\()\b(?:she|he) is\s+", "i'm ", t)  # never an aside: "my little cousin (he's 3 and heavy)"
    year = (now or datetime.now()).year
    t = _fold(t)
    spanish = _spanish_age(t, year, expecting, about_other)
    if spanish is not None:
        return spanish
    return _english_age(_not_spanish_ages(t, about_other), year, expecting)


# The writer's own age, in a message written for someone else: "I'm 45 and writing for my mum who is 81", "I'm 71 myself
# and on warfarin", "I'm 58 but it's his back" (overshare, lookalike batches)
_WRITERS_AGE = re.compile(r"\b(?:i'?m|i am|im|yo tengo|tengo|yo soy de|i just turned|i turned)\s+(?:only |just |nearly |almost |"
                          r"about |apenas |casi |solo )?(?:\d{1,3}|[a-z]+(?:[- ]y?[a-z]+)?)\s*(?:years? old|y/?o|anos|ano)?\b"
                          r"(?:\s+(?:myself|too|also|yo mism[oa]|yo))?"
                          r"(?=\s*(?:[.,;!?)\-\u2013\u2014]|$|y\b|and\b|but\b|pero\b|so\b))")


def _english_age(t: str, year: int, expecting: bool) -> int | None:
    """parse_age's English patterns, on the cleaned text. An age in years said outright comes before one in words:
    "57 year old male ... I broke my tailbone in my thirties" (real10 batch)."""
    in_words = _age_in_words(t)
    if in_words is not None:
        return _stated_age(t, _EXACT_AGES) or in_words
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
    patterns = [*_EXACT_AGES,  # "a schoolmaster of 79 years" (fresh7 labelled set)
                rf"\b(?:man|woman|lady|gentleman|person|schoolmaster|\w+er) of ({_NUMBER}) years\b",
                rf"\b(?:aged?|i'?m|i am|im|just turned|i turned|turned)\s+(?:only |just |nearly |almost |about )?"
                rf"({_NUMBER})\b{_NOT_AGE_UNIT}"]
    if expecting:
        patterns.append(rf"^\W*(?:about |around )?({_NUMBER})\W*$")
        patterns.append(rf"\b({_NUMBER})\b{_NOT_AGE_UNIT}")
    return _stated_age(t, patterns)


def _stated_age(t: str, patterns: list[str]) -> int | None:
    """The first age one of the patterns finds that is not another person's or a thing's."""
    for pattern in patterns:
        for m in re.finditer(pattern, t):
            if m.group(1) in ("a", "an", "a few", "few", "several") or _OTHER_PERSON.search(t[:m.start()]) or (
                    _THING_AGE_BEFORE.search(t[:m.start()]) or _THING_AGE_AFTER.match(t, m.end())):
                continue
            value = word_to_number(m.group(1))
            if value is not None and 1 <= value <= 110:
                return int(value)
    return None


# An age in years said outright: "57 year old", "57yo", forum shorthand "41M, desk job", "F 29"
_EXACT_AGES = [rf"\b({_NUMBER})[- ]?(?:years?|yrs?)[- ]?(?:old|of age|young)\b", rf"\b({_NUMBER}) ?y/?o\b",
               r"(?:^|[.,!?;:(]\s*|\b(?:i'?m|i am|am)\s+)([1-9]\d)\s?(?:m|f|male|female)\b(?=\s*(?:[,.;:)/]|$))"]


# A thing's age, not the patient's: "my restless legs, ten years old and unchanged", "that's ten years old" (lookalike batch)
_THING_AGE_BEFORE = re.compile(r"\b(?:it'?s|that'?s|they'?re|which is|which are|those are|these are|it is|that is)\s+$")
_THING_AGE_AFTER = re.compile(r"\s*,?\s*(?:and )?(?:unchanged|the same|no different|not new|nothing new|old news|stable)\b")


_SCORE_NUMBER = r"(?:\d+(?:\.\d+)?|zero|nought|none|one|two|three|four|five|six|seven|eight|nine|ten)"


def parse_pain_score(text: str, expecting: bool = False) -> int | None:
    """Pain score 0-10: '7/10', '7 out of 10', 'siete de diez', 'about a seven', 'como un siete', or a bare number when
    we asked."""
    t = clean(text)
    m = re.search(rf"\b({_NUMBER})\s*(?:/|out of|outta|on a scale of)\s*(?:10|ten)\b", t)
    folded = _fold(t)
    spanish = None if m else _spanish_score(folded, asked=False)  # "siete de diez", "ocho sobre diez"
    if spanish is not None:
        return spanish
    # "pain's about a 4 today" (fresh7 labelled set): the pain named, then rated
    m = m or re.search(rf"\b(?:pain|it|back)(?:'s| is| was| sits| stays)? (?:about |around |roughly |maybe |probably |"
                       rf"like |at |still |now )*an? ({_SCORE_NUMBER})\b(?! (?:days?|weeks?|hours?|times?|years?|months?|"
                       rf"am|pm|o'?clock|mins?|minutes)\b)", t)
    if not m and expecting:
        m = re.search(rf"\b(?:about |around |maybe |probably |like |at |roughly )?an? (?:solid |good |strong |easy |"
                      rf"definite |high |low )?({_SCORE_NUMBER})\b", t)
        spanish = None if m else _spanish_score(folded, asked=True)  # "como un siete", "un 8", "un diez"
        if spanish is not None:
            return spanish
        m = m or re.search(rf"\b({_SCORE_NUMBER})\b", _not_spanish_scores(folded))
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
        for pattern, score in _ES_SEVERITY:
            if re.search(pattern, folded):
                return score
    return None


# ---------------------------------------------------------------------------------------------------------------------
# Spanish (issue 15): the same facts in Spanish words, read on the text without accents ("días" and "dias" alike).
# Spanish number words are matched only as whole words ("uno", never inside English words); "once" (eleven), an
# English word too, only before a Spanish unit ("once días") or where Spanish says an age ("tengo once años").

ES_NUMBER_WORDS = {
    "cero": 0, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9,
    "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15, "dieciseis": 16, "diecisiete": 17,
    "dieciocho": 18, "diecinueve": 19, "veinte": 20, "veintiun": 21, "veintiuno": 21, "veintiuna": 21, "veintidos": 22,
    "veintitres": 23, "veinticuatro": 24, "veinticinco": 25, "veintiseis": 26, "veintisiete": 27, "veintiocho": 28,
    "veintinueve": 29, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70, "ochenta": 80,
    "noventa": 90, "cien": 100, "ciento": 100,
}
# Words that count without being a number: "una semana", "un par de días", "unos días", "varias semanas".
ES_COUNT_WORDS = {"un": 1, "una": 1, "un par de": 2, "par de": 2, "unos pocos": 3, "unas pocas": 3, "unos": 3, "unas": 3,
                  "pocos": 3, "pocas": 3, "algunos": 3, "algunas": 3, "varios": 4, "varias": 4, "medio": 0.5,
                  "media": 0.5}
_ES_TENS = "treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa"
_ES_UNITS = "uno|una|un|dos|tres|cuatro|cinco|seis|siete|ocho|nueve"
_ES_COMPOUND = rf"(?:(?:{_ES_TENS}) ?y ?(?:{_ES_UNITS})|diez y (?:seis|siete|ocho|nueve)|ciento (?:y )?(?:diez|{_ES_UNITS}))"


def _alternatives(words: Iterable[str]) -> str:
    """A regex alternation of the words, longest first ("veintiuno" before "veinte", "un par de" before "un")."""
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_ES_CARDINAL = rf"(?:\d+|(?:{_ES_COMPOUND}|{_alternatives(w for w in ES_NUMBER_WORDS if w != 'once')})(?![a-z]))"
_ES_NUMBER = (rf"(?:\d+(?:\.\d+)?|(?:{_ES_COMPOUND}|{_alternatives(list(ES_NUMBER_WORDS) + list(ES_COUNT_WORDS))}|"
              rf"(?:{_TENS})[- ](?:{_UNITS})|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty)(?![a-z]))")
ES_UNIT_DAYS = {"minuto": 1 / 1440, "hora": 1 / 24, "dia": 1, "noche": 1, "semana": 7, "quincena": 14, "mes": 30.4,
                "ano": 365}
_ES_UNIT = r"(minutos?|horas?|dias?|noches?|semanas?|quincenas?|mes(?:es)?|anos?)\b"
ES_WEEKDAYS = ["lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo"]
ES_MONTHS = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
             "noviembre", "diciembre"]
_ES_MONTH = "(" + "|".join(ES_MONTHS) + "|setiembre)"
_ES_HOLIDAYS = {"navidad": (12, 25), "navidades": (12, 25), "nochebuena": (12, 24), "noche buena": (12, 24),
                "ano nuevo": (1, 1), "fin de ano": (12, 31), "dia de muertos": (11, 2), "dia de los muertos": (11, 2),
                "halloween": (10, 31), "san valentin": (2, 14), "reyes": (1, 6), "dia de reyes": (1, 6)}
_ES_FREQUENCY = re.compile(
    r"\b(?:una vez|\S+ veces)\s+(?:al|a la|por|cada|en el|en la)\s+\w+|"
    r"\b\S+\s+(?:pastillas?|tabletas?|pildoras?|capsulas?|mg|veces|tazas?|cigarros?|cigarrillos?|cervezas?|unidades|"
    r"millas|km|kilometros|pasos|horas|minutos)\s+(?:al|a la|por|cada)\s+(?:dia|noche|semana)\b|"
    r"\bcada\s+(?:\S+\s+)?(?:minutos?|horas?|dias?|noches?|semanas?|mananas?)\b|\btodos los dias\b|"
    r"\btodas las (?:noches|mananas|tardes)\b")
_ES_PAIN_TOPIC = re.compile(r"\b(?:dolor\w*|duel\w*|espalda|cintura|lumbago|lumbalgia|ciatica|molest\w*|empez\w*|"
                            r"empec\w*|comenz\w*|comenc\w*|inici\w*|punzad\w*|contractura|adolorid\w*|sintomas?|"
                            r"lastim\w*|jale|jalon|torci\w*)\b")
# Spanish words only (an English clause is read by _OTHER_TOPIC alone): "tomo pastillas desde hace 2 años".
_ES_OTHER_TOPIC = re.compile(r"\b(?:pastillas?|tabletas?|pildoras?|medicamentos?|medicinas?|inyecciones?|insulina|"
                             r"esteroides?|cortisona|diagnostic\w*|diabet\w*|asma|casad[oa]|jubilad[oa]|trabaj\w*|"
                             r"fumo|fumar|fumaba|fumador\w*|cigarr\w*|embarazad[oa]|embarazo|fiebre|calentura|temperatura|"
                             r"infeccion|antibioticos?|gripa|resfri\w*|cancer|quimio\w*|tumor\w*|cirugia|operacion|"
                             r"operad[oa]|opere|operaron|peso|kilos?|dieta|naci|nacid[oa]|cumpleanos|vih|regla|reglo|"
                             r"menstrua\w*|menopausia|ibuprofeno|naproxeno|aspirina|pomada)\b")
# Present-tense pain in the clause: "hace 2 años que me duele" is how long, "hace 8 años tuve cáncer" is history.
_ES_ONGOING = re.compile(r"\b(?:me duele|duele|tengo (?:este |el |un )?dolor|me molesta|sufro|padezco|ando con|"
                         r"estoy con|vivo con)\b")
_ES_PAST = re.compile(r"\b(?:tuve|tuvo|me operaron|me opere|operaron|diagnosticaron|me dieron|fue|estuve|paso|"
                      r"se quito|se me quito)\b")
_ES_YEARS_HOW_LONG_BEFORE = re.compile(
    r"\b(?:desde hace|de hace|hace ya|ya|llev\w+|durante|por|con dolor|dolor\w*|molestias?|problemas?|lumbalgia|"
    r"ciatica|lumbago)\s+(?:de\s+)?(?:como |unos |unas |mas de |casi |aproximadamente |mas o menos |ya )?$")
_ES_YEARS_HOW_LONG_AFTER = re.compile(r"^\s*(?:y medio\s+)?(?:con|asi|sufriendo|padeciendo|aguantando|de dolor|"
                                      r"de evolucion|que (?:me |lo |la |tengo|sufro|padezco|llevo|estoy|ando|vengo))\b")
_ES_AGE_BEFORE = re.compile(r"\b(?:tengo|tiene|tenia|tenemos|cumpli|cumplo|cumple|cumplio|cumplire|cumplir|edad de|"
                            r"con|a los)\s+(?:ya |casi |apenas |solo |recien |unos |como )?$")
_ES_NOT_AGE_DE = re.compile(r"\b(?:mas|menos|cerca|alrededor|despues|antes|dolor\w*|molestias?|problemas?|lumbalgia|"
                            r"ciatica|lumbago|hace|falta|lleno|mas o menos)\s+de\s+(?:como |unos |casi )?$")
_ES_CHILD = re.compile(r"\b(?:bebe|beba|bebito|bebita|hij[oa]s?|nin[oa]s?|niet[oa]s?|nen[ea]s?|chiquit[oa]s?|"
                       r"sobrin[oa]s?|criatura)\s+(?:que\s+)?(?:tiene\s+|de\s+|cumplio\s+)?(?:como |unos |casi )?$|"
                       r"\b(?:el|ella) (?:tiene|cumplio|cumple) (?:como |unos |casi )?$|"
                       # "alzar a la beba todo el dia tiene cinco meses" (es_voz batch): a few words between
                       r"\b(?:bebe|beba|bebito|bebita|nen[ea]|criatura)\b(?:\s+\w+){1,4}?\s+(?:tiene|cumplio|cumple)\s+"
                       r"(?:como |unos |casi |apenas )?$")
_ES_PREGNANT_BEFORE = re.compile(r"\b(?:embarazada|embarazo|gestacion|estoy)\s+de\s+(?:como |unos |casi )?$")
_ES_PREGNANT_AFTER = re.compile(r"^\s*(?:de (?:embarazo|embarazada|gestacion)|embarazada)\b")


def _fold(text: str) -> str:
    """The text without accents or tildes, for the Spanish patterns: "días" -> "dias", "año" -> "ano"."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def spanish_number(token: str) -> float | None:
    """'siete' -> 7, 'cincuenta y cinco' -> 55, 'veintidós' -> 22, 'un par de' -> 2, '3' -> 3 (Spanish words)."""
    token = re.sub(r"\s+", " ", _fold(token.strip().lower()))
    if re.fullmatch(r"\d+(?:\.\d+)?", token):
        return float(token)
    if token in ES_NUMBER_WORDS:
        return float(ES_NUMBER_WORDS[token])
    if token in ES_COUNT_WORDS:
        return float(ES_COUNT_WORDS[token])
    m = re.fullmatch(rf"({_ES_TENS}) ?y ?({_ES_UNITS})", token)
    if m:
        return float(ES_NUMBER_WORDS[m.group(1)] + (1 if m.group(2) in ("un", "una") else ES_NUMBER_WORDS[m.group(2)]))
    m = re.fullmatch(r"diez y (seis|siete|ocho|nueve)", token)
    if m:
        return float(10 + ES_NUMBER_WORDS[m.group(1)])
    m = re.fullmatch(rf"ciento (?:y )?(diez|{_ES_UNITS})", token)
    if m:
        return float(100 + (1 if m.group(1) in ("un", "una") else ES_NUMBER_WORDS[m.group(1)]))
    return word_to_number(token)  # an English word in a Spanish sentence ("hace two weeks")


def _since_weekday_index(index: int, today: date) -> float:
    return float((today.weekday() - index) % 7 or 7)


def _since_day_of_month(day: int, today: date) -> float | None:
    if not 1 <= day <= 31:
        return None
    if day <= today.day:
        return float(today.day - day)
    month, year = (today.month - 1, today.year) if today.month > 1 else (12, today.year - 1)
    return _days_since(date(year, month, min(day, calendar.monthrange(year, month)[1])), today)


def _since_thanksgiving(today: date) -> float:
    def fourth_thursday(year: int) -> date:
        first = date(year, 11, 1)
        return first.replace(day=1 + (3 - first.weekday()) % 7 + 21)
    then = fourth_thursday(today.year)
    return _days_since(then if then <= today else fourth_thursday(today.year - 1), today)


def _es_named_day_candidates(t: str, today: date, expecting: bool) -> list[float]:
    """hoy, esta mañana, ayer, anoche, anteayer, desde el martes, el lunes pasado, la semana pasada, Navidad."""
    found: list[float] = []
    asks_care = re.search(r"\b(?:atiend\w+|atender|ver(?:me|lo|la)?|vea\w*|ir|vaya\w*|cita|turno|consulta|hablar|"
                          r"llam\w+|esperar|mismo)\b", t)  # "¿me pueden atender hoy?" says nothing of the pain
    if re.search(r"\besta (?:manana|tarde|noche|madrugada)\b|\bhace (?:un rato|un ratito|rato|unos minutos|unas horas|"
                 r"un par de horas|una hora|media hora)\b", t) or (re.search(r"\bhoy\b", t) and not asks_care):
        found.append(0.0)
    if re.search(r"\b(?:anteayer|antier|antenoche|antes de ayer|antes de anoche)\b", t):
        found.append(2.0)
    elif re.search(r"\b(?:ayer|anoche)\b", t):
        found.append(1.0)
    return found + _es_weekday_candidates(t, today) + _es_period_candidates(t, today, expecting)


def _es_weekday_candidates(t: str, today: date) -> list[float]:
    """ "desde el martes" always; "el martes", "el fin de semana" unless the clause looks ahead ("mi cita del jueves",
    "el sábado que viene")."""
    found: list[float] = []
    ahead = re.search(r"\b(?:que viene|proxim[oa]|entrante|que entra|voy a|vamos a|va a|van a|venga|hasta|esperar|"
                      r"cita|control|turno|consulta)\b", t)
    for m in re.finditer(rf"\b(?:(desde) (?:el |este |la |)|(?:el|un|llevo desde el) )(?:pasado )?"
                         rf"({'|'.join(ES_WEEKDAYS)})\b", t):
        if m.group(1) or not ahead:
            found.append(_since_weekday_index(ES_WEEKDAYS.index(m.group(2)), today))
    weekend = re.search(r"\b(?:(desde) (?:el|este)|el|este) (?:fin de semana|finde)\b", t)
    if weekend and (weekend.group(1) or not ahead):
        found.append(_since_weekday_index(5, today))
    return found


def _es_period_candidates(t: str, today: date, expecting: bool) -> list[float]:
    """principios de semana / mes / año, la semana pasada, el mes pasado, Navidad, el verano, Semana Santa."""
    found: list[float] = []
    if re.search(r"\b(?:principios?|inicios?|comienzos?) de (?:la |esta )?semana\b", t):
        found.append(float(today.weekday()))
    if re.search(r"\b(?:principios?|inicios?|comienzos?) de(?:l| este)? mes\b", t):
        found.append(_days_since(today.replace(day=1), today))
    if re.search(r"\b(?:principios?|inicios?|comienzos?) de(?:l| este)? ano\b", t):
        found.append(_days_since(date(today.year, 1, 1), today))
    found += _named_periods(t, expecting, _ES_PERIODS)
    holiday = re.search(r"\b(?:desde|en|para|por|antes de|despues de) (?:el |la |las |los )?(?:dia de )?(?:pasad[oa] )?("
                        + _alternatives(_ES_HOLIDAYS) + r")\b", t)
    if holiday:
        found.append(_since_month_day(*_ES_HOLIDAYS[holiday.group(1)], today))
    season = re.search(r"\bdesde (?:el |la |este |esta )?(verano|otono|invierno|primavera)\b( pasad[oa])?", t)
    if season:  # "desde el verano": since the season began
        found.append(_since_month_day(*SEASON_STARTS[season.group(1)], today) + (365 if season.group(2) else 0))
    if re.search(r"\b(?:desde|en|para|por|antes de|despues de) (?:el |la )?(?:dia de )?(?:semana santa|pascuas?)\b", t):
        then = easter(today.year) if easter(today.year) <= today else easter(today.year - 1)
        found.append(_days_since(then, today))
    if re.search(r"\b(?:desde|en|para|por|antes de|despues de) (?:el )?(?:dia de )?(?:accion de gracias|thanksgiving)\b",
                 t):
        found.append(_since_thanksgiving(today))
    return found


def _es_date_candidates(t: str, today: date) -> list[float]:
    """ "desde marzo", "a finales de septiembre", "el 3 de marzo", "desde el 15", "desde el día 15"."""
    found: list[float] = []
    parts = {"principios": "early", "inicios": "early", "comienzos": "early", "mediados": "mid", "finales": "late",
             "fines": "late"}
    for m in re.finditer(rf"\b(?:desde|empez\w*|comenz\w*|inici\w*|fue|me dio|(?:a )?(principios|inicios|comienzos|"
                         rf"mediados|finales|fines)) (?:en |de )?(?:el mes de )?{_ES_MONTH}\b(?! de (?:19|20)\d\d)"
                         r"( del? ano pasado)?", t):
        month = 9 if m.group(2) == "setiembre" else ES_MONTHS.index(m.group(2)) + 1
        days = _part_of_month(month, parts.get(m.group(1) or "", ""), today)
        found.append(days + (365 if m.group(3) and days < 365 else 0))
    for m in re.finditer(rf"\b(\d{{1,2}}|primero|{_ES_CARDINAL}) de {_ES_MONTH}\b(?: (?:de |del )?((?:19|20)\d\d))?", t):
        day = spanish_number(m.group(1)) if m.group(1) != "primero" else 1.0
        month = 9 if m.group(2) == "setiembre" else ES_MONTHS.index(m.group(2)) + 1
        if day is None or not 1 <= day <= 31:
            continue
        if m.group(3):
            if int(m.group(3)) < today.year - 1:
                continue  # a date of birth or an old event
            then = date(int(m.group(3)), month, min(int(day), calendar.monthrange(int(m.group(3)), month)[1]))
            if then <= today:
                found.append(_days_since(then, today))
            continue
        found.append(_since_month_day(month, int(day), today))
    for m in re.finditer(r"\b(?:desde|empezo|comenzo|inicio|fue|me dio) (?:el )?(?:dia )?(\d{1,2})\b"
                         rf"(?!\s*(?:de {_ES_MONTH}|[/.:%]|\w|de (?:la|los|las|el)\b))", t):
        since = _since_day_of_month(int(m.group(1)), today)
        if since is not None:
            found.append(since)
    return found


_ES_COUNT = re.compile(rf"\b({_ES_NUMBER})( y medi[oa])?(?:\s*(?:-|a|o|u)\s*({_ES_NUMBER}))?\s*(?:mas |enter[oa]s |"
                       rf"complet[oa]s |larg[oa]s |seguid[oa]s )?{_ES_UNIT}( y medi[oa])?")


def _es_counted_candidates(t: str, expecting: bool) -> list[float]:
    """ "hace tres días", "llevo 3 semanas", "mes y medio", "2 o 3 semanas" (not "tengo 55 años", "mi bebé de 8
    meses", "embarazada de 29 semanas", nor "hace 8 años tuve cáncer" unless we asked when it began)."""
    found: list[float] = []
    for m in _ES_COUNT.finditer(t):
        unit = re.sub(r"(?:es|s)$", "", m.group(4)) if m.group(4) != "mes" else "mes"
        before, after = t[:m.start()], t[m.end():]
        if _ES_CHILD.search(before):
            continue  # "mi bebé tiene 8 meses": a child's age
        if unit in ("semana", "mes") and (_ES_PREGNANT_BEFORE.search(before) or _ES_PREGNANT_AFTER.match(after)):
            continue  # "embarazada de 29 semanas" is not how long the pain has lasted
        if unit == "ano":
            how_long = _ES_YEARS_HOW_LONG_BEFORE.search(before) or _ES_YEARS_HOW_LONG_AFTER.match(after)
            if not how_long and (re.match(r"^\s*de edad\b", after) or _ES_AGE_BEFORE.search(before)
                                 or (re.search(r"\bde\s+$", before) and not _ES_NOT_AGE_DE.search(before))):
                continue  # "tengo 55 años", "una mujer de 45 años": an age
            if not how_long and not expecting and not (re.search(r"\bhace\s+(?:\w+\s+)?$", before)
                                                       and _ES_ONGOING.search(t) and not _ES_PAST.search(t)):
                continue  # "hace 8 años tuve cáncer" is past history unless we asked when it began
            if (how_long and not expecting and not _ES_YEARS_HOW_LONG_AFTER.match(after)
                    and not _ES_PAIN_TOPIC.search(t)):
                continue  # "llevo 20 años de taxista": years of something else
        low = spanish_number(m.group(1))
        high = spanish_number(m.group(3)) if m.group(3) else None
        values = [v for v in (low, high) if v is not None]
        if not values:
            continue
        value = max(values) + (0.5 if m.group(2) or m.group(5) else 0)
        found.append(round(value * ES_UNIT_DAYS[unit], 2))
    for m in re.finditer(r"(?<![\w.])(semana|mes|ano) y medi[oa]\b", t):
        before = t[:m.start()]
        if not re.search(rf"\b{_ES_NUMBER}\s*$", before) and not _ES_CHILD.search(before):
            found.append(round(1.5 * ES_UNIT_DAYS[m.group(1)], 2))
    return found


def _es_duration_candidates(t: str, today: date, expecting: bool) -> list[float]:
    """Every day count a Spanish clause gives for the start of the pain (accents already removed)."""
    t = _ES_FREQUENCY.sub(" ", t)
    # "mejor que ayer", "igual que la semana pasada": a comparison, not when the pain began
    t = re.sub(r"\b(?:mejor|peor|igual|distint[oa]|diferente)\s+(?:que|a|de)\s+(?:el |la |lo de )?(?:\w+)(?: pasad[oa])?",
               " ", t)
    found = (_es_named_day_candidates(t, today, expecting) + _es_date_candidates(t, today)
             + _es_counted_candidates(t, expecting))
    if not found:
        vague = re.search(r"\b(?:hace|desde hace|llev\w+|de hace|durante)\s+(?:ya\s+)?(?:much[oa]s\s+)?"
                          r"(dias|semanas|meses|anos|tiempo|mucho tiempo)\b", t)
        about_pain = _ES_PAIN_TOPIC.search(t) and (re.search(r"\b(?:desde hace|llev\w+|de hace|durante)\b", t)
                                                   or (_ES_ONGOING.search(t) and not _ES_PAST.search(t)))
        if vague and (expecting or about_pain):  # unasked, only about the pain ("ya no reglo desde hace años": no)
            found.append({"dias": 3.0, "semanas": 21.0, "meses": 60.0, "anos": 730.0, "tiempo": 60.0,
                          "mucho tiempo": 60.0}[vague.group(1)])
    return found


_ES_SELF_AGE = r"(?:^|\btengo |\bsoy |\bedad |\byo )"
# Spanish words after a number that make it something other than an age ("tengo 3 semanas con dolor", "2 hijos").
_ES_NOT_AGE_WORDS = (r"\s*(?:semanas?|dias?|meses|mes\b|horas?|minutos?|noches?|hij[oa]s|niet[oa]s|nin[oa]s|kilos?|"
                     r"libras|metros?|centimetros|milimetros|pies|pulgadas|veces|pastillas|tabletas|grados|personas|"
                     r"alumn[oa]s|estudiantes|pacientes|clientes|emplead[oa]s|trabajadores|perros|gatos|anos? de casad\w*|"
                     r"cosas|de (?:fiebre|temperatura|presion|azucar|dolor|10|diez)\b|sobre (?:10|diez)\b|"
                     r"anos?\s+(?:con|asi|que|sufriendo|padeciendo|aguantando|de (?:dolor|evolucion)|trabajando|fumando|"
                     r"atras))\b")
_ES_NOT_AGE_UNIT = (rf"(?!{_ES_NOT_AGE_WORDS}|\s*(?:%|kg|lbs?|cm|m\b|y medi|mas\b|menos\b|de\b(?!\s+edad)|/|[-:.,]\d|"
                    r"a \d|o \d|u \d))")
# Before a number: not the writer's age now ("a los 20 años me caí", "hace 2 años", "llevo 3").
_ES_NOT_AGE_BEFORE = re.compile(r"\b(?:a los|desde los|de los|cuando tenia|hace|desde hace|de hace|llev\w+|durante|por|"
                                r"tome|tomo|tomar|cada)\s+(?:como |unos |unas |casi |mas de |menos de )?$")
# "cargando a mi nieto de 3 años", "levanté a mi nena que tiene 2": a child the patient lifts, whoever writes
_ES_CARRIED = re.compile(rf"\b(?:carg\w+|levant\w+|agarr\w+|alz\w+|alce|banar|banando|banaba|bane)\s+"
                         rf"(?:a\s+)?(?:mi|un|una|el|la|su)\s+(?:\w+\s+)?(?:que tiene |de )?(?:como |unos |casi )?"
                         rf"(?:{_ES_CARDINAL}|once)(?:\s*(?:anos?|meses))?")
_ES_OTHER_PERSON = re.compile(
    r"\b(?:mi|mis|tu|tus|su|sus|nuestr[oa]s?)\s+(?!edad\b)(?:\w+,?\s+){1,2}?(?:que\s+)?(?:ya\s+)?"
    r"(?:tiene|tenia|cumplio|cumple|cumplira|va a cumplir|de|con)?\s*(?:casi |unos |como |apenas |solo )?$|"
    r"\b(?:el|ella|usted|ellos|ellas)\s+(?:ya\s+)?(?:tiene|tenia|cumplio|cumple|va a cumplir)\s+"
    r"(?:casi |unos |como |apenas |solo )?$|"
    r"\b(?:tiene|tenia|cumplio|cumple|va a cumplir)\s+(?:casi |unos |como |apenas |solo )?$|"
    r"\b(?:carg\w+|levant\w+|agarr\w+|alz\w+|alce|banar|banando|banaba|bane)\s+(?:a\s+)?(?:mi|un|una|el|la|su)\s+"
    r"(?:\w+\s+)?(?:de\s+)?$")


def _not_spanish_ages(t: str, about_other: bool) -> str:
    """The text for the English age patterns, with the numbers Spanish says are not the writer's age now written
    as "#": "mi papá tiene 81" (unless `about_other`), "tengo 3 semanas", "hace 2 años", and "un dolor" (un, una)."""
    def mask(m: re.Match[str]) -> str:
        before, after = t[:m.start()], t[m.end():]
        if (m.group() in ("un", "una", "unos", "unas") or _ES_NOT_AGE_BEFORE.search(before)
                or re.search(r"\b(?:las|los|mis|sus|tus)\s+$", before)  # "las dos piernas"
                or re.match(_ES_NOT_AGE_WORDS, after) or (not about_other and _ES_OTHER_PERSON.search(before))):
            return "#"
        return m.group()
    return re.sub(rf"\b(?:{_ES_CARDINAL}|un|una|unos|unas)(?![a-z])", mask, t)


def _es_value(m: re.Match[str]) -> int | None:
    value = spanish_number(m.group(1))
    return int(value) if value is not None and 1 <= value <= 110 else None


def _es_age_text(t: str, about_other: bool) -> str:
    """The text for the Spanish age patterns: a child the patient lifts left out, and when the story is about someone
    else, their age said in the first person ("mi papá tiene 81" -> "tengo 81")."""
    t = _ES_CARRIED.sub(" ", t)
    if about_other:
        t = re.sub(r"\b(?:mi|mis|nuestr[oa]s?|su|sus)\s+(?!edad\b)(?:\w+,?\s+){1,2}?(?:que\s+)?(?:ya\s+)?"
                   r"(?=(?:tiene|tenia|cumplio|cumple|va a cumplir|de)\b)", "", t)
        t = re.sub(r"\b(?:el|ella|usted)\s+(?=(?:tiene|tenia|cumplio|cumple|va a cumplir)\b)", "", t)
        for third, first in (("va a cumplir", "voy a cumplir"), ("cumplio", "cumpli"), ("cumple", "cumplo"),
                             ("cumplira", "cumplire"), ("tiene", "tengo"), ("tenia", "tengo"), ("nacio", "naci")):
            t = re.sub(rf"\b{third}\b", first, t)
    return t


def _es_own(t: str, m: re.Match[str], about_other: bool) -> bool:
    """The number matched is the writer's own age now (not "sesenta y tres"'s "tres", "hace 2", "mi papá tiene 81")."""
    before = t[:m.start(1) if m.re.groups else m.start()]
    if re.search(rf"\b(?:{_ES_TENS}) ?y ?$", before):
        return False  # "tres" of "sesenta y tres"
    return not _ES_NOT_AGE_BEFORE.search(before) and (about_other or not _ES_OTHER_PERSON.search(before))


def _es_age_in_words(t: str, year: int, expecting: bool, about_other: bool) -> int | None:
    """'menor de edad' 16, 'entre 50 y 64' 57, 'mayor de 65' 70, 'sesenta y pico' 65, 'nací en 1970', and an age
    coming: 'voy a cumplir 60', 'me faltan dos meses para los 60' (59)."""
    m = re.search(r"\b(?:soy |es )?menor de edad\b|\b(?:tengo |soy )?(?:menos de|menor de) (?:1[6-8]|dieciocho|"
                  r"diecisiete|dieciseis)\b", t)
    if m and _es_own(t, m, about_other) and re.search(_ES_SELF_AGE + r"|\bmenor de edad\b", t[:m.end()]):
        return 16
    m = re.search(r"\b(?:tengo |de |edad )?entre (\d\d) y (\d\d)\b(?! (?:dias|semanas|meses|horas|minutos))", t)
    if m and int(m.group(1)) < int(m.group(2)) and _es_own(t, m, about_other) and (
            expecting or re.search(_ES_SELF_AGE, m.group(0))):
        return (int(m.group(1)) + int(m.group(2))) // 2
    m = re.search(r"\b(?:tengo |soy )?(?:mas de|mayor de|arriba de|pasad[oa] de|encima de) (\d\d)\b"
                  r"(?! (?:dias|semanas|meses|horas|minutos|kilos|libras))", t)
    if m and _es_own(t, m, about_other) and (re.search(r"^(?:tengo|soy) ", m.group(0)) or (expecting and m.start() == 0)):
        return int(m.group(1)) + 5
    m = re.search(rf"\b((?:{_ES_TENS})|[2-9]0)\s*y\s*(pico|tantos|tantas|algo|pocos)\b", t)
    if m and _es_own(t, m, about_other):
        return (ES_NUMBER_WORDS.get(m.group(1)) or int(m.group(1))) + (2 if m.group(2) == "pocos" else 5)
    m = re.search(r"\bnac(?:i|ido|ida)\s+(?:en\s+)?(?:el\s+)?(?:ano\s+)?(?:de\s+)?((?:19|20)\d\d)\b", t)
    if m and _es_own(t, m, about_other):
        return year - int(m.group(1))
    for pattern in (rf"\b(?:voy a cumplir|voy a tener|cumplire|a punto de cumplir|por cumplir|casi cumplo|"
                    rf"pronto cumplo|ya mero cumplo|cumplo)\s+(?:los\s+)?({_ES_CARDINAL}|once)\b{_ES_NOT_AGE_UNIT}",
                    rf"\bme falta\w* (?:\w+ ){{0,3}}?para (?:cumplir )?(?:los )?({_ES_CARDINAL})\b{_ES_NOT_AGE_UNIT}"):
        coming = next((_es_value(m) for m in re.finditer(pattern, t) if _es_own(t, m, about_other)), None)
        if coming:
            return coming - 1  # "voy a cumplir 60", "me faltan dos meses para los 60": 59 now
    return None


_ES_AGE_PATTERNS = [
    rf"\b({_ES_CARDINAL}|once)\s*anos? de edad\b", rf"\bmis\s+({_ES_CARDINAL})\s*anos\b",  # "con mis 55 años"
    rf"\b(?:tengo|cumpli|acabo de cumplir|ya cumpli|recien cumpli|edad de|edad:?|edad es de|mi edad es|con|"
    rf"a mis)\s+(?:ya |solo |apenas |casi |unos |como |recien |los )?({_ES_CARDINAL}|once)\b{_ES_NOT_AGE_UNIT}",
    rf"(?:^|\b(?:soy|es) (?:una? )?(?:\w+ )?|\b(?:mujer|hombre|senora|senor|persona|paciente|chica|chico|"
    rf"muchach[oa]|varon|dama|caballero)\s+|[,.;:]\s*)de\s+({_ES_CARDINAL}|once)\s*anos?\b",
    rf"(?:^|[,.;:]\s*|\by\s+)({_ES_CARDINAL}|once)\s*anos?\b(?!\s*(?:con|asi|que|sufriendo|padeciendo|atras|"
    rf"de (?:dolor|evolucion)|hace|y medio))",
]
_ES_AGE_ASKED = [  # a bare number, when we asked the age ("cincuenta y cinco", "unos 60")
    rf"^\W*(?:unos |como |mas o menos |alrededor de |casi |ya |tengo )?({_ES_CARDINAL})(?:\s*anos?)?\W*$",
    rf"(?<!las )(?<!los )(?<!mis )(?<!sus )\b({_ES_COMPOUND}|"
    rf"{_alternatives(w for w in ES_NUMBER_WORDS if w not in ('once', 'cero', 'uno'))})(?![a-z]){_ES_NOT_AGE_UNIT}",
]


def _spanish_age(t: str, year: int, expecting: bool, about_other: bool) -> int | None:
    """'tengo 55 años', 'tengo cincuenta y cinco', 'cumplí 60', 'voy a cumplir 60' (59), 'de 45 años',
    'sesenta y pico' (65), 'mayor de 65' (70), 'nací en 1970'; 'mi papá tiene 81' only when `about_other`."""
    t = _es_age_text(t, about_other)
    in_words = _es_age_in_words(t, year, expecting, about_other)
    if in_words is not None:
        return in_words
    for pattern in _ES_AGE_PATTERNS + (_ES_AGE_ASKED if expecting else []):
        for m in re.finditer(pattern, t):
            value = _es_value(m) if _es_own(t, m, about_other) else None
            if value is not None:
                return value
    return None


_ES_SCORE_WORD = "cero|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez"
_ES_SCORE = rf"(?:\d+(?:\.\d+)?|{_ES_SCORE_WORD})(?![\w])"
_ES_SCALE = re.compile(r"\b(?:en |de )?(?:una |la )?(?:escala )?del? (?:0|1|cero|uno) (?:al?|-) (?:10|diez)\b")
# After a number: things counted, not a score ("tomé 2 pastillas", "tres metros", "las 8 de la mañana").
_ES_COUNTED = (r"\s*(?:pastillas|personas|veces|dias|anos|semanas|meses|minutos|horas|mg|de la|y medi|metros|pies|kilos|"
               r"libras|escalones|pisos|cuadras|km|millas|gotas|hijos|centimetros|cm|milimetros|mm|miligramos)\b")
_ES_SCORE_AFTER = rf"(?!{_ES_COUNTED})"
# Words for the score, when asked (first match): "no es muy fuerte" 3 before "muy fuerte" 8.
def _not_spanish_scores(t: str) -> str:
    """The text for the English score patterns without what Spanish says is no score: the scale ("del 1 al 10")
    and counted things ("tomé 2 pastillas", "hace 3 días")."""
    return re.sub(rf"\b\d+(?:\.\d+)?(?={_ES_COUNTED})|(?<=\bmido )\S+|(?<=\bpeso )\S+", "#", _ES_SCALE.sub(" ", t))


_ES_SEVERITY = ((r"\bno (?:es |me duele )?(?:muy |tan |tanto )?(?:mucho|fuerte)\b", 3),
                (r"\b(?:insoportable|inaguantable|el peor|lo peor|la peor|no (?:lo )?aguanto)\b", 10),
                (r"\b(?:horroros[oa]|espantos[oa])\b", 9),
                (r"\b(?:muy fuerte|bien fuerte|fortisimo|intens[oa]|sever[oa]|bastante fuerte|duele muchisimo|"
                 r"muchisimo dolor)\b", 8),
                (r"\b(?:leve|levecito|liger[oa]|suave)\b|\b(?:me duele|duele) (?:un )?(?:poco|poquito)\b|"
                 r"^\W*(?:un )?(?:poco|poquito)\W*$", 3),
                (r"^\W*fuerte\W*$|\b(?:dolor\w* (?:muy |bien |bastante )?fuerte|duele (?:muy |bien )?(?:fuerte|mucho|bastante)|"
                 r"(?:es|esta) fuerte|mucho dolor|bastante dolor)\b", 7),
                (r"\b(?:moderad[oa]|mas o menos)\b", 5))


def _spanish_score(t: str, asked: bool) -> int | None:
    """ "siete de diez", "ocho sobre diez", "8 de 10", "del 1 al 10, un 6", and a rating that starts a clause
    ("un 7, y eso que me tomé la pastilla"); `asked` (the answer to the score question, once the English forms
    found nothing): also "le doy un diez", "siete"."""
    scale = _ES_SCALE.search(t)
    t = _ES_SCALE.sub(" , ", t)  # "del 1 al 10, un 8": the scale is not the answer
    rated = rf"(?:un|una)\s+(?:buen |fuerte |solido |claro )?({_ES_SCORE}){_ES_SCORE_AFTER}(?!\s*(?:x|por|de cada)\b)"
    bare = _alternatives(w for w in _ES_SCORE_WORD.split("|") if w != "uno")  # "al levantar uno": a pronoun
    not_counted = r"(?<!mis )(?<!los )(?<!las )(?<!sus )(?<!tus )(?<!del )"  # "las dos piernas", "hago del dos"
    bare_word = rf"{not_counted}\b({_ES_COMPOUND}|{bare})(?![a-z]){_ES_SCORE_AFTER}"  # "sesenta y ocho" is no score
    m = re.search(rf"\b({_ES_SCORE})\s*(?:de|sobre)\s*(?:10|diez)\b{_ES_SCORE_AFTER}", t) or \
        re.search(rf"(?:^|[,.;:!?]\s*|\b(?:me duele|duele|el dolor (?:es|esta|anda)(?: en)?|esta en|anda en)\s+)"
                  rf"(?:y |pues |bueno |como |casi |tipo |mas o menos |yo diria |diria que |diria |le doy |le pondria |"
                  rf"le pongo |es |seria )?{rated}", t) or \
        re.search(rf"\b(?:lo tengo|la tengo|esta|anda|me duele) (?:como |casi |mas o menos )?en {rated}", t)  # es2 set
    if not m and scale:  # "del 1 al 10, un 6": a number after the scale
        m = re.search(rf"\b{rated}", t[scale.start():]) or re.search(bare_word, t[scale.start():]) or \
            re.search(rf"{not_counted}\b(\d+){_ES_SCORE_AFTER}", t[scale.start():])
    if not m and asked:
        m = re.search(rf"\b{rated}", t) or re.search(r"^\W*(uno)\W*$", t) or re.search(bare_word, t)
    if m:
        value = spanish_number(m.group(1))
        if value is not None and 0 <= value <= 10:
            return int(round(value))
    return None
