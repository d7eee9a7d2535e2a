"""What the session-18 blind batches found (issue 13, GUIDELINE s3a): carers who write for someone named by no relation
("the young man next door", "one of my keepers") and tell their own illness beside the patient's back, a carer's "he
wet himself", older Spanish speakers' denials ("no siento nada raro en mis partes", "la pierna no se me dobla") and
long stories whose numbers are not the pain's ("Been driving OTR going on 19 yrs")."""
from __future__ import annotations

import pytest

from language.answers import is_unnamed, named_denials, parse_leg_side, parse_polarity, someone_else
from language.findings import extract_findings
from language.quantities import parse_age, parse_duration_days
from language.read import read
from tests.test_patient_words import NOW, asked, say
from triage.story import Story


def active(text: str, spanish: bool = False) -> set[str]:
    return {f.id for f in extract_findings(text, spanish=spanish) if not f.negated}


@pytest.mark.parametrize("text, finding", [
    ("he just came back from the bathroom and said he wet himself in the hallway and didn't even feel it coming",
     "bladder_dysfunction"),
    ("she soiled herself in bed", "bowel_incontinence"),
    ("he wet his pants on the way home", "bladder_dysfunction"),
])
def test_a_carer_tells_the_patients_accident(text, finding):
    assert finding in active(text)


@pytest.mark.parametrize("text, absent", [
    ("He didn't fall off anything. Both feet on the driveway the whole time.", "bilateral_leg_symptoms"),
    ("Between those her belly doesn't hurt, it's not constant pain.", "pregnancy_emergency"),
    ("I quit smoking and put on 20 pounds. Will he just tell me to lose weight?", "weight_loss"),
    ("The opposite, I've gained 20 lbs since quitting cigarettes", "weight_loss"),
    ("I nearly wet myself laughing", "bladder_dysfunction"),
])
def test_words_that_only_sound_like_a_sign(text, absent):
    assert absent not in active(text)


@pytest.mark.parametrize("text, absent", [
    ("no siento nada raro en mis partes ni en el trasero orino bien", "sexual_dysfunction"),
    ("No siento nada dormido entre las piernas Orino seguido por el embarazo", "saddle_numbness"),
    ("entre las piernas siento normal nada dormido orino bien sin problema", "saddle_numbness"),
    ("camino normal y la pierna no se me dobla a ratos", "leg_weakness"),
    ("el pecho bien mareado no me he sentido nunca", "faint_or_collapse"),
])
def test_spanish_denials_of_older_patients(text, absent):
    assert absent not in active(text, spanish=True)


@pytest.mark.parametrize("text, present", [
    ("no siento nada entre las piernas", "saddle_numbness"),
    ("la rodilla a veces se me dobla", "leg_weakness"),
    ("no siento el pene", "sexual_dysfunction"),
])
def test_spanish_signs_still_read(text, present):
    assert present in active(text, spanish=True)


def test_a_nameless_denial_of_an_odd_feeling_names_the_part():
    assert "saddle_numbness" in named_denials("ninguna sensacion rara entre las piernas orino bien")
    assert named_denials("no feeling down there") == frozenset()


@pytest.mark.parametrize("text, polarity", [
    ("Tengo mi fuerza de siempre, no me tropiezo No siento hormigueo en piernas ni pies", "no"),
    ("Las piernas tienen su fuerza Nada de hormigueo ni adormecimiento", "no"),
])
def test_strength_as_always_is_a_no(text, polarity):
    assert parse_polarity(text) == polarity


def test_legs_tired_after_work_are_no_side():
    assert parse_leg_side("dolor que baje a la pierna no, nomas el cansancio de las piernas al final del dia") is None
    assert parse_leg_side("my legs feel tired and weak") == "both"


@pytest.mark.parametrize("text, who", [
    ("I am typing this for the young man next door, Marco. He hurt his back washing his car.", "man"),
    ("I coach a soccer side and one of my keepers, Tomas, twisted awkwardly diving. Back pain only.", "keeper"),
    ("One of my swimmers, Abby, has had a sore low back for about eight weeks", "swimmer"),
    ("Buenas tardes, le escribe la abuela de Kevin. Al muchacho le duele la espalda baja desde hace 4 días.", "muchacho"),
    ("my mom cleans houses and her back hurts. She says 'me duele aquí abajo en la cintura'", "mom"),
    ("I'm the caregiver for my dad. He's had low back pain for 4 months. I'm 52 and have my own bad back", "dad"),
    ("I live next door to Mr. Hollis, he is 74. Since lunch he has had a bad new pain in his back.", "person"),
    ("Back pain for 3 days, started lifting a box", None),
    ("my back hurts and he says his back hurts too", None),
    ("My colleague told me to ask. Back pain since Tuesday", None),
    ("I look after my mum. My back hurts from lifting her", None),
])
def test_who_the_story_is_about(text, who):
    assert someone_else(text) == who


def test_the_writers_own_illness_beside_the_patients_back_is_the_writers():
    reading = read("Our son drove 10 hours home and his lower back has been stiff and sore since. I'll be honest, I have an "
                   "aortic aneurysm they're watching, so back pain in this house makes me jumpy.", at_opening=True)
    assert reading.subject == "son" and all(f.writer for f in reading.findings if f.id == "known_aneurysm")


def test_someone_named_by_no_relation_is_assessed_as_the_person_written_for():
    assert is_unnamed("man") and not is_unnamed("dad")
    _, names, _ = say(Story(), "I am typing this for the young man next door because his phone is smashed. "
                               "He hurt his back washing his car last Sunday.")
    assert "utter_about_the_person" in names and "utter_about_someone_else" not in names


def test_a_neighbours_known_aneurysm_escalates_at_the_opening():
    _, names, triage = say(Story(), "I live next door to Mr. Hollis, he is 74. He has that aneurysm in his belly that they "
                                    "keep an eye on, and since lunch he has had a bad new pain in his back.")
    assert triage[0]["level"] == "emergency" and "utter_about_the_person" in names


def test_a_careers_years_are_not_the_pains():
    text = "Been driving OTR going on 19 yrs. Last week my lower back locked up on me at a truck stop"
    assert parse_duration_days(text, NOW) == 7


def test_an_epidural_when_she_delivered_is_confirmed_first():
    [epidural] = [f for f in extract_findings("I had an epidural when I delivered") if f.id == "recent_spinal_procedure"]
    assert epidural.doubtful


def test_the_writers_age_after_a_correction_is_not_the_patients():
    reading = read("Ay perdón, una cosa: yo, la abuela, tengo 72 años y osteoporosis. ¿Eso a él no le afecta, verdad?",
                   asked="age", about_other=True, who="muchacho")
    assert reading.age is None and all(f.writer for f in reading.findings if f.id == "osteoporosis")


@pytest.mark.parametrize("answer, night_pain", [
    ("pues si y no, a veces me despierto cuando me volteo pero acostado quieto se me calma y vuelvo a dormir, "
     "no es todas las noches", False),
    ("yes, when I turn over, but I go back to sleep", False),
    ("it wakes me sometimes, not every night", False),
    ("yes, every night it wakes me", True),
])
def test_pain_that_wakes_every_night_is_the_sign(answer, night_pain):
    story, _, _ = say(asked("screen_night"), answer)
    assert ("night_pain" in story.findings) is night_pain


def test_a_question_back_to_which_one_is_answered_and_asked_again():
    story, _, _ = say(asked("pregnancy_signs"), "Yes")
    story, names, triage = say(story, "Her OB appointment is Thursday, can we just wait for that?")
    assert names[-1] == "utter_ask_which_pregnancy_signs" and not triage
    story, _, _ = say(story, "her bump goes tight every 8 minutes and then relaxes")
    assert "pregnancy_warning" in story.findings and "pregnancy_emergency" not in story.findings


def test_an_age_in_years_comes_before_a_decade_in_the_past():
    assert parse_age("57 year old male, generally healthy. I broke my tailbone falling off a bike in my thirties") == 57
    assert parse_age("my son is 30 years old and I am in my sixties") == 65


def test_an_age_told_in_an_aside_about_a_child_is_not_the_patients():
    reading = read("Hi there, I'm asking for my grandmother. She picked up my little cousin (he's 3 and heavy) on Thursday "
                   "and her back has been sore since.", at_opening=True)
    assert reading.subject == "grandmother" and reading.age is None


@pytest.mark.parametrize("text", [
    "tengo fuerza camino bien no se me doblan no se me duermen ni me hormiguean las piernas",
    "No, no tengo nada adormecido ni hormigueo en las piernas",
])
def test_a_sign_inside_a_denied_phrase_is_denied_with_it(text):
    assert not active(text, spanish=True) & {"bilateral_leg_symptoms", "leg_numbness"}


def test_a_carer_whose_own_back_hurts_is_the_patient_and_another_lads_crash_is_not_the_players():
    assert someone_else("My mum has osteoporosis and she's on steroids. She had a fall last week and I hurt my own back "
                        "lifting her off the floor. Her back's fine, mine is killing me.") is None
    reading = read("The club's jumpy because another of our lads broke his back in a car crash last year",
                   about_other=True, who="prop")
    assert all(f.writer for f in reading.findings if f.id == "major_trauma")


@pytest.mark.parametrize("text, absent", [
    ("never had cancer I've lost my pregnancy weight, that's all, nothing unexpected", "weight_loss"),
    ("I did a 6-day prednisone pack in April for poison ivy. Nothing since", "long_term_steroids"),
])
def test_held_out_suburb_lookalikes(text, absent):
    assert absent not in active(text)


def test_a_writers_survivorship_is_the_writers():
    reading = read("Writing for my husband. He hurt his back shoveling the driveway yesterday. He's 45. I'm a breast cancer "
                   "survivor so I worry about everything, sorry.", at_opening=True)
    assert reading.subject == "husband" and all(f.writer for f in reading.findings if f.id == "cancer_history")
