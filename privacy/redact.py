"""Redact names, phone numbers, e-mail addresses, street addresses and dates of birth.

For what leaves the conversation only: logs, analytics, the audit log. The assistant parses the
patient's own words (ages, pain durations, dates) before and without any of this. Offline, no model:

- PHONE: Google's libphonenumber (`phonenumbers`), PhoneNumberMatcher at POSSIBLE leniency (US, UK
  and Australian numbers, national or international form), run on a window around each run of 7+
  digits and separators; matches of 7+ digits only, so "7/10", "140/90" and "911" stay, and neither
  decimals (event timestamps in Rasa's debug logs) nor ISO dates are taken.
- EMAIL: a pattern, also "anna at gmail dot com" and "anna(at)gmail.com".
- DOB: a date after a birth cue (born, DOB, date of birth, birthday, year of birth), or a full date at
  least 12 years back with no event word before it ("fell on 2/3/2008" stays).
- ADDRESS: house number, capitalised street words and a street type (Road, St, Close...), with flat or
  unit, town, UK postcode, US state + ZIP or Australian state + postcode; a postcode alone when it has
  the UK shape or follows "postcode"/"zip".
- NAME: context cues ("my name is", "I'm", "this is", "call me", "Dr", "Mrs", "my wife", "thanks,
  Anna", "Jenny here") and capitalised given names anywhere. Faker's English-locale person lists say
  what is a name; pyspellchecker's English word frequencies tell "I'm Sore" from "I'm Grace".

`redact(text)` is thread-safe (compiled patterns, a read-only lexicon built once on first use).
"""
from __future__ import annotations

import importlib
import logging
import pkgutil
import re
import threading
from dataclasses import dataclass
from datetime import date
from typing import Any

import phonenumbers

TYPES = ("PHONE", "EMAIL", "NAME", "ADDRESS", "DOB")
PLACEHOLDERS = {kind: f"<{kind}>" for kind in TYPES}
_PRIORITY = {"EMAIL": 0, "DOB": 1, "ADDRESS": 2, "PHONE": 3, "NAME": 4}  # which one wins an overlap


@dataclass(frozen=True)
class Span:
    """One piece of personal data: text[start:end] is of this type."""

    start: int
    end: int
    type: str


# ------------------------------------------------------------------------------------ lexicon
MIN_FREQ = 100  # rarer words of the English list count as unknown (47k of 160k words are kept: ~8 MB)
_CENSUS_LOCALES = ("en_US", "en_GB", "en_IE", "en_NZ")  # Faker's census-based given-name lists
_FIRST_ATTRS = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary")


@dataclass(frozen=True)
class _Lexicon:
    first: frozenset[str]  # given names of every Faker English locale, lower case
    popular: frozenset[str]  # given names of the census-based locales ("grace", "mark" are names there)
    last: frozenset[str]
    freq: dict[str, int]  # English word frequencies (pyspellchecker) from MIN_FREQ; rarer words are absent


_lexicon_lock = threading.Lock()
_lexicon_cache: _Lexicon | None = None
_loading = threading.local()  # set while this thread loads the lexicon (Faker logs as it is imported)


def _load_lexicon() -> _Lexicon:
    import faker.providers.person as person
    from spellchecker import SpellChecker

    first: set[str] = set()
    popular: set[str] = set()
    last: set[str] = set()
    for module in pkgutil.iter_modules(person.__path__):
        if module.name != "en" and not module.name.startswith("en_"):
            continue
        provider = importlib.import_module(f"{person.__name__}.{module.name}").Provider
        given = {str(n).lower() for attr in _FIRST_ATTRS for n in getattr(provider, attr, ())}
        first |= given
        if module.name in _CENSUS_LOCALES:
            popular |= given
        last |= {str(n).lower() for n in getattr(provider, "last_names", ())}
    words = SpellChecker(language="en", distance=1).word_frequency.dictionary
    freq = {word: count for word, count in words.items() if count >= MIN_FREQ}
    return _Lexicon(frozenset(first), frozenset(popular), frozenset(last), freq)


def _lexicon() -> _Lexicon | None:
    """The name lists and word frequencies, loaded once on first use.

    None for a log record emitted by the loading itself (Faker logs while it is imported): that
    record is redacted without names instead of waiting for the lock this thread holds.
    """
    global _lexicon_cache
    if _lexicon_cache is None:
        if getattr(_loading, "active", False):
            return None
        with _lexicon_lock:
            if _lexicon_cache is None:
                _loading.active = True
                try:
                    _lexicon_cache = _load_lexicon()
                finally:
                    _loading.active = False
    return _lexicon_cache


# ------------------------------------------------------------------------------------ names
STRONG, MEDIUM, WEAK, CUELESS = range(4)
COMMON = 20_000  # word frequency from which a word is a common English word ("sore" 17k, "fine" 225k)
RARE = 300  # below this an unlisted capitalised word after a title or relation is taken as a name
LOWER_MAX = 5_000  # a lower-case word after a title or relation must be a listed name rarer than this
CUELESS_MAX = 15_000  # a capitalised given name with no cue must be rarer than this as a word

_STOP = frozenset(["a", "an", "the", "and", "or", "but", "not", "no", "so", "very", "too", "just", "really", "still", "also", "only", "even", "quite", "pretty", "already", "again", "in", "on", "at", "to", "of", "for", "from", "with", "by", "as", "about", "into", "off", "up", "down", "out", "over", "here", "there", "now", "then", "when", "if", "while", "is", "am", "are", "was", "be", "been", "being", "have", "has", "had", "having", "do", "does", "did", "get", "got", "getting", "going", "gonna", "trying", "i", "me", "my", "mine", "you", "your", "he", "she", "him", "her", "his", "it", "its", "we", "us", "our", "they", "them", "this", "that", "these", "those", "who", "what", "all", "any", "some", "one", "everyone", "everybody", "anyone", "someone", "nobody", "guys", "team", "sir", "madam", "dear", "doc", "doctor", "dr", "nurse", "mr", "mrs", "ms", "miss", "mate", "love", "babe", "hun", "hon", "ok", "okay", "fine", "good", "well", "better", "worse", "bad", "sore", "stiff", "back", "male", "female", "man", "woman", "retired", "pregnant", "diabetic", "able", "unable", "sorry", "afraid", "scared", "worried", "hoping", "home", "work", "today", "tomorrow", "yesterday", "tonight", "morning", "afternoon", "evening", "night", "week", "month", "year", "soon", "later", "asap", "please", "thanks", "thank", "bye", "cheers", "regards", "best", "x", "xx", "xxx", "pain", "gp", "physio", "mum", "mom", "dad", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "christmas", "easter"])  # noqa: E501 (one list)
_PLACE_AFTER = frozenset(["hospital", "clinic", "centre", "center", "street", "st", "road", "rd", "avenue", "ave", "lane", "house", "ward", "surgery", "practice", "medical", "health", "school", "university", "college", "park", "hall", "court", "square", "station", "bridge", "infirmary"])  # noqa: E501 (one list)
_PLACE_BEFORE = frozenset(["st", "saint", "queen", "king", "prince", "princess", "lake", "mount", "port", "fort", "san", "santa", "new", "in", "at", "near", "from", "to", "via", "outside", "street", "road", "lane", "avenue", "close", "drive", "way"])  # "in Sydney", "Road, Bristol"  # noqa: E501 (one list)

_TOKEN = re.compile(r"[A-Za-z](?:[A-Za-z]|['’-](?=[A-Za-z]))*")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:['’-][A-Za-z][a-z]+)*")
_GAP = re.compile(r"[ \t]+")
_INITIAL = re.compile(r"[A-Z]\.\s*(?=[A-Z][a-z])")  # "Mr A. Khan"
_PREV_WORD = re.compile(r"([A-Za-z]+)\W*$")
_REL = (r"wife|husband|hubby|partner|son|daughter|kid|child|mum|mom|mother|dad|father|brother|sister|"
        r"friend|mate|boss|manager|supervisor|neighbour|neighbor|carer|caregiver|gp|doctor|physio|"
        r"physiotherapist|chiro|chiropractor|osteo|osteopath|nurse|colleague|coworker|flatmate|"
        r"housemate|roommate|boyfriend|girlfriend|fianc[eé]e?|grandson|granddaughter|grandma|grandpa|"
        r"grandad|granddad|nan|nana|gran|aunt|auntie|uncle|cousin|niece|nephew|stepson|stepdaughter")
_CUES = [
    (STRONG, re.compile(r"\b(?:(?:my|his|her|full|first|last|given|real|sur|fore)\s*)*name"
                        r"(?:\s+is|\s+was|['’]s|\s*[:=]|\s+-|\s*,)[\s:-]*", re.I)),
    (STRONG, re.compile(r"\b(?:surname|forename)\s*[:-]?\s*|\b(?:patient|from|contact|caller)\s*:\s*"
                        r"|\b(?:i['’]?m|i\s+am)\s+called\s+|\bsigned[,:]?\s+|\bknown\s+as\s+", re.I)),
    (MEDIUM, re.compile(r"\b(?:dr|doctor|mr|mrs|ms|miss|mx|prof|professor|nurse)\b\.?\s+", re.I)),
    (MEDIUM, re.compile(rf"\b(?:my|our|his|her)\s+(?:{_REL})(?:['’]s\s+name\s+is)?\s*,?\s+", re.I)),
    (STRONG, re.compile(r"\b(?i:calls?\s+me)\s+(?=[A-Z])")),  # "call me Mo"; "call me back" below
    (MEDIUM, re.compile(r"\bcalls?\s+me\s+(?=[a-z])", re.I)),
    (WEAK, re.compile(r"\b(?:i['’]?m|i\s+am|this\s+is|it['’]?s)\s+", re.I)),
]
_SIGN_OFF = re.compile(
    r"(?:\b(?:many\s+thanks|thanks|thank\s*you|thx|ty|cheers|ta|(?:kind|best|warm)\s+regards|regards|"
    r"best\s+wishes|best|love|sincerely|yours(?:\s+(?:sincerely|truly))?)"
    r"(?:\s+(?:so\s+much|very\s+much|a\s+lot|again|heaps|loads|lots))?|(?:^|\s)[-–—~]+)[\s,!.:-]*", re.I)
_SIGN_OFF_END = re.compile(r"\s*(?:\bx+\b|\bxo+\b)?\s*[.!)]*\s*(?:\(|$)", re.I)
_HERE = re.compile(r"\b([A-Za-z][A-Za-z'’-]*)\s+here\b")


def _strip_possessive(token: str) -> str:
    return token[:-2] if token.endswith(("'s", "’s")) else token


def _accept(lex: _Lexicon, token: str, cue: int) -> bool:
    """Whether a token in this context is a name."""
    low = token.lower().replace("’", "'")
    if len(low) < 2 or low in _STOP:
        return False
    head = low.split("-")[0]
    named = head in lex.first or head in lex.last
    freq = lex.freq.get(low, 0)
    title = token[0].isupper()
    if cue == STRONG:  # "my name is john smith", not "my name is on the booking" nor "name is withheld"
        return title or named or freq < RARE
    if cue == MEDIUM:
        return (named or freq < RARE) if title else (named and freq < LOWER_MAX)
    if cue == WEAK:
        if token.isupper():  # "I'm HIV positive": capitals pass only as a listed given name
            return head in lex.first
        if title:
            return head in lex.popular or (head in lex.first and freq < COMMON) or freq == 0
        return head in lex.first and freq < COMMON
    return token.istitle() and head in lex.first and freq < CUELESS_MAX


def _accept_more(lex: _Lexicon, token: str, title: bool) -> bool:
    """Whether the token after a name continues it (a surname or second name)."""
    low = token.lower().replace("’", "'")
    if len(low) < 2 or low in _STOP or token[0].isupper() != title:
        return False
    named = low.split("-")[0] in lex.first or low.split("-")[0] in lex.last
    freq = lex.freq.get(low, 0)
    return (named or freq < COMMON) if title else (named and freq < LOWER_MAX)


def _name_at(lex: _Lexicon, text: str, pos: int, cue: int) -> tuple[int, int] | None:
    """The name starting at pos (an initial allowed, then up to three name words), or None."""
    initial = _INITIAL.match(text, pos) if cue != CUELESS else None
    match = _TOKEN.match(text, initial.end() if initial else pos)
    if not match:
        return None
    token = _strip_possessive(match.group())
    if not _accept(lex, token, cue):
        return None
    start, end = pos if initial else match.start(), match.start() + len(token)
    for _ in range(2):
        gap = _GAP.match(text, end)
        more = _TOKEN.match(text, gap.end()) if gap else None
        if not more or not _accept_more(lex, _strip_possessive(more.group()), token[0].isupper()):
            break
        end = more.start() + len(_strip_possessive(more.group()))
    return start, end


def _names(text: str) -> list[Span]:
    lex = _lexicon()
    if lex is None:
        return []
    found: list[tuple[int, int]] = []
    for cue, pattern in _CUES:
        for m in pattern.finditer(text):
            if (span := _name_at(lex, text, m.end(), cue)) is not None:
                found.append(span)
    for m in _SIGN_OFF.finditer(text):
        span = _name_at(lex, text, m.end(), WEAK)
        if span is not None and _SIGN_OFF_END.match(text, span[1]):
            found.append(span)
    for m in _HERE.finditer(text):
        if _accept(lex, _strip_possessive(m.group(1)), WEAK):
            found.append((m.start(1), m.start(1) + len(_strip_possessive(m.group(1)))))
    for m in _CAPITALISED.finditer(text):
        if not _accept(lex, _strip_possessive(m.group()), CUELESS):
            continue
        before = _PREV_WORD.search(text, max(0, m.start() - 20), m.start())
        after = _TOKEN.match(text, m.end() + 1) if m.end() < len(text) and text[m.end()] == " " else None
        if (before and before.group(1).lower() in _PLACE_BEFORE) or (
                after and after.group().lower() in _PLACE_AFTER):
            continue  # "Queen Elizabeth Hospital", "in Sydney"
        if (span := _name_at(lex, text, m.start(), CUELESS)) is not None:
            found.append(span)
    return [Span(s, e, "NAME") for s, e in found]


# ------------------------------------------------------------------------------------ phone, e-mail
_PHONE_HINT = re.compile(r"\d(?:[\s().\-/]{0,3}\d){6,}")  # 7+ digits with separators
_NOT_PHONE = re.compile(r"\d+\.\d+|(?:19|20)\d\d-\d\d-\d\d.*")  # timestamps, ISO dates (in logged events)
_DECIMAL_EDGE = re.compile(r"\d\.$|^\.\d")
_PHONE_REGIONS = ("GB", "US")  # GB at POSSIBLE also takes US and Australian forms; US adds "1-800-..."


def _phones(text: str) -> list[Span]:
    spans: list[Span] = []
    for hint in _PHONE_HINT.finditer(text):
        if _NOT_PHONE.fullmatch(hint.group()) or any(s.start <= hint.start() < s.end for s in spans):
            continue
        offset = max(0, hint.start() - 6)  # a window around the digits: "+", "(", "ext. 12"
        window = text[offset:hint.end() + 12]
        for region in _PHONE_REGIONS:
            found = [Span(offset + m.start, offset + m.end, "PHONE")
                     for m in phonenumbers.PhoneNumberMatcher(window, region, leniency=phonenumbers.Leniency.POSSIBLE)
                     if sum(c.isdigit() for c in m.raw_string) >= 7 and not _NOT_PHONE.fullmatch(m.raw_string)
                     and not _DECIMAL_EDGE.search(window[max(0, m.start - 2):m.start])
                     and not _DECIMAL_EDGE.search(window[m.end:m.end + 2])]
            spans += found
            if any(f.start <= hint.start() and hint.end() <= f.end for f in found):
                break  # the whole run of digits is a number; US only for what GB left ("1-800-...")
    return spans


_DOT = r"(?:\s*\.\s*|\s*\(dot\)\s*|\s*\[dot\]\s*|\s+dot\s+)"
_EMAIL = re.compile(
    r"[\w.+%-]+ ?@ ?[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}"
    rf"|\b[\w.+-]+\s*(?:\(at\)|\[at\]|\s+at\s+)\s*[\w-]+(?:{_DOT}[\w-]+)*?{_DOT}"
    r"(?:com|net|org|edu|gov|co|uk|au|nz|ca|ie|io|me|info|biz|us)\b(?:" + _DOT + r"(?:uk|au|nz))?", re.I)


def _emails(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), "EMAIL") for m in _EMAIL.finditer(text)]


# ------------------------------------------------------------------------------------ dates of birth
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_FULL_DATE = (rf"(?:\d{{1,2}}(?P<sep>[/.-])\d{{1,2}}(?P=sep)(?:\d{{4}}|\d{{2}})|\d{{1,2}} \d{{1,2}} {_YEAR}"
              rf"|{_YEAR}-\d{{1,2}}-\d{{1,2}}|{_DAY}(?:\s+of)?\s+{_MONTH},?\s+(?:{_YEAR}|'?\d{{2}})"
              rf"|{_MONTH}\s+{_DAY},?\s+{_YEAR})")
_PART_DATE = rf"(?:{_MONTH}\s+{_YEAR}|{_DAY}(?:\s+of)?\s+{_MONTH}|{_MONTH}\s+{_DAY}|{_YEAR}|['’]\d{{2}})"
_EDGE_BEFORE, _EDGE_AFTER = r"(?<![\w/-])(?<!\d\.)", r"(?![\w/]|[.-]\d)"
_BIRTH = re.compile(
    r"(?:\b(?:born|dob|d\.\s?o\.\s?b|date\s+of\s+birth|birth\s*date|birthday|b-?day|year\s+of\s+birth|yob)\b"
    r"|\bb\.(?=\s*\d))\.?(?:[\s:=,(–-]+|\b(?:is|was|on|in|the|of|year|about)\b|['’]s\b)*?"
    rf"{_EDGE_BEFORE}(?P<date>{_FULL_DATE}|{_PART_DATE}){_EDGE_AFTER}", re.I)
_BABY = re.compile(rf"\b(?P<date>{_YEAR})\s+baby\b", re.I)
_DATE = re.compile(rf"{_EDGE_BEFORE}{_FULL_DATE}{_EDGE_AFTER}", re.I)
_EVENT = re.compile(r"\b(?:since|from|on|in|at|after|before|until|till|by|fell|fall|surgery|operation|op|"
                    r"operated|accident|injur\w*|hurt|scan|mri|x-?ray|seen|admitted|discharged|appointment|"
                    r"start\w*|began|begun|happened|diagnosed|last)\b[^.!?\d]{0,20}$", re.I)
ADULT_YEARS = 12  # a full date at least this many years back, with no event word before it, is a birth date


def _year_of(date_text: str) -> int | None:
    if m := re.search(_YEAR, date_text):
        return int(m.group())
    if m := re.search(r"(\d{2})\D*$", date_text):
        yy = int(m.group(1))
        return 1900 + yy if yy > date.today().year % 100 else 2000 + yy
    return None


def _births(text: str) -> list[Span]:
    spans = [Span(m.start("date"), m.end("date"), "DOB") for p in (_BIRTH, _BABY) for m in p.finditer(text)]
    latest = date.today().year - ADULT_YEARS
    for m in _DATE.finditer(text):
        year = _year_of(m.group())
        if year and 1900 <= year <= latest and not _EVENT.search(text, max(0, m.start() - 40), m.start()):
            spans.append(Span(m.start(), m.end(), "DOB"))
    return spans


# ------------------------------------------------------------------------------------ addresses
_STREET_TYPE = (r"(?i:street|st|road|rd|lane|ln|avenue|ave|av|drive|dr|close|crescent|cres|court|ct|way|"
                r"place|pl|terrace|tce|parade|pde|boulevard|blvd|grove|gardens|gdns|square|sq|mews|row|walk|"
                r"hill|highway|hwy|circle|cir|trail|parkway|pkwy|green|rise|view|quay|esplanade|circuit|"
                r"cct|wynd|broadway)\b\.?")
_UNIT = r"(?i:flat|apt|apartment|unit|suite|ste)\.?\s*(?:\d+[A-Za-z]?|[A-Za-z]\d*)"
_UK_POSTCODE = r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b"
_US_STATE_ZIP = (r"\b(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|"
                 r"NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY),?\s+\d{5}(?:-\d{4})?\b")
_AU_STATE_POSTCODE = r"\b(?:NSW|VIC|QLD|SA|WA|TAS|NT|ACT)\s+\d{4}\b"
_TOWN = r"[A-Z][A-Za-z'’-]+(?:\s+[A-Z][A-Za-z'’-]+){0,2}"
_ADDRESS = re.compile(
    rf"(?:{_UNIT}(?:\s*,\s*|\s+|/))?(?:(?i:number|no\.?)\s*)?\b\d{{1,5}}[A-Za-z]?(?:/\d{{1,5}}[A-Za-z]?)?,?\s+"
    rf"(?:[A-Z][A-Za-z'’.-]*\s+){{1,3}}{_STREET_TYPE}(?:\s+(?:N|S|E|W|NE|NW|SE|SW)\b)?"
    rf"(?:,?\s+(?i:apt|apartment|unit|suite|flat)\.?\s*\w+)?"
    rf"(?:,?\s+(?:{_TOWN},?\s+)?(?:{_UK_POSTCODE}|{_US_STATE_ZIP}|{_AU_STATE_POSTCODE}))?"
    rf"|\b\d{{1,5}}[A-Za-z]?,?\s+(?:[A-Z][A-Za-z'’.-]*,?\s+){{1,5}}(?:{_UK_POSTCODE}|{_US_STATE_ZIP}|{_AU_STATE_POSTCODE})"
    rf"|\b\d{{1,5}}[A-Za-z]?\s+The\s+[A-Z][a-z]+\b"  # "6 The Paddocks"
    rf"|(?i:\b(?:liv(?:e|ing)\s+at|address(?:\s+is)?:?|i['’]?m\s+at|we['’]?re\s+at)\s+)(?P<lower>\d{{1,5}}[a-z]?\s+"
    rf"(?:[a-z]+\s+){{1,2}}(?:street|st|road|rd|lane|ln|avenue|ave|drive|close|crescent|court|terrace|way|place|grove)\b)"
    rf"|{_UK_POSTCODE}"
    r"|(?i:\b(?:post\s*code|zip(?:\s*code)?)(?:\s+is|['’]s)?[\s:-]*)"
    r"(?P<code>(?i:[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2})|\d{5}(?:-\d{4})?|\d{4})\b")


def _addresses(text: str) -> list[Span]:
    spans = []
    for m in _ADDRESS.finditer(text):
        group = "code" if m.group("code") else "lower" if m.group("lower") else 0
        spans.append(Span(m.start(group), m.end(group), "ADDRESS"))
    return spans


# ------------------------------------------------------------------------------------ public API
def find_pii(text: str) -> list[Span]:
    """Every piece of personal data in the text, non-overlapping, in order."""
    candidates = _emails(text) + _births(text) + _addresses(text) + _phones(text) + _names(text)
    kept: list[Span] = []
    for span in sorted(candidates, key=lambda s: (_PRIORITY[s.type], s.start - s.end)):
        if span.end > span.start and all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def redact(text: str) -> str:
    """The text with each piece of personal data replaced by its placeholder (<PHONE>, <NAME>...)."""
    if not text:
        return text
    out, last = [], 0
    for span in find_pii(text):
        out += [text[last:span.start], PLACEHOLDERS[span.type]]
        last = span.end
    return "".join(out) + text[last:] if out else text


def redact_data(value: Any) -> Any:
    """A copy of a JSON-like value (analytics event, audit record) with every string redacted."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: redact_data(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(redact_data(item) for item in value)
    return value


class RedactingFilter(logging.Filter):
    """A logging filter that redacts the formatted message (msg % args) and any traceback text.

    Put it on handlers (logging.yml) so that records from every logger are covered. It never drops a
    record; a record seen by several handlers is redacted once.
    """

    def __init__(self, name: str = "") -> None:
        super().__init__(name)
        _lexicon()  # load now, at logging set-up, so that no request waits for it

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_redacted", False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep what there is
            message = f"{record.msg} {record.args}"
        record.msg, record.args = redact(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        record._redacted = True
        return True
