"""The clinician summary: FHIR R4 QuestionnaireResponse (validated, round-trips), note, phone text."""
from __future__ import annotations

import html
import json
from datetime import datetime, timezone

import fhir.resources
import pytest
from fhir.resources.questionnaireresponse import QuestionnaireResponse
from pydantic import ValidationError

from handover.summary import (
    ADVICE,
    CODE_SYSTEMS,
    FORMAT,
    PHONE_TEXT_LIMIT,
    TOPICS,
    ClinicianSummary,
    build_summary,
    question_text,
    summary_text,
)
from language.read import patient_message
from triage.advice import disposition
from triage.conversation import respond
from triage.questions import QUESTIONS
from triage.story import Story

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)
# A finished routine conversation, as the conversation engine left it (the patient was unsure about cancer).
ROUTINE = {
    "findings": ["lifting_or_bending"], "unsure": ["cancer_reported"],
    "answers": {"location": "lower back, in the middle", "leg_pain": False, "age": 34, "screen_cauda_equina": "no",
                "screen_vascular": "no", "screen_leg_nerves": "no", "screen_trauma": "no", "screen_cancer": "unsure",
                "screen_infection": "no", "screen_infection_recent": "no", "screen_bone": "no", "screen_night": "no",
                "screen_pregnancy": "no", "severity": 6, "improving": False,
                "tried": "ibuprofen and a hot water bottle"},
    "age": 34, "duration_days": 3.0, "pain_score": 6, "leg_pain": False, "improving": False,
    "retried": ["screen_cancer", "severity"], "greeted": True, "level_sent": "routine", "flags_sent": ["cancer"],
    "finished": True,
}


def talk(*texts: str) -> Story:
    """A conversation through the real engine (findings extracted as the NLU component does)."""
    story = Story()
    for text in texts:
        story, _ = respond(story, patient_message(story, text, now=NOW), NOW)
    return story


@pytest.fixture(scope="module")
def routine() -> ClinicianSummary:
    return build_summary(Story.from_dict(ROUTINE), "conv-123", "rest", NOW)


@pytest.fixture(scope="module")
def emergency() -> ClinicianSummary:
    story = talk("I hurt my lower back lifting boxes 2 days ago", "across the bottom of my back",
                 "yes, down my right leg", "52", "I can't feel the toilet paper when I wipe and I wet myself")
    assert story.finished and story.level_sent == "emergency"
    return build_summary(story, "conv-999", "socketio", NOW)


def items(summary: ClinicianSummary) -> dict[str, dict]:
    """The top-level and triage items of the FHIR JSON by linkId."""
    out = {}
    for item in summary.as_dict()["questionnaire_response"]["item"]:
        out[item["linkId"]] = item
        out.update({sub["linkId"]: sub for sub in item.get("item", [])})
    return out


def test_the_fhir_library_models_r4():
    assert fhir.resources.__fhir_version__ == "4.0.1"  # fhir.resources 6.4.0: top-level models are R4


@pytest.mark.parametrize("name", ["routine", "emergency"])
def test_questionnaire_response_validates_and_round_trips(name, request):
    summary = request.getfixturevalue(name)
    resource = summary.questionnaire_response
    data = summary.as_dict()
    assert data["format"] == FORMAT and json.loads(json.dumps(data)) == data  # JSON-able
    fhir_json = data["questionnaire_response"]
    assert fhir_json["resourceType"] == "QuestionnaireResponse" and fhir_json["status"] == "completed"
    assert fhir_json["authored"] == "2026-11-28T12:00:00+00:00"
    assert QuestionnaireResponse.parse_obj(fhir_json) == resource  # validated again from the dict
    again = QuestionnaireResponse.parse_raw(resource.json())
    assert again == resource and json.loads(again.json()) == fhir_json


def test_the_library_really_validates():
    with pytest.raises(ValidationError):  # no linkId
        QuestionnaireResponse.parse_obj({"resourceType": "QuestionnaireResponse", "status": "completed",
                                         "item": [{"text": "?", "answer": [{"valueBoolean": True}]}]})
    with pytest.raises(ValidationError):  # two value[x] in one answer
        QuestionnaireResponse.parse_obj({"resourceType": "QuestionnaireResponse", "status": "completed",
                                         "item": [{"linkId": "a", "answer": [{"valueBoolean": True,
                                                                              "valueString": "x"}]}]})


def test_one_item_per_question_asked_with_its_text_and_typed_answer(routine):
    by_id = items(routine)
    top = [i["linkId"] for i in routine.as_dict()["questionnaire_response"]["item"]]
    assert top == [*ROUTINE["answers"], "triage"]
    for qid in ROUTINE["answers"]:
        assert by_id[qid]["text"] == question_text(qid) and "{" not in by_id[qid]["text"]
    assert by_id["screen_cauda_equina"]["answer"] == [{"valueBoolean": False}]
    assert by_id["leg_pain"]["answer"] == [{"valueBoolean": False}]
    assert by_id["age"]["answer"] == [{"valueInteger": 34}]
    assert by_id["severity"]["answer"] == [{"valueInteger": 6}]
    assert by_id["screen_cancer"]["answer"] == [{"valueString": "not sure (asked twice)"}]
    assert by_id["location"]["answer"] == [{"valueString": "lower back, in the middle"}]
    assert by_id["triage.duration"]["answer"][0]["valueQuantity"] == {
        "value": 3.0, "unit": "days", "system": "http://unitsofmeasure.org", "code": "d"}
    assert by_id["triage.level"]["answer"][0]["valueCoding"]["system"] == CODE_SYSTEMS["level"]
    assert by_id["triage.level"]["answer"][0]["valueCoding"]["code"] == "routine"
    assert by_id["triage.imaging"]["answer"][0]["valueCoding"]["code"] == "none"
    assert [a["valueCoding"]["code"] for a in by_id["triage.red-flags"]["answer"]] == ["cancer"]


def test_emergency_summary_codes_red_flags_and_cites_sources(emergency):
    by_id = items(emergency)
    codings = [a["valueCoding"] for a in by_id["triage.red-flags"]["answer"]]
    assert [c["code"] for c in codings] == ["cauda_equina"]
    assert {c["system"] for c in codings} == {CODE_SYSTEMS["red_flag"]}
    assert emergency.triage["level"] == "emergency" and emergency.triage["imaging"] == "immediate"
    note = emergency.note
    assert "Level: EMERGENCY" in note and "saddle numbness" in note and "bladder dysfunction" in note
    assert "GIRFT-CES-2023" in note and "ACP-2011" in note
    assert "Not asked (assessment ended first)" in note  # the screens the emergency cut short
    assert "call 911 or go to the emergency department now" in note
    assert "book an appointment" not in note


def test_note_tells_the_story_and_the_findings_in_context(routine):
    note = routine.note
    for line in ("Duration: 3 days", "Onset: not asked (story mentioned: lifting or bending)",
                 'Location: "lower back, in the middle"', "Leg pain: no", "Age: 34", "Pain score: 6/10",
                 "Improving: no (same or worse)", 'Tried: "ibuprofen and a hot water bottle"',
                 "Reported: lifting or bending", "saddle numbness, bladder, bowel or sexual dysfunction",
                 "Unsure: cancer history or weight loss (not sure, asked twice)",
                 "Malignancy [routine]: cancer (not sure at a screening question) (ACP-2011, DOWNIE-2013)",
                 "Level: ROUTINE", "Imaging: none", "book an appointment within 1-2 weeks", "avoid bed rest"):
        assert line in note, line
    assert html.escape(note) in routine.questionnaire_response.text.div  # the FHIR narrative is the note


def test_unfinished_conversation_is_in_progress():
    story = talk("my back has hurt for 5 days")
    summary = build_summary(story, "c", None, NOW)
    assert summary.as_dict()["questionnaire_response"]["status"] == "in-progress"
    assert "assessment not finished" in summary.note and "none yet" in summary.note


def test_every_yes_no_question_and_the_advice_of_every_level_is_summarised():
    assert {q.id for q in QUESTIONS if q.kind == "yesno"} <= set(TOPICS)
    for level_story in (ROUTINE, {**ROUTINE, "unsure": [], "answers": {}, "level_sent": "self_care"},
                        {**ROUTINE, "findings": ["fever"], "level_sent": "urgent"},
                        {**ROUTINE, "findings": ["saddle_numbness"], "level_sent": "emergency"},
                        {**ROUTINE, "findings": ["pregnant"], "age": 30, "level_sent": "routine"}):
        story = Story.from_dict(level_story)
        names = [r.response for r in disposition(story, story.assessment()) if r.response]
        advice = [n for n in names if n.startswith(("utter_result_", "utter_imaging_", "utter_self_care_",
                                                    "utter_safety_net", "utter_emergency_", "utter_urgent_"))]
        assert advice and set(advice) <= set(ADVICE), names
        note = build_summary(story, "c", None, NOW).note
        assert all(ADVICE[n].split(";")[0].split("{")[0] in note for n in advice)


def test_coping_answers_are_flagged_for_the_clinician():
    pytest.importorskip("triage.coping")
    story = Story.from_dict({**ROUTINE, "coping": {"coping_worry": 2, "coping_fear_moving": 2, "coping_mood": 1,
                                                   "coping_confidence": None}})
    summary = build_summary(story, "c", None, NOW)
    by_id = items(summary)
    assert by_id["coping_worry"]["answer"] == [{"valueInteger": 2}]
    assert by_id["coping_confidence"]["answer"] == [{"valueString": "skipped"}]
    assert by_id["coping.more-support"]["answer"] == [{"valueBoolean": True}]
    assert "Coping (yellow flags" in summary.note and "Score: 5/8" in summary.note and "NICE-NG59" in summary.note
    assert QuestionnaireResponse.parse_raw(summary.questionnaire_response.json()) == summary.questionnaire_response


def test_phone_text_is_short_and_plain(routine, emergency):
    text = summary_text(routine)
    assert len(text) < PHONE_TEXT_LIMIT
    assert "3 days" in text and "555-0100" in text and "No scan" in text and "not sure" in text
    urgent_text = summary_text(emergency)
    assert "call 911" in urgent_text and len(urgent_text) < PHONE_TEXT_LIMIT
    worst = build_summary(Story.from_dict({**ROUTINE, "findings": [
        "saddle_numbness", "leg_weakness", "major_trauma", "known_aneurysm", "fever", "cancer_history",
        "osteoporosis", "minor_injury", "pregnant", "pregnancy_warning"], "level_sent": "emergency"}), "w", None, NOW)
    worst_text = summary_text(worst)
    assert len(worst_text) < PHONE_TEXT_LIMIT and "and more" in worst_text
    for t in (text, urgent_text, worst_text):
        assert "_" not in t and "{" not in t  # no codes, no unfilled templates


def test_a_spanish_conversation_is_summarised_in_english_with_the_patients_language_first():
    story = Story()
    for text in ("Me duele la espalda desde hace 3 días", "levantando cajas", "abajo en el centro", "no", "tengo 40 años"):
        story, _ = respond(story, patient_message(story, text, now=NOW.replace(tzinfo=None)), NOW.replace(tzinfo=None))
    summary = build_summary(story, "conv-es", "twilio", NOW)
    assert story.language == "es" and summary.language == "es"
    assert summary.note.splitlines()[1].startswith("Patient wrote in Spanish: an interpreter may be needed")
    assert '"levantando cajas"' in summary.note  # answers quoted as written
    assert summary.questionnaire_response.language == "es" and summary.as_dict()["language"] == "es"
    assert summary_text(summary).startswith("Su resumen para")  # the patient's own copy is in Spanish
