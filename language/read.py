"""read(): one patient message, read once per turn into a triage.reading.Reading.

Everything that reads patient text meets here: the language and the spaCy/medspacy findings
(`findings_of`, run by the NLU component on the Rasa server), yes/no and other short answers
(answers.py), numbers (quantities.py) and requests (requests.py). The action calls
`patient_message()` with the stored story and the NLU component's findings; the dialogue (triage/)
then only looks at the values. The action server loads the language stack (spaCy, medspacy,
lingua) only for a message that skipped the NLU pipeline (Rasa's "/intent" shortcut).
"""
from __future__ import annotations

import re
from datetime import datetime
from typing import Iterable, TypeVar

from language import answers, quantities, requests, textspeak
from language.cues import cued_screens
from triage.message import PatientMessage
from triage.questions import QUESTION_BY_ID
from triage.reading import Finding, Reading
from triage.story import Story

FINDINGS_KEY = "clinical_findings"  # where the NLU component puts the findings on the parsed message
LANGUAGE_KEY = "text_language"  # ... and the language it detected (None: not clearly one)
MODEL_CUES_KEY = "model_cues"  # screens the second reader reads and the rules did not (components/second_reader.py)
LANGUAGES = ("en", "es")  # the languages the assistant writes in (issue 15)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
MAX_MESSAGE_CHARS = 2000  # longer messages: the first part is read as the answer, with a friendly note
T = TypeVar("T")
SAYS = ("steady", "brief_stiffness", "new_symptom", "all_denied", "pushback", "procedure_yes",  # knowledge.yml
        "big_fall", "small_fall", "worsening", "correction", "unsure", "legs_fine")  # `answers` kinds the dialogue reads


def findings_of(text: str) -> tuple[str | None, list[Finding]]:
    """The language a message is clearly in, and its clinical findings. Spanish is read with its own spelling
    step, not the English one, which misreads Spanish words ("diay" is not "dizzy")."""
    from language.detect import language_of  # the language stack: loaded where messages are parsed
    from language.findings import extract_findings

    language = language_of(text)
    return language, extract_findings(text, spelling=language != "es", spanish=language == "es")


def read(text: str, *, asked: str | None = None, about_other: bool = False, who: str | None = None,
         at_opening: bool = False,
         now: datetime | None = None, parsed: tuple[str | None, Iterable[Finding]] | None = None,
         model_cues: Iterable[str] = (), spanish: bool = False) -> Reading:
    """The message as the dialogue needs it. `asked`: the question waiting for an answer (a bare
    number is read as its answer); `about_other`: the story is about someone else, so "my mum is 81"
    is the patient's age, as it is for an opening written for someone else (`at_opening`);
    `parsed`: the language and findings from the NLU component, when it ran (else read here);
    `model_cues`: screens the second reader asks for (cues, like the knowledge file's cue words);
    `spanish`: the conversation is in Spanish, so its text-speak is read as Spanish ("nd" is "nada"); `who`: the
    person written about ("son"), when known."""
    language, findings = parsed if parsed is not None else findings_of(text)
    part, spanish = text[:MAX_MESSAGE_CHARS], spanish or language == "es"
    said, echo = _spoken(part, spanish), answers.echo_length(part)  # echo: an offset in `part`, like the findings'
    corrected, answer = answers.after_correction(said), _spoken(part[echo:], spanish)  # "I'm 45. Sorry, I meant 75!"
    subject = answers.someone_else(said)
    numbers = _number_texts(said, corrected, for_someone=about_other or subject is not None)
    about_other = about_other or (at_opening and subject is not None)
    if about_other:
        findings = [answers.the_writers_own(part, f, who or subject) for f in findings]
    return Reading(
        text=part, findings=tuple(findings), truncated=len(text) > MAX_MESSAGE_CHARS, language=language,
        # "/deny" is no answer; "sort of warm? that's the weather. no, no temperature": the answer after the echo
        polarity=None if part.lstrip().startswith("/") else answers.parse_polarity(answer),
        is_question=requests.is_question(answer if echo else said),  # "¿Yo? Soy hombre, no": the answer asks nothing
        topic=requests.topic(said), request=requests.request(said),
        language_choice=requests.language_choice(said),
        asks_advice=requests.asks_advice(said),
        duration_days=_first(quantities.parse_duration_days(t, now, expecting=asked == "duration") for t in numbers),
        age=_age(numbers, now, asked, about_other, names_other=subject is not None),
        pain_score=_first(quantities.parse_pain_score(t, expecting=asked == "severity") for t in numbers),
        progress=answers.parse_progress(said, asked=asked in ("improving", "checkin_progress")),
        amount=answers.parse_amount(said), skips=answers.skips(said),
        subject=subject, subject_male=answers.is_male(subject), subject_unnamed=answers.is_unnamed(subject), echo=echo,
        leg_side=answers.parse_leg_side(said, about_other),
        answer_side=answers.parse_leg_side(answer, about_other), affirms_a_leg=answers.affirms_a_leg(said),
        says=frozenset(kind for kind in SAYS if answers.says(kind, said)), cues=cued_screens(part) | frozenset(model_cues),
        named_denials=answers.named_denials(answer), named_affirmations=answers.named_affirmations(answer),
        yes_elsewhere=_yes_elsewhere(answer, asked),
    )


def _yes_elsewhere(answer: str, asked: str | None) -> bool:
    """Every "yes" of the answer to the question asked is said of something it does not ask about."""
    question = QUESTION_BY_ID.get(asked or "")
    return question is not None and answers.yes_about_another_thing(answer, question.id, question.members)


def _number_texts(said: str, corrected: str, for_someone: bool) -> tuple[str, ...]:
    """The texts read for numbers, in order: what follows a correction, the patient's sentences, and (writing for oneself)
    the whole message. Writing for someone else, the writer's own sentences are never read ("Ay perdón, una cosa: yo, la
    abuela, tengo 72 años": es_mayores batch)."""
    if for_someone:
        return tuple(t for t in (_the_patients_sentences(corrected, True), _the_patients_sentences(said, True)) if t)
    return tuple(t for t in (corrected, _the_patients_sentences(said, False), said) if t)


def _the_patients_sentences(said: str, for_someone: bool) -> str:
    """The sentences read first for numbers: "My mum's back pain ... they missed it for a year. Pulled it moving a sofa
    last Sunday": the writer's own (worried batch); writing for someone else, all but the writer's own back ("my own
    back has been crap for years", writing for a wife: real8 batch)."""
    return " ".join(s for s in SENTENCE_END.split(said) if not (
        answers.about_the_writer(s) if for_someone else answers.someone_else(s)))


def _age(numbers: Iterable[str], now: datetime | None, asked: str | None, about_other: bool, names_other: bool) -> int | None:
    """The patient's age, from the first of the texts that gives one (quantities.parse_age)."""
    return _first(quantities.parse_age(t, now, expecting=asked == "age", about_other=about_other, names_other=names_other)
                  for t in numbers)


def _spoken(text: str, spanish: bool) -> str:
    """The text as the answer parsers read it: in Spanish, its text-speak written out ("nd" is "nada")."""
    return textspeak.expand(text, spanish=True) if spanish else text


def _first(values: Iterable[T | None]) -> T | None:
    """The first value found (after a correction, when there is one; then in the whole message)."""
    return next((v for v in values if v is not None), None)


def patient_message(story: Story, text: str, *, intent: str | None = None, confidence: float = 0.0,
                    now: datetime | None = None, parsed: tuple[str | None, Iterable[Finding]] | None = None,
                    model_cues: Iterable[str] = (), can_message_first: bool = False,
                    clinic_connected: bool = True, notice_shown: bool = False,
                    page_language: str | None = None) -> PatientMessage:
    """The message of the next turn of `story`, read with that story's pending question in mind.

    Text starting with "/" is Rasa's intent shortcut, which skips the NLU pipeline: it is read as
    plain text (no intent, findings read here), so typing "/deny" cannot skip a red-flag question
    (GUIDELINE s8). `page_language`: the language the patient chose on the web page ("es"), a choice as if typed.
    """
    shortcut = text.lstrip().startswith("/")
    reading = read(text, asked=story.asked, about_other=story.subject is not None, who=story.subject, now=now,
                   at_opening=not story.greeted or story.asked == "opening",  # where a carer's story is noticed
                   parsed=None if shortcut else parsed, model_cues=() if shortcut else model_cues,
                   spanish=story.language == "es")
    return PatientMessage(reading=reading, intent=None if shortcut else intent,
                          confidence=0.0 if shortcut else confidence, can_message_first=can_message_first,
                          clinic_connected=clinic_connected, notice_shown=notice_shown,
                          page_language=page_language if page_language in LANGUAGES else None)
