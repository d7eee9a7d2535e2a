"""Short answers in patient words: yes / no / unsure, whose pain it is, which leg, better or worse.

The phrase lists are knowledge.yml's `answers` and `subject` (GUIDELINE s3a); the coping amounts
("not at all / a bit / a lot") are the optional coping questions' own scale (triage/coping.py).
Spanish is read beside English (issue 15), with accents folded away ("sí" and "si", "derecha", "ningúno").
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import cache, lru_cache

from language.quantities import clean, sentence_span
from triage.knowledge import load_knowledge
from triage.reading import Finding

# Accents folded away, one character for one, so offsets still hold: "sí" and "si", "mamá" and "mama",
# "oriné" and "orine" read alike (issue 15). "ñ" is kept: "año" (year) is not "ano" (anus).
_ACCENTED = "áàâäãéèêëíìîïóòôöõúùûüýÿÁÀÂÄÃÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÝ"
_PLAIN = "aaaaaeeeeiiiiooooouuuuyyAAAAAEEEEIIIIOOOOOUUUUY"
_FOLD = str.maketrans(_ACCENTED, _PLAIN)


def fold(text: str) -> str:
    """The text with its accents folded away, character for character ("Está entumída" -> "Esta entumida")."""
    return text.translate(_FOLD)


@cache
def phrase_lists(section: str) -> dict[str, tuple[re.Pattern[str], ...]]:
    """A knowledge.yml section of named phrase lists, compiled: `answers` (unsure, unclear, no_leading, ...)
    or `cues` (screen question id -> cue words, language/cues.py)."""
    fold_it = section == "answers"  # answers are read folded; cues on the text as written (language/cues.py)
    return {kind: tuple(re.compile(fold(p) if fold_it else p, re.IGNORECASE) for p in patterns)
            for kind, patterns in getattr(load_knowledge(), section).items()}


def answer_patterns() -> dict[str, tuple[re.Pattern[str], ...]]:
    """knowledge.yml `answers`, compiled: the kinds of answer (unsure, unclear, no_leading, ...)."""
    return phrase_lists("answers")


@lru_cache(maxsize=1)
@cache
def subject_patterns() -> dict[str, re.Pattern[str]]:
    """knowledge.yml `subject`, compiled: a story written for someone else ("other") or the writer ("self"), and
    the writer's own sentences in a story about someone else ("writer", "patient", "contrast")."""
    return {kind: re.compile(fold(p), re.IGNORECASE) for kind, p in load_knowledge().subject.items()}


def _kin(word: str | None) -> int | None:
    """Which relative a word names (knowledge.yml sentences kin_groups), or None."""
    groups = load_knowledge().sentences.get("kin_groups", ())
    return next((i for i, g in enumerate(groups) if word and re.fullmatch(g, word.lower())), None)


def _another_relative(head: str, who: str | None) -> bool:
    """Writing for `who` ("son"), the words before a finding name the writer's other relative ("my dad had")."""
    mine = re.findall(r"\b(?:my|our|mi|mis|nuestr[oa]s?) (\w+)", head, re.IGNORECASE) + re.findall(r"^\W*(\w+)", head)
    return _kin(who) is not None and any(_kin(m) is not None and _kin(m) != _kin(who) for m in mine)


PREGNANCY = frozenset({"pregnant", "pregnancy_warning", "pregnancy_emergency"})


def the_writers_own(text: str, finding: Finding, who: str | None = None) -> Finding:
    """Writing for someone else (`who`), a finding told in a sentence about the writer alone ("My son is 15 ... I
    had breast cancer myself", "I'm the one who had it, not him"), about a relative of the person written
    about ("her sister had breast cancer") or the writer's other relative ("It was my dad who had the prostate
    cancer", writing for a son) is not the patient's (issue 13 item 1)."""
    if finding.id in PREGNANCY and is_male(who):  # writing for a husband or a son: the pregnancy is the writer's
        return replace(finding, writer=True)
    text = fold(text)
    start, end = sentence_span(text, finding.start, finding.end, ".!?;:\n\u2013\u2014")
    aside = text.rfind(" - ", start, finding.start)  # "he's never had surgery on his back - the disc op was me, not him"
    start = aside + 3 if aside >= 0 else start
    sentence = text[start:end]
    patterns = subject_patterns()
    # from the writer's words nearest before it: "It was me who had breast cancer ... No, he's eating well" (the
    # "he" comes after); "Should I take him for an x-ray once I'm done with chemo?" (the "him" comes before)
    before = [m.start() for m in patterns["writer"].finditer(sentence) if start + m.start() <= finding.start]
    head = text[start + max(before, default=0):finding.end]
    if patterns["writer"].search(sentence) and not patterns["patient"].search(patterns["contrast"].sub("", head)):
        return replace(finding, writer=True)
    if patterns["relative"].search(text[start:finding.start]) or _another_relative(text[start:finding.start], who):
        return replace(finding, writer=True)  # "her sister had cancer", "my dad had" (for a son): not the patient's
    return finding


@cache
def _naming_denials() -> dict[str, re.Pattern[str]]:
    """Each grouped finding's denial by name (knowledge.yml `named_by`, sentences denial_words / fine_words), folded."""
    deny, between, fine, after, verb_after = (alternatives(k) for k in (
        "denial_words", "between_words", "fine_words", "denial_after_words", "verb_after_denial"))
    joiner = r"(?:'s|'re|\s+(?:is|are|was|were|been|feels?|felt|seems?|all|always|still|totally|completely|" \
             r"perfectly|pretty|quite|works?|working|stays?|esta|estan|sigue|siguen|anda|andan|todo|muy)){0,3}\s*,?\s*"
    return {fid: re.compile(fold(rf"\b(?:{deny})(?:\s+(?:{between})){{0,2}}?\s+(?:{spec.named_by})\b"
                                 rf"|\b(?:{spec.named_by}){joiner}(?:{fine})\b(?!\s*\?|\s+(?:but|pero)\b)"
                                 rf"|\b(?:{spec.named_by})\s+(?:{after})\b(?!\s*\?|\s+(?:{verb_after})\b)"
                                 # "siento normal ahi abajo", "fine down there": the fine word first
                                 rf"|(?<!not )(?<!no )(?<!nada )\b(?:{fine})\s+(?:{spec.named_by})\b(?!\s*\?)"
                                 # "Infeccion de orina este mes no, ni ninguna otra": a few words between, then a pause
                                 rf"|\b(?:{spec.named_by})(?:\s+[\w']+){{1,3}}?\s+(?:{after})(?=\s*[,.;!]|\s*$)"),
                            re.IGNORECASE)
            for fid, spec in load_knowledge().findings.items() if spec.named_by}


# A part of a grouped question affirmed by name: "Yes to the erection part", "bowels not so much", "Bowels are another
# story", "la vejiga si" (grouped batch); never constipation ("bowels not great, bunged up from the codeine")
@cache
def _naming_affirmations() -> dict[str, re.Pattern[str]]:
    after = rf"(?:'s|'re| is| are| was| were)? (?:{alternatives('affirmed_after')})\b"
    return {fid: re.compile(fold(rf"\byes (?:to|for|on) (?:the |that |my )?(?:\w+ )?(?:{spec.named_by})\b"
                                 rf"|(?<!no )\b(?:{spec.named_by}){after}(?!\s*\?)"), re.IGNORECASE)
            for fid, spec in load_knowledge().findings.items() if spec.named_by}


@cache
def _word_list(kind: str) -> re.Pattern[str]:
    """knowledge.yml `sentences` word list as one whole-word pattern."""
    return re.compile(rf"\b(?:{alternatives(kind)})\b")


def alternatives(kind: str) -> str:
    """knowledge.yml `sentences` word list as one regular-expression alternation."""
    return "|".join(load_knowledge().sentences[kind])


def named_affirmations(text: str) -> frozenset[str]:
    """The grouped findings an answer affirms by name, sentence by sentence (GUIDELINE s3a: an answer counts for the
    part it names): "Bladder fine, bowels not so much - I've had two accidents", "Yes to the erection part"; not one
    said of another body place ("Right foot tingles yes": the foot's)."""
    sentences = _SENTENCE_BREAK.split(fold(clean(_RUN_ON_BREAK.sub(". ", text))))
    return frozenset(fid for sentence in sentences if not _word_list("constipation").search(sentence)
                     for fid, pattern in _naming_affirmations().items()
                     if any(not _affirmed_elsewhere(sentence, m) for m in pattern.finditer(sentence)))


def _affirmed_elsewhere(sentence: str, match: re.Match[str]) -> bool:
    """An affirmation said of another body place or of peeing often (its words, with an "only in ..." after them)."""
    tail = _QUALIFIER.match(sentence, match.end())
    item = _words_before(sentence, match.start()) + " " + match.group(0) + (tail.group(0) if tail else "")
    return bool(_word_list("body_places").search(item) or _word_list("peeing_often").search(item))


# Answers joined with no full stop ("no se me escapa nada Normal del baño"): a capital after a lower-case word
_RUN_ON_BREAK = re.compile(r"(?<=[a-z0-9\u00e1\u00e9\u00ed\u00f3\u00fa\u00f1]) "
                           r"(?=[A-Z\u00c1\u00c9\u00cd\u00d3\u00da\u00d1][a-z])")


def named_denials(text: str) -> frozenset[str]:
    """The grouped findings an answer denies by name: "no osteoporosis no steroids no thinners", "peein ok
    bowels ok", "fiebre pa na" (GUIDELINE s3a: an explicit denial of that part)."""
    t = fold(clean(_RUN_ON_BREAK.sub(". ", text)))
    return frozenset(fid for fid, pattern in _naming_denials().items() if pattern.search(t))


_WORSE = re.compile(r"\b(?:worse|worsening|deteriorat\w*)\b|\bmore (?:pain|sore)\b|\bhurts? more\b")
_SAME = re.compile(r"\b(?:same|no change|unchanged|no different|no better|not better|no improvement|not at all|nope|"
                   r"not (?:much|a lot of|any|really any) (?:change|different|difference|better)|no real change|"
                   r"(?:not|isn'?t|is not|hasn'?t|aren'?t) (?:really )?improv\w*|"
                   r"(?:not|isn'?t|is not|aren'?t) (?:\w+ )?(?:improving|getting (?:any )?better|better|going away|easing|"
                   r"settling)|"
                   r"still (?:bad|as bad|sore|there|hurts?|painful)|hasn'?t (?:improved|changed|got)|not really)\b|^\W*no\b")
_BETTER = re.compile(r"\b(?:better|improv\w*|easing|easier|settling|gone|fine now|healed|healing|on the mend|much less|"
                     r"less (?:pain|sore)|going away)\b|^\W*(?:yes|yeah|yep)\b")
# Said without being asked, only a clear "not getting better" counts ("better when I walk" is no answer).
_UNASKED = re.compile(r"\b(?:not|isn'?t|no) (?:getting )?(?:any )?(?:better|improving)|getting worse|not going away|"
                      r"won'?t go away|no better")
# Spanish, read folded: "no ha empeorado" and "ni mejor ni peor" are the same, not worse
_NOT_WORSE_ES = re.compile(r"\b(?:no|ni|nada) (?:\w+ ){0,2}?(?:peor|empeor\w*)\b")
_WORSE_ES = re.compile(r"\b(?:peor|peores|empeor\w*|me duele mas|duele mas|mas dolor|va a peor|de mal en peor|"
                       r"cada vez mas fuerte)\b")
_SAME_ES = re.compile(r"\b(?:igual|igualito|lo mismo|sigue igual|sin cambios?|no (?:ha )?cambiado|"
                      r"no (?:ha |he )?mejora\w*|no (?:esta |estoy |me siento )?mejor|nada mejor|"
                      r"sigue (?:doliendo|igual|mal)|todavia me duele|aun me duele|"
                      r"no se (?:me )?quita|no se (?:me )?va|mas o menos|no mucho|no realmente)\b|^\W*(?:nel|nop)\b")
_BETTER_ES = re.compile(r"\b(?:(?<!lo )mejor|mejorando|mejoro|mejore|ha mejorado|menos dolor|me duele menos|duele menos|"
                        r"ya casi no|ya se (?:me )?(?:quito|paso)|ya no me duele|se (?:me )?esta (?:quitando|pasando)|"
                        r"aliviando|aliviad[oa]|(?:va|voy|vamos|estoy|ando|me siento) (?:mucho |muy )?bien"
                        r"(?=\s*(?:$|[,.;!?]|gracias|ya\b|y\b)))\b|^\W*(?:si|sip|claro|bien)\b(?!\s+\w)")
_UNASKED_ES = re.compile(r"\bno (?:\w+ )?mejora\w*|\bno se (?:me )?(?:quita|va)\b|\bcada vez (?:peor|mas fuerte)|\bempeorando\b|"
                         r"\bva a peor\b|\bde mal en peor\b|\bsigue igual\b")


def parse_progress(text: str, asked: bool = True) -> str | None:
    """ "better", "same" or "worse": the answer to "is it getting better?" or to a check-in; said
    unasked, only "same" for a clear "not getting better" (None when the message says none of these)."""
    t = fold(clean(text))
    if not asked:
        return "same" if _UNASKED.search(t) or _UNASKED_ES.search(t) else None
    if _NOT_WORSE_ES.search(t) and not _WORSE.search(t):
        return "same"
    return next((answer for answer, words in (("worse", _WORSE), ("worse", _WORSE_ES), ("same", _SAME), ("same", _SAME_ES),
                                              ("better", _BETTER), ("better", _BETTER_ES)) if words.search(t)), None)


_YES_WORD = re.compile(r"\b(?:yes|yeah|yep|yup|si|sip|claro|simon|aja)\b")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?;])\s")  # between sentences, for the answer readers
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
    t = _without_reporting(fold(clean(text)))
    corrected = _corrected_answer(after_correction(t)) or _answer_before_correction(t)
    if corrected is not None:
        return corrected
    if _answer_matches("taken_back", t):
        return "yes"
    sentences = _SENTENCE_BREAK.split(t)
    if len(sentences) > 1 and _answer_matches("bare_denial", sentences[-1]) and not _YES_WORD.search(t):
        return "no"
    first, rest = (_SENTENCE_BREAK.split(t, maxsplit=1) + [""])[:2]
    rest = " ".join(part for part in _SENTENCE_BREAK.split(rest) if not part.rstrip().endswith("?"))
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
    for sentence in _SENTENCE_BREAK.split(after) if after else ():
        answer = next((a for kind, a in CORRECTED if _answer_matches(kind, sentence)), None)
        if answer is not None:
            return answer
    return None


_BEFORE_CORRECTION = re.compile(r"\b(?:(yes|yeah|yep|yup|si)|(no|nope|nah))\W{0,3}$")


def _answer_before_correction(text: str) -> str | None:
    """The answer said right before a correction marker: "Is that the bladder thing? Because, yes, actually - since
    yesterday I have to push" (hedge batch): the latest such marker decides."""
    for start in sorted((m.start() for p in answer_patterns().get("correction", ()) for m in p.finditer(text)),
                        reverse=True):
        said = _BEFORE_CORRECTION.search(text, 0, start)
        if said:
            return "yes" if said.group(1) else "no"
    return None


def after_correction(text: str) -> str:
    """What follows the last correction marker ("actually", "sorry, I misread", "mejor dicho"), or "" when there is none."""
    ends = [m.end() for p in answer_patterns().get("correction", ()) for m in p.finditer(fold(text))]
    return text[max(ends):].strip(" ,.;:-!") if ends else ""


_QUOTED = re.compile(r"(?<!\w)'[^']{3,}'(?!\w)|\"[^\"]{3,}\"|\u201c[^\u201d]{3,}\u201d")
# Words for a person that are not a relative or someone cared for: the patient only when written for ("typing this for the
# young man next door", "one of my teammates"), never from "my colleague said ..." (proxy2 batch)
OTHER_PEOPLE = r"(?:man|woman|lady|gentleman|person|guy|colleague|co-?worker|employee|roommate|flatmate|housemate|teammate)s?"


def someone_else(text: str) -> str | None:
    """Who the message is about when it is written for someone else ("my dad fell": "dad"), else None."""
    patterns = subject_patterns()
    t = clean(text)
    folded = fold(t)
    m = patterns["other"].search(folded) if "other" in patterns else None
    mine = patterns["self"].search(_QUOTED.sub(lambda q: " " * len(q.group()), folded))  # "She says 'me duele aquí'"
    if m is None:  # "I live next door to Mr. Hollis ... he has had a bad new pain in his back" (proxy2 batch)
        return "person" if not mine and _THEIR_BACK.search(folded) and _HE_OR_SHE.search(folded) else None
    if mine and not patterns["for_someone"].search(folded, 0, m.start()) and not _an_aside(folded, mine.start()):
        return None  # "I have MS myself" does not undo "I'm writing for my son" (lookalike batch)
    who = t[m.start("who"):m.end("who")]  # as written: "mamá"
    if re.fullmatch(OTHER_PEOPLE, who) and re.match(r"(?:my|our|me|mi|mis)\b", folded[m.start():]):
        return None  # "My colleague told me to ask ... back pain since Tuesday": only "writing for a colleague" counts
    if who.endswith("s") and folded[:m.start("who")].rstrip().endswith(("one of my", "one of our")):
        return who[:-1]  # "one of our residents", "one of my keepers": one of them
    return "client" if who in ("mr", "mrs", "ms", "miss") else who  # "carer for Mr Davies"


# "My mom slipped on ice ... her back still hurts a lot. I have a bad back myself so I know it can take a while" (week
# batch): the writer's own back told as an aside, while the other person's back is the complaint; so is the writer's
# own illness ("Our son ... his lower back has been stiff. I'll be honest, I have an aortic aneurysm": proxy2 batch)
_ASIDE = re.compile(r"\b(?:myself|too|as well|also|either|my own)\b")
# "He's had low back pain" (real10 batch); never "Her back's fine, mine is killing me" (subject batch)
_THEIR_BACK = re.compile(r"\b(?:her|his|their) (?:\w+ )?(?:back|spine)\b(?!(?:'s| is) (?:fine|ok|okay|good|normal|alright))|"
                         r"\b(?:he|she|they)(?:'s| has| have|'ve| had)(?: had| got| been having)? "
                         r"(?:\w+ ){0,2}?back ?(?:pain|ache)")
_HE_OR_SHE = re.compile(r"(?:^|[.!?,]\s*|\band\s+)(?:he|she)(?:'s|'d)?\b")
_A_CONDITION = re.compile(r"i (?:also )?(?:have|had)\b|i'?ve (?:also )?(?:got|had)\b")
_MY_BACK = re.compile(r"\bmy (?:own )?(?:\w+ )?(?:back|spine)\b|"
                      r"\bi(?:'?ve| have| had)? (?:got |have |had )?(?:\w+ ){0,2}?back ?(?:pain|ache)")


def _an_aside(folded: str, at: int) -> bool:
    """The writer's own back or illness, said at `at`, is an aside: the other person's back is named, and the sentence
    says "myself" or "too", or tells an illness of the writer's that is not back pain."""
    start, end = sentence_span(folded, at, at, ".!?;\n")
    if not _THEIR_BACK.search(folded):
        return False
    illness = bool(_A_CONDITION.match(folded, at)) and not _MY_BACK.search(folded, start, end)
    return bool(_ASIDE.search(folded, start, end)) or illness


def about_the_writer(sentence: str) -> bool:
    """Writing for someone else, a sentence about the writer alone ("my own back has been crap for years")."""
    patterns = subject_patterns()
    folded = fold(sentence)
    m = patterns["writer"].search(folded)  # "their" after it ("my own back ... two discs going their separate ways")
    return m is not None and not patterns["patient"].search(patterns["contrast"].sub("", folded[:m.start()]))


def is_unnamed(who: str | None) -> bool:
    """The person written about is named by no relation ("the young man next door"): OTHER_PEOPLE."""
    return bool(who and re.fullmatch(OTHER_PEOPLE, who))


def is_male(who: str | None) -> bool:
    """The person written about is a man or a boy ("son", "papá"): knowledge.yml `subject.male`."""
    pattern = subject_patterns().get("male")
    return bool(who and pattern and pattern.search(fold(who.lower())))


def says(kind: str, text: str) -> bool:
    """The text matches one of knowledge.yml's `answers` lists: "steady" (the same, no worse),
    "brief_stiffness" (stiffness that passes in minutes), "new_symptom" (something changed),
    "all_denied" (no to every finding of a grouped question), "pushback" (questions the advice)."""
    text = fold(clean(text))
    if kind in UNLESS_DENIED:
        return any(not NEGATION_BEFORE.search(text[max(0, m.start() - 30):m.start()]) and not LONG_AGO_AFTER.match(text, m.end())
                   for p in answer_patterns().get(kind, ()) for m in p.finditer(text))
    return _answer_matches(kind, text)


UNLESS_DENIED = frozenset({"big_fall"})  # kinds whose words do not count right after a denial, or told as long ago
# "fell off my bike when i was like 12 if that counts" (forum5 batch): a childhood fall is not this pain's cause
LONG_AGO_AFTER = re.compile(r"[^.;!?]{0,40}?\b(?:when i was (?:like |about |around |only |just |maybe )?(?:[1-9]|1\d|a kid|"
                            r"a child|a teen\w*|young|little|small)\b|(?:\w+ )?years ago|as a (?:kid|child|teen\w*)\b)")
NEGATION_BEFORE = re.compile(r"\b(?:no|not|nothing|never|without|wasn'?t|didn'?t|isn'?t|neither|nor|"
                             r"ni|sin|nunca|nada|tampoco|ningun\w*)\b(?:\W+\w+){0,3}\W*$|"
                             # "I didn't fall or hurt it in an accident" (week batch): one denial for both
                             r"\b(?:didn'?t|did not|never|wasn'?t|was not|no hubo|no me)\b(?:\W+\w+){1,2}\W+(?:or|nor|ni|o)\b"
                             r"(?:\W+\w+){0,4}\W*$")


# A hedged fragment asked back is an echo only when a denial follows ("sort of warm? that's the weather. no"); else it
# is the answer, told with doubt ("chest a bit tight maybe? could be the anxiety", fresh7 set)
_HEDGE = re.compile(r"\b(?:maybe|perhaps|possibly|probably|might|could|nearly|almost|not sure|a bit|a little|kind of|"
                    r"sort of|kinda|sorta|i think|i guess|"
                    r"tal vez|quizas?|a lo mejor|un poco|un poquito|creo|puede ser|medio)\b")
_DENIAL = re.compile(r"\b(?:no|nope|nah|never|nada|nunca)\b(?! (?:se|sé|idea)\b)|\bnot\b(?! (?:sure|certain)\b)|"
                     r"n't\b(?! (?:know|think)\b)")


def echo_length(text: str) -> int:
    """Characters of an echoed question before the answer ("Both? No, just the right": 6)."""
    folded = fold(text)
    matches = (p.search(folded) for p in answer_patterns().get("echo", ()))
    end = next((m.end() for m in matches if m), 0)
    hedged = end and _HEDGE.search(folded[:end].lower()) and not _DENIAL.search(folded[end:].lower())
    return 0 if hedged else end


_YES_SAID = re.compile(r"\b(?:yes|yeah|yep|yup|ya|si|sip)\b")
_QUALIFIER = re.compile(r"\s*,?\s*(?:but |pero )?(?:only|just|mostly|mainly|solo|nomas)\b[^,.;!?\n]*")


@lru_cache(maxsize=64)
def _question_words(asked: str, members: tuple[str, ...]) -> re.Pattern[str] | None:
    """The words that name what a question asks about: its parts' `named_by`, or knowledge.yml `words_<question>`."""
    knowledge = load_knowledge()
    names = [spec.named_by for m in members if (spec := knowledge.findings[m]).named_by]
    names = names or list(knowledge.sentences.get(f"words_{asked}", ()))
    return re.compile(r"\b(?:" + "|".join(names) + r")\b") if names else None


def yes_about_another_thing(text: str, asked: str, members: tuple[str, ...]) -> bool:
    """Every "yes" of an answer is said of something the question does not ask about: "Right foot tingles yes, between
    the legs no", "Rubbish yes, numb no", "The tingling yes, but only in my left shin", "The pain, yes. Weakness, no."
    (grouped batch; GUIDELINE s3a: a yes counts for what it names). `members`: the question's grouped findings."""
    words = _question_words(asked, members)
    t = fold(clean(text))
    yeses = list(_YES_SAID.finditer(t))
    return words is not None and bool(yeses) and _denies_a_part(t, words) and all(
        _said_of_another_thing(t, yes, words) for yes in yeses)


def _denies_a_part(t: str, words: re.Pattern[str]) -> bool:
    """The answer denies something the question asks about: "Weakness, no", "between the legs no", "nothing numb"."""
    return bool(re.search(rf"(?:{words.pattern})(?:\s+[\w']+){{0,2}}?\s*(?:,|:|\s[-\u2013\u2014])?\s*"
                          rf"(?:no|none|never|nope|nada|tampoco)\b|"
                          rf"\b(?:no|not|never|without|nothing|ni|sin)\s+(?:\w+\s+)?(?:{words.pattern})", t))


_SAID_BEFORE = re.compile(r"(?:,|:|\s[-\u2013\u2014])\s*$")
_INTERJECTION = re.compile(r"(?:well|um+|hmm+|er+|oh|ah|so|ok|okay|sadly|unfortunately|actually|honestly|i think|i guess|"
                           r"i suppose|pues|bueno|este|mmm+|uh+|the answer is|to be honest|then|and)")


def _words_before(t: str, end: int) -> str:
    """The words before `end`, back to the last comma, colon, full stop or dash."""
    dash = t.rfind(" - ", 0, end)
    start = max(max(t.rfind(mark, 0, end) for mark in ",.;:!?\n(") + 1, dash + 3 if dash >= 0 else 0)
    return t[start:end]


def _said_of_another_thing(t: str, yes: re.Match[str], words: re.Pattern[str]) -> bool:
    """The words the "yes" answers (back to the last comma, full stop or dash, and an "only in ..." after it) name
    none of the question's findings, or name a body place they do not."""
    head = _words_before(t, yes.start())
    if not re.search(r"\w", head):  # "The pain, yes", "eases lying down - yes": the words before the comma or dash
        said_before = _SAID_BEFORE.search(t[:yes.start()])
        head = _words_before(t, said_before.start()) if said_before else ""
    if not re.search(r"\w", head) or _INTERJECTION.fullmatch(head.strip()) or len(head.split()) > 6:
        return False  # "Yes, ...", "Well, yes": a plain yes
    tail = _QUALIFIER.match(t, yes.end())
    item = head + (tail.group(0) if tail else "")
    return not words.search(item) or _of_another_place(item, words)


def _of_another_place(item: str, words: re.Pattern[str]) -> bool:
    """The words name a body place the question's own words do not ("the tingling ... only in my left shin"), or
    peeing often, which is no bladder sign ("Weeing a lot yes (baby on the bladder!)": grouped batch)."""
    return bool(_word_list("body_places").search(words.sub(" ", item)) or _word_list("peeing_often").search(item))


def affirms_a_leg(text: str) -> bool:
    """A "yes" and a named leg in one answer ("no, only the left, yes it goes down to the ankle")."""
    t = fold(clean(text))
    return bool(re.search(r"\b(?:yes|yeah|yep|si|sip|claro)\b", t) and re.search(
        r"\b(?:left|right|izquierd[ao]|derech[ao])\b", t))


# Spanish sides, read folded: "no las dos, solo la derecha", "ambas", "las dos piernas"
_ONE_FIRST_ES = re.compile(r"\bno (?:en )?(?:las|los) (?:dos|2)\b|\bno (?:en )?ambas\b|"
                           # "En las dos piernas no."
                           r"\b(?:en )?(?:las|los) (?:dos|2)(?: piernas| pies| lados)? no(?=\s*(?:[.!;,]|$))|"
                           r"\b(?:solo|solamente|nada mas|nomas|unicamente) (?:en )?(?:la |una |el |mi )?"
                           r"(?:una|uno|derech[ao]|izquierd[ao]|pierna)\b|\buna sola\b|\bun solo (?:lado|pie)\b")
_BOTH_ES = re.compile(r"\b(?:(?:las|los|en las|en los) (?:dos|2)(?! (?:dias|semanas|meses|anos|a[nñ]os|horas|veces))|"
                      r"ambas|ambos|(?:de )?(?:los dos|ambos) lados|"
                      r"izquierd[ao] y (?:la |el )?derech[ao]|derech[ao] y (?:la |el )?izquierd[ao])\b")
_ONE_ES = re.compile(r"\b(?:una pierna|un pie|(?:la |el |mi )?(?:derech[ao]|izquierd[ao])|un (?:solo )?lado)\b")
_LEGS_ES = re.compile(r"\b(?:piernas|pies)\b")
# No leg at all: "Neither leg is involved", "ni en una ni en las dos", "en ninguna pierna"
_NEITHER = re.compile(r"\bneither (?:of (?:my|the|his|her|them) )?(?:legs?|sides?|one|of them)\b|"
                      r"\b(?:no|not|nothing|nor|without)\b[^.;!?]{0,40}\b(?:in|down|into) either (?:leg|side)\b|"
                      r"\bni (?:en )?(?:una|uno|la una)\b[^.;!?]*\bni (?:en )?(?:las|los|la otra|el otro|ambas)\b|"
                      r"\b(?:en )?ninguna (?:de las dos|pierna)\b")
_LEGS_DENIED_ES = re.compile(r"\b(?:no|nunca|ni|sin|nada|ningun[ao]?)\b[^.;!?]{0,25}\b(?:piernas|pies)\b|"
                             # "a las piernas no le baja", never "las piernas no me responden" (a sign)
                             r"\b(?:piernas|pies) (?:\w+ ){0,2}?(?:no|nunca|ni) (?!(?:me |le |se |las |los )?(?:responden|"
                             r"aguantan|sostienen|funcionan|obedecen|sirven|dan|siento|sienten|puedo|puede|mueven|muevo)\b)")


# Legs said to be fine are no side: "No lah, both legs fine", "Las piernas bien las dos" (world and es_voz batches)
_LEGS_FINE = re.compile(
    r"\b(?:(?:both|my|the|two|2|las|mis|los|dos|ambas) )*(?:legs?|feet|piernas|pies)"
    r"(?: (?:are|is|r|feel|feels|estan|se sienten|las tengo|las tiene|los tengo|los tiene|estan igual que antes,?))?"
    r"(?: (?:both|all))? "
    r"(?:fine|ok|okay|good|normal(?:es)?|alright|all right|strong|in order|bien|fuertes)\b(?:,? (?:las dos|ambas|los dos))?|"
    r"\b(?:both|las dos|ambas)(?: (?:are|r|estan))? (?:fine|ok|okay|good|normal(?:es)?|bien)\b|"
    r"\b(?:las |mis )?piernas (?:me |le )?(?:responden|funcionan|firmes|aguantan)\b(?! (?:mal|poco)\b)|"
    # "Fuerza tengo en las dos piernas", "Las piernas las siento bien", "piernas como siempre" (es_caribe batch)
    r"\b(?:tengo )?fuerza (?:tengo |normal |bien )?en (?:las|mis|ambas) (?:dos )?piernas\b|"
    # "I can stand on my tiptoes and heels on both feet" (pushback set): strength, not symptoms
    r"\b(?:tip ?toes?|toes|heels)\b[^.;!?]{0,25}\bboth (?:feet|legs|sides)\b|"
    r"\bpiernas (?:las |los |me |le )?(?:siento|noto|tengo) (?:bien|normal(?:es)?|fuertes)\b|\bpiernas (?:\w+ )?como siempre\b|"
    # "En las dos piernas no tengo nada, ni dolor ni dormido" (es_mx batch)
    r"\b(?:en )?(?:las |mis |ambas )?(?:dos )?piernas,? (?:no (?:tengo|siento|noto|me (?:duele|pasa)) nada|nada|todo bien)\b|"
    # legs tired after a day's work, no symptom: "nomas el cansancio de las piernas al final del dia" (es_mayores batch)
    r"\b(?:cansancio|cansadas?) (?:de |en )?(?:las |mis |ambas )?(?:dos )?piernas\b|\bpiernas cansadas\b|"
    r"\btired (?:legs|feet)\b|\b(?:legs|feet) (?:are |feel |get )?(?:tired|weary)\b(?! (?:and|&) (?:weak|numb|heavy))",
    re.IGNORECASE)


# Someone else's legs are no side of the patient's: "it's his legs you'd want to ask about, not mine" (hedge batch)
# "The ache is on both sides of my pelvis" (women batch): sides of the trunk, not the legs
_TRUNK_SIDES = re.compile(r"\b(?:both|either|each) sides? of (?:my|the|his|her|their|your) (?:\w+ )?(?:pelvis|back|spine|hips?|"
                          r"bum|bottom|buttocks?|waist|belly|tummy|neck|tailbone|sacrum)\b|"
                          r"\bboth (?:of )?(?:my |the |his |her )?(?:hips|buttocks|bum cheeks|glutes|shoulders|flanks|kidneys)\b|"
                          r"\bambos lados de (?:la|mi|su) (?:cadera|pelvis|espalda|cintura|columna)\b|"
                          r"\b(?:ambas|las dos) (?:caderas|nalgas|pompis)\b")  # "the ache is in both hips" (real8 batch)
_OTHERS_LEGS = re.compile(r"\b(?:his|her|their) (?:\w+ )?(?:legs?|feet|foot)\b", re.IGNORECASE)


def parse_leg_side(text: str, about_other: bool = False) -> str | None:
    """'both' or 'one' for 'is it in one leg or both?' (None: not said, or legs only denied). `about_other`: written for
    someone else, whose legs ("his legs") are the patient's. The first sentence decides first: "Only his left leg. He had
    cramps in both legs back in the summer" (real7 batch) is one leg."""
    said = [part for part in _SENTENCE_BREAK.split(text.strip()) if not part.rstrip().endswith("?")]  # no echo
    return (_leg_side(said[0], about_other) if len(said) > 1 else None) or _leg_side(text, about_other)


def _leg_side(text: str, about_other: bool) -> str | None:
    """parse_leg_side on one text."""
    t = _TRUNK_SIDES.sub(" ", _LEGS_FINE.sub(" ", fold(clean(text))))
    t = t if about_other else _OTHERS_LEGS.sub(" ", t)
    if _NEITHER.search(t):
        return None
    if re.search(r"\bnot both\b|\bjust (?:the )?one\b|\bonly (?:the |my |me )?(?:one|right|left)\b|"
                 r"\bjust (?:in )?(?:the |my |me )?(?:right|left)\b", t):
        return "one"
    if re.search(r"\bboth\b|\beach (?:leg|side)\b|\beither side\b|\bleft and right\b|\bright and left\b", t):
        return "both"
    if re.search(r"\b(?:one|right|left|single)\b", t):
        return "one"
    if re.search(r"\blegs\b|\bfeet\b", t) and not re.search(
            r"\b(?:not|no|never|nothing|nowt|none|\w+n'?t)\b[^.;!?]{0,25}\b(?:legs|feet)\b|"
            r"\b(?:legs|feet) (?:\w+ ){0,2}?(?:don'?t|do not|doesn'?t|never|aren'?t|are not) (?:hurt|ache|bother)|"
            r"\b(?:legs|feet) (?:\w+ ){0,2}?(?:have|has|had|feel|got) (?:no|nothing)\b", t):
        return "both"
    for side, words in (("one", _ONE_FIRST_ES), ("both", _BOTH_ES), ("one", _ONE_ES)):
        if words.search(t):
            return side
    if _LEGS_ES.search(t) and not _LEGS_DENIED_ES.search(t):
        return "both"
    return None


_NOT_AT_ALL = re.compile(r"^\W*(?:0|no|nope|nah|none|never|not at all|not really|not much|hardly|nothing)\b|"
                         r"\bnot at all\b|\bnever\b", re.IGNORECASE)
_A_BIT = re.compile(r"^\W*1\b|\b(?:a bit|a little|little bit|some|sometimes|somewhat|kind of|kinda|sort of|slightly|"
                    r"a few|now and then|moderately|fairly|quite)\b", re.IGNORECASE)
_A_LOT = re.compile(r"^\W*2\b|\b(?:a lot|lots|loads|very|really|extremely|so much|all the time|constantly|always|"
                    r"every day|most days|most of the time|massively|terrified|totally|completely|yes|yeah|definitely)\b",
                    re.IGNORECASE)
# Spanish, read folded: "para nada", "un poco", "muchísimo"
_NOT_AT_ALL_ES = re.compile(r"^\W*(?:nel|nop|nada|para nada|en absoluto|nunca|ni un poco|casi nada)\b|\bpara nada\b|"
                            r"\ben absoluto\b|\bnunca\b", re.IGNORECASE)
_A_BIT_ES = re.compile(r"\b(?:un poco|un poquito|poquito|poco|algo|a veces|de vez en cuando|mas o menos|"
                       r"ligeramente|tantito|un tanto)\b", re.IGNORECASE)
_A_LOT_ES = re.compile(r"\b(?:mucho|muchisimo|bastante|demasiado|siempre|todo el tiempo|todos los dias|casi siempre|muy|"
                       r"un monton|totalmente|completamente|claro que si)\b|^\W*(?:si|sip|claro)\b(?!\s+\w)", re.IGNORECASE)


def parse_amount(text: str) -> int | None:
    """0, 1 or 2 for "not at all", "a bit" or "a lot" (a coping answer); None when it says none of these."""
    text = fold(text)
    for score, words in ((0, _NOT_AT_ALL), (1, _A_BIT), (2, _A_LOT), (0, _NOT_AT_ALL_ES), (1, _A_BIT_ES), (2, _A_LOT_ES)):
        if words.search(text):
            return score
    return None


_SKIP = re.compile(r"^\W*(?:skip|no thanks|leave it|enough|saltar|salta|s[aá]ltat?e|om[ií]t(?:ir|e|a)|no,? gracias|"
                   r"basta|ya basta|suficiente|ya es suficiente|siguiente|paso|prefiero no (?:contestar|responder|seguir))\b",
                   re.IGNORECASE)


def skips(text: str) -> bool:
    """ "skip", "no thanks", "enough" ("saltar", "no gracias", "ya basta"): the patient ends the optional coping questions."""
    return bool(_SKIP.search(text))
