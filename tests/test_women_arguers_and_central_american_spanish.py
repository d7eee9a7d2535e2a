"""What the session-15 blind batches (women's health, patients who argue and correct themselves, real posts, Central
American Spanish in the US, and the es4 labelled set) misread on first contact: the writer's own age or pregnancy
taken for the patient's, a simile or a googled diagnosis read as a sign, old events (a fall at 15, an infection six
weeks ago, a steroid course stopped years ago) read as current, and Spanish signs in words no pattern knew
(GUIDELINE s3, s3a, s4a)."""
from __future__ import annotations

from datetime import datetime

import pytest

from language.answers import parse_leg_side, parse_polarity, someone_else
from language.quantities import parse_age, parse_duration_days
from tests.test_fresh_batch_answers import assert_reads
from tests.test_patient_words import asked, say
from triage.story import Story

NOW = datetime(2026, 12, 7, 12, 0)


@pytest.mark.parametrize("text, spanish, absent, present", [
    # a simile is the patient's own; a googled or feared diagnosis is not
    ("when I wipe it feels numb, like it's not my own bum", False, None, "saddle_numbness"),
    ("the numb foot is my husband's, not my own", False, "leg_numbness", None),
    ("It's been numb when I wipe for two days, like the paper isn't really there", False, None, "saddle_numbness"),
    ("Google says the emergency version involves bladder incontinence", False, "bladder_dysfunction", None),
    ("I can't pee and I read online it's serious", False, None, "bladder_dysfunction"),
    ("I imagine the worst, so today I've been sure it's spine metastases", False, "cancer_history", None),
    ("I had a lump removed from my breast in my twenties but it was benign, a fibroadenoma", False,
     "cancer_history", None),
    # old, over, or not wanted
    ("ive had a dodgy back ever since i came off a horse at 15 lol", False, "major_trauma", None),
    ("I fell off the ladder at 3 pm today", False, None, "major_trauma"),
    ("He had calf cramps in both legs back in the summer, but those stopped months ago", False,
     "bilateral_leg_symptoms", None),
    ("numbness in my lower back then both legs", False, None, "bilateral_leg_symptoms"),
    ("I had a urine infection 6 weeks ago", False, "recent_infection", None),
    ("I had a UTI last week", False, None, "recent_infection"),
    ("hace 6 semanas tuve infeccion de orina pero ya me la curaron", True, "recent_infection", None),
    ("tome prednisona como un año pero ya la deje hace 3 años", True, "long_term_steroids", None),
    ("Only this short prednisone pack from my doctor, 5 days total", False, "long_term_steroids", None),
    ("I've been on prednisone for 5 years", False, None, "long_term_steroids"),
    ("No, I wouldn't want surgery on my back", False, "recent_spinal_procedure", None),
    ("I had surgery on my back 3 weeks ago", False, None, "recent_spinal_procedure"),
    ("I stopped because of a spasm, not because my leg gave way", False, "leg_weakness", None),
    ("No fever or chills here. My youngest had a fever last week but that was him", False, "fever", None),
    ("just a bit stiff getting up", False, "morning_stiffness", None),
    ("I'm stiff for over an hour every morning", False, None, "morning_stiffness"),
    ("I've lost a kilo because I can't keep breakfast down with the morning sickness", False, "weight_loss", None),
    # pregnancy: tightenings and constant pain, not a backache that comes and goes
    ("I'm pregnant, my lower back has been achy for a week, dull ache, comes and goes", False, "pregnancy_warning", None),
    ("I'm 34 weeks and my bump goes hard, it comes and goes", False, None, "pregnancy_warning"),
    ("33 weeks pregnant, my lower back's been hurting since this morning, it kinda comes in waves?", False, None,
     "pregnancy_warning"),
    ("Every picture of a pregnant woman has her hand on her back. PREGNANT LADIES GET BACKACHES.", False, "pregnant", None),
    ("I'm 29 weeks, my tummy is sore and hard all the time, it hasn't let up for 2 hours", False, None,
     "pregnancy_emergency"),
    ("estoy embarazada de 7 meses, se me puso dura toda la panza, como cada 10 minutos", True, None, "pregnancy_warning"),
    ("Estoy embarazada y hoy casi no siento que se mueva el bebe", True, None, "pregnancy_warning"),
    # Spanish signs in new words (es4 set, es_centro batch)
    ("Tuve un accidente en la troca en el freeway el viernes", True, None, "major_trauma"),
    ("tuve un accidente en el trabajo, nada grave", True, "major_trauma", None),
    ("cai sentado desde mi altura", True, "major_trauma", None),
    ("me toque la barriga y siento como un latido, como una pelota que palpita", True, None, "pulsing_belly"),
    ("hoy se me salio la pee sin darme cuenta", True, None, "bladder_dysfunction"),
    ("cuando voy al baño no siento cuando sale la orina", True, None, "bladder_dysfunction"),
    ("con mi pareja ya no siento igual", True, None, "sexual_dysfunction"),
    ("un dolor que me atravesaba hasta el pecho, como que me arrancaban algo", True, None, "vascular_tearing_pain"),
    ("no sienta nada cuando me limpio ahi atras", True, None, "saddle_numbness"),
    ("las dos piernas me pesan como plomo y me cuesta caminar", True, None, "bilateral_leg_weakness"),
    ("las dos pienras se me aflojan", True, None, "bilateral_leg_weakness"),  # no new word steals the typo's correction
    ("se me duermen las dos piernas y hoy en la mañana se me doblaron", True, None, "bilateral_leg_weakness"),
    ("las dos piernas bien, no se me doblan", True, "bilateral_leg_weakness", None),
    ("me siento caliente", True, None, "fever"),
    ("la medicina que me dan para el lupus baja las defensas", True, None, "immunosuppression"),
    ("Casi me desmayo del susto cuando vi la cuenta del ER", True, "faint_or_collapse", None),
    ("tengo una bolita que antes no tenia y e bajado de peso", True, None, "weight_loss"),
    ("aorita nomas es la espalda", True, "known_aneurysm", None),
    ("Pastillas de esteroides o prednisona no tomo.", True, "long_term_steroids", None),
    ("tomo prednisona y no tomo warfarina", True, "anticoagulant", "long_term_steroids"),
])
def test_session_15_denials_and_signs(text: str, spanish: bool, absent: str | None, present: str | None) -> None:
    assert_reads(text, spanish, absent, present)


@pytest.mark.parametrize("text, answer", [
    ("no... bueno, un poquito", "yes"), ("no... well, a little", "yes"), ("nah... kinda", "yes"),
    ("no, a little", "no"), ("no... not really", "no"), ("no... a little better", "no"),
])
def test_a_no_taken_back_by_a_small_amount_is_a_yes(text: str, answer: str) -> None:
    assert parse_polarity(text) == answer


@pytest.mark.parametrize("text, side", [
    ("The ache is on both sides of my pelvis but there's no pain, numbness or weakness in either leg", None),
    ("No, the sciatica is only ever his left leg. He had calf cramps in both legs back in the summer", "one"),
    ("No. Both legs feel heavy", "both"),
])
def test_the_leg_side_is_the_legs_and_the_first_sentence_decides(text: str, side: str | None) -> None:
    assert parse_leg_side(text, about_other=True) == side


@pytest.mark.parametrize("text, expecting, age", [
    ("hola, soy el nieto, tengo 14. mi abuelita de 68 años se cayo ayer", False, 68),
    ("Im 45 and writing for my mum who is 81", False, 81),
    ("my dad, 72, fell", False, 72),
    ("Just so you know, I'm the one on warfarin, not her, and I'm 52.", False, None),
    ("I'm 81", True, 81),
])
def test_the_writers_own_age_is_not_the_patients(text: str, expecting: bool, age: int | None) -> None:
    assert parse_age(text, expecting=expecting, about_other=True) == age


def test_a_grandson_writing_for_his_grandmother_of_68_after_a_fall_gets_her_assessed_at_68() -> None:
    story, _, _ = say(Story(), "hola, soy el nieto, tengo 14. mi abuelita de 68 años se cayo ayer en la cocina y le duele "
                               "mucho la espalda")
    assert story.subject == "abuelita" and story.age == 68


def test_a_wife_writing_for_her_husband_is_pregnant_herself_and_he_is_asked_no_pregnancy_question() -> None:
    story, _, _ = say(Story(), "Buenas, le escribo por mi esposo que se lastimo la espalda cargando sheetrock hace 3 dias. "
                               "yo estoy embarazada de 5 meses y no le puedo ayudar")
    assert story.subject == "esposo" and "pregnant" not in story.findings
    assert story.answers.get("screen_pregnancy") == "no"


def test_a_carer_with_a_feeling_or_a_question_still_writes_for_her_son() -> None:
    assert someone_else("Question about my son. He's 17 and his lower back hurts. I've got a feeling it's more") == "son"
    assert someone_else("I have a question about my son, his back hurts") == "son"
    assert someone_else("My mum fell and now I've hurt my back lifting her") is None


def test_another_events_month_is_no_onset_unless_asked() -> None:
    assert parse_duration_days("had a c-section in march if thats relevant", NOW) is None
    assert parse_duration_days("in march", NOW, expecting=True) is not None
    assert parse_duration_days("it started in march", NOW) is not None
    assert parse_duration_days("no back pain in the pregnancy, the pain I'd had for 8 months beforehand", NOW) is None
    assert parse_duration_days("I have had back pain for 8 months", NOW) is not None


def test_a_question_whether_an_old_epidural_matters_is_no_recent_procedure() -> None:
    story, _, payloads = say(asked("screen_bone", age=32), "meant to ask, does the epidural matter? i had one when she "
                                                           "was born but thats 7 months ago now")
    assert "recent_spinal_procedure" not in story.findings and not payloads
