"""The clinician summary of one conversation: FHIR R4 QuestionnaireResponse, plain-text note, dict.

`build_summary(story, conversation_id, channel, now)` -> `ClinicianSummary`; `.as_dict()` is what
the outbox sends (kind "summary"), format "backpain-handover/1":

    {"format": "backpain-handover/1", "conversation_id": str, "channel": str | None,
     "created": ISO 8601 time, "triage": CONTRACT s2 triage payload (level, imaging, red_flags,
     reasons with source ids, facts), "note": plain text for clinicians,
     "questionnaire_response": FHIR R4 (4.0.1) QuestionnaireResponse JSON}

The QuestionnaireResponse is built and validated with fhir.resources 6.4.0 (its top-level models
are FHIR 4.0.1). status: "completed" once the advice was given, else "in-progress". One item
per question asked (linkId = question id of triage.conversation.QUESTIONS, text = the question as
the patient saw it, utter_ask_<id> of domain.yml with clinic values); answers: yes/no questions
valueBoolean, "not sure" / "no clear answer" valueString, ages and scores valueInteger, duration
valueQuantity in days (UCUM "d"), free text valueString, improving valueBoolean (true = getting
better). Then a group item "triage": level, imaging and red-flag categories as valueCoding in
our own code systems (CODE_SYSTEMS; .example is a reserved domain: the URIs are identifiers, they
do not resolve), reasons as valueString with their source ids, and the facts. The note is also
the resource's narrative (text.div). Optional coping questions (triage.coping), when answered,
are items coping_<id> (valueInteger 0-2, or valueString "skipped") plus coping.more-support.
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from fhir.resources.questionnaireresponse import QuestionnaireResponse

from clinic import wording
from clinic.settings import clinic_settings, duration_phrase
from triage.advice import disposition
from triage.engine import EMERGENCY, ROUTINE, SELF_CARE, URGENT, Assessment, Reason
from triage.knowledge import load_knowledge
from triage.questions import QUESTIONS
from triage.story import Story

FORMAT = "backpain-handover/1"
FHIR_BASE = "https://backpain-assistant.example/fhir"
QUESTIONNAIRE_URL = f"{FHIR_BASE}/Questionnaire/back-pain-triage"
CONVERSATION_SYSTEM = f"{FHIR_BASE}/NamingSystem/conversation-id"
CODE_SYSTEMS = {
    "level": f"{FHIR_BASE}/CodeSystem/triage-level",  # emergency | urgent | routine | self_care
    "imaging": f"{FHIR_BASE}/CodeSystem/imaging-tier",  # immediate | defer | none
    "red_flag": f"{FHIR_BASE}/CodeSystem/red-flag",  # GUIDELINE s3 categories (triage.engine.CATEGORY_ORDER)
}
UCUM = "http://unitsofmeasure.org"

LEVELS = {EMERGENCY: "EMERGENCY: emergency department now", URGENT: "URGENT: be seen today (within 24 hours)",
          ROUTINE: "ROUTINE: appointment within 1-2 weeks", SELF_CARE: "SELF-CARE at home"}
IMAGING = {"immediate": "assess now; imaging at the assessing clinician's discretion",
           "defer": "no imaging now; consider if not settling (ACP-2011 defer tier)",
           "none": "no imaging indicated (NPA-2011, AAFP-CW-2012)"}
RED_FLAGS = {"cauda_equina": "Cauda equina syndrome", "neuro_deficit": "Neurological deficit",
             "major_trauma": "Major trauma", "vascular": "Vascular (aortic or cardiac)",
             "infection": "Spinal infection", "cancer": "Malignancy", "fracture": "Fracture risk",
             "inflammatory": "Inflammatory back pain", "pregnancy": "Pregnancy warning signs"}
# Yes/no questions of triage.conversation.QUESTIONS, as clinical topics (for "denied", "unsure").
TOPICS = {
    "leg_pain": "leg pain", "screen_cauda_equina": "saddle numbness, bladder, bowel or sexual dysfunction",
    "screen_vascular": "chest pain, breathlessness, faintness or dizziness", "screen_aneurysm": "known aortic aneurysm",
    "screen_leg_nerves": "leg weakness, numbness or tingling", "leg_nerves_detail": "leg or foot weakness",
    "weakness_progression": "progressive leg weakness", "screen_trauma": "fall, accident or blow",
    "trauma_detail": "major trauma (high fall, road accident)", "screen_cancer": "cancer history or weight loss",
    "screen_infection": "fever, chills, injecting drug use or immunosuppression",
    "screen_infection_recent": "spinal procedure or infection in 3 months, past TB",
    "screen_bone": "osteoporosis, steroids or anticoagulants", "screen_night": "night or rest pain",
    "screen_stiffness": "morning stiffness over 30 minutes", "screen_pregnancy": "pregnancy",
    "pregnancy_signs": "pregnancy warning signs", "surgery_preference": "would consider injection or surgery",
    "which_screen_bone": "which bone or bleeding risk", "which_pregnancy_signs": "which pregnancy warning sign",
}
# The advice the patient was given, per domain response (responses not listed are not advice).
ADVICE = {
    "utter_result_emergency": "call {emergency_number} or go to the emergency department now",
    "utter_emergency_while_waiting": "not to drive; ambulance if needed",
    "utter_escalate_urgent": "be seen today (said mid-assessment; remaining emergency questions asked)",
    "utter_result_urgent": "be seen today, within 24 hours ({clinic_name} or urgent care)",
    "utter_result_routine": "book an appointment within 1-2 weeks",
    "utter_result_self_care": "reassurance; self-care at home",
    "utter_imaging_immediate": "imaging at the assessing clinician's discretion",
    "utter_imaging_none": "no scan needed now; why early scans do not help",
    "utter_imaging_none_long": "scan most likely not needed; why scans do not help",
    "utter_imaging_defer_age": "no scan today; may be considered at their age if not settling",
    "utter_imaging_defer_sciatica": "no scan today; MRI may be arranged to plan injection or surgery",
    "utter_imaging_defer_inflammatory": "no scan today; bloods or imaging for inflammation after review",
    "utter_imaging_defer_night": "no scan today; clinician to decide at review",
    "utter_urgent_meanwhile": "keep gently moving and use heat until seen",
    "utter_self_care_move": "stay active, avoid bed rest, keep working if possible",
    "utter_self_care_medicine": "heat; NSAID if safe (pharmacist check); paracetamol alone of little use; no opioids",
    "utter_self_care_medicine_pregnancy": "heat; no NSAIDs in pregnancy; ask midwife or pharmacist about pain relief",
    "utter_self_care_exercise": "gentle stretches; sleeping positions",
    "utter_safety_net": ("safety-net: call {emergency_number} for saddle numbness, bladder or bowel change, "
                         "erection or genital change, symptoms in both legs or trouble walking, worsening leg "
                         "weakness, chest pain or faintness"),
    "utter_safety_net_see": "see a clinician if not better in 4-6 weeks, worse, leg weakness, fever, unwell or weight loss",
    "utter_emergency_while_waiting_trauma": "not to move about; call an ambulance, no lift or driving",
    "utter_unsure_emergency_signs": "unsure about emergency signs: listed first, with go to the emergency department if any",
    "utter_emergency_signs": "emergency signs and number given before the screen was cut short",
}
PHONE_TEXT_LIMIT = 600
LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}  # the patient's language, named in the clinic's note


@dataclass(frozen=True)
class ClinicianSummary:
    """One conversation summarised for the clinic: FHIR resource, note and triage payload."""

    conversation_id: str
    channel: str | None
    created: datetime
    triage: dict[str, Any]  # CONTRACT s2 triage payload: level, imaging, red_flags, reasons, facts
    note: str
    questionnaire_response: QuestionnaireResponse
    language: str = "en"  # the language the patient wrote in (the note stays in the clinic's, English)

    def as_dict(self) -> dict[str, Any]:
        """The JSON-able hand-over document (format backpain-handover/1, see the module docstring)."""
        return {"format": FORMAT, "conversation_id": self.conversation_id, "channel": self.channel,
                "language": self.language,
                "created": self.created.isoformat(timespec="seconds"), "triage": self.triage, "note": self.note,
                "questionnaire_response": json.loads(self.questionnaire_response.json())}


def question_text(question_id: str, values: dict[str, str] | None = None) -> str:
    """The question as the patient saw it: response utter_ask_<id> with the clinic's values."""
    response = wording.responses().get(f"utter_ask_{question_id}")
    return wording.fill(response[0]["text"], values or clinic_settings()) if response else question_id


def _label(finding: str, unsure: bool = False) -> str:
    """'saddle_numbness' -> 'saddle numbness'; '<x>_reported' -> '<x> (yes to a screening question)'."""
    if finding.endswith("_reported"):
        how = "not sure at" if unsure else "yes to"
        return finding[: -len("_reported")].replace("_", " ") + f" ({how} a screening question)"
    return finding.replace("_", " ") + (" (patient unsure)" if unsure else "")


def _entries(title: str, entries: list[str]) -> list[str]:
    """'  Title: none', '  Title: one entry' or the title and one entry per line."""
    if len(entries) < 2:
        return [f"  {title}: {entries[0] if entries else 'none'}"]
    return [f"  {title}:", *(f"    - {e}" for e in entries)]


def _coping(story: Story) -> tuple[list[str], list[dict[str, Any]]]:
    """The optional coping questions (yellow flags, triage.coping): note lines and FHIR items."""
    answers = getattr(story, "coping", None) or {}
    if not answers:
        return [], []
    from triage.coping import SUPPORT_SCORE, needs_support, total_score  # only stories that have coping answers

    words = {0: "not at all", 1: "a bit", 2: "a lot", None: "skipped"}
    scored = {q: a for q, a in answers.items() if a is not None}
    support = needs_support(scored)
    lines = ["", "Coping (yellow flags; own questions, not a validated score)",
             *(f"  {q.removeprefix('coping_').replace('_', ' ')}: {words.get(a, a)}" for q, a in answers.items()),
             f"  Score: {total_score(scored)}/8" + (f" (>= {SUPPORT_SCORE}: more support suggested, physiotherapy "
                                                    "with a psychologically informed approach, NICE-NG59)"
                                                    if support else "")]
    items = [{"linkId": q, "text": question_text(q),
              "answer": [{"valueInteger": a} if a is not None else {"valueString": "skipped"}]}
             for q, a in answers.items()]
    items.append({"linkId": "coping.more-support", "text": "More support suggested (NICE-NG59)",
                  "answer": [{"valueBoolean": support}]})
    return lines, items


def _sources(reason: Reason) -> list[str]:
    """The reason's source first, then the finding's sources in knowledge.yml."""
    spec = load_knowledge().findings.get(reason.finding)
    return list(dict.fromkeys([reason.source, *(spec.sources if spec else ())]))


def _answer(kind: str, value: Any) -> dict[str, Any]:
    """One FHIR answer with the value type that fits the question."""
    if value == "unknown":
        return {"valueString": "no clear answer (asked twice)"}
    if value == "unsure":
        return {"valueString": "not sure (asked twice)"}
    if isinstance(value, bool):
        return {"valueBoolean": value}
    if value in ("yes", "no") and kind == "yesno":
        return {"valueBoolean": value == "yes"}
    if kind == "duration":
        return {"valueQuantity": {"value": round(float(value), 1), "unit": "days", "system": UCUM, "code": "d"}}
    if isinstance(value, int):
        return {"valueInteger": value}
    if isinstance(value, float):
        return {"valueDecimal": value}
    return {"valueString": str(value)}


def _coding(kind: str, code: str, display: str) -> dict[str, Any]:
    return {"valueCoding": {"system": CODE_SYSTEMS[kind], "code": code, "display": display}}


def _triage_item(assessment: Assessment, story: Story) -> dict[str, Any]:
    items: list[dict[str, Any]] = [
        {"linkId": "triage.level", "text": "Triage level", "answer": [_coding("level", assessment.level,
                                                                               LEVELS[assessment.level])]},
        {"linkId": "triage.imaging", "text": "Imaging tier", "answer": [_coding("imaging", assessment.imaging,
                                                                                IMAGING[assessment.imaging])]},
    ]
    if assessment.red_flags:
        items.append({"linkId": "triage.red-flags", "text": "Red-flag categories",
                      "answer": [_coding("red_flag", c, RED_FLAGS.get(c, c)) for c in assessment.red_flags]})
    if assessment.reasons:
        items.append({"linkId": "triage.reasons", "text": "Reasons (finding, category, level, sources)", "answer": [
            {"valueString": f"{r.finding}, {r.category or '-'}, {r.level}{', uncertain' if r.uncertain else ''}, "
                            f"{' '.join(_sources(r))}"} for r in assessment.reasons]})
    facts = [("triage.duration", "Duration", "duration", story.duration_days), ("triage.age", "Age", "age", story.age),
             ("triage.pain-score", "Pain score (0-10)", "score", story.pain_score),
             ("triage.leg-pain", "Leg pain", "yesno", story.leg_pain),
             ("triage.improving", "Getting better", "improving", story.improving)]
    items += [{"linkId": link, "text": text, "answer": [_answer(kind, value)]}
              for link, text, kind, value in facts if value is not None]
    return {"linkId": "triage", "text": "Triage result (back pain assistant)", "item": items}


def _advice(story: Story, assessment: Assessment, values: dict[str, str]) -> list[str]:
    """What the patient was told, summarised from the responses of the level's advice."""
    if story.finished and story.level_sent:
        names = [r.response for r in disposition(story, assessment) if r.response]
    elif story.level_sent == URGENT:
        names = ["utter_escalate_urgent"]
    else:
        return []
    return [wording.fill(ADVICE[n], values) for n in names if n in ADVICE]


def _note(story: Story, assessment: Assessment, conversation_id: str, channel: str | None, now: datetime,
          values: dict[str, str]) -> str:
    """The plain-text note for clinicians."""
    answers, specs = story.answers, load_knowledge().findings

    def quoted(question_id: str) -> str | None:
        value = answers.get(question_id)
        return None if value is None else "no clear answer" if value == "unknown" else f'"{value}"'

    def yes_no(value: bool | None, yes: str, no: str) -> str:
        return "not asked" if value is None else yes if value else no

    leg_side = {"one": "yes, one leg", "both": "yes, both legs"}.get(answers.get("leg_side", ""), "yes")
    onset_words = [_label(f) for f in story.findings if f in specs and (specs[f].injury or specs[f].strain)]
    onset = quoted("onset") or (f"not asked (story mentioned: {', '.join(onset_words)})" if onset_words
                                else "not asked")
    lines = [
        "BACK PAIN TRIAGE SUMMARY (patient-reported through the chat assistant; not a diagnosis)",
        *([f"Patient wrote in {LANGUAGE_NAMES.get(story.language, story.language)}: an interpreter may be needed for "
           "the call-back. Answers are quoted as written."] if story.language != "en" else []),
        f"Clinic: {values.get('clinic_name', '')} | Conversation: {conversation_id} | Channel: {channel or '-'} | "
        f"{now.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"Level: {LEVELS[assessment.level]}" + ("" if story.finished else " (assessment not finished)"),
        f"Imaging: {assessment.imaging}: {IMAGING[assessment.imaging]}",
        "",
        "Story",
        f"  Duration: {duration_phrase(story.duration_days) if story.duration_days is not None else 'not given'}",
        f"  Onset: {onset}",
        f"  Location: {quoted('location') or 'not asked'}",
        f"  Leg pain: {yes_no(story.leg_pain, leg_side, 'no')}",
        f"  Age: {story.age if story.age is not None else 'not given'}",
        f"  Pain score: {f'{story.pain_score}/10' if story.pain_score is not None else 'not given'}",
        f"  Improving: {yes_no(story.improving, 'yes', 'no (same or worse)')}"
        + ("; worse at the follow-up check-in" if getattr(story, "worsening", False) else ""),
        f"  Tried: {quoted('tried') or 'not asked'}",
        "",
        "Findings",
    ]
    if story.screen_stopped and not story.finished:
        lines[2] += " | DANGER-SIGN SCREEN NOT COMPLETED (emergency signs were listed to the patient)"
    unsure = [f"{TOPICS[q]} ({'not sure' if v == 'unsure' else 'no clear answer'}, asked twice)"
              for q, v in answers.items() if v in ("unsure", "unknown") and q in TOPICS]
    not_asked = [TOPICS[q.id] for q in QUESTIONS if q.kind == "yesno" and q.id in TOPICS and q.is_open(story)]
    lines += _entries("Reported", [_label(f) for f in story.findings])
    lines += _entries("Denied", [TOPICS[q] for q, v in answers.items() if v == "no" and q in TOPICS])
    lines += _entries("Unsure", unsure)
    if not_asked:
        lines += _entries("Not asked (assessment ended first)", not_asked)
    lines += ["", "Red flags and reasons (GUIDELINE source ids)"]
    lines += [f"  {RED_FLAGS.get(r.category, r.category) if r.category else 'Other reason'} [{r.level}]: "
              f"{_label(r.finding, r.uncertain)} ({', '.join(_sources(r))})" for r in assessment.reasons] or ["  none"]
    advice = _advice(story, assessment, values)
    lines += ["", "Advice given", *(f"  - {a}" for a in advice or ["none yet"])]
    return "\n".join(lines)


def build_summary(story: Story, conversation_id: str, channel: str | None, now: datetime) -> ClinicianSummary:
    """Summarise one conversation; the QuestionnaireResponse is validated by fhir.resources (R4)."""
    now = now if now.tzinfo else now.astimezone()  # naive: local time
    values = clinic_settings()
    assessment = story.assessment()
    coping_lines, coping_items = _coping(story)
    note = "\n".join([_note(story, assessment, conversation_id, channel, now, values), *coping_lines])
    kinds = {q.id: q.kind for q in QUESTIONS}
    items = [{"linkId": qid, "text": question_text(qid, values), "answer": [_answer(kinds[qid], value)]}
             for qid, value in story.answers.items() if qid in kinds]
    resource = QuestionnaireResponse.parse_obj({
        "resourceType": "QuestionnaireResponse",
        "language": story.language,  # BCP-47: the language the patient answered in (issue 15)
        "identifier": {"system": CONVERSATION_SYSTEM, "value": conversation_id},
        "questionnaire": QUESTIONNAIRE_URL,
        "status": "completed" if story.finished else "in-progress",
        "authored": now.isoformat(timespec="seconds"),
        "text": {"status": "generated",
                 "div": f'<div xmlns="http://www.w3.org/1999/xhtml"><pre>{html.escape(note)}</pre></div>'},
        "item": [*items, *coping_items, _triage_item(assessment, story)],
    })
    return ClinicianSummary(conversation_id=conversation_id, channel=channel, created=now,
                            triage=assessment.payload(story.facts())["triage"], note=note,
                            questionnaire_response=resource, language=story.language)


def summary_text(summary: ClinicianSummary) -> str:
    """A short plain-language summary the patient can read in the chat (under 600 characters), in the
    words of domain.yml's utter_summary_* responses, in the patient's language."""
    def say(name: str, **values: Any) -> str:
        return wording.text(name, summary.language, **values)

    triage, facts = summary.triage, summary.triage.get("facts", {})
    story = [say("utter_summary_fact_duration", duration=duration_phrase(facts["duration_days"], summary.language))
             if "duration_days" in facts else say("utter_summary_fact_no_duration")]
    for key, fact in (("leg_pain", "leg_pain" if facts.get("leg_pain") else "no_leg_pain"), ("age", "age"),
                      ("pain_score", "score"), ("improving", "improving" if facts.get("improving") else "not_improving")):
        if key in facts:
            story.append(say(f"utter_summary_fact_{fact}", age=facts.get("age"), score=facts.get("pain_score")))
    flags = [say(f"utter_summary_flag_{c}") for c in triage["red_flags"]]
    if not flags:
        signs = say("utter_summary_no_flags")
    elif all(r.get("uncertain") for r in triage["reasons"] if r.get("category")):
        signs = say("utter_summary_unsure")
    else:
        shown = flags[:3] + ([say("utter_summary_and_more")] if len(flags) > 3 else [])
        signs = say("utter_summary_flags", flags="; ".join(shown))
    parts = [say("utter_summary_opening", story=", ".join(story)), signs,
             say(f"utter_summary_level_{triage['level']}")]
    if triage["imaging"] != "immediate":
        parts.append(say(f"utter_summary_scan_{triage['imaging']}"))
    if triage["level"] != EMERGENCY:
        parts.append(say("utter_summary_safety"))
    text = " ".join(parts)
    return text if len(text) <= PHONE_TEXT_LIMIT else text[: PHONE_TEXT_LIMIT - 3].rstrip() + "..."
