"""Answers the terse, rambling and Caribbean-Spanish batches (session 12) misread on first contact: a grouped
question's parts denied by name ("no osteoporosis no steroids no thinners", "peein ok bowels ok", "mareos no"),
a lower-case "ya" or a side starting the next answer, short weekday names, and retention told at length
(GUIDELINE s3a: a partial denial answers only what it names)."""
from __future__ import annotations

from datetime import datetime

import pytest

from language.answers import named_denials
from language.cues import cued_screens
from language.findings import extract_findings
from language.quantities import parse_duration_days
from tests.test_fresh_batch_answers import active
from tests.test_patient_words import asked, say

MONDAY = datetime(2026, 12, 7, 12)


@pytest.mark.parametrize("text, denied", [
    ("no osteoporosis no steroids no blood thinners", {"osteoporosis", "long_term_steroids", "anticoagulant"}),
    ("no numbness down there peein ok bowels ok no probs",
     {"saddle_numbness", "bladder_dysfunction", "bowel_incontinence"}),
    ("no fever never injected immune fine", {"fever", "injecting_drug_use", "immunosuppression"}),
    ("not on thinners", {"anticoagulant"}), ("fiebre pa na", {"fever"}), ("pecho bien, mareos no",
                                                                          {"chest_pain_or_breathless", "faint_or_collapse"}),
    ("no me han operado ni inyecciones", {"recent_spinal_procedure"}), ("TB never.", {"past_tuberculosis"}),
    # not denials: doubt, a sign told with "no", a question back, a "but" after the "fine"
    ("not sure about my weight", set()), ("no idea about cancer", set()), ("No sé si tengo fiebre", set()),
    ("no feeling down there", set()), ("no control over bladder", set()), ("no puedo orinar", set()),
    ("la orina no me sale", set()), ("pee no longer comes", set()), ("peeing normal? no", set()),
    ("peeing fine but bowels leaking", set()),
])
def test_parts_of_a_grouped_question_denied_by_name(text: str, denied: set[str]) -> None:
    assert named_denials(text) == denied


def test_every_part_denied_by_name_is_a_no_and_one_part_asks_the_rest() -> None:
    story, _, _ = say(asked("screen_bone"), "no osteoporosis no steroids no blood thinners")
    assert story.answers["screen_bone"] == "no"
    story, names, _ = say(asked("screen_bone"), "no steroids")
    assert names[-1] == "utter_ask_rest" and "screen_bone" not in story.answers


@pytest.mark.parametrize("text, finding", [
    ("never had cancer ya lost a stone, not tryin", "weight_loss"),
    ("wiping feels normal, not numb down there peein ok bowels ok ya cant get hard since tues", "sexual_dysfunction"),
    ("not that i know ya prednisolone 2 yrs for pmr no blood thinners", "long_term_steroids"),
    ("not weak left leg numb since wed", "leg_numbness"),
    ("I don't really feel when my bladder's full any more", "bladder_dysfunction"),
    ("when I go to pee I stand there for ages and nothing comes", "bladder_dysfunction"),
])
def test_a_sign_after_a_terse_denial_is_read(text: str, finding: str) -> None:
    assert finding in active(text)


def test_a_spanish_ya_no_stays_a_denial() -> None:
    assert "fever" not in active("no, ya no tengo fiebre")


@pytest.mark.parametrize("text, days", [("since tues", 6.0), ("since thurs", 4.0), ("on sat", 2.0), ("I sat down", None)])
def test_short_weekday_names(text: str, days: float | None) -> None:
    assert parse_duration_days(text, MONDAY, expecting=True) == days


def test_feeling_ill_moves_the_infection_question_forward() -> None:
    assert "screen_infection" in cued_screens("back agony n feel like crap")


@pytest.mark.parametrize("text, absent", [
    ("El pecho bien, respiro normal Mareos ni desmayos", "faint_or_collapse"),
    ("Del pecho bien y respiro normal Mareos o desmayos, ninguno", "faint_or_collapse"),
    ("Fuerza normal, ando bien Hormigueo ninguno en las piernas", "bilateral_leg_symptoms"),
    ("Fuerza tengo en las dos piernas, camino normal y me paro en puntas", "bilateral_leg_symptoms"),
    ("embarazado no jaja", "pregnant"), ("fiebre na drogas no bro, pa na defensas bien", "fever"),
    ("Hace como diez años sí me caí de una escalera", "major_trauma"),  # a past fall, stressed
    ("Tuberculosis no Infección de orina este mes no, ni ninguna otra", "recent_infection"),
])
def test_caribbean_spanish_denials(text: str, absent: str) -> None:
    assert absent not in active(text, spanish=True)


@pytest.mark.parametrize("text, present", [
    ("no puedo orinar ni controlar las heces.", "bladder_dysfunction"),  # "ni" after a sign's own "no": both signs
    ("no puedo orinar ni controlar las heces.", "bowel_incontinence"),
    ("las piernas no me responden", "bilateral_leg_weakness"),
    ("no, sí me duele la pierna", "leg_pain"),
])
def test_caribbean_spanish_signs_stay_signs(text: str, present: str) -> None:
    assert present in active(text, spanish=True)


@pytest.mark.parametrize("text, who, counts", [
    ("No, he's never had cancer. It was my dad who had the prostate cancer.", "son", False),  # the writer's father
    ("my father had bowel cancer", "dad", True),  # writing for dad: his own
    ("No, I'm not on blood thinners, it's Geoff who's on the warfarin.", None, False),
    ("Not me. It's Pauline, my sister, who's got it, and our mum had bowel cancer in her seventies.", None, False),
    ("The bike crash was 2015 and it was my collarbone, fully healed", None, False),
    ("sitting beside me with his hearing aids in", None, False),
])
def test_whose_finding_in_a_long_story(text: str, who: str | None, counts: bool) -> None:
    from language.read import read
    from triage.story import Story

    story = Story(subject=who)
    findings = read(text, about_other=who is not None, who=who).findings
    assert any(story.counts(f) for f in findings) == counts


def test_heart_tablets_are_no_chest_cue() -> None:
    assert "screen_vascular" not in cued_screens("I'm on quite a few tablets for my heart and blood pressure")
    assert "screen_vascular" in cued_screens("a pain in my heart going through to my back")


@pytest.mark.parametrize("text, polarity", [("right leg strong, walkin fine", "no"), ("right, yes it does", "yes"),
                                            ("not sure", "unsure")])
def test_right_names_a_side_before_a_leg(text: str, polarity: str) -> None:
    from language.answers import parse_polarity
    assert parse_polarity(text) == polarity


def test_neither_of_my_legs_is_no_side() -> None:
    from language.answers import parse_leg_side
    assert parse_leg_side("neither of my legs no leg pain") is None


def test_fine_said_first_denies_by_name() -> None:
    assert named_denials("siento normal ahi abajo orino normal") == {"saddle_numbness", "bladder_dysfunction"}
    assert named_denials("not normal down there") == set()
    assert "screen_vascular" not in cued_screens("tomo eliquis x el corazon")


def test_refusing_the_hospital_is_no_answer_to_a_danger_sign_question() -> None:
    story, _, _ = say(asked("screen_leg_nerves"),
                      "Can't you just give me antibiotics? I'm not going to hospital, they judge you there.")
    assert "screen_leg_nerves" not in story.answers  # still to be answered: asked again, never read as a "no"


def test_it_was_my_mum_who_had_it() -> None:
    found = extract_findings("No, I've never had cancer myself. It was my mum who had bowel cancer.")
    assert not [f for f in found if f.is_active()]


def test_a_yes_with_another_part_said_normal_stays_a_yes() -> None:
    """A part denied by name never turns the answer's "yes" into a "no" (esl set: under-triage caught in review)."""
    story, _, levels = say(asked("screen_cauda_equina"),
                           "Yes. When I wipe after toilet I not feel the paper, around the bottom is like dead No, pee is "
                           "normal Yes, yesterday I make little bit in pants and I not feel it coming.")
    assert story.answers["screen_cauda_equina"] == "yes" and levels[-1]["level"] == "emergency"


@pytest.mark.parametrize("text, absent, present", [
    ("Why, does it matter? No chest pain, breathing's fine. Faint? Never.", "faint_or_collapse", None),
    ("I nearly wet myself laughing. But seriously, my bladder's totally normal", "bladder_dysfunction", None),
    ("I wet myself last night", None, "bladder_dysfunction"),
    ("It's not weak. I can stand on my tiptoes and heels on both feet. Tingling in my right foot.",
     "bilateral_leg_symptoms", "leg_numbness"),
    ("tingling in both feet, I can stand on tiptoes though", None, "bilateral_leg_symptoms"),
])
def test_echoes_idioms_and_strength(text: str, absent: str | None, present: str | None) -> None:
    found = active(text)
    assert absent is None or absent not in found
    assert present is None or present in found


def test_dont_take_denies_by_name() -> None:
    assert named_denials("No thin bones. I don't take steroid tablets. Zero blood thinners.") == {
        "osteoporosis", "long_term_steroids", "anticoagulant"}
    assert named_denials("I don't get the urge to pee") == set()  # a sign, not a denial
    assert "bladder_dysfunction" in named_denials("Peeing normally.")


def test_still_injecting_with_no_object_named_is_read() -> None:
    assert "injecting_drug_use" in active("Used to... well, no, I'll be honest, I still inject sometimes, mostly at weekends.")
    assert "injecting_drug_use" not in active("I inject insulin twice a day")


@pytest.mark.parametrize("question, text, answer", [
    # Caribbean Spanish
    ("screen_infection", "fiebre na drogas no bro, pa na defensas bien", "no"),
    ("screen_trauma", "Golpes ni caídas, ná", "no"), ("screen_trauma", "Sin caídas ni golpes, fue el esfuerzo", "no"),
    ("screen_trauma", "Golpe ninguno, ni contra la tabla ni contra las rocas", "no"),
    ("screen_night", "de noche duermo, cuando me acuesto se me alivia", "no"),
    ("screen_infection_recent", "tuberculosis nunca infección ninguna este mes, ni me han puesto nada en la espalda", "no"),
    # minutes of morning stiffness said plainly
    ("screen_stiffness", "bit stiff when I get up, 5 mins maybe", "no"),
    ("screen_stiffness", "Stiff first thing, 15 minutes or so", "no"),
    ("screen_stiffness", "yes, stiff for 20 minutes to an hour every morning", "yes"),
    # terse denials
    ("screen_leg_nerves", "not weak no numbness", "no"),  # a bare "not" + the sign: a denial
    ("screen_cancer", "only a bcc off my nose dont think so, weight same", "no"),  # basal cell skin cancer is excepted
    ("screen_infection", "no fever no drugs injected, only weed had hiv test last month, negative", "no"),
    # legs said strong answer the leg-nerve question
    ("screen_leg_nerves", "My legs are strong, I'm walking normally No numbness or tingling anywhere", "no"),
    ("screen_leg_nerves", "My legs feel strong No numbness", "no"),
    ("screen_leg_nerves", "My legs feel strong but my right foot is numb", "yes"),
])
def test_the_answer_to_one_question(question: str, text: str, answer: str) -> None:
    story, _, _ = say(asked(question), text)
    assert story.answers[question] == answer
