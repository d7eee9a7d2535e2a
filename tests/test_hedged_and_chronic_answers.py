"""What the session-13 blind batches (hedging patients, real forum posts, Mexican and Central American Spanish,
long back-pain histories) misread on first contact: common denials read as signs ("No erection problems",
"I can't be pregnant"), a "yes" said before a correction, things that are not the patient (a co-worker's fall,
an MRI's age), and Spanish word order (GUIDELINE s3a)."""
from __future__ import annotations

import pytest

from language.answers import parse_leg_side, parse_polarity
from language.quantities import parse_age, parse_duration_days
from tests.test_fresh_batch_answers import active, assert_reads
from tests.test_patient_words import asked, say


@pytest.mark.parametrize("text, spanish, absent, present", [
    # denials that hold a sign's own words
    ("No erection problems or loss of feeling down there.", False, "sexual_dysfunction", None),
    ("No erection problems or loss of feeling down there.", False, "saddle_numbness", None),
    ("No erection or sexual problems.", False, "sexual_dysfunction", None),
    ("I've had no erection since Tuesday", False, None, "sexual_dysfunction"),
    ("No, I'm a man, so I can't be pregnant.", False, "pregnant", None),
    ("nel, soy hombre, no puedo estar embarazado", True, "pregnant", None),
    ("No, I'm a man, so pregnancy isn't possible.", False, "pregnant", None),
    ("I am pregnant, 20 weeks", False, None, "pregnant"),
    ("Nobody hit me in the back and I didn't fall.", False, "major_trauma", None),
    # the other leg said to be fine; walking on both legs; strength in both legs, then a denial in a run-on
    ("Only my left leg has the old numb strip, and the right leg is completely normal.", False,
     "bilateral_leg_symptoms", "leg_numbness"),
    ("numb down the left leg and the right leg too", False, None, "bilateral_leg_symptoms"),
    ("she's slow because it hurts but she's walking on both legs with her stick", False, "bilateral_leg_symptoms", None),
    ("I can't put weight on both legs", False, None, "bilateral_leg_symptoms"),
    ("fuerza si tengo en las dos piernas, camino normal y no arrastro los pies no tengo nada dormido", True,
     "bilateral_leg_symptoms", None),
    ("camina normal, fuerza tiene en las dos piernas no se le duermen las piernas ni los pies", True,
     "bilateral_leg_symptoms", None),
    # Spanish word order: the denial after the word, a verb of having after "no", "ningún problema de ..."
    ("tuberculosis nunca me ha dado no he tenido ninguna infeccion este mes", True, "past_tuberculosis", None),
    ("el pecho bien, respiro normal mareos o desmayos no he tenido", True, "faint_or_collapse", None),
    ("no se inyecta drogas no tiene VIH ni problemas de defensas", True, "immunosuppression", None),
    ("con mi esposa todo bien, ningun problema de ereccion ni nada diferente", True, "sexual_dysfunction", None),
    ("tengo problemas de ereccion desde el lunes", True, None, "sexual_dysfunction"),
    # someone else, or a question about what pain can mean
    ("tengo miedo porque un compa de la chamba se cayo del andamio y quedo en silla de ruedas", True, "major_trauma", None),
    ("Yo no me cai ni me pegue, el que se cayo fue mi compa.", True, "minor_injury", None),
    ("ando preocupado xq mi apa murio de cancer de huesos", True, "cancer_history", None),
    ("a guy at work fell off the scaffold and ended up in a wheelchair", False, "major_trauma", None),
    ("I fell off the scaffold at work", False, None, "major_trauma"),
    ("Is back pain ever a sign of an aneurysm? My dad had one.", False, "known_aneurysm", None),
    ("My back is killing me, I feel like I've been hit by a bus.", False, "major_trauma", None),
    ("I was hit by a bus on Tuesday", False, None, "major_trauma"),
    # time, reasons and frequency told around the words
    ("The only steroid I've had was that back injection a year and a half ago.", False, "recent_spinal_procedure", None),
    ("I had a chest infection last winter but that cleared up months ago.", False, "recent_infection", None),
    ("I've lost about 8 kilos since the summer. My wife keeps mentioning it, but it's deliberate.", False,
     "weight_loss", None),
    ("It woke me up once when I rolled over.", False, "night_pain", None),
    ("it wakes me every night", False, None, "night_pain"),
    # new words for signs
    ("my right leg has started to feel a bit numb", False, None, "leg_numbness"),
    ("since yesterday I have to really push to get the pee out", False, None, "bladder_dysfunction"),
    ("I don't feel like I've emptied my bladder", False, None, "bladder_dysfunction"),
    ("la pierna izquierda se me ha doblado dos veces desde el martes", True, None, "leg_weakness"),
    ("tengo dolor en la cintura que se me va por la pierna derecha", True, "leg_weakness", "leg_pain"),
    # regressions the old sets showed (voice, es_chat, es_voz, world, real4)
    ("hold on both my legs have gone weak and pins and needles since i got out the car just now like theyre not mine",
     False, None, "bilateral_leg_weakness"),
    ("my husband's legs are weak, not mine", False, "bilateral_leg_weakness", None),
    ("cuando me limpio no siento el papel 😳 eso es normal??", True, None, "saddle_numbness"),
    ("cuando me limpio no siento el papel es como si tuviera la cola dormida pis hago normal", True, None,
     "saddle_numbness"),
    ("Both legs are tired in the evening from standing only, but no pain going down, no numbness.", False,
     "bilateral_leg_symptoms", None),
    ("both legs are tired and numb", False, None, "bilateral_leg_symptoms"),
    ("no siento nada raro entre las piernas orino normal", True, "saddle_numbness", None),
    ("no siento nada entre las piernas", True, None, "saddle_numbness"),
    ("Yes, since 3 days I cannot have erection, and the feeling in the penis is weaker.", False, None, "sexual_dysfunction"),
    ("Yes, I lost 8 kilo since September, I did not diet, I eat like always, the trousers fall down.", False,
     "minor_injury", "weight_loss"),
])
def test_session_13_denials_and_signs(text: str, spanish: bool, absent: str | None, present: str | None) -> None:
    assert_reads(text, spanish, absent, present)


def test_a_yes_said_before_a_correction_is_a_yes_even_with_parts_denied() -> None:
    text = ("I don't think so - no, feeling down there is normal. Is that the bladder thing? Because, yes, actually - "
            "since yesterday I have to really push to get anything out. Poo-wise everything's normal. "
            "Nothing's changed there. Sorry, bit awkward to talk about!")
    assert parse_polarity(text) == "yes"
    story, _, payloads = say(asked("screen_cauda_equina"), text)
    assert story.answers["screen_cauda_equina"] == "yes" and payloads[0]["level"] == "emergency"


def test_a_catch_all_denial_of_the_area_answers_the_whole_group() -> None:
    story, _, _ = say(asked("screen_cauda_equina"),
                      "no numbness round my bum or between my legs. peeing normal. bowels normal. nothing different there.")
    assert story.answers["screen_cauda_equina"] == "no"


def test_a_pregnancy_test_told_is_not_a_yes() -> None:
    story, _, _ = say(asked("screen_pregnancy"), "I did a test a few days ago because my period was a bit late, and it was "
                                                 "negative. So not pregnant.")
    assert story.answers["screen_pregnancy"] == "no" and "pregnant" not in story.findings


def test_stiffness_that_goes_quickly_is_not_long_stiffness() -> None:
    story, _, _ = say(asked("screen_stiffness"), "a little stiff first thing, goes quickly.")
    assert story.answers["screen_stiffness"] == "no"


def test_legs_with_nothing_in_them_answer_the_leg_question_no() -> None:
    text = "En las dos piernas no tengo nada, ni dolor ni dormido ni debilidad"
    assert parse_leg_side(text) is None
    story, _, payloads = say(asked("leg_pain", language="es"), text)
    assert story.answers["leg_pain"] is False and not payloads


def test_a_scans_age_is_not_the_patients_age() -> None:
    assert parse_age("Honestly I think I need a new MRI, the last one is eleven years old.") is None
    assert parse_age("I am 45 years old") == 45



def test_a_gap_between_episodes_is_not_how_long_the_pain_has_lasted() -> None:
    assert parse_duration_days("For the first time in three years, I pulled my back out again.") is None
    assert parse_duration_days("been injecting for a few years. my lower back has been agony for a week") == 7.0


def test_a_tapped_yes_to_thin_bones_after_a_lift_asks_which_before_anything_counts() -> None:
    """GUIDELINE s3a: "which one?" at once; blood thinners without a fall are no red flag (chronic batch, buttons)."""
    story = asked("screen_bone", age=45)
    story.findings.append("lifting_or_bending")
    story, names, payloads = say(story, "Yes")
    assert names == ["utter_ask_which_screen_bone"] and not payloads
    story, _, payloads = say(story, "Blood thinners")
    assert "anticoagulant" in story.findings and "bone_risk_reported" not in story.findings and not payloads


def test_the_husbands_legs_are_not_the_writers_side() -> None:
    text = "My legs are both fine. Honestly, it's his legs you'd want to ask about, not mine."
    assert parse_leg_side(text) is None
    assert parse_leg_side("his legs are both numb", about_other=True) == "both"  # written for him: his are the patient's
    assert "leg_numbness" not in active("My husband's the one with numb feet and a bad back")
