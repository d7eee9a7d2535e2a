"""Clinical findings from free text: spaCy (blank English) + medspacy target rules and ConText.

Patterns and context rules come from knowledge.yml, the one source of the red-flag
vocabulary. ConText marks each finding negated, family, historical, hypothetical or
uncertain ("no numbness", "my dad had cancer", "what if I get numbness?").

Before matching, a spelling step maps near-miss tokens ("numbnes", "bladdr", "tingeling")
to the words of the knowledge file (rapidfuzz edit distance). The word list is read from
knowledge.yml's own patterns and context rules, so the file stays the one source; a token
that is a real English word (pyspellchecker's frequency list) is never changed, so "house"
does not become "horse" nor "sweets" "sweats".

Spanish (issue 15): accents do not matter. The text is folded character for character before matching
("entumída" reads as "entumida", "ñ" kept: "año" is not "ano"), and so are the knowledge file's patterns
and literals when the pipeline is built, so they may be written with or without accents. Spanish
patterns start with the regex comment `(?#es)` and Spanish context rules carry `lang: es`: their words
are never targets of the English spelling step (an English typo is not "corrected" into Spanish), only
words it leaves alone.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Iterable

try:  # Python 3.11+ moved the regex parser
    import re._parser as sre_parse  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse  # type: ignore[no-redef]

import yaml
from loguru import logger

from language import textspeak
from language.answers import alternatives, fold
from triage.knowledge import KNOWLEDGE_FILE, FindingSpec, Knowledge, load_knowledge
from triage.reading import Finding

logger.disable("PyRuSH")  # PyRuSH logs every sentence at DEBUG level

import medspacy  # noqa: E402,F401  (registers the medspacy factories)
import spacy  # noqa: E402
from medspacy.common.regex_matcher import RegexMatcher, get_token_for_char  # noqa: E402
from medspacy.context import ConTextRule  # noqa: E402
from medspacy.target_matcher import TargetRule  # noqa: E402
from rapidfuzz import process as fuzzy_process  # noqa: E402
from rapidfuzz.distance import OSA  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc, Span  # noqa: E402

SPANISH = "(?#es)"  # the regex comment that marks a Spanish finding pattern (knowledge.yml)


def is_spanish(pattern: str) -> bool:
    """A knowledge-file pattern written for Spanish messages."""
    return SPANISH in pattern


# A TERMINATE rule ("pero") ends only scopes that reach the sentence's edge: medspacy never meets it with a
# max_scope window, which sits inside the sentence ("tengo la pierna derecha dormida pero la izquierda está
# bien" would deny the right leg). Spanish rules with a window stop at a contrast themselves.
_CONTRAST = re.compile(r"\b(?:pero|aunque|sino|excepto|salvo|sin embargo|ahora)\b", re.IGNORECASE)
# English windows stop at a contrast too: "my right leg is numb but the left is fine" denies only the left
_CONTRAST_EN = re.compile(r"\b(?:but|though|although|except|whereas|however)\b", re.IGNORECASE)


_CLAUSE_BREAK = re.compile(r"[,;:]|\b(?:y|e)\b")  # "las piernas dormidas, la orina normal": "normal" is the urine's


def _not_across_a_contrast(target: Span, modifier: Span, between: Span) -> bool:
    return not _CONTRAST.search(between.text)


def _within_the_clause(target: Span, modifier: Span, between: Span) -> bool:
    """ "la cola dormida pis hago normal": a topic named in between is the one said to be fine (es_voz batch)."""
    return not (_CONTRAST.search(between.text) or _CLAUSE_BREAK.search(between.text) or PHRASE_NOUN.search(between.text))


def _not_across_an_english_contrast(target: Span, modifier: Span, between: Span) -> bool:
    return not _CONTRAST_EN.search(between.text)


def _within_the_english_clause(target: Span, modifier: Span, between: Span) -> bool:
    """ "numb bum, legs are fine": a denial said after a comma is the next noun's."""
    return not (_CONTRAST_EN.search(between.text) or re.search(r"[,;:]", between.text))


def _on_modifies(group: dict[str, Any]) -> Any:
    """The check a rule with a window makes on the words between it and a finding (None: no check). A denial
    said after a comma is the next phrase's; other rules said after ("a couple of epidurals, and some physio could
    fix everything", real4 batch) reach back over commas, never over a contrast."""
    if not group.get("max_scope"):
        return None
    clause = group["direction"] == "BACKWARD" and group["category"] == "NEGATED_EXISTENCE"
    if group.get("lang") != "es":
        return _within_the_english_clause if clause else _not_across_an_english_contrast
    return _within_the_clause if clause else _not_across_a_contrast


def _context_rules(knowledge: Knowledge) -> list[ConTextRule]:
    rules = []
    for group in knowledge.context_rules:
        allowed = set(group["allowed_types"]) if group.get("allowed_types") else None
        common = {"category": group["category"], "direction": group["direction"], "allowed_types": allowed,
                  "max_scope": group.get("max_scope"), "terminated_by": group.get("terminated_by"),
                  "on_modifies": _on_modifies(group)}
        if "pattern" in group:
            rules.append(ConTextRule(group["category"].lower(), pattern=fold(group["pattern"]), **common))
        literals = dict.fromkeys(fold(str(literal)) for literal in group.get("literals", []))  # "está", "esta": one
        rules.extend(ConTextRule(literal, **common) for literal in literals)
    return rules


SPAN_GROUP = "clinical_findings"
WORD_START = r"(?<![^\W_])"  # no letter or digit just before a finding's first character


@lru_cache(maxsize=1)
def more_specific_findings() -> dict[str, frozenset[str]]:
    """knowledge.yml 'contains': finding -> the broader findings it includes ("major_trauma" -> "minor_injury")."""
    raw = yaml.safe_load(KNOWLEDGE_FILE.read_text(encoding="utf-8")).get("contains") or {}
    return {fid: frozenset(broader) for fid, broader in raw.items()}


@Language.component("join_overlaps_per_finding")
def join_overlaps_per_finding(doc: Doc) -> Doc:
    """Overlapping matches of one finding join into one span (_joined); different findings may overlap.

    "my left leg is numb and keeps giving way" is both leg numbness and leg weakness (doc.ents
    would keep only one of the two spans). Broader findings inside a more specific one are
    dropped after ConText, in _drop_contained.
    """
    by_label: dict[str, list[Span]] = {}
    for span in doc.spans[SPAN_GROUP]:
        by_label.setdefault(span.label_, []).append(span)
    kept = [span for group in by_label.values() for span in _joined(group)]
    doc.spans[SPAN_GROUP] = sorted(kept, key=lambda span: (span.start, span.end))
    return doc


def _joined(spans: list[Span]) -> list[Span]:
    """Overlapping matches of one finding as one span from the first start to the last end: "cannot feel when I
    wipe" and "wipe, the backside all numb" are one finding, and its own "cannot" does not deny it (world batch)."""
    joined: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        if joined and span.start < joined[-1].end:
            last = joined[-1]
            joined[-1] = Span(span.doc, last.start, max(last.end, span.end), label=span.label_)
        else:
            joined.append(span)
    return joined


def _denied_with_the_phrase(found: list[Finding]) -> list[Finding]:
    """A finding inside the words of a denied one is denied with it: in "no se me duermen ni me hormiguean las piernas"
    the "ni" that denies "hormiguean las piernas" lies inside the wider finding, so medspacy drops it (es_mayores batch)."""
    return [replace(f, negated=True) if not f.negated and any(
        g.negated and g.start <= f.start and f.end <= g.end and (g.start, g.end) != (f.start, f.end) for g in found)
        else f for f in found]


def _drop_contained(found: list[Finding]) -> list[Finding]:
    """Drop a broader finding overlapping a more specific one with the same decision ("fell off a ladder"
    is major trauma, not also a minor fall). One that is active while the specific one is not stays."""
    contains = more_specific_findings()
    knowledge = load_knowledge()
    return [f for f in found
            if not any(f.id in contains.get(other.id, ()) and other.start < f.end and f.start < other.end
                       and other.is_active(knowledge) == f.is_active(knowledge) for other in found)]


class _OneTextRegexMatcher(RegexMatcher):
    """medspacy's RegexMatcher, with the doc's text built once per message instead of once per pattern (spaCy
    joins it anew on each `text_with_ws`: with the Spanish patterns beside the English ones that was a third of
    the reading time). The matches are the same, in the same order."""

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        matches: list[tuple[int, int, int]] = []
        text = doc.text_with_ws
        for match_id, patterns in self._patterns.items():
            on_match = self._callbacks[match_id]
            for pattern in patterns:
                for found in pattern.finditer(text):
                    span = doc.char_span(found.start(), found.end())
                    if span is None:
                        start = get_token_for_char(doc, found.start(), resolve=self.resolve_start)
                        end = get_token_for_char(doc, found.end(), resolve=self.resolve_end)
                        span = doc[start.i:len(doc) if end is None else end.i]
                    if len(span):
                        matches.append((match_id, span.start, span.end))
                    if on_match is not None:
                        on_match(self, doc, len(matches) - 1, matches)
        return matches


def _read_the_text_once(component: Any, owner: str) -> None:
    """Give a medspacy component's regex matcher the one-text reading (left as it is if medspacy changes)."""
    matcher = getattr(component, f"_{owner}__matcher", None)
    regex = getattr(matcher, "_MedspacyMatcher__regex_matcher", None)
    if type(regex) is RegexMatcher:
        regex.__class__ = _OneTextRegexMatcher


@lru_cache(maxsize=1)
def build_pipeline() -> Language:
    """spaCy blank English with sentence splitting, target rules and ConText (no model download)."""
    knowledge = load_knowledge()
    nlp = spacy.blank("en")
    nlp.add_pipe("medspacy_pyrush")
    matcher: Any = nlp.add_pipe("medspacy_target_matcher",
                           config={"result_type": "group", "span_group_name": SPAN_GROUP, "prune": False})
    # A finding starts at a word: "got ... cancer" is not inside "forgot to tell you ... cancer" (elders batch)
    matcher.add([TargetRule(spec.id, spec.id.upper(), pattern=f"{WORD_START}(?:{fold(pattern)})")
                 for spec in knowledge.findings.values() for pattern in spec.patterns])
    nlp.add_pipe("join_overlaps_per_finding")
    context: Any = nlp.add_pipe("medspacy_context", config={"rules": None, "prune_on_target_overlap": True,
                                                       "input_span_type": "group", "span_group_name": SPAN_GROUP})
    context.add(_context_rules(knowledge))
    _read_the_text_once(matcher, "TargetMatcher")
    _read_the_text_once(context, "ConText")
    spelling_lexicon()  # built here so that the first message is not the slow one
    return nlp


def _normalise(text: str) -> str:
    """Straight apostrophes, single spaces and composed accents ("i" + combining acute is "í"), so patterns see
    one spelling."""
    text = unicodedata.normalize("NFC", text).replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip()


# ------------------------------------------------------------------ spelling normalisation
# Thresholds, chosen for precision: a correction must never invent a danger sign.
MIN_TOKEN_LENGTH = 5  # 4-letter tokens get one edit only with the same first and last letter ("crsh", "pian")
LONG_TOKEN_LENGTH = 8  # from this length two edits are allowed ("osteoperosis", "incontinance")
MIN_STEM_LENGTH = 5  # stems such as tingl(ing), collaps(ed), fever(ish): prefix match, one edit
_SUFFIXES = frozenset({"", "s", "es", "ed", "d", "ing", "er", "ers", "y", "ies", "ness", "ful", "ly", "ish"})
_STEM_MARK = "\x00"  # marks a word followed by \w* or \w+ in a pattern: a stem
_MAX_STRINGS = 4000  # cap on the strings one regex sequence expands to


def _expand(nodes: Any) -> set[str]:
    """The literal strings a parsed regex can match, with gaps as spaces and \\w* as a stem mark."""
    out = {""}
    for op, arg in nodes:
        name = str(op)
        if name == "LITERAL":
            options = {chr(arg).lower()}
        elif name == "IN":
            letters = {chr(v).lower() for kind, v in arg if str(kind) == "LITERAL" and chr(v).isalpha()}
            word_class = any(str(kind) == "CATEGORY" and "WORD" in str(v) for kind, v in arg)
            options = {_STEM_MARK} if word_class else (letters if letters and len(letters) <= 3 else {" "})
        elif name == "SUBPATTERN":
            options = _expand(arg[-1])
        elif name == "BRANCH":
            options = set().union(*(_expand(branch) for branch in arg[1]))
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):
            low, high, sub = arg
            inner = _expand(sub)
            if inner == {_STEM_MARK}:
                options = {_STEM_MARK}
            elif any(" " in x or _STEM_MARK in x for x in inner) or high not in (1,) and low != 1:
                options = {" "}  # a gap of words such as (?:\w+ ){0,3}
            else:
                options = inner | ({""} if low == 0 else set())
        elif name in ("AT", "ASSERT", "ASSERT_NOT"):
            options = {""}
        else:
            options = {" "}
        if len(out) * len(options) > _MAX_STRINGS:  # too many combinations: keep the parts apart
            out = {o + " " for o in out} | {" " + x for x in options}
        else:
            out = {o + x for o in out for x in options}
    return out


def _words_of_pattern(pattern: str) -> tuple[set[str], set[str]]:
    """Whole words and stems that a knowledge-file regex spells out."""
    words, stems = set(), set()
    for string in _expand(sre_parse.parse(pattern, re.IGNORECASE)):
        for piece in re.findall(r"[a-zñ]+" + _STEM_MARK + r"?", string):
            if piece.endswith(_STEM_MARK):
                stems.add(piece[:-1])
            else:
                words.add(piece)
    return words, stems


@dataclass(frozen=True)
class SpellingLexicon:
    """Target words and stems from knowledge.yml, and the English words that are never changed."""

    words: frozenset[str]
    stems: frozenset[str]
    english: Any  # supports `in`
    spanish: frozenset[str] = frozenset()  # words of the Spanish patterns and rules: left alone, never targets

    def is_known(self, token: str) -> bool:
        """A correctly spelled word: knowledge-file vocabulary, a stem's form, English, or Spanish."""
        return (token in self.words or token in self.english or token in self.spanish
                or any(token.startswith(stem) for stem in self.stems if len(stem) >= MIN_STEM_LENGTH))


class _Everything:
    """Stands in for the English word list when it is missing: every token counts as known."""

    def __contains__(self, item: object) -> bool:
        return True


@lru_cache(maxsize=1)
def spelling_lexicon() -> SpellingLexicon:
    """Build the word list once from knowledge.yml (patterns and context literals)."""
    knowledge = load_knowledge()
    words: set[str] = set()
    stems: set[str] = set()
    spanish: set[str] = set()
    for spec in knowledge.findings.values():
        for pattern in spec.patterns:
            w, st = _words_of_pattern(fold(pattern))
            if is_spanish(pattern):
                spanish |= w | st
            else:
                words |= w
                stems |= st
    for group in knowledge.context_rules:
        for literal in group.get("literals", []):
            (spanish if group.get("lang") == "es" else words).update(re.findall(r"[a-zñ]+", fold(str(literal).lower())))
    words = {w for w in words if len(w) >= 4}
    stems = {st for st in stems if len(st) >= 4}
    try:
        from spellchecker import SpellChecker
        english: Any = SpellChecker(language="en", distance=1).word_frequency
    except ImportError:  # pragma: no cover - without an English word list, correct nothing
        logger.warning("pyspellchecker is not installed: spelling normalisation is off")
        english = _Everything()
    return SpellingLexicon(frozenset(words), frozenset(stems), english, frozenset(w for w in spanish if len(w) >= 4))


def _sound(word: str) -> str:
    """A rough spelling-independent form: y/i, ph/f, ck/k, c/k, z/s and doubled letters folded."""
    word = word.replace("ph", "f").replace("ck", "k").replace("y", "i").replace("c", "k").replace("z", "s")
    return re.sub(r"(.)\1+", r"\1", word)


def _doubled(token: str, word: str) -> bool:
    """True when token is word with one letter typed twice ("weeak" for "weak")."""
    return len(token) == len(word) + 1 and any(
        token[:i] + token[i + 1:] == word and token[i] == token[i - 1] for i in range(1, len(token)))


def _allowed_edits(token: str) -> int:
    return 2 if len(token) >= LONG_TOKEN_LENGTH else 1


@lru_cache(maxsize=4096)
def correct_token(token: str) -> str | None:
    """The knowledge-file spelling of a misspelled token, or None to leave it alone."""
    lexicon = spelling_lexicon()
    low = token.lower()
    if len(low) < 4 or "'" in low or lexicon.is_known(low):
        return None  # contractions ("shouldn't") are left alone: a slip there could flip a negation
    same_start = [w for w in lexicon.words if w[0] == low[0] and abs(len(w) - len(low)) <= 2]
    if len(low) < MIN_TOKEN_LENGTH:  # 4 letters: one edit, same first and last letter, one candidate only
        near4 = [w for w in same_start if len(w) in (4, 5) and w[-1] == low[-1] and OSA.distance(low, w) == 1]
        return near4[0] if len(near4) == 1 else None
    targets = sorted(w for w in same_start if len(w) >= MIN_TOKEN_LENGTH)
    near = fuzzy_process.extract(low, targets, scorer=OSA.distance, score_cutoff=_allowed_edits(low), limit=None)
    # closest first; among equals the one that sounds the same ("groyn" -> "groin", not "grown")
    closest = sorted((dist, OSA.distance(_sound(low), _sound(word)), word) for word, dist, _ in near)[:1]
    candidates: list[tuple[int, str]] = [(dist, word) for dist, _, word in closest]
    if not candidates:  # a short word with one letter typed twice: "weeak"
        candidates = sorted((1, w) for w in same_start if len(w) < MIN_TOKEN_LENGTH and _doubled(low, w))
    if not candidates:  # stems: tingl(ing), collaps(ed), leak(ing): the start of the token within one edit
        for stem in lexicon.stems:
            short = len(stem) < MIN_STEM_LENGTH
            if stem[0] != low[0] or len(low) < len(stem) + (2 if short else 0):
                continue
            cuts = (len(stem),) if short else (len(stem) - 1, len(stem), len(stem) + 1)
            for cut in cuts:
                if short and low[cut:] not in _SUFFIXES:
                    continue  # a 4-letter stem only with a plain ending: "leeking", not "srinivas" -> "spin..."
                if cut <= len(low) and OSA.distance(low[:cut], stem) == 1:
                    candidates.append((1, stem + low[cut:]))
                    break
        candidates.sort()
    if not candidates:
        return None
    fixed = min(candidates)[1]
    if low.endswith("nt") != fixed.endswith("nt"):
        return None  # "shouldnt" must not lose its negation ("should")
    return fixed


def _dropped_g(low: str) -> str | None:
    """ "walkin" -> "walking": a texting habit, not a spelling guess (the -ing word must be English)."""
    lexicon = spelling_lexicon()
    if len(low) >= 5 and low.endswith("in") and not lexicon.is_known(low) and low + "g" in lexicon.english:
        return low + "g"
    return None


def _replacement(token: str) -> tuple[str, bool] | None:
    """What a token stands for, and whether that is a spelling guess (knowledge.yml `textspeak` first)."""
    low = token.lower()
    speak = textspeak.lookup(low)
    if speak is not None:
        return speak, False
    if not low.replace("'", "").isalpha():
        return None
    dropped = _dropped_g(low)
    if dropped is not None:
        return dropped, False
    fixed = correct_token(token)
    return (fixed, True) if fixed is not None else None


Edit = tuple[int, int, int, int, bool]  # new start, new end, old start, old end, a spelling guess


def normalise_spelling(text: str) -> tuple[str, list[Edit]]:
    """Text with text-speak and misspelled tokens replaced, and the edits made."""
    out, edits, last, shift = [], [], 0, 0
    for m in textspeak.TOKEN.finditer(text):
        replaced = _replacement(m.group())
        if replaced is None:
            continue
        fixed, guess = replaced
        out.append(text[last:m.start()])
        new_start = m.start() + shift
        out.append(fixed)
        edits.append((new_start, new_start + len(fixed), m.start(), m.end(), guess))
        shift += len(fixed) - len(m.group())
        last = m.end()
    out.append(text[last:])
    return "".join(out), edits


# ------------------------------------------------------------------ Spanish spelling (issue 15)
# Spanish is written as it sounds: "horinar", "devil", "isquierda", "ise popo". A token that is not a Spanish
# word (pyspellchecker's Spanish list) and sounds like a word of the Spanish patterns is read as that word;
# otherwise one slip in a long word, when only one pattern word is that close.


def _sound_es(word: str) -> str:
    """How a Spanish word sounds, whatever the spelling: h silent, b/v, z/ce/ci/s, qu/k/c, ll/y, a final l/r."""
    word = re.sub(r"^h|(?<=[aeiou])h", "", word)
    word = re.sub(r"c(?=[ei])", "s", word).replace("z", "s").replace("v", "b").replace("qu", "k").replace("c", "k")
    word = word.replace("ll", "y").replace("x", "ks")
    return re.sub(r"(.)\1+", r"\1", re.sub(r"l$", "r", word))


@lru_cache(maxsize=1)
def spanish_lexicon() -> tuple[dict[str, str], frozenset[str], Any]:
    """The Spanish pattern words by their sound, the words themselves, and the Spanish word list (never changed)."""
    words: set[str] = set()
    for spec in load_knowledge().findings.values():
        for pattern in spec.patterns:
            if is_spanish(pattern):
                words |= {w for w in _words_of_pattern(fold(pattern))[0] if len(w) >= 4}
    try:
        from spellchecker import SpellChecker
        known: Any = SpellChecker(language="es", distance=1).word_frequency
    except ImportError:  # pragma: no cover
        known = _Everything()
    by_sound: dict[str, str] = {}
    for word in sorted(words):
        by_sound.setdefault(_sound_es(word), word)
    return by_sound, frozenset(words), known


@lru_cache(maxsize=4096)
def correct_token_es(token: str) -> str | None:
    """The Spanish pattern spelling of a misspelled token, or None to leave it alone."""
    by_sound, words, known = spanish_lexicon()
    low = fold(token.lower())
    if len(low) < 3 or low in words or low in known or token.lower() in known:
        return None
    same = by_sound.get(_sound_es(low))
    if same:
        return same
    if len(low) < 6:
        return None
    near = [w for w in words if w[0] == low[0] and abs(len(w) - len(low)) <= 1 and OSA.distance(low, w) == 1]
    return near[0] if len(near) == 1 else None


def normalise_spelling_es(text: str) -> tuple[str, list[Edit]]:
    """Spanish text with text-speak written out ("nd" -> "nada", not a guess) and misspelled pattern words replaced
    (same length or not), and the edits made."""
    out, edits, last, shift = [], [], 0, 0
    for m in re.finditer(r"[^\W\d_]+", text):
        speak = textspeak.lookup_es(m.group(), text[:m.start()])
        fixed = speak or correct_token_es(m.group())
        if fixed is None:
            continue
        out.append(text[last:m.start()])
        new_start = m.start() + shift
        out.append(fixed)
        edits.append((new_start, new_start + len(fixed), m.start(), m.end(), speak is None))
        shift += len(fixed) - len(m.group())
        last = m.end()
    out.append(text[last:])
    return "".join(out), edits


def _original_offset(offset: int, edits: Iterable[Edit], end: bool = False) -> int:
    """Map an offset in the corrected text back to the text the patient wrote."""
    shift = 0
    for new_start, new_end, old_start, old_end, _ in edits:
        if offset < new_start or (end and offset == new_start):
            break
        if offset < new_end or (end and offset == new_end):
            return old_end if end else old_start
        shift = old_end - new_end
    return offset + shift


def _said_to_begin(after: str) -> bool:
    """The words after a denied finding say it began ("... started a few days ago"): knowledge.yml answers.began."""
    return any(re.search(fold(p), after, re.IGNORECASE) for p in load_knowledge().answers.get("began", ()))


@lru_cache(maxsize=1)
def folded_specs() -> dict[str, FindingSpec]:
    """The findings with their sentence patterns folded like the text they read (denied_if_sentence ...)."""
    def folded(pattern: str | None) -> str | None:
        return fold(pattern) if pattern else pattern
    return {fid: replace(spec, denied_if_sentence=folded(spec.denied_if_sentence),
                         doubtful_if_sentence=folded(spec.doubtful_if_sentence),
                         sure_if_sentence=folded(spec.sure_if_sentence),
                         current_if_sentence=folded(spec.current_if_sentence))
            for fid, spec in load_knowledge().findings.items()}


# A denial said after the finding, in Spanish word order: "Fiebre no tengo.", "En las dos piernas no." (never the tag
# question "..., ¿no?", nor a verb it begins: "las dos piernas no me responden"). Dictated, with no comma: the "no"
# ends the phrase when a new one starts after it (knowledge.yml sentences: es_phrase_words, es_topics, es_phrase_nouns).
TOPIC_NOUNS = alternatives("es_topics") + "|" + alternatives("es_phrase_nouns")
NEXT_PHRASE = alternatives("es_phrase_words") + r"|(?:(?:la|el|las|los|mi|mis|de|del|para|con) )?(?:" + TOPIC_NOUNS + ")"
PHRASE_NOUN = re.compile(r"\b(?:" + TOPIC_NOUNS + r")\b", re.IGNORECASE)
# English in the same order, as people translating from their own language write it: "Fever no have", "TB never.",
# "Tuberculosis never I had", "TB's never been an issue" (translated batch).
DENIED_AFTER = re.compile(r"(?:'s)?(?:\s+(?:este mes|esta semana|ultimamente|recientemente|lately|recently|this (?:month|week)))?"
                          r"\s*,?\s*(?:no|nunca|jamas|tampoco|para nada|nada|ningun[oa]|never)"
                          r"(?:\s+(?:tengo|tiene|tenia|he tenido|ha tenido|tuve|hubo|ha habido|"
                          r"noto|note|siento|hay|(?:me|le) (?:duele|duelen|pasa|ha pasado|ha dado|dio|da)|"
                          r"se me (?:duerme|duermen)|"
                          r"(?:i |he |she )?(?:have|has|had|got)|ever|been an? (?:issue|problem)|"
                          r"(?:he|ha) (?:estado|padecido)|me (?:he|ha) sentido (?:nunca|jamas))\b|"
                          r"\s*(?:[.!;,]|$)|\s+(?=(?-i:[A-Z]))|\s+(?:" + NEXT_PHRASE + r")\b)(?!\s*[?¿])",
                          re.IGNORECASE)  # "Fiebre no tengo", "mareos nunca, ni desmayos"

# A bare denial after a dash or colon, closing the clause: "Numb between the legs - no.", "Osteoporosis: none" (grouped batch)
DASHED_DENIAL = re.compile(r"(?:\s+(?:or|and|nor|o|y|ni)\s+[\w']+(?:\s+[\w']+)?)?\s*(?::|\s[-\u2013\u2014])\s*"
                           r"(?:no|none|nope|nah|never|nil|zero|negative|not really|not at all|"
                           r"nunca|nada|ningun[oa]|tampoco|cero)\s*(?:[.!;]|$|\d+[).])", re.IGNORECASE)

# Answers joined with no full stop: a capitalised opener (knowledge.yml sentences: run_on_openers) right after a
# lower-case word or a digit starts a new line, where every ConText scope ends (TERMINATE).
RUN_ON = re.compile(r"(?<=[a-z0-9]) (?=(?:" + alternatives("run_on_openers") + r")\b)")


def _run_on_sentences(text: str) -> str:
    """A line break in place of the space before a run-on sentence, and spaces in place of the dashes around a short
    aside (same length: the offsets hold). The sentence splitter ends a sentence at the line break; an aside ("Years
    ago - about twelve - I came off a ladder": overshare batch) stays inside its sentence."""
    return RUN_ON.sub("\n", ASIDE.sub(lambda m: " " * len(m.group(1)) + m.group(2) + " " * len(m.group(3)), text))


# A short aside between two dashes, inside one sentence: " - about twelve - ", " - he's 82 - " (never a list of
# answers: "no numbness - no bladder trouble - ...")
ASIDE = re.compile(r"( [-\u2013\u2014] )((?:about|around|roughly|maybe|probably|perhaps|i think|i guess|he'?s|she'?s|"
                   r"they'?re|it was|that was|this was|give or take|or so|approx\w*|\d)[^-\u2013\u2014.!?\n]{0,26}?)"
                   r"( [-\u2013\u2014] )", re.IGNORECASE)


# A topic named, then denied, in Spanish dictation: "cancer nunca baje como 8 kilos" (knowledge.yml sentences: es_topics)
TOPIC_BEFORE = re.compile(r"\b(?:" + alternatives("es_topics") + r")$", re.IGNORECASE)
POSTPOSED_DENIALS = ("no", "nunca", "tampoco", "jamas")
# "no me mareo", "no ha bajado", "drogas no tiene VIH" (a verb of having: its own object follows, es_mx batch)
VERB_AFTER_NO = frozenset({"me", "se", "le", "te", "nos", "ha", "he", "han", "hemos", "tengo", "tiene", "tuve", "tuvo",
                           "padezco", "padece", "sufro", "sufre"})


def _denies_the_word_before(ent: Span) -> bool:
    """Every denial of this finding is a "no"/"nunca" said right after another topic's word, before the finding."""
    denials = [m for m in ent._.modifiers if m.category == "NEGATED_EXISTENCE"]
    doc = ent.doc

    def after_a_topic(m: Any) -> bool:
        start, end = m.modifier_span
        word = doc[start:end].text.lower()
        # "pecho no me mareo", "escalofrios jamas me he inyectado"; "cancer no baje de peso", but not "... no baje
        # como 8 kilos", where a number makes the loss told (es_sur batch)
        verbs_own = end < len(doc) and (doc[end].text.lower() in VERB_AFTER_NO or word == "no" and end == ent.start
                                        and not TOPIC_BEFORE.search(doc[end].text) and not any(t.like_num for t in ent))
        return (end <= ent.start and start > 0 and word in POSTPOSED_DENIALS and not verbs_own
                and bool(TOPIC_BEFORE.search(doc[start - 1].text)))
    return bool(denials) and all(after_a_topic(m) for m in denials)


HAS_NO = re.compile(r"\b(?:no|ni|nunca|sin)\b", re.IGNORECASE)
# A relative who is the subject inside the words read as a finding: "got it, and our mum had bowel cancer" (ramble batch)
RELATIVE_INSIDE = re.compile(
    r"\b(?:my|our|his|her|their|mi|mis|su|sus) (?:\w+ )?(?:mum|mom|mother|dad|father|sister|brother|son|daughter|wife|"
    r"husband|partner|aunt|auntie|uncle|gran|granny|grandma|grandad|grandpa|grandmother|grandfather|nan|cousin|friend|"
    r"neighbou?r|mama|papa|madre|padre|herman[oa]|hij[oa]|espos[oa]|abuel[oa]|ti[oa]|prim[oa]|amig[oa]|vecin[oa])"
    r"(?:'s)? (?:had|has|have|was|is|got|gets|tuvo|tiene|fue|es)\b", re.IGNORECASE)  # the subject, not "carrying my son"
# Spanish "neither ... nor": "Mareos ni desmayos", "Golpes ni caidas, na" (es_caribe batch): the first word is denied
# too, unless a verb follows ("orinar ni puedo", "ni siento"); so is a pair denied after it ("Mareos o desmayos, ninguno")
NEITHER_AFTER = re.compile(r"\s+ni\s+(?!puedo|puede|siento|aguanto|controlo|noto)(?:(?:el|la|los|las|un|una|de|del)\s+)?"
                           r"[a-zñ]+(?:\s*(?:[.!;,]|$)|\s+(?:" + NEXT_PHRASE + r")\b)|"
                           # "Mareos o desmayos, ninguno", "mareos o desmayos no he tenido" (es_mx batch)
                           r"\s+(?:o|u|y|ni)\s+(?:(?:el|la|los|las)\s+)?[a-zñ]+,?\s+(?:ningun[oa]s?|nada|tampoco|nunca|jamas|"
                           r"no (?:he tenido|tengo|tuve|he sentido|siento|me (?:han|ha) dado|me dan|me da))\b",
                           re.IGNORECASE)
# The finding echoed as a question, then denied: "Faint? Never.", "Fiebre? No." (pushback set)
ECHO_DENIED = re.compile(r"\s*\?\s*(?:no|nope|nah|never|none|nunca|nada|not really|not at all|para nada)\b(?!\s+(?:but|pero)\b)",
                         re.IGNORECASE)
# A Spanish denial inside the words read as a finding: "Hormigueo ninguno en las piernas"
DENIED_INSIDE = re.compile(r"^\S+\s+(?:ningun[oa]|nada|tampoco|nunca|jamas)\b", re.IGNORECASE)


CLAUSE_END = re.compile(r"[,;:]|\s(?:but|pero)\s", re.IGNORECASE)


def _sentence(ent: Span, with_next: bool) -> str:
    """The finding's sentence, and the next one when the finding's reason often follows it or the next one speaks
    of it ("Both legs get a creepy-crawly feeling in the evening. It's not new ...": lookalike batch)."""
    sent = ent.sent
    if sent.end >= len(ent.doc):
        return sent.text
    following = ent.doc[sent.end].sent.text
    return sent.text + " " + following if with_next or ABOUT_IT.match(following) else sent.text


# A sentence that speaks of the one before it: "It hasn't changed", "But that's old news", "Eso es de siempre",
# "The foot clinic checks them every year and there's no change", or a short one ("I'm diabetic.")
ABOUT_IT = re.compile(r"\W*(?:(?:but|and|though|pero|y) )?(?:it|it'?s|that|that'?s|this|they|they'?re|those|which|eso|esto|es|"
                      r"est[aá]n?)\b|.*\b(?:no change|(?:has ?n'?t|have ?n'?t|not) (?:changed|spread)|unchanged|no different|"
                      r"sin cambios?|no ha cambiado)\b|.{0,25}$", re.IGNORECASE)


def _clauses(folded: str, ent: Span) -> tuple[str, str]:
    """A finding's clause, between the commas or "but"s around it, and the same clause up to the finding's end
    ("fuerza tiene en las dos piernas" of "..., fuerza tiene en las dos piernas no se le duermen")."""
    start, stop = ent.sent.start_char, ent.sent.end_char
    before = [m.end() for m in CLAUSE_END.finditer(folded, start, ent.start_char)]
    after = CLAUSE_END.search(folded, ent.end_char, stop)
    begin = before[-1] if before else start
    return folded[begin:after.start() if after else stop], folded[begin:ent.end_char]


def _denied_after(folded: str, ent: Span, spanish: bool) -> bool:
    """A denial said after the finding's words ("Fever no have", "Faint? Never.", "Mareos ni desmayos") or inside
    them ("Hormigueo ninguno en las piernas"); never for a finding that holds its own "no" ("no puedo orinar")."""
    end, stop = ent.end_char, ent.sent.end_char
    said = bool(DENIED_AFTER.match(folded, end, stop) or DASHED_DENIAL.match(folded, end, stop)
                or ECHO_DENIED.match(folded, end)
                or spanish and (NEITHER_AFTER.match(folded, end, stop) or DENIED_INSIDE.match(ent.text)))
    return said and not HAS_NO.search(ent.text)


def extract_findings(text: str, spelling: bool = True, spanish: bool = False) -> list[Finding]:
    """All findings in a message, each with its context flags (spelling: correct near-miss tokens, English;
    spanish: the message is in Spanish, so Spanish misspellings are corrected instead)."""
    specs = folded_specs()
    original = _normalise(text)
    corrected, edits = (normalise_spelling_es(original) if spanish else normalise_spelling(original) if spelling
                        else (original, []))
    folded = _run_on_sentences(fold(corrected))  # one character for one: the offsets hold
    doc = build_pipeline()(folded)
    found = []
    for ent in doc.spans[SPAN_GROUP]:
        spec = specs[ent.label_.lower()]
        denied, doubtful = spec.read_in(_sentence(ent, spec.reason_after), _clauses(folded, ent), folded)
        denied_after = _denied_after(folded, ent, spanish)  # "no se me quita nunca": stressed, not denied
        negated = (ent._.is_negated and not (spanish and _denies_the_word_before(ent))) or denied or denied_after
        if negated and not denied and _said_to_begin(folded[ent.end_char:ent.sent.end_char]):
            negated, doubtful = False, True
        start = _original_offset(ent.start_char, edits)
        end = _original_offset(ent.end_char, edits, end=True)
        fuzzy = any(guess and new_start < ent.end_char and ent.start_char < new_end
                    for new_start, new_end, _, _, guess in edits)
        found.append(Finding(
            id=spec.id, text=original[start:end], start=start, end=end,
            negated=negated, family=ent._.is_family or bool(RELATIVE_INSIDE.search(ent.text)),
            historical=ent._.is_historical and not spec.current_in(ent.sent.text),
            hypothetical=ent._.is_hypothetical, uncertain=ent._.is_uncertain, doubtful=doubtful, fuzzy=fuzzy,
        ))
    return _drop_contained(_denied_with_the_phrase(found))
