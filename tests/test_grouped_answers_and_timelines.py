"""Answers read part by part (GUIDELINE s3a), as the session-17 blind batches wrote them: grouped questions answered
in halves and lists ("Right foot tingles yes, between the legs no", "Bladder fine, bowels not so much", "Numb between the
legs - no"), Spanish denials and doubts ("No he sentido mareo", "capaz que tengo calentura, no sé"), times and ages told
as events ("three children aged four and under", "at 31 weeks I had contractions"), and what the session-16 held-out
week batch still misread ("I have had no fever", "His immune system is fine", the writer's own chemo)."""
from __future__ import annotations

from datetime import datetime

import pytest

from language.answers import named_denials, parse_polarity
from language.findings import extract_findings
from language.quantities import parse_age, parse_duration_days
from language.read import patient_message, read
from tests.test_patient_words import NOW, asked, say
from triage.conversation import respond
from triage.story import Story


@pytest.mark.parametrize("text, polarity", [
    ("I have had no fever or chills.", None), ("I have had chills", "yes"), ("I have been feeling feverish", "yes"),
    ("I have noticed nothing down there", None), ("I am not", "no"),
])
def test_a_perfect_tense_denial_is_no_yes(text, polarity):
    assert parse_polarity(text) == polarity


@pytest.mark.parametrize("text, denied", [
    ("His immune system is fine, he's healthy", {"immunosuppression"}),
    ("He hasn't had any infections and nothing has been done to his back", {"recent_infection", "recent_spinal_procedure"}),
    ("she didnt have any infection", {"recent_infection"}),
    ("I had surgery done on my back", set()),
])
def test_grouped_parts_denied_by_name(text, denied):
    assert named_denials(text) == denied


@pytest.mark.parametrize("text, writers", [
    ("Should I take him for an x-ray once I'm done with chemo this week?", [True]),
    ("I had to take her to chemo", [False]),
    ("She had chemo and I also had chemo", [False, True]),
    ("I have been told his cancer is back", [False]),
])
def test_the_writers_own_words_nearest_the_finding_decide_whose_it_is(text, writers):
    assert [f.writer for f in read(text, about_other=True, who="son").findings] == writers


@pytest.mark.parametrize("question, text, level", [
    # a yes said of another thing, with the question's own parts denied: no emergency, the rest is asked
    ("screen_cauda_equina", "Right foot tingles yes, but between the legs no - no numbness there at all. Bladder fine, no "
     "problems peeing. Bowels fine, no accidents.", None),
    ("screen_cauda_equina", "Rubbish yes, numb no - nothing numb between my legs or round my bum. Peeing fine, no leaks.", None),
    ("screen_cauda_equina", "Achey low down yes, numb no. Weeing a lot yes (baby on the bladder!), but no pain, no trouble "
     "going and no leaks.", None),
    ("screen_leg_nerves", "The pain, yes. Weakness, no. The numbness, no. The tingling, no.", None),
    # a part affirmed by name escalates in the same turn, whatever the first sentence said
    ("screen_cauda_equina", "No numbness between my legs. Bladder fine - no leaks. Bladder fine, bowels not so much - I've had "
     "two accidents since Sunday and didn't feel them coming.", "emergency"),
    ("screen_cauda_equina", "Feeling between my legs is normal. Bladder fine. Yes to the erection part - since Saturday I can't "
     "get one.", "emergency"),
    ("screen_cauda_equina", "numb down there yes, bladder fine", "emergency"),
])
def test_a_grouped_answer_counts_for_the_part_it_names(question, text, level):
    _, _, triage = say(asked(question), text)
    assert [t["level"] for t in triage] == ([level] if level else [])


def test_a_choice_answered_both_ways_takes_the_more_urgent_side():
    """ "La espalda igual, pero el pie está peor": worse wins (asking again lost an emergency when the patient stopped)."""
    story, _, triage = say(asked("weakness_progression", findings=["leg_weakness"], language="es"),
                           "La espalda igual, pero el pie está peor")
    assert story.answers["weakness_progression"] == "yes" and [t["level"] for t in triage] == ["emergency"]


def test_an_echoed_question_then_an_answer_is_an_answer():
    story, replies, _ = say(asked("screen_pregnancy", language="es"), "¿Yo? Soy hombre, no")
    assert story.answers["screen_pregnancy"] == "no" and "utter_ask_screen_pregnancy_again" not in replies


@pytest.mark.parametrize("text, spanish, finding, negated", [
    ("Numb between the legs - no.", False, "saddle_numbness", True),
    ("Osteoporosis: no.", False, "osteoporosis", True),
    ("Dizziness or fainting - no.", False, "faint_or_collapse", True),
    ("No he sentido mareo", True, "faint_or_collapse", True),
    ("No me siento débil de las piernas, camino bien", True, "bilateral_leg_weakness", True),
    ("Fiebre no Jeringas y drogas no, nunca", True, "fever", True),
    ("capaz que tengo un poco de calentura, no se", True, "fever", False),  # a doubt, never a denial
    ("since this morning my left foot droops and I can't lift it", False, "progressive_weakness", False),
    ("I've had two accidents since Sunday and didn't feel them coming", False, "bowel_incontinence", False),
    ("Se me pone dura y luego se suelta, a ratos", True, "pregnancy_warning", False),
    ("el pie se me arrastra, no lo puedo levantar bien de la punta, y cada día está peor", True, "progressive_weakness",
     False),
])
def test_denials_and_signs_in_new_words(text, spanish, finding, negated):
    found = [f for f in extract_findings(text, spanish=spanish) if f.id == finding]
    assert found and all(f.negated == negated for f in found)


@pytest.mark.parametrize("text, spanish, absent", [
    ("Entre las piernas no siento nada raro, normal", True, "saddle_numbness"),
    ("I had an accident at work and didn't feel well", False, "bowel_incontinence"),
])
def test_words_that_only_look_like_signs(text, spanish, absent):
    assert absent not in {f.id for f in extract_findings(text, spanish=spanish) if not f.negated}


@pytest.mark.parametrize("text, finding, flag", [
    ("I had covid at the start of October with a temperature, but that was two months ago", "fever", "historical"),
    ("at 31 weeks I had contractions and got a shot to stop them", "pregnancy_warning", "historical"),
    ("I asked him: did you fall off a roof? Take a hard foul? Nothing.", "major_trauma", "hypothetical"),
    ("The only thing done to my spine was the epidural when my son was born", "recent_spinal_procedure", "doubtful"),
    ("Cuando nació me pusieron la epidural", "recent_spinal_procedure", "doubtful"),
])
def test_past_asked_and_undated_findings(text, finding, flag):
    found = [f for f in extract_findings(text, spanish="nació" in text) if f.id == finding]
    assert found and all(getattr(f, flag) for f in found)


def test_a_childs_age_is_not_the_patients():
    assert parse_age("I have three children aged four and under and even walking is painful.", NOW) is None
    days = parse_duration_days("Our daughter is about to turn 7 months. But last week the dreaded happened.", NOW)
    assert days == 7


def test_a_care_home_resident_is_the_patient_and_their_bowel_accident_escalates():
    """nights batch (held out): "One of our residents has had bad lower back pain" was not read as written for someone
    else, so "he had a bowel accident in bed without feeling it" was counted as another person's: an under-triage."""
    now = datetime(2026, 12, 7, 3, 0)
    story = Story()
    for text in ("I'm a night aide at a care home. One of our residents has had bad lower back pain since yesterday.",
                 "He's 79"):
        story, _ = respond(story, patient_message(story, text, now=now), now)
    assert story.subject == "resident"
    story, replies = respond(story, patient_message(story, "Tonight he had a bowel accident in bed without feeling it",
                                                    now=now), now)
    assert [r.payload["triage"]["level"] for r in replies if r.payload] == ["emergency"]


@pytest.mark.parametrize("question, text, polarity", [
    ("screen_pregnancy", "I'm the dad, so not pregnant", "no"),
    ("screen_night", "It's the worry keeping me up, not the pain; lying down my back is comfortable", "no"),
])
def test_answers_from_the_held_out_night_line(question, text, polarity):
    assert parse_polarity(text) == polarity


@pytest.mark.parametrize("text, finding, negated", [
    ("Never had cancer I've lost 25 pounds since the summer, but on purpose", "cancer_history", True),
    ("restacking cases off a collapsed pallet", "faint_or_collapse", None),
    ("I collapsed in the kitchen", "faint_or_collapse", False),
    # a care-home resident's long-standing pads (proxy batch, once residents were read as the patient)
    ("He's been incontinent of urine for years and wears pads - staff say nothing has changed.", "bladder_dysfunction", True),
])
def test_findings_from_the_held_out_night_line(text, finding, negated):
    found = [f.negated for f in extract_findings(text) if f.id == finding]
    assert found == ([] if negated is None else [negated])
