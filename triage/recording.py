"""Recording answers: what a message tells about the pending question, under GUIDELINE s3a."""
from __future__ import annotations

from typing import Iterable

from triage.engine import SELF_CARE
from triage.knowledge import load_knowledge
from triage.message import PatientMessage, Reply
from triage.questions import QUESTION_BY_ID, Question, ask
from triage.reading import Finding, Reading
from triage.story import Story

# Findings with a time window (GUIDELINE s3: a procedure in the last 3 months, an infection in the last month): once
# denied ("an epidural 9 months ago, nothing since"), a later mention with no time ("worried it's something to do
# with the epidural": real8 batch) is asked about before it counts
WINDOWED = frozenset({"recent_spinal_procedure", "recent_infection"})
LEG_NERVE_QUESTIONS = ("leg_pain", "screen_leg_nerves", "leg_nerves_detail")  # where "my legs feel strong" is a no


def record_findings(story: Story, findings: tuple[Finding, ...], echo: int = 0) -> None:
    """Add active findings to the story; set leg-pain facts from findings and negations.

    Findings inside an echoed question ("Both? No, just the right": the first `echo` characters)
    are the patient repeating the question, not reporting (GUIDELINE s3a).
    """
    mixed = _mixed(story, findings)
    specs = load_knowledge().findings
    for f in findings:
        red_flag = specs[f.id].level is not None
        if f.start < echo or (f.id in mixed and not red_flag):
            continue  # "no, I didn't fall this time; the fall was two years ago, I tripped": not this pain's
        if _told_as_past(story, f) and red_flag and f.id not in story.past:
            story.past.append(f.id)
        told_past = (f.id in story.past or f.id in WINDOWED and _said_no_to(story, f.id)) and f.id not in mixed
        if story.counts(f) and (_doubted(story, f) or f.id in mixed or told_past) and red_flag and f.id not in story.findings:
            if f.id not in story.to_confirm and f"confirm_{f.id}" not in story.answers:
                story.to_confirm.append(f.id)  # "maybe a bit numb down there?": asked before it counts (issue 13)
        # "pregnancy cured mine": asked, not assumed; a nerve symptom read with doubt still counts, as it raises the level
        # with cancer or infection ("no weakness tingling down my right leg ... started a few days ago": voice batch)
        elif story.counts(f) and not (f.doubtful and not red_flag and not specs[f.id].nerve):
            story.add_finding(f.id)
            if f.id in ("leg_pain", "bilateral_leg_symptoms"):
                story.leg_pain = True
        elif f.negated and f.id == "leg_pain" and story.leg_pain is None:
            story.leg_pain = False


def _said_no_to(story: Story, finding_id: str) -> bool:
    """The finding was denied, by name or by a "no" to the question that names it."""
    return finding_id in story.denied or any(
        answer == "no" and finding_id in QUESTION_BY_ID[question].members
        for question, answer in story.answers.items() if question in QUESTION_BY_ID)


def _told_as_past(story: Story, finding: Finding) -> bool:
    """The patient's own finding, told as past and so not counted ("I had an epidural years ago")."""
    someone_elses = finding.family and story.subject is None  # writing for her, "she had an epidural" is hers
    return finding.historical and not story.counts(finding) and not (someone_elses or finding.hypothetical
                                                                       or finding.negated or finding.writer)


def _doubted(story: Story, finding: Finding) -> bool:
    """Weak, unless only its sentence left it open and it answers the question that asked it in full
    ("Lost weight without trying?" "yep. lost weight")."""
    asked = QUESTION_BY_ID.get(story.asked or "")
    answers_it = asked is not None and finding.id in asked.members and not (finding.uncertain or finding.fuzzy)
    return finding.weak and not answers_it


def _mixed(story: Story, findings: tuple[Finding, ...]) -> set[str]:
    """Findings told both as the patient's own now and as past in one message: read with doubt."""
    past = {f.id for f in findings if f.historical and not story.counts(f) and not (f.family or f.hypothetical)}
    return past & {f.id for f in findings if story.counts(f)}


def record_facts(story: Story, reading: Reading) -> None:
    """Durations, ages and scores said anywhere; a bare number only fills the question asked."""
    asked = story.asked
    duration = reading.duration_days
    about_pregnancy = asked in ("screen_pregnancy", "pregnancy_signs")  # "34 weeks" is the pregnancy
    corrected = "correction" in reading.says  # "Sorry, I was wrong about the timing: nearly three months" (informed batch)
    # ... in days at least: "yeah, actually, stiff for an hour or more" corrects no duration (worried batch)
    corrects_duration = corrected and duration is not None and duration >= 1
    if duration is not None and (asked == "duration" or ((story.duration_days is None or corrects_duration)
                                                         and not about_pregnancy)):
        story.duration_days = duration
    age = reading.age
    if age is not None and (story.age is None or asked == "age" or corrected):
        story.age = age
    score = reading.pain_score
    if score is not None and (story.pain_score is None or asked == "severity"):
        story.pain_score = score
    if (story.improving is None or asked == "improving" or corrected) and reading.progress is not None:
        story.improving = reading.progress == "better"


def answer_question(story: Story, question: Question, message: PatientMessage) -> bool:
    """Record the answer to the pending question; False when the message did not answer it."""
    text = message.text
    if question.kind in ("duration", "age", "score", "improving"):
        value = {"duration": story.duration_days, "age": story.age, "score": story.pain_score,
                 "improving": story.improving}[question.kind]
        if value is None:
            return False
        story.answers[question.id] = value
        return True
    if question.kind == "text":
        story.answers[question.id] = text.strip()
        return True
    if question.kind == "side":
        side = message.reading.answer_side
        if side is None:
            return False
        if side == "both":
            story.add_finding("bilateral_leg_weakness" if question.id == "weakness_side" else "bilateral_leg_symptoms")
        story.answers[question.id] = side
        return True
    if question.kind == "which":
        return answer_which(story, question, message)
    return _answer_yes_no(story, question, message)


def answer_which(story: Story, question: Question, message: PatientMessage) -> bool:
    """ "Which one?": the findings named; anything else ("not sure", "more than one") counts as the
    most urgent finding of the group (GUIDELINE s3a), once a question back has been answered and it was asked again."""
    named = [f.id for f in message.findings if f.id in question.members and story.counts(f)]
    if not named and (message.is_question or "pushback" in message.reading.says) and question.id not in story.retried:
        story.retried.append(question.id)  # "Her OB appointment is Thursday, can we just wait?": answered, asked again
        return False
    if not named:
        rank = load_knowledge().level_rank
        specs = load_knowledge().findings
        left = [m for m in question.members if m not in story.denied] or list(question.members)  # not "No steroids"
        named = [max(left, key=lambda m: rank(specs[m].level or SELF_CARE))]
    for finding in named:
        story.add_finding(finding)
    story.answers[question.id] = named
    return True


def _record_yes(story: Story, question: Question) -> None:
    """A "yes" to a yes/no question: its generic finding, when it has one; none when "which one?" decides first and
    no part could be an emergency (a tapped "Yes" to thin bones / steroids / blood thinners after a lift: GUIDELINE
    s3a asks which before anything counts, and an unresolved answer then counts the most urgent part)."""
    story.answers[question.id] = "yes"
    if question.yes_finding and not question.which_decides:
        story.add_finding(question.yes_finding)


def _answer_yes_no(story: Story, question: Question, message: PatientMessage) -> bool:
    if question.kind == "confirm" and (any(f.id in question.members for f in message.findings)
                                       or _denied_by_words(question, message)):
        return _confirm_by_words(story, question, message)
    related = _related(question, message)
    polarity = message.polarity
    if question.id == "screen_stiffness" and "brief_stiffness" in message.reading.says:
        story.findings = [f for f in story.findings if f != "morning_stiffness"]  # minutes, not over 30
        story.answers[question.id] = "no"
        return True
    if polarity == "yes" and message.reading.yes_elsewhere:
        polarity = None  # "Right foot tingles yes, between the legs no": the yes is the foot's, not this question's
    if question.id in LEG_NERVE_QUESTIONS and polarity is None and "legs_fine" in message.reading.says:
        polarity = "no"  # "My legs feel strong": to the leg-nerve question, a no
    if question.either_or and "steady" in message.reading.says:
        polarity = "no"  # "Yes, it buckled, but it is no worse than on Sunday": the same
    if question.id == "leg_pain":
        return _answer_leg_pain(story, message.reading, polarity)
    if question.id == "surgery_preference":
        polarity = "yes" if "procedure_yes" in message.reading.says else polarity  # an injection yes, surgery no
        if polarity in ("yes", "no"):
            story.surgery_candidate = polarity == "yes"
    if any(story.counts(f) for f in related):
        story.answers[question.id] = "yes"
        return True
    if _affirmed_by_name(story, question, message):
        return True
    chosen = _either_or(story, question, message, polarity) if question.either_or else None
    if chosen is not None:
        return chosen
    # "Yes, 68 lbs, but on purpose": that one denied by its own denial words (never by name: "Yes ... pee is normal")
    by_words = _denied_by_words(question, message, by_name=False) if polarity == "yes" and not related else []
    polarity = "no" if by_words else polarity  # "Yes, 68 lbs, but on purpose": that one denied, the rest asked
    if polarity == "yes":
        _record_yes(story, question)
        return True
    return _answer_not_yes(story, question, message, related, polarity, by_words)


def _affirmed_by_name(story: Story, question: Question, message: PatientMessage) -> bool:
    """ "Bladder fine, bowels not so much", "Yes to the erection part": the parts named are a yes, whatever the first
    sentence said (GUIDELINE s3a)."""
    affirmed = [m for m in question.members if m in message.reading.named_affirmations]
    for finding in affirmed:
        story.add_finding(finding)
    if affirmed:
        story.answers[question.id] = "yes"
    return bool(affirmed)


def _answer_not_yes(story: Story, question: Question, message: PatientMessage, related: list[Finding],
                    polarity: str | None, by_words: list[str]) -> bool:
    """An answer that is not a yes: a denial of some parts (the rest asked), of all, or unsure (GUIDELINE s3a)."""
    if _only_part_denied(story, question, message, related, polarity, by_words) or _no_with_a_doubt(
            story, question, message, polarity):
        return False  # "no numbness down there" answers that finding only: ask the rest
    says = message.reading.says
    if polarity == "no" and "unsure" in says and _asked_again(story, question) and len(question.members) > 1:
        record_unsure(story, question)  # "No ... idk, I don't pay attention to that" again: still not a no (s3a)
        return True
    named_all = question.members and not _remaining(story, question) and "unsure" not in says
    if (related and polarity != "unsure") or polarity == "no" or (named_all and polarity != "unsure"):
        # only negated, family or past findings, or every part denied by name ("peein ok bowels ok ..."): a "no"
        story.answers[question.id] = "no"
        return True
    return False


def _confirm_by_words(story: Story, question: Question, message: PatientMessage) -> bool:
    """A confirmation answered with the sign's own words: told again, it is confirmed however worded;
    told denied ("Yes I've lost weight, but on purpose", "68 lbs, on purpose"), it is a no whatever the first word;
    told with the same doubt ("Maybe? ... whether that's a temperature, I don't know"), it is unsure (GUIDELINE s3a)."""
    told = [f for f in message.findings if f.id in question.members and story.counts(f)]
    if told and all(f.uncertain for f in told) and message.polarity == "unsure":
        record_unsure(story, question)
    elif told:
        _record_yes(story, question)
    else:
        story.answers[question.id] = "no"
    return True


def _related(question: Question, message: PatientMessage) -> list[Finding]:
    """The message's findings the question asks about; an echoed question ("Thin bones? No idea") names none."""
    specs = load_knowledge().findings
    return [f for f in message.findings if f.start >= message.reading.echo and question.covers(specs[f.id])]


def _no_with_a_doubt(story: Story, question: Question, message: PatientMessage, polarity: str | None) -> bool:
    """ "No ... idk, I don't really pay attention to that" to a grouped question: not a no to all of it, so it
    is asked again in plainer words (GUIDELINE s3a: only an explicit denial is a no)."""
    return (polarity == "no" and "unsure" in message.reading.says and len(question.members) > 1
            and not _asked_again(story, question))


def _only_part_denied(story: Story, question: Question, message: PatientMessage, related: list[Finding],
                      polarity: str | None, by_words: Iterable[str] = ()) -> bool:
    """A denial that names some findings of a grouped question answers those only (GUIDELINE s3a). Once
    the rest was asked by name, a "no" answers it."""
    named = [f.id for f in related if f.negated and f.id in question.members] + list(by_words) + [
        m for m in question.members if m in message.reading.named_denials]  # "no steroids": that part only
    if polarity in ("no", None) and named:  # item by item ("cancer nunca, peso igual"): the weight denied in its own words too
        named += [m for m in _denied_by_words(question, message, by_name=False) if m not in named]
    story.denied += [f for f in named if f not in story.denied]
    asked_rest = _asked_again(story, question)
    says = message.reading.says
    # not "No cancer. The weight? No idea", nor a "yes" with parts denied ("yes, actually ... Nothing's changed there")
    all_denied = "all_denied" in says and "unsure" not in says and message.polarity != "yes"
    # Once the rest was asked by name, it is not asked a third time: an answer of denials only ("Pecho tranquilo. No
    # me da mareo" again) is a no; "No cancer. Weight? No idea" again is unsure (GUIDELINE s3a).
    return bool(named and _remaining(story, question)) and not all_denied and not asked_rest


def _either_or(story: Story, question: Question, message: PatientMessage, polarity: str | None) -> bool | None:
    """A choice question ("a slip or trip, or a bigger fall?"): the words choose the side, the bigger side
    first (True: recorded); a bare "yes" answers neither side the first time (False: asked again);
    None: the other rules decide."""
    says = message.reading.says
    if question.says_yes in says:
        _record_yes(story, question)
        return True
    if question.says_no in says:
        story.answers[question.id] = "no"
        return True
    return False if polarity == "yes" and question.id not in story.retried else None


def _answer_leg_pain(story: Story, reading: Reading, polarity: str | None) -> bool:
    """ "Does the pain spread into a leg? One or both?": leg pain and, when said, the side."""
    side = reading.leg_side
    if side == "both" and polarity != "no":
        story.add_finding("bilateral_leg_symptoms")
    if side:
        story.answers["leg_side"] = side
    if story.leg_pain is None and side == "one" and reading.affirms_a_leg:
        story.leg_pain = True  # "no, just the left one, yes, down the back of my leg"
    if story.leg_pain is None and polarity in ("yes", "no"):
        story.leg_pain = polarity == "yes"
    if story.leg_pain is None:
        return False
    story.answers["leg_pain"] = story.leg_pain
    return True


def _denied_by_words(question: Question, message: PatientMessage, by_name: bool = True) -> list[str]:
    """The findings of a question denied in an answer by their own denial words (knowledge.yml
    denied_if_sentence: "on purpose" for weight loss) or, `by_name`, by name ("weight same", "no thinners")."""
    findings, reading = load_knowledge().findings, message.reading
    asked = question.members or tuple(f for f in (question.yes_finding,) if f in findings)  # "not every night"
    return [m for m in asked if findings[m].read_in(reading.text)[0] or (by_name and m in reading.named_denials)]


def _remaining(story: Story, question: Question) -> list[str]:
    """The findings of a grouped question the patient has not denied by name."""
    return [m for m in question.members if m not in story.denied]


def _asked_again(story: Story, question: Question) -> bool:
    """The question was asked a second time, whole or for the findings not yet denied."""
    return question.id in story.retried or _rest_marker(question) in story.retried


def _rest_marker(question: Question) -> str:
    """Marks in Story.retried that the findings of a grouped question not yet denied were asked by name."""
    return f"{question.id}:rest"


def record_unsure(story: Story, question: Question) -> None:
    """Not a yes, not a no, twice: unsure (urgent for an emergency-type sign, else routine; GUIDELINE s3a)."""
    story.answers[question.id] = "unsure"
    finding = question.unsure_finding or question.yes_finding
    if question.kind == "which":
        answer_which(story, question, PatientMessage(Reading(text="")))
    elif finding and finding not in story.unsure:  # a risk factor too ("thin bones? no idea"): routine
        story.unsure.append(finding)


def not_answered(story: Story, question: Question) -> Reply | None:
    """The pending question was not answered: ask it once more, in plainer words; the second time,
    record it as unsure (danger signs) or unknown and go on (GUIDELINE s3a)."""
    rest = _remaining(story, question) if set(question.members) & set(story.denied) else []
    if rest and _rest_marker(question) not in story.retried:  # a partial denial: the rest, by name (not a re-ask)
        story.retried.append(_rest_marker(question))
        phrases = load_knowledge().findings
        return Reply("utter_ask_rest", values={"rest": "; ".join(phrases[m].named(story.language) for m in rest)})
    if question.id not in story.retried:
        return ask(story, question, again=True)
    story.answers[question.id] = "unknown"
    if question.kind in ("yesno", "which", "confirm"):
        record_unsure(story, question)
    elif question.kind == "age":
        story.age_unknown = True
    elif question.kind == "duration":
        story.duration_unknown = True
    return None
