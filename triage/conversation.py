"""The assessment conversation: which question to ask next, when to escalate, what to say.

Pure Python (no Rasa): it takes the patient's story so far and one parsed message, and returns
the updated story plus the replies, as response names of the domain and payloads. Every
message is screened for red flags first, so a danger sign changes the advice in the same turn,
whatever question was pending (GUIDELINE s3, "at any point").
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from triage.advice import (
    CONTEXT_FOLLOW_UPS,
    EMERGENCY_WHY,
    ROUTINE_REASONS,
    SAFETY_NET,
    URGENT_ANSWERS,
    answer_follow_up,
    escalate,
    next_step,
    restate,
)
from triage.clinic_turns import CHECKIN_INTENT, EFFECT_RESPONSES, LATER_REQUESTS, clinic_turn, start_checkin
from triage.coping import COPING_QUESTIONS
from triage.engine import EMERGENCY, URGENT, Assessment
from triage.knowledge import load_knowledge
from triage.message import FOLLOW_UP_INTENTS, PatientMessage, Reply
from triage.questions import CONFIRMS, QUESTION_BY_ID, QUESTIONS, Question, ask
from triage.recording import answer_question, not_answered, record_facts, record_findings
from triage.story import Story

SOCIAL_INTENTS = {"bot_challenge", "human_handoff", "out_of_scope", "chitchat", "thanks", "goodbye"}
NOT_AN_ANSWER = {"bot_challenge", "human_handoff", "greet"}  # never read as the answer to a pending question
POLITE_INTENTS = {"bot_challenge", "thanks", "goodbye", "greet"}  # not an unclear answer: the question waits


def respond(story: Story, message: PatientMessage, now: datetime | None = None) -> tuple[Story, list[Reply]]:
    """One turn: update the story from the message, then escalate, answer, ask or advise."""
    story = replace(story, findings=list(story.findings), unsure=list(story.unsure), answers=dict(story.answers),
                    denied=list(story.denied), languages=dict(story.languages), asked_back=list(story.asked_back),
                    retried=list(story.retried), flags_sent=list(story.flags_sent), coping=dict(story.coping))
    now = now or datetime.now()
    was_finished = story.finished
    story.can_message_first = message.can_message_first
    if message.intent == CHECKIN_INTENT:
        replies = start_checkin(story)
    else:
        replies = _turn(story, message, now)
    if story.finished and not was_finished:
        story.assessed_at = now.isoformat(timespec="seconds")
    return story, replies


@dataclass
class _Turn:
    """What this message is, for the pending question: worked out once, then used by each phase."""

    pending: Question | None = None  # the question waiting for an answer
    request: str | None = None  # stop, handoff, send_summary...: a request rather than an answer
    follow_up: str | None = None  # a follow-up question's intent ("ask_imaging")
    pushback: bool = False  # questions an urgent or emergency result ("can't I wait?")
    answered: bool = False
    ask_again: Reply | None = None  # the pending question again, in plainer words (GUIDELINE s3a)


def _turn(story: Story, message: PatientMessage, now: datetime) -> list[Reply]:
    """One patient message (respond() without the bookkeeping), in named phases."""
    replies = _notes(story, message)  # notes and the introduction; an emergency goes before them
    about = _read_into_story(story, message)
    turn = _what_it_is(story, message)
    _answer(story, message, turn)
    _count_unclear(story, message, turn)
    if not story.greeted:
        story.greeted = True
        has_story = bool(message.findings or message.reading.cues) or story.duration_days is not None or (
            message.intent == "describe_pain")
        replies.append(Reply("utter_intro" if has_story else "utter_greet"))
        if not message.notice_shown:  # what is kept and how to erase it, before any health question (issue 14)
            replies.append(Reply("utter_privacy_notice"))
        if not has_story and not turn.request:
            story.asked = "opening"
            return replies + [Reply("utter_ask_opening")]
    replies += about
    assessment = story.assessment()
    escalation = escalate(story, assessment, replies)
    if escalation is not None:
        return escalation
    for_clinic = clinic_turn(story, message, turn.request, now)
    if for_clinic is not None:
        return replies + for_clinic
    return replies + _reply(story, message, turn, assessment, said=bool(replies))


def _notes(story: Story, message: PatientMessage) -> list[Reply]:
    """The language of the replies (said when it changes), and a note that only the first part of a long
    message was read."""
    notes = _language(story, message)
    return notes + ([Reply("utter_message_too_long")] if message.reading.truncated else [])  # findings: all text


def _read_into_story(story: Story, message: PatientMessage) -> list[Reply]:
    """Who has the pain, the findings and the facts of the message, into the story."""
    about = _who_has_the_pain(story, message)
    echo = message.reading.echo if story.asked not in (None, "opening") else 0  # answers only
    record_findings(story, message.findings, echo)
    record_facts(story, message.reading)
    _note_cues(story, message)
    _weak_side(story, message)
    return about


def _weak_side(story: Story, message: PatientMessage) -> None:
    """ "Her right leg has felt weak ... only the right leg": one leg or both is answered already."""
    side = message.reading.leg_side
    if side == "one" and any(f.id == "leg_weakness" and story.counts(f) for f in message.findings):
        story.answers.setdefault("weakness_side", side)


def _note_cues(story: Story, message: PatientMessage) -> None:
    """Screens the message's words touch: asked next while the screen is open (issue 13). After the
    advice, a screen answered no or unsure is asked once more, unless the message already names a finding."""
    for screen in sorted(message.reading.cues):
        if screen not in QUESTION_BY_ID or screen == story.asked:
            continue
        if screen not in story.answers and screen not in story.cued:
            story.cued.append(screen)
        elif story.finished and story.answers.get(screen) in ("no", "unsure") and screen not in story.rechecked \
                and not any(story.counts(f) for f in message.findings):
            story.rechecked.append(screen)
            story.answers.pop(screen)


def _what_it_is(story: Story, message: PatientMessage) -> _Turn:
    """A request, a follow-up question, push-back, or an answer to the pending question."""
    pending = QUESTION_BY_ID.get(story.asked or "")
    request = message.clinic_request
    if request == "handoff_intent":
        request = None if pending else "handoff"
    follow_up = None if request else message.follow_up
    if follow_up and pending and not message.is_question:
        follow_up = None  # a statement ("no, I feel fine") answers the pending question first
    pushback = story.level_sent in (EMERGENCY, URGENT) and "pushback" in message.reading.says
    return _Turn(pending=pending, request=request, follow_up=follow_up, pushback=pushback)


def _answer(story: Story, message: PatientMessage, turn: _Turn) -> None:
    """Record the answer to the pending question, or ask it again (GUIDELINE s3a).

    A follow-up question can also carry the answer ("No. But what if I get numb later?"), except for
    free-text questions, where the question itself would be taken as the answer.
    """
    pending = turn.pending
    if pending is None:
        return
    if message.reading.language_choice:  # "español": not an answer; the same question, in that language
        turn.ask_again = ask(story, pending)
        return
    denials = len(story.denied)
    if turn.request in (None, *LATER_REQUESTS) and not turn.pushback and (not turn.follow_up or pending.kind != "text") and (
            message.intent not in NOT_AN_ANSWER or message.findings or _plain_answer(message)):
        turn.answered = answer_question(story, pending, message)
    if turn.answered:
        return
    partial = len(story.denied) > denials  # a partial denial counts as an answer attempt, question or not
    asked_back = bool(turn.follow_up) and pending.id in story.asked_back  # a question back twice: no loop
    if turn.follow_up and pending.id not in story.asked_back:
        story.asked_back.append(pending.id)
    polite = message.intent in POLITE_INTENTS and pending.id not in story.waited  # "thanks": the question waits, once
    if message.intent in POLITE_INTENTS and polite:
        story.waited.append(pending.id)
    if (partial or asked_back or not turn.follow_up) and not turn.request and not polite \
            and _confirming(story) in (None, pending):  # a red flag read with doubt first; this question waits
        turn.ask_again = not_answered(story, pending)


def _plain_answer(message: PatientMessage) -> bool:
    """A yes or no that is not a question: an answer whatever the intent classifier says ("Stomach is fine." was
    once read as "are you a bot?", again and again: translated batch)."""
    return message.polarity in ("yes", "no") and not message.is_question


def _confirming(story: Story) -> Question | None:
    """An open "just to check" question about a red flag read with doubt (issue 13)."""
    return next((q for q in CONFIRMS if q.is_open(story)), None)


def _count_unclear(story: Story, message: PatientMessage, turn: _Turn) -> None:
    """Messages in a row the assistant cannot use. Only messages with no question waiting count: an
    unclear answer follows the ask-again-then-unsure path instead (GUIDELINE s3a)."""
    used = turn.answered or bool(turn.follow_up or turn.request or message.reading.language_choice) or any(
        story.counts(f) for f in message.findings) or (
        story.asked in COPING_QUESTIONS and message.reading.amount is not None) or (
        story.asked == "checkin_progress" and message.reading.progress is not None)
    confusing = message.intent in (None, "nlu_fallback", "out_of_scope") and not turn.pending
    story.unclear_turns = 0 if used or not confusing else story.unclear_turns + 1


def _reply(story: Story, message: PatientMessage, turn: _Turn, assessment: Assessment, said: bool) -> list[Reply]:
    """No escalation and no clinic turn: push-back, a follow-up answer, a social reply, then what comes next
    (`said`: notes already go before it)."""
    replies: list[Reply] = []
    if story.level_sent in (EMERGENCY, URGENT) and (turn.pushback or (story.level_sent == EMERGENCY and story.finished and (
            turn.follow_up or message.is_question))):
        replies += restate(story, assessment)  # "can't I wait?": the level, why, what to do now (s3a)
        if story.finished:
            return replies
        return replies + ([turn.ask_again] if turn.ask_again else next_step(story, assessment))
    if turn.follow_up:
        replies += answer_follow_up(turn.follow_up, story, assessment)
    elif message.intent in SOCIAL_INTENTS and not turn.answered:
        replies.append(Reply(f"utter_{message.intent}"))
        if message.intent == "goodbye":
            return replies + ([] if story.finished else list(SAFETY_NET))
    if story.finished:
        return replies + _after_the_advice(story, message, turn, said or bool(replies))
    return replies + ([turn.ask_again] if turn.ask_again else next_step(story, assessment))


def _after_the_advice(story: Story, message: PatientMessage, turn: _Turn, said: bool) -> list[Reply]:
    """A message after the advice: a screen its words touched asked again (once), or the danger signs
    again if something changed, then goodbye or "anything else?"."""
    if turn.pending is not None:  # the answer to a screen asked again after the advice
        if turn.ask_again:
            return [turn.ask_again]
        story.asked = None
    confirm = _confirming(story)
    if confirm is not None:
        return [ask(story, confirm)]
    recheck = next((QUESTION_BY_ID[s] for s in story.rechecked if s not in story.answers), None)
    if recheck is not None and story.asked is None:
        return [Reply("utter_check_again"), ask(story, recheck)]
    if turn.follow_up or message.intent in SOCIAL_INTENTS:
        return []
    more = list(SAFETY_NET) if not message.is_question and "new_symptom" in message.reading.says else []
    # "I slipped on the decking. I didn't think it counted. Does that change anything?" tells something new: no goodbye
    told_more = message.is_question or any(story.counts(f) for f in message.findings)
    no_more = (message.polarity == "no" or message.intent in ("deny", "thanks")) and not told_more
    return more + [Reply("utter_goodbye" if no_more and not (said or more) else "utter_anything_else")]


def _who_has_the_pain(story: Story, message: PatientMessage) -> list[Reply]:
    """A first story written for someone else ("my dad fell off a ladder"): assess that person, and say so."""
    if story.subject or not (not story.greeted or story.asked == "opening"):
        return []
    story.subject = message.reading.subject
    if message.reading.subject_male:  # "my son": pregnancy is not asked (GUIDELINE s3 clarifications)
        story.answers.setdefault("screen_pregnancy", "no")
    if not story.subject:
        return []
    if message.reading.subject_unnamed:  # "the young man next door": not "your man"
        return [Reply("utter_about_the_person")]
    return [Reply("utter_about_someone_else", values={"who": story.subject})]


def _language(story: Story, message: PatientMessage) -> list[Reply]:
    """The conversation's language (issue 15): chosen by the patient at any time ("español", "English"),
    else the language most of the patient's messages are clearly written in. A switch is said in the new
    language with how to switch back; English with Spanish words gets the offer of Spanish, once."""
    choice = message.reading.language_choice
    if choice:
        story.language, story.language_chosen = choice, True
        return [Reply("utter_language_set")]
    if message.page_language and message.page_language != story.page_language:  # picked on the page: no note
        story.page_language = story.language = message.page_language
        story.language_chosen = True
        return []
    language = message.reading.language
    if language is None or story.language_chosen:
        return []
    story.languages[language] = story.languages.get(language, 0) + 1
    english = story.languages.get("en", 0) + story.languages.get("mixed", 0)  # English mixed with Spanish words
    before = story.language
    story.language = "es" if story.languages.get("es", 0) > english else "en"  # "tengo 32" after English: en
    if story.language != before:
        return [Reply("utter_language_set")]
    if language == "mixed" and not story.language_offered:
        story.language_offered = True
        return [Reply("utter_language_offer")]
    return []


def response_names() -> set[str]:
    """Every domain response this conversation can send (checked against domain.yml by the tests)."""
    from triage.engine import CATEGORY_ORDER

    names = {"utter_intro", "utter_greet", "utter_privacy_notice", "utter_ask_opening", "utter_escalate_urgent",
             "utter_more_safety_questions",
             "utter_emergency_while_waiting", "utter_imaging_immediate", "utter_urgent_meanwhile", "utter_safety_net",
             "utter_safety_net_see",
             "utter_offer_extras", "utter_offer_extras_checkin", "utter_self_care_move", "utter_self_care_medicine",
             "utter_self_care_medicine_pregnancy", "utter_self_care_exercise", "utter_imaging_none",
             "utter_imaging_none_long", "utter_imaging_defer_inflammatory", "utter_imaging_defer_night",
             "utter_imaging_defer_sciatica", "utter_imaging_defer_age",
             "utter_answer_medicine_pregnancy", "utter_anything_else", "utter_goodbye", "utter_restart",
             "utter_message_too_long", "utter_stopped", "utter_handoff_waiting", "utter_extras_later",
             "utter_coping_intro", "utter_coping_skipped", "utter_coping_support", "utter_coping_fine", "utter_checkin_not_now",
             "utter_checkin_unavailable", "utter_checkin_hello", "utter_ask_checkin_progress",
             "utter_ask_checkin_progress_again", "utter_summary_unavailable", "utter_checkin_better", "utter_checkin_same",
             "utter_checkin_worse",
             "utter_ask_rest", "utter_language_set", "utter_language_offer", "utter_emergency_signs",
             "utter_unsure_emergency_signs",
             "utter_emergency_while_waiting_trauma", "utter_duration_unknown", "utter_restate_urgent",
             "utter_restate_emergency", "utter_answer_imaging_immediate", "utter_about_someone_else", "utter_about_the_person",
             "utter_check_again", "utter_ask_confirm", "utter_ask_confirm_again", "utter_ask_confirm_ever",
             "utter_ask_confirm_ever_again"}
    names |= set(URGENT_ANSWERS.values()) | {f"utter_why_{c}_emergency" for c in EMERGENCY_WHY}
    names |= {name for pair in EFFECT_RESPONSES.values() for name in pair if name}
    names |= {f"utter_ask_{q}" for q in COPING_QUESTIONS} | {f"utter_ask_{q}_again" for q in COPING_QUESTIONS}
    for question in QUESTIONS:
        if question.kind == "confirm":
            continue  # one response for all: utter_ask_confirm with the finding's words
        names.add(f"utter_ask_{question.id}")
        if question.kind not in ("text", "which"):
            names.add(f"utter_ask_{question.id}_again")
    levels = load_knowledge().levels
    names |= {f"utter_result_{level}" for level in levels}
    names |= {f"utter_why_{category}" for category in CATEGORY_ORDER}
    names |= {f"utter_routine_why_{key}" for key in ROUTINE_REASONS.values()} | {"utter_routine_why_unsure"}
    names |= {f"utter_{intent}" for intent in SOCIAL_INTENTS}
    return names | _follow_up_answers(levels)


def _follow_up_answers(levels: tuple[str, ...]) -> set[str]:
    """The follow-up answers: one per topic, or one per level (or imaging tier) where the answer depends on it."""
    names = set()
    for intent in FOLLOW_UP_INTENTS - {"ask_warning_signs"}:  # that one is answered with utter_safety_net
        topic = intent[4:]
        if intent in CONTEXT_FOLLOW_UPS:
            names |= {f"utter_answer_{topic}_pending"}
            names |= ({f"utter_answer_imaging_{t}" for t in ("immediate", "defer", "none")} if intent == "ask_imaging"
                      else {f"utter_answer_{topic}_{level}" for level in levels})
        else:
            names.add(f"utter_answer_{topic}")
    return names
