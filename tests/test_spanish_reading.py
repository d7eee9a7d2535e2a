"""Spanish read with the same safety as English (issue 15, GUIDELINE s3 and s3a).

The red-flag findings and their context (denied, someone else's, in the past, a "what if", a hedge),
the short answers to the questions, and same-turn escalation of every emergency sign, in the Spanish
of Mexico, Central America, the Caribbean, the Andes, the River Plate and Spain, with and without
accents. Sentences written for these tests.
"""
from __future__ import annotations

from datetime import datetime

import pytest

from language import answers
from language.answers import fold, parse_leg_side, parse_polarity, parse_progress
from language.findings import extract_findings
from language.read import patient_message
from triage.conversation import respond
from triage.knowledge import load_knowledge
from triage.questions import QUESTION_BY_ID, ask
from triage.story import Story

NOW = datetime(2026, 12, 6, 12, 0)


def found(text: str, spelling: bool = False):
    """The findings of a Spanish message (Spanish is read without the English spelling step)."""
    return extract_findings(text, spelling=spelling)


def active(text: str) -> set[str]:
    return {f.id for f in found(text) if f.is_active()}


def the(finding_id: str, text: str):
    matches = [f for f in found(text) if f.id == finding_id]
    assert matches, (finding_id, text, found(text))
    return matches[0]


# --------------------------------------------------------------------------- accents

def test_accents_are_folded_character_for_character_and_n_tilde_is_kept():
    assert fold("Está entumída, ÁNIMO, pingüino") == "Esta entumida, ANIMO, pinguino"
    assert fold("año, niño, Ñandú") == "año, niño, Ñandu"  # "año" is never "ano"
    assert len(fold("áéíóúüÁÉÍÓÚ")) == 11


@pytest.mark.parametrize("with_accents, without", [
    ("Me oriné encima y no me di cuenta", "Me orine encima y no me di cuenta"),
    ("Tengo la entrepierna adormecida", "tengo la entrepierna adormesida"),
    ("Me caí del andamio", "me cai del andamio"),
    ("Me desmayé en la cocina", "me desmaye en la cocina"),
])
def test_a_message_reads_the_same_with_and_without_accents(with_accents, without):
    assert active(with_accents) == active(without) and active(with_accents)


def test_offsets_point_at_the_words_as_written():
    text = "Ayer me oriné encima sin querer"
    (bladder,) = [f for f in found(text) if f.id == "bladder_dysfunction"]
    assert text[bladder.start:bladder.end] == bladder.text and "oriné" in bladder.text


def test_ano_is_only_the_saddle_area_with_its_article():
    assert "saddle_numbness" not in active("hace un año tengo hormigueo en la pierna")
    assert "saddle_numbness" not in active("hace un ano tengo hormigueo en la pierna")  # "año" typed without ñ
    assert "saddle_numbness" in active("tengo dormido alrededor del ano")


# --------------------------------------------------------------------------- every finding

@pytest.mark.parametrize("finding_id, text", [
    ("saddle_numbness", "Desde ayer casi no siento el papel higiénico al limpiarme"),
    ("bladder_dysfunction", "Llevo todo el día sin poder hacer pipí"),
    ("bowel_incontinence", "Se me escapó la caca y no lo sentí"),
    ("sexual_dysfunction", "Desde que empezó lo de la espalda ya no logro tener una erección"),
    ("bilateral_leg_weakness", "Siento las dos piernas flojas, sin fuerza"),
    ("bilateral_leg_symptoms", "Traigo hormigueo en las dos piernas"),
    ("progressive_weakness", "Voy arrastrando el pie derecho y cada día está peor"),
    ("leg_weakness", "La rodilla izquierda se me dobla y la pierna no me responde"),
    ("major_trauma", "Me caí del techo mientras arreglaba la antena"),
    ("vascular_tearing_pain", "Me dio un dolor desgarrador en la espalda de repente"),
    ("faint_or_collapse", "Hoy perdí el conocimiento unos segundos"),
    ("pulsing_belly", "Noto como un latido en la barriga cuando me acuesto"),
    ("known_aneurysm", "El cardiólogo me vigila un aneurisma"),
    ("chest_pain_or_breathless", "Siento una opresión en el pecho desde la mañana"),
    ("fever", "Anoche tuve calentura y sudores fríos"),
    ("injecting_drug_use", "Antes compartía jeringas con mis amigos"),
    ("immunosuppression", "Soy trasplantado de riñón"),
    ("long_term_steroids", "Tomo prednisona todos los días por el asma"),
    ("past_tuberculosis", "Me trataron la tisis cuando vivía en el campo"),
    ("recent_spinal_procedure", "Hace tres semanas me pusieron una infiltración en la columna"),
    ("recent_infection", "El mes pasado me dio una infección de riñón"),
    ("cancer_history", "Tuve cáncer de seno hace doce años"),
    ("weight_loss", "He adelgazado mucho sin querer, la ropa me queda grande"),
    ("back_lump", "Me salió una bola en la espalda que antes no estaba"),
    ("thoracic_pain", "El dolor está en la parte alta de la espalda"),
    ("night_pain", "El dolor no me deja dormir"),
    ("morning_stiffness", "Al levantarme tengo la espalda tiesa más de una hora"),
    ("osteoporosis", "La doctora dice que tengo los huesos frágiles"),
    ("anticoagulant", "Tomo acenocumarol por una arritmia"),
    ("minor_injury", "Me resbalé en el piso mojado"),
    ("lifting_or_bending", "Me agaché para cargar al niño"),
    ("pregnant", "Estoy embarazada de cinco meses"),
    ("pregnancy_warning", "Estoy embarazada y siento ardor al orinar"),
    ("pregnancy_emergency", "Estoy embarazada y empapé dos toallas de sangre"),
    ("leg_pain", "El dolor se me corre hasta la pantorrilla"),
    ("leg_numbness", "Se me duerme el pie izquierdo"),
])
def test_every_finding_has_spanish_words(finding_id, text):
    assert finding_id in active(text), found(text)


def test_every_finding_in_the_knowledge_file_has_spanish_patterns():
    specs = load_knowledge().findings
    screening = {"_reported"}
    missing = [fid for fid, spec in specs.items()
               if not fid.endswith(tuple(screening)) and not any("(?#es)" in p for p in spec.patterns)]
    assert not missing


# --------------------------------------------------------------------------- context

@pytest.mark.parametrize("text, finding_id", [
    ("No tengo fiebre", "fever"),
    ("no he tenido fiebre ni escalofríos", "fever"),
    ("Nunca he tenido cáncer", "cancer_history"),
    ("sin fiebre y sin sudores", "fever"),
    ("Fiebre tampoco", "fever"),
    ("tampoco tengo calentura", "fever"),
    ("Nunca me he caído de una escalera", "major_trauma"),
    ("nada de hormigueo entre las piernas", "saddle_numbness"),
    ("no me ha dado fiebre", "fever"),
    ("no se me duermen las piernas", "bilateral_leg_symptoms"),
    ("no tengo problemas para orinar", "bladder_dysfunction"),
    ("no siento dolor en las piernas", "bilateral_leg_symptoms"),
    ("no he bajado de peso", "weight_loss"),
    ("No me he caído", "minor_injury"),
    ("ni me caí ni nada", "minor_injury"),
    ("el peso está igual que siempre", "weight_loss"),
])
def test_spanish_denials(text, finding_id):
    finding = the(finding_id, text)
    assert finding.negated and not finding.is_active()


@pytest.mark.parametrize("text, finding_id", [
    ("No tengo fiebre, pero no puedo orinar desde ayer", "bladder_dysfunction"),
    ("No tengo fiebre, se me duermen las dos piernas", "bilateral_leg_symptoms"),
    ("No aguanto el dolor y se me duermen las dos piernas", "bilateral_leg_symptoms"),
    ("No sé qué me pasa, no puedo orinar", "bladder_dysfunction"),
    ("No, no puedo orinar", "bladder_dysfunction"),
    ("No siento las piernas desde esta mañana", "bilateral_leg_symptoms"),
    ("fiebre no, pero se me salió la orina", "bladder_dysfunction"),
    ("No es normal, se me escapa el pipí", "bladder_dysfunction"),
])
def test_a_denial_does_not_reach_the_next_statement(text, finding_id):
    assert finding_id in active(text), found(text)


@pytest.mark.parametrize("text, finding_id", [
    ("Mi mamá tuvo cáncer de mama", "cancer_history"),
    ("A mi papá le dio cáncer de próstata", "cancer_history"),
    ("mi esposo tiene las piernas débiles", "bilateral_leg_weakness"),
    ("a mi esposa se le duermen las piernas", "bilateral_leg_symptoms"),
    ("Mi hija está embarazada", "pregnant"),
    ("Mi abuela sufría de osteoporosis", "osteoporosis"),
    ("ella se inyecta heroína", "injecting_drug_use"),
    ("él se cayó del techo", "major_trauma"),
    ("sus piernas están débiles", "bilateral_leg_weakness"),
    ("Mi suegra tiene un aneurisma", "known_aneurysm"),
    ("Mi primo tuvo tuberculosis", "past_tuberculosis"),
    ("mi tía está con quimioterapia", "cancer_history"),
    ("Osteoporosis en mi familia", "osteoporosis"),
])
def test_someone_elses_findings_are_not_the_patients(text, finding_id):
    finding = the(finding_id, text)
    assert finding.family and not finding.is_active()


@pytest.mark.parametrize("text, finding_id", [
    ("Tengo la pierna derecha dormida pero la izquierda está bien", "leg_numbness"),
    ("Sin fiebre pero con escalofríos", "fever"),
    ("Las piernas dormidas, la orina normal", "bilateral_leg_symptoms"),
])
def test_a_denial_of_one_thing_does_not_cross_a_contrast(text, finding_id):
    assert finding_id in active(text), found(text)


def test_a_relatives_story_ends_where_the_patients_own_begins():
    assert "bilateral_leg_symptoms" in active("Mi mamá tuvo cáncer y yo tengo las dos piernas dormidas")
    assert "cancer_history" not in active("Mi mamá tuvo cáncer de colon, yo no")


@pytest.mark.parametrize("text, finding_id", [
    ("Hace años tuve una infección de riñón", "recent_infection"),
    ("De niño me dio fiebre reumática", "fever"),
    ("Cuando era joven me caí de un caballo", "major_trauma"),
    ("Hace 10 años me operaron de la columna", "recent_spinal_procedure"),
    ("El año pasado tuve una infección de riñón", "recent_infection"),
    ("tuve fiebre pero ya se me quitó", "fever"),
    ("en 2015 tuve un accidente de carro", "major_trauma"),
])
def test_the_past_is_not_a_current_finding(text, finding_id):
    finding = the(finding_id, text)
    assert finding.historical and not finding.is_active()


def test_a_personal_history_of_cancer_counts_however_long_ago():
    finding = the("cancer_history", "Tuve cáncer de mama hace 10 años")
    assert finding.historical and finding.is_active()


def test_a_lasting_problem_told_with_hace_is_current():
    assert "bilateral_leg_symptoms" in active("Hace un año que tengo las piernas dormidas")
    assert "bilateral_leg_symptoms" in active("Desde hace años tengo las piernas dormidas")
    assert "long_term_steroids" in active("Tomo prednisona desde hace años")


@pytest.mark.parametrize("text, finding_id", [
    ("¿Y si se me duermen las piernas?", "bilateral_leg_symptoms"),
    ("¿Qué pasa si no puedo orinar?", "bladder_dysfunction"),
    ("Por si acaso, ¿qué hago si me da fiebre?", "fever"),
    ("¿La hernia puede causar incontinencia?", "bladder_dysfunction"),
    ("Me dijeron que regresara si se me duermen las piernas", "bilateral_leg_symptoms"),
    ("¿Es cáncer de hueso?", "cancer_history"),
    ("Me da miedo que sea cáncer de pulmón", "cancer_history"),
    ("Me recomendaron una infiltración en la columna", "recent_spinal_procedure"),
])
def test_what_ifs_and_questions_are_not_findings(text, finding_id):
    finding = the(finding_id, text)
    assert finding.hypothetical and not finding.is_active()


@pytest.mark.parametrize("text, finding_id", [
    ("Creo que tengo un poco de fiebre", "fever"),
    ("A lo mejor se me duerme la pierna derecha", "leg_numbness"),
    ("Tal vez tengo fiebre", "fever"),
    ("Quizás se me escapó un poco de orina", "bladder_dysfunction"),
    ("No sé si tengo fiebre", "fever"),
    ("Como que se me duerme la pierna", "leg_numbness"),
    ("Casi me desmayo en la fila", "faint_or_collapse"),
])
def test_a_hedge_is_read_as_uncertain_and_confirmed_first(text, finding_id):
    finding = the(finding_id, text)
    assert finding.uncertain and finding.weak


def test_a_guess_at_a_height_is_not_a_doubt_about_the_fall():
    finding = the("major_trauma", "Me caí del andamio, a lo mejor unos 3 metros")
    assert not finding.uncertain and finding.is_active()


@pytest.mark.parametrize("text", [
    "Hola, tengo dolor de espalda desde hace tres días",
    "Me duele la cintura cuando me agacho a recoger cosas",
    "Estoy de pie todo el día en la tienda y me duele la espalda",
    "Tengo que estar parado todo el día y se me cansan las piernas",
    "No tengo fiebre, ni problemas para orinar, ni nada raro",
    "Camino bien, las piernas están bien",
    "Todo bien con la orina y el popó",
    "No he tenido caídas ni accidentes",
    "Che, me duele la espalda una banda desde el finde",
    "Tío, me he hecho daño en la espalda jugando al pádel",
    "Mi papá tuvo cáncer pero yo no",
    "Duermo bien, pero en la mañana me levanto adolorido un ratito",
    "He dormido fatal por el dolor de espalda",
])
def test_ordinary_back_pain_in_spanish_has_no_red_flag(text):
    knowledge = load_knowledge()
    assert not [f.id for f in found(text) if f.is_active() and knowledge.findings[f.id].is_red_flag], found(text)


def test_english_reading_is_unchanged_by_the_spanish_rules():
    assert [f.id for f in extract_findings("I can't feel the toilet paper when I wipe") if f.is_active()] == ["saddle_numbness"]
    (fever,) = extract_findings("no fever, my legs are numb")[:1]
    assert fever.id == "fever" and fever.negated
    assert "pregnant" not in {f.id for f in extract_findings("my sister is pregnant") if f.is_active()}


# --------------------------------------------------------------------------- answers (GUIDELINE s3a)

@pytest.mark.parametrize("text, polarity", [
    ("sí", "yes"), ("si", "yes"), ("Sí, un poco", "yes"), ("claro", "yes"), ("simón", "yes"), ("ajá", "yes"),
    ("así es", "yes"), ("correcto", "yes"), ("sip", "yes"), ("pues sí", "yes"), ("un poco", "yes"), ("creo que sí", "yes"),
    ("no", "no"), ("No.", "no"), ("nel", "no"), ("nop", "no"), ("nada", "no"), ("para nada", "no"), ("ninguno", "no"),
    ("tampoco", "no"), ("nunca", "no"), ("nada de eso", "no"), ("No, no tengo nada de eso", "no"), ("normal", "no"),
    ("bien", "no"), ("todo bien", "no"), ("no se me duermen las piernas", "no"), ("No, ningún problema", "no"),
    ("no sé", "unsure"), ("No se", "unsure"), ("ni idea", "unsure"), ("quién sabe", "unsure"), ("no estoy segura", "unsure"),
    ("no estoy seguro", "unsure"), ("a lo mejor", "unsure"), ("puede ser", "unsure"), ("no me acuerdo", "unsure"),
    ("tal vez", "unsure"), ("creo que no", "no"), ("No sé, la verdad", "unsure"),
    ("no entiendo", None), ("¿qué quiere decir?", None), ("¿cómo?", None), ("¿Mande?", None),
    ("No... perdón, sí, un poco", "yes"), ("No, mejor dicho sí", "yes"), ("Sí. Bueno no, en realidad no", "no"),
    ("dice que no", "no"),
])
def test_short_spanish_answers(text, polarity):
    assert parse_polarity(text) == polarity


def test_no_idea_is_never_a_no():
    for text in ("ni idea", "ni la menor idea", "no tengo idea", "quién sabe", "no sabría decirle", "sabrá Dios"):
        assert parse_polarity(text) == "unsure", text


@pytest.mark.parametrize("text, side", [
    ("ambas", "both"), ("las dos", "both"), ("en las dos piernas", "both"), ("de los dos lados", "both"),
    ("la izquierda y la derecha", "both"), ("solo la izquierda", "one"), ("la derecha", "one"),
    ("nada más la derecha", "one"), ("una sola", "one"), ("no las dos, solo una", "one"),
])
def test_which_leg(text, side):
    assert parse_leg_side(text) == side


def test_an_echoed_question_in_spanish_is_not_the_answer():
    text = "¿Las dos? No, solo la derecha"
    assert answers.echo_length(text) == len("¿Las dos? ") and parse_leg_side(text[answers.echo_length(text):]) == "one"
    assert answers.echo_length("¿Qué? No entiendo") == 0  # a question back, not an echo


@pytest.mark.parametrize("text, progress", [
    ("mejor", "better"), ("va mejorando", "better"), ("peor", "worse"), ("cada vez peor", "worse"),
    ("igual", "same"), ("lo mismo", "same"), ("ni mejor ni peor", "same"), ("no ha empeorado", "same"),
    ("no mejora nada", "same"),
])
def test_better_or_worse(text, progress):
    assert parse_progress(text) == progress


def test_not_getting_better_said_unasked():
    assert parse_progress("el dolor no se me quita", asked=False) == "same"
    assert parse_progress("mejor cuando camino", asked=False) is None


@pytest.mark.parametrize("text, amount", [
    ("para nada", 0), ("nada", 0), ("un poco", 1), ("a veces", 1), ("mucho", 2), ("bastante", 2), ("muchísimo", 2),
])
def test_coping_amounts(text, amount):
    assert answers.parse_amount(text) == amount


def test_skipping_the_optional_questions():
    assert all(answers.skips(t) for t in ("saltar", "no gracias", "ya basta", "siguiente"))
    assert not answers.skips("no sé")


@pytest.mark.parametrize("kind, text", [
    ("all_denied", "nada de eso"), ("all_denied", "ninguna"), ("all_denied", "no a todo"),
    ("steady", "sigue igual, no ha empeorado"), ("brief_stiffness", "se me quita en unos minutos"),
    ("pushback", "¿de verdad tengo que ir hoy?"), ("pushback", "¿no puedo esperar a mañana?"),
    ("big_fall", "me caí de la escalera"), ("big_fall", "me caí del techo"), ("big_fall", "me tumbó un caballo"),
    ("big_fall", "fue un choque"), ("big_fall", "un accidente de carro"), ("small_fall", "me resbalé en el baño"),
    ("small_fall", "me tropecé con la alfombra"), ("procedure_yes", "una inyección sí, operación no"),
    ("unsure", "quién sabe"),
])
def test_answer_kinds_in_spanish(kind, text):
    assert answers.says(kind, text)


def test_a_denied_big_fall_word_is_not_a_big_fall():
    assert not answers.says("big_fall", "no, ni escalera ni carro, me resbalé")


@pytest.mark.parametrize("text, who", [
    ("Escribo por mi papá, se cayó de la escalera", "papá"),
    ("Mi mamá tiene 80 años y le duele mucho la espalda", "mamá"),
    ("mi esposo tiene dolor de espalda desde ayer", "esposo"),
])
def test_a_message_written_for_someone_else(text, who):
    assert answers.someone_else(text) == who


def test_the_writers_own_back_keeps_the_writer_the_patient():
    assert answers.someone_else("Me duele la espalda y mi mamá me está cuidando") is None


# --------------------------------------------------------------------------- same-turn escalation

def say(story: Story, text: str):
    story, replies = respond(story, patient_message(story, text, now=NOW), NOW)
    return story, [r.response for r in replies if r.response], [r.payload["triage"] for r in replies if r.payload]


@pytest.mark.parametrize("finding_id, text", [
    ("saddle_numbness", "Buenas, me duele la espalda y no siento nada cuando me limpio"),
    ("bladder_dysfunction", "hola, tengo dolor de cintura y desde anoche no puedo orinar"),
    ("bowel_incontinence", "Me duele la espalda y se me salió el popó sin darme cuenta"),
    ("sexual_dysfunction", "Desde que me duele la espalda ya no se me para"),
    ("bilateral_leg_weakness", "tengo las dos piernas débiles y se me doblan al caminar"),
    ("bilateral_leg_symptoms", "Me duele la espalda y tengo hormigueo en ambas piernas"),
    ("progressive_weakness", "Me duele la espalda y cada día tengo la pierna más débil"),
    ("major_trauma", "Me caí del andamio en la obra y me duele mucho la espalda"),
    ("vascular_tearing_pain", "Siento como si me estuvieran desgarrando la espalda por dentro"),
    ("faint_or_collapse", "Me desmayé en el baño y me duele mucho la espalda"),
    ("pulsing_belly", "Me duele la espalda y siento algo que me late en la panza"),
    ("known_aneurysm", "Tengo un aneurisma en la aorta y me empezó un dolor de espalda"),
    ("chest_pain_or_breathless", "Me duele la espalda y me falta el aire"),
    ("pregnancy_emergency", "Estoy embarazada de siete meses, me duele la espalda y estoy sangrando mucho"),
])
def test_each_emergency_sign_in_a_spanish_opening_escalates_in_the_same_turn(finding_id, text):
    story, names, payloads = say(Story(), text)
    assert finding_id in story.findings
    assert payloads and payloads[0]["level"] == "emergency" and names[0] == "utter_result_emergency"


@pytest.mark.parametrize("text", [
    "Me duele la espalda baja desde hace tres días, no tengo fiebre ni problemas para orinar",
    "Mi papá tuvo cáncer y se cayó de la escalera, yo solo tengo dolor de espalda por cargar cajas",
    "¿Y si se me duermen las piernas? Por ahora solo me duele la espalda",
])
def test_a_denied_or_someone_elses_sign_does_not_escalate(text):
    _, _, payloads = say(Story(), text)
    assert not any(p["level"] == "emergency" for p in payloads)


def asked(question: str, **facts) -> Story:
    story = Story(greeted=True, duration_days=facts.pop("duration_days", 5), **facts)
    ask(story, QUESTION_BY_ID[question])
    return story


def test_a_spanish_yes_to_a_danger_sign_question_escalates():
    story, _, payloads = say(asked("screen_cauda_equina", age=40), "Sí, no puedo orinar bien")
    assert payloads and payloads[0]["level"] == "emergency"


def test_ni_idea_to_a_danger_sign_question_is_not_a_denial():
    story, _, _ = say(asked("screen_cauda_equina", age=40), "ni idea")
    assert story.answers.get("screen_cauda_equina") != "no"


def test_a_spanish_no_answers_the_question():
    story, _, payloads = say(asked("screen_cauda_equina", age=40), "No, nada de eso")
    assert story.answers["screen_cauda_equina"] == "no" and not payloads


def test_a_partial_denial_in_spanish_answers_only_what_it_names():
    _, names, payloads = say(asked("screen_cauda_equina", age=40), "No tengo hormigueo entre las piernas")
    assert names[-1] == "utter_ask_rest" and not payloads


@pytest.mark.parametrize("text", ["ni idea", "no entiendo", "a lo mejor", "quién sabe"])
def test_an_answer_that_is_not_a_yes_or_no_is_asked_again(text):
    story, names, _ = say(asked("screen_cauda_equina", age=40), text)
    assert names[-1] == "utter_ask_screen_cauda_equina_again" and "screen_cauda_equina" not in story.answers


def test_an_echoed_both_then_one_leg_is_one_leg():
    story, _, payloads = say(asked("leg_side", age=40, leg_pain=True), "¿Las dos? No, solo la derecha")
    assert story.answers["leg_side"] == "one" and not payloads
    _, _, payloads = say(asked("leg_side", age=40, leg_pain=True), "las dos")
    assert payloads and payloads[0]["level"] == "emergency"


def test_the_size_of_a_fall_in_spanish():
    story, _, payloads = say(asked("trauma_detail", age=40), "me resbalé en el baño nada más")
    assert story.answers["trauma_detail"] == "no" and not payloads
    _, _, payloads = say(asked("trauma_detail", age=40), "fue de la escalera")
    assert payloads and payloads[0]["level"] == "emergency"


def test_a_story_written_for_a_parent_in_spanish_assesses_the_parent():
    story, names, payloads = say(Story(), "Escribo por mi papá, tiene 80 años y se cayó de la escalera")
    assert story.subject == "papá" and story.age == 80 and payloads[0]["level"] == "emergency"


def test_push_back_in_spanish_restates_the_level():
    story = Story(finished=True, level_sent="urgent", flags_sent=["cancer"], findings=["cancer_history"], greeted=True,
                  duration_days=5, age=50)
    _, names, _ = say(story, "¿De verdad tengo que ir hoy? ¿No puedo esperar a mañana?")
    assert "utter_restate_urgent" in names and "utter_why_cancer" in names


# ---------------------------------------------------------------- first contact with the Spanish batches (session 8)
@pytest.mark.parametrize("text", ["En las dos piernas no. Nomás la espalda", "Fiebre no tengo.", "Fiebre no."])
def test_a_denial_said_after_the_finding_denies_it(text):
    assert not [f for f in extract_findings(text, spelling=False) if f.is_active()]


def test_a_verb_after_the_legs_is_not_a_denial():
    found = extract_findings("las dos piernas no me responden", spelling=False)
    assert any(f.id == "bilateral_leg_weakness" and f.is_active() for f in found)


@pytest.mark.parametrize("text,polarity", [("No, creo que no.", "no"), ("No se cayó ni lo golpearon", "no"),
                                           ("Ni en una ni en las dos.", "no"), ("no sé, doctor", "unsure"),
                                           ("Tengo fuerza normal en las piernas, camino bien.", "no")])
def test_hedged_and_neither_answers(text, polarity):
    assert parse_polarity(text) == polarity


def test_the_spouses_weak_legs_are_not_the_writers_and_the_writer_stays_the_patient():
    text = "Hola, mi esposo es el que tiene las piernas flojas por la diabetes, pero la que tiene dolor de espalda soy yo"
    assert answers.someone_else(text) is None
    text = "me duele la espalda de tanto levantar a mi marido, que está con quimio y tiene las piernas muy débiles"
    assert not [f for f in extract_findings(text, spelling=False) if f.is_active() and f.id != "lifting_or_bending"]


def test_a_foot_drop_getting_worse_and_a_tearing_pain_with_faintness_are_read_at_once():
    found = {f.id for f in extract_findings("el pie se me está cayendo, cada día arrastro más la punta", spelling=False)
             if f.is_active() and not f.uncertain}
    assert {"leg_weakness", "progressive_weakness"} <= found
    text = "De golpe me agarró un dolor como si me desgarraran por dentro, y estoy mareado, como que me voy a desmayar"
    found = {f.id for f in extract_findings(text, spelling=False) if f.is_active() and not f.uncertain}
    assert {"vascular_tearing_pain", "faint_or_collapse"} <= found


@pytest.mark.parametrize("text, finding", [
    ("no e podido horinar desde ayer", "bladder_dysfunction"),
    ("me ise popo en la cama y no me di cuenta", "bowel_incontinence"),
    ("tengo devilidad en ambas piernas", "bilateral_leg_weakness"),
])
def test_spanish_written_as_it_sounds_is_read(text, finding):
    from language.read import findings_of

    language, found = findings_of(text)
    assert language == "es" and finding in {f.id for f in found if f.is_active()}


def test_the_spanish_spelling_step_leaves_spanish_words_alone():
    from language.findings import normalise_spelling_es

    text = "me duele la espalda desde el lunes y tomo ibuprofeno"
    assert normalise_spelling_es(text) == (text, [])


@pytest.mark.parametrize("text, finding", [
    ("me duele la cintura y ya no siento cuando hago del baño", "bladder_dysfunction"),
    ("Orinar no puedo", "bladder_dysfunction"),
    ("el pie izquierdo se me arrastra, no lo puedo levantar bien, y cada día está peor", "progressive_weakness"),
])
def test_danger_signs_of_the_families_batch_are_read(text, finding):
    assert finding in {f.id for f in extract_findings(text, spelling=False) if f.is_active()}


def test_peeing_said_to_be_fine_and_a_fall_denied_after_are_no():
    assert parse_polarity("de orinar bien") == "no" and parse_polarity("Caerme no, fue cargando") == "no"
    found = extract_findings("Mi vecina empezó igual con la espalda y era cáncer de huesos. Yo nunca tuve nada",
                             spelling=False)
    assert not [f for f in found if f.is_active()]


# The blind Spanish set es2 (sessions 9 and 11): wording the vocabulary had not met.
@pytest.mark.parametrize("text, finding_id", [
    ("como si tuviera el culete dormido", "saddle_numbness"),
    ("tengo el chichi como acorchado desde anoche", "saddle_numbness"),
    ("todas las noches me despierta el dolor a eso de las 3", "night_pain"),
    ("amanezco tiesa más de una hora, se me quita cuando me muevo", "morning_stiffness"),
    ("estoy de 34 semanas y me duele la espalda", "pregnant"),
    ("un dolor rarísimo en la espalda, como si me rasgaran", "vascular_tearing_pain"),
    ("me dio un blackout, todo se puso negro", "faint_or_collapse"),
    ("ando bien flaco, se me cae el pantalón", "weight_loss"),
    ("me caí de la mata de mango, como de tres metros", "major_trauma"),
    ("las dos piernas se me van aflojando más y más", "progressive_weakness"),
    ("tengo back pain después del gym, hice deadlifts pesados", "lifting_or_bending"),
    ("esta mañana al limpiarme no notaba el papel, como si tuviera el culete dormido", "saddle_numbness"),
    ("las dos piernas, sí, se me doblan", "bilateral_leg_weakness"),
    ("hoy se me salió un poco de caca sin darme cuenta", "bowel_incontinence"),
    ("la pierna izquierda también se me está poniendo débil, igual que la derecha", "bilateral_leg_weakness"),
    ("desde anoche no me aguanto el pipí, se me sale solo", "bladder_dysfunction"),
    ("el dolor no se me quita ni tumbado y por la noche me despierto del dolor", "night_pain"),
])
def test_es2_spanish_wording_is_reported(text, finding_id):
    assert finding_id in active(text)


@pytest.mark.parametrize("text, finding_id", [
    ("tb tengo hormigueo en las dos piernas, k sera?", "past_tuberculosis"),  # "tb": también
    ("mareos nunca, ni desmayos", "faint_or_collapse"),
    ("de noche duermo bien, el dolor no me despierta", "night_pain"),
    ("me quedé sin aliento cuando vi la cuenta del hospital jaja", "chest_pain_or_breathless"),
    ("el paciente tuvo cáncer de próstata hace ocho años", "cancer_history"),
    ("no se me sale la caca, estoy estreñido", "bowel_incontinence"),
    ("no me aguanto el dolor", "bladder_dysfunction"),
    ("la pierna derecha está débil, la izquierda bien", "bilateral_leg_weakness"),
])
def test_es2_spanish_look_alikes_denials_and_others_are_not_active(text, finding_id):
    assert finding_id not in active(text)


def test_a_finding_with_its_own_no_is_stressed_not_denied_by_nunca():
    assert "pregnancy_emergency" in active("embarazada, con un dolor de barriga fuerte que no se me quita nunca")
