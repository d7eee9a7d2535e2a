"""What the session-14 blind batches (people writing for someone else, athletes, real forum posts, South American
Spanish) misread on first contact: ordinary Spanish denials read as signs ("No siento hormigueo en las piernas",
"cero adormecimiento"), the writer's or a relative's findings counted for the patient, a cause denied read as a
sign ("No big hit or fall started it"), and harmless look-alikes (sauna sweat, a steroid spray, "el calor tb")
(GUIDELINE s3, s3a)."""
from __future__ import annotations

from datetime import datetime

import pytest

from language.answers import parse_polarity
from language.read import patient_message
from tests.test_fresh_batch_answers import assert_reads
from tests.test_patient_words import asked, say
from triage.questions import next_question
from triage.story import Story


@pytest.mark.parametrize("text, spanish, absent, present", [
    # Spanish denials of numbness: "no siento/noto" + the symptom's own noun
    ("No siento adormecimiento ni hormigueo en las piernas ni en los pies", True, "bilateral_leg_symptoms", None),
    ("No siento hormigueo en las piernas.", True, "bilateral_leg_symptoms", None),
    ("no noto adormecimiento en el pie", True, "leg_numbness", None),
    ("no siento las piernas", True, None, "bilateral_leg_symptoms"),
    ("no siento el pie derecho", True, None, "leg_numbness"),
    ("ahi abajo siento todo normal, cero adormecimiento", True, "saddle_numbness", None),
    ("Las dos piernas las tiene bien El dolor no le baja a las piernas", True, "bilateral_leg_symptoms", None),
    ("las dos piernas están bien", True, "bilateral_leg_symptoms", None),
    ("me duelen las dos piernas", True, None, "bilateral_leg_symptoms"),
    ("nunca tuve cancer no baje de peso", True, "weight_loss", None),
    ("cancer nunca baje como 8 kilos", True, None, "weight_loss"),
    ("No he tenido fiebre ni escalofríos Jamás me he inyectado drogas", True, "injecting_drug_use", None),
    ("No tuve ninguna infección últimamente", True, "recent_infection", None),
    ("tuve una infección de orina la semana pasada", True, None, "recent_infection"),
    # long-standing and unchanged is not a new bladder sign
    ("Hace años que tengo la próstata agrandada y el chorro es flojo, pero está igual que siempre", True,
     "bladder_dysfunction", None),
    ("el chorro es flojo desde ayer", True, None, "bladder_dysfunction"),
    # look-alikes: a spray, sauna sweat, "tb" for "también", a brief winding, a simile, a test that was clear
    ("Pastillas de corticoides no tomo. Uso un spray nasal con corticoide para la alergia", True,
     "long_term_steroids", None),
    ("I use a steroid inhaler for asthma", False, "long_term_steroids", None),
    ("I sweated buckets in the sauna for the weight cut but that was on purpose", False, "fever", None),
    ("I woke up drenched in sweat every night this week", False, None, "fever"),
    ("sudo mucho en la chamba porque no hay aire acondicionado, pero en la noche no sudo ni tengo escalofrios", True,
     "fever", None),
    ("y en las noches sudo mucho", True, None, "fever"),
    ("ibuprofeno me ayuda bastante, el calor tb", True, "past_tuberculosis", None),
    ("tuve tb de joven", True, None, "past_tuberculosis"),
    ("no, chest is fine and I'm not short of breath, just winded for a sec at the time", False,
     "chest_pain_or_breathless", None),
    ("I get winded climbing the stairs", False, None, "chest_pain_or_breathless"),
    ("Walking around like I've pooed myself", False, "bowel_incontinence", None),
    ("They had an HIV test at a sexual health check last month and it was negative, so no HIV.", False,
     "immunosuppression", None),
    ("One of my clients is going through bowel cancer treatment.", False, "cancer_history", None),
    ("I've got MS so I know what weak legs look like, and his are fine.", False, "bilateral_leg_weakness", None),
    ("No weakness - his foot doesn't catch, he walks normally.", False, "progressive_weakness", None),
    ("She can wiggle her feet and move both legs normally, no weakness.", False, "bilateral_leg_weakness", None),
    ("I had an epidural when she was born but that was a year and a half ago", False, "recent_spinal_procedure", None),
    # new words for signs
    ("She came off the high bar at training, missed the mat and landed on her back.", False, None, "major_trauma"),
    ("He fell about two and a half metres", False, None, "major_trauma"),
    ("He rebajado como 8 kilos en dos meses sin hacer dieta, la ropa me queda grandísima", True, None, "weight_loss"),
    ("tengo adormecida la parte de adelante del muslo derecho", True, None, "leg_numbness"),
    ("a la mañana estoy duro mas de una hora, y se me va moviendome", True, None, "morning_stiffness"),
    # a new clause after a denial: "No tengo diagnóstico de osteoporosis Tomo prednisona" (dictated, es_sur batch)
    ("No tengo diagnóstico de osteoporosis Tomo prednisona en pastillas, 10 mg al día", True, None, "long_term_steroids"),
    ("No thin bones. Never I take steroid pills.", False, "long_term_steroids", None),
    # long-standing and unchanged, a passing shock, a usual dizziness, weight lost by a medicine (comorbid batch)
    ("Both feet have had the diabetic numbness for about eight years, and the nurse says it hasn't changed.", False,
     "bilateral_leg_symptoms", None),
    ("Both feet have been numb for years but now my legs are weak", False, None, "bilateral_leg_weakness"),
    ("My legs turned to jelly when the pain first hit, but that was just the shock, they're fine now.", False,
     "bilateral_leg_weakness", None),
    ("I get a bit light-headed after dialysis sometimes, same as always, not with this back.", False,
     "faint_or_collapse", None),
    ("I've lost 9 kilos since I started Mounjaro in the spring, which was the point of it.", False, "weight_loss", None),
    ("Has anyone had the injection or a microdiscectomy? Is it worth it?", False, "recent_spinal_procedure", None),
    ("mi mama tomaba sintrom, yo no tomo nada de eso", True, "anticoagulant", None),
    ("I'm diabetic with numb feet, but that's nothing new.", False, "leg_numbness", None),
    # older sets re-run (real4, pushback, translated): a plan is no procedure, an idiom, a comparison denied
    ("He said a couple epidurals, and some physical therapy could fix everything.", False,
     "recent_spinal_procedure", None),
    ("Yes, if it does not pass, I am ready for the blockade (injection in the spine) or even operation", False,
     "recent_spinal_procedure", None),
    ("My legs turned to jelly when I saw what a physio costs. Joke!", False, "bilateral_leg_weakness", None),
    ("Her legs are no weaker than before, she's just sore", False, "progressive_weakness", None),
    ("my leg is weaker than yesterday", False, None, "progressive_weakness"),
    ("I'm diabetic and my feet went numb yesterday, that's new", False, None, "bilateral_leg_symptoms"),
    ("oye pero no sera tuberculosis en los huesos? a mi hermano le dio tuberculosis hace años", True,
     "past_tuberculosis", None),
    ("tuve tuberculosis de joven", True, None, "past_tuberculosis"),
    ("ah la beba tuvo fiebre la semana pasada pero ya esta re bien eh", True, "fever", None),
    # a hedge reaches a few words only
    ("since yesterday I can't get an erection and it feels kind of numb around my privates", False, None,
     "sexual_dysfunction"),
    # es3 labelled set: Spanish words for signs
    ("un carro me chocó por detrás en el expreso", True, None, "major_trauma"),
    ("tuve un accidente con la moto, me tiró un auto en la avenida", True, None, "major_trauma"),
    ("iba a toda leche y me estampé contra un árbol", True, None, "major_trauma"),
    ("ayer casi me caigo bajando de la micro", True, "minor_injury", None),
    ("no noto nada ahí abajo cuando estoy con mi pareja", True, None, "sexual_dysfunction"),
    ("la pierna derecha me falla cada vez más seguido", True, None, "progressive_weakness"),
    ("la pierna sigue débil pero igual que antes, no ha empeorado", True, "progressive_weakness", "leg_weakness"),
    ("me estoy haciendo pichí encima sin darme cuenta", True, None, "bladder_dysfunction"),
    ("no controlo ni la pipí ni la popó", True, None, "bowel_incontinence"),
    ("como que siento latir algo en la panza", True, None, "pulsing_belly"),
    ("me puse pálido y sudando frío", True, "fever", "faint_or_collapse"),
    ("me vienen unos sudores fríos y calentura en las noches", True, "faint_or_collapse", "fever"),
    ("sí, anoche tuve 39", True, None, "fever"),
    ("tengo 39 años", True, "fever", None),
    ("no siento nada en el poto ni entremedio de las piernas", True, None, "saddle_numbness"),
    ("Estoy de 7 meses y tengo un dolor de panza fortísimo que no se me quita para nada", True, None,
     "pregnancy_emergency"),
])
def test_session_14_denials_and_signs(text: str, spanish: bool, absent: str | None, present: str | None) -> None:
    assert_reads(text, spanish, absent, present)


@pytest.mark.parametrize("question, text, answer, language", [
    ("screen_trauma", "Came on doing heavy deadlifts. No big hit or fall started it - it came on in the gym.", "no", "en"),
    ("screen_pregnancy", "He's male, so that doesn't apply.", "no", "en"),
    ("screen_pregnancy", "he's my husband so no lol", "no", "en"),
    ("screen_night", "Lying on her side with a pillow between her knees eases it, she sleeps.", "no", "en"),
    ("screen_night", "had a couple of rough nights when I rolled over but it's not waking me now", "no", "en"),
    ("leg_nerves_detail", "I'm walking normally.", "no", "en"),
    ("screen_leg_nerves", "I'm walking normally but my right foot is numb", "yes", "en"),
    ("screen_aneurysm", "Sin dolor de panza.", "no", "es"),
    ("screen_aneurysm", "La guata bien", "no", "es"),
])
def test_session_14_answers(question: str, text: str, answer: str, language: str) -> None:
    story, _, payloads = say(asked(question, language=language), text)
    assert story.answers[question] == answer and not payloads


def test_the_legs_question_answered_with_neither_leg_is_a_no() -> None:
    story, names, _ = say(asked("leg_pain"), "neither leg is affected, it's only my back")
    assert story.answers["leg_pain"] is False and "utter_ask_leg_pain_again" not in names


def test_feeling_normal_down_there_is_no_yes() -> None:
    assert parse_polarity("Siento normal ahí abajo Orino más seguido por el embarazo, pero sin ardor") == "no"
    assert parse_polarity("siento hormigueo") == "yes"


def test_a_mothers_message_about_her_son_is_about_him_and_skips_pregnancy() -> None:
    """Issue 13 item 1: "My son's been in agony ... he's burning up" is the son's fever, at once."""
    story, names, payloads = say(Story(), "My son's been in agony with his back for a week and he's burning up. He's 28.")
    assert story.subject == "son" and "fever" in story.findings and payloads[-1]["level"] == "urgent"
    assert story.answers.get("screen_pregnancy") == "no" and "utter_about_someone_else" in names


def test_our_dad_and_dad_are_the_writers_relatives_not_the_brother_written_about() -> None:
    story = Story(subject="brother", greeted=True)
    message = patient_message(story, "He's never had cancer. Our dad had prostate cancer, he's fine now.",
                              now=datetime(2026, 12, 6))
    assert not any(story.counts(f) for f in message.findings if f.id == "cancer_history")


def test_with_a_nerve_symptom_the_questions_that_make_it_an_emergency_come_next() -> None:
    """NICE-NG234: cancer or infection with a new nerve symptom is an emergency: asked before the rest (sport batch)."""
    story = Story(greeted=True, duration_days=14, findings=["leg_numbness"],
                  answers={"screen_cauda_equina": "no", "leg_side": "one"})
    order = []
    for _ in range(5):
        question = next_question(story)
        assert question is not None
        order.append(question.id)
        story.answers[question.id] = "no"
    assert order == ["leg_nerves_detail", "screen_cancer", "screen_infection", "screen_infection_recent", "onset"]
