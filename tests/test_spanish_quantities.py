"""Durations, ages and pain scores written in Spanish (issue 15), and English read as before."""
from __future__ import annotations

from datetime import datetime

import pytest

from language.quantities import parse_age, parse_duration_days, parse_pain_score, spanish_number

NOW = datetime(2026, 11, 28, 12, 0)  # a Saturday: "desde el martes" is 4 days

UNITS = ["", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"]
TEENS = {10: "diez", 11: "once", 12: "doce", 13: "trece", 14: "catorce", 15: "quince", 16: "dieciséis",
         17: "diecisiete", 18: "dieciocho", 19: "diecinueve"}
TWENTIES = {20: "veinte", 21: "veintiuno", 22: "veintidós", 23: "veintitrés", 26: "veintiséis"}
TENS = {3: "treinta", 4: "cuarenta", 5: "cincuenta", 6: "sesenta", 7: "setenta", 8: "ochenta", 9: "noventa"}


def in_spanish(n: int) -> str:
    """How a Spanish speaker writes 1..99 (with accents)."""
    if n < 10:
        return UNITS[n]
    if n < 20:
        return TEENS[n]
    if n < 30:
        return TWENTIES.get(n, "veinti" + UNITS[n - 20])
    return TENS[n // 10] + (" y " + UNITS[n % 10] if n % 10 else "")


@pytest.mark.parametrize("n", range(1, 100))
def test_every_number_word_from_uno_to_noventa_y_nueve(n):
    words = in_spanish(n)
    assert spanish_number(words) == n
    assert spanish_number(words.replace("é", "e").replace("ó", "o")) == n  # typed without accents


@pytest.mark.parametrize("words,n", [("cien", 100), ("ciento cinco", 105), ("veintiún", 21), ("treinta y un", 31),
                                     ("Cincuenta Y Cinco", 55), ("cero", 0), ("un par de", 2), ("7", 7)])
def test_more_number_words(words, n):
    assert spanish_number(words) == n


# --- Durations ---

@pytest.mark.parametrize("text,days", [
    ("hace tres días", 3), ("hace tres dias", 3), ("desde el martes", 4), ("desde anoche", 1), ("desde ayer", 1),
    ("desde esta mañana", 0), ("desde esta manana", 0), ("hace mes y medio", 45.6), ("hace 2 semanas", 14),
    ("hace una semana y media", 10.5), ("desde hace un año", 365), ("desde el lunes pasado", 5),
    ("hace como 10 dias", 10), ("unos quince días", 15), ("llevo 3 semanas así", 21), ("llevo 3 semanas asi", 21),
    ("me duele mucho la espalda desde hace 3 dias", 3), ("hace dos semanas y media", 17.5),
    ("hace un par de semanas", 14), ("hace unos días", 3), ("hace veintidós días", 22), ("hace veintidos dias", 22),
    ("treinta y dos días", 32), ("hace año y medio", 547.5), ("2 o 3 semanas", 21), ("de 2 a 3 semanas", 21),
    ("hace una quincena", 14), ("hace como un mes", 30.4), ("hace casi 2 meses", 60.8), ("3dias", 3),
    ("tengo 3 semanas con dolor", 21), ("hace 3 horas", 0.1), ("desde hoy", 0), ("anteayer", 2), ("antier", 2),
    ("ayer en la noche", 1), ("desde ayer por la tarde", 1), ("la semana pasada", 7), ("el mes pasado", 30),
    ("desde el fin de semana", 7), ("desde principios de mes", 27), ("más de 3 meses", 91.2),
    ("menos de 6 semanas", 21), ("6 semanas a 3 meses", 63),
])
def test_spanish_durations(text, days):
    assert parse_duration_days(text, NOW, expecting=True) == pytest.approx(days, abs=0.5)


@pytest.mark.parametrize("text,days", [
    ("me duele la espalda desde hace tres días", 3), ("hace 2 semanas me agaché y me dio un jalón", 14),
    ("tengo 45 años y hace 3 días me duele", 3), ("tengo 45 años, desde el martes me duele la espalda", 4),
    ("desde hace 2 años me duele la cintura", 730), ("hace 2 años que me duele", 730),
    ("llevo años con este dolor", 730), ("dolor de espalda de 2 años de evolución", 730),
    ("mi papá tiene 81 y le duele desde ayer", 1), ("tomo 2 pastillas al día y me duele desde el jueves", 2),
    ("estoy embarazada de 29 semanas y me duele desde ayer", 1),
])
def test_spanish_durations_said_unasked(text, days):
    assert parse_duration_days(text, NOW) == pytest.approx(days, abs=0.5)


@pytest.mark.parametrize("text,days", [
    ("desde el lunes", 5), ("desde el martes", 4), ("desde el miércoles", 3), ("desde el miercoles", 3),
    ("desde el jueves", 2), ("desde el viernes", 1), ("desde el sábado", 7), ("desde el sabado", 7),
    ("desde el domingo", 6), ("el domingo pasado", 6), ("me agaché el jueves", 2),
])
def test_spanish_weekdays(text, days):
    assert parse_duration_days(text, NOW, expecting=True) == days


@pytest.mark.parametrize("text,days", [
    ("desde el 3 de marzo", 270), ("desde el primero de noviembre", 27), ("el 20 de octubre", 39),
    ("desde el 15", 13), ("desde el día 15", 13), ("desde marzo", 272), ("a finales de septiembre", 64),
    ("desde mediados de octubre", 44), ("a principios de agosto", 115), ("desde setiembre", 88),
    ("desde enero del año pasado", 696), ("desde el 2 de noviembre de 2026", 26), ("desde navidad", 338),
    ("desde Semana Santa", 237), ("desde acción de gracias", 2), ("desde el 14 de diciembre", 349),
])
def test_spanish_months_and_dates(text, days):
    assert parse_duration_days(text, NOW, expecting=True) == pytest.approx(days, abs=1)


@pytest.mark.parametrize("text,expecting", [
    ("tomé 2 pastillas", True), ("tomé 2 pastillas", False), ("tengo 55 años", True), ("tengo 55 años", False),
    ("una mujer de 45 años", True), ("mi hijo de 8 años", True), ("mi bebé tiene 8 meses", True),
    ("embarazada de 29 semanas", True), ("tengo 29 semanas de embarazo", True),
    ("hace 8 años tuve cáncer", False), ("me operaron hace 3 años", False), ("fumo desde hace 20 años", False),
    ("tomo ibuprofeno desde hace un mes", False), ("camino 3 km al día", True), ("trabajo 8 horas al dia", True),
    ("tomo una pastilla cada 8 horas", True), ("el martes que viene tengo cita", True), ("el próximo lunes", True),
    ("ya no reglo desde hace años", False), ("he tenido calentura estos dos días", False), ("uno", True),
    ("me hice la prueba del VIH hace poco", False), ("el año pasado", False),
])
def test_numbers_that_are_not_how_long_the_pain_has_lasted(text, expecting):
    assert parse_duration_days(text, NOW, expecting=expecting) is None


def test_old_history_counts_only_when_we_asked_when_it_began():
    assert parse_duration_days("hace años tuve una hernia", NOW) is None
    assert parse_duration_days("hace años", NOW, expecting=True) == 730
    assert parse_duration_days("el año pasado", NOW, expecting=True) == 365


# --- Ages ---

@pytest.mark.parametrize("text,age", [
    ("tengo 55 años", 55), ("Tengo 55 años y me duele la espalda", 55), ("tengo cincuenta y cinco", 55),
    ("tengo cincuenta y cinco años", 55), ("cumplí 60", 60), ("cumpli 60 el mes pasado", 60),
    ("acabo de cumplir 40", 40), ("voy a cumplir 60", 59), ("cumplo 50 en mayo", 49),
    ("voy a cumplir sesenta y cinco", 64), ("de 45 años", 45), ("soy una mujer de 45 años", 45),
    ("hombre de 62 años", 62), ("62 años, dolor de espalda", 62), ("55 años de edad", 55), ("tengo veintiún años", 21),
    ("tengo treinta y dos", 32), ("tengo noventa y nueve años", 99), ("tengo cien años", 100),
    ("tengo sesenta y pico", 65), ("tengo 60 y tantos", 65), ("soy mayor de 65", 70), ("tengo más de 65", 70),
    ("soy menor de edad", 16), ("nací en 1970", 56), ("nacida en 1985", 41), ("tengo entre 50 y 64", 57),
    ("tengo 45 y mi esposo 50", 45), ("con 60 años ya no puedo agacharme", 60), ("tengo once años", 11),
])
def test_spanish_ages(text, age):
    assert parse_age(text, NOW) == age
    assert parse_age(text, NOW, expecting=True) == age


@pytest.mark.parametrize("text,age", [
    ("cincuenta y cinco", 55), ("55", 55), ("unos 60", 60), ("como 70 años", 70), ("sesenta y ocho", 68),
    ("con mis 55 años", 55), ("treinta y nueve", 39),
])
def test_spanish_ages_when_asked(text, age):
    assert parse_age(text, NOW, expecting=True) == age


@pytest.mark.parametrize("text,age", [
    ("mi papá tiene 81", 81), ("mi papa tiene 81 años", 81), ("mi mamá de 79 años se cayó", 79), ("ella tiene 81", 81),
    ("mi abuelita va a cumplir 90", 89),
])
def test_someone_elses_age_when_the_conversation_is_about_them(text, age):
    assert parse_age(text, NOW, about_other=True) == age
    assert parse_age(text, NOW) is None
    assert parse_age(text, NOW, expecting=True) is None


@pytest.mark.parametrize("text", [
    "tomé 2 pastillas", "tengo 2 hijos", "tengo un dolor fuerte", "tengo 3 semanas con dolor",
    "tengo 2 años con este dolor", "cargando a mi nieto de 3 años", "tengo 40 de fiebre", "tengo 38 grados",
    "a los 20 años me caí", "hace 2 años", "tengo 1 dia con dolor", "al levantar uno sentí el jalón", "once",
])
def test_numbers_that_are_not_the_patients_age(text):
    assert parse_age(text, NOW, expecting=True) is None


# --- Pain scores ---

@pytest.mark.parametrize("text,score", [
    ("siete de diez", 7), ("ocho sobre diez", 8), ("8 de 10", 8), ("un 7 de 10", 7), ("un 10/10", 10),
    ("me duele como un 9 de 10", 9),
])
def test_spanish_scores_out_of_ten(text, score):
    assert parse_pain_score(text) == score
    assert parse_pain_score(text, expecting=True) == score


@pytest.mark.parametrize("text,score", [
    ("como un siete", 7), ("un 8", 8), ("un diez", 10), ("Como un siete", 7), ("del 1 al 10 un 8", 8),
    ("en una escala del 1 al 10, 6", 6), ("le doy un 9", 9), ("diría que un seis", 6), ("seis", 6),
    ("un dolor de 8", 8), ("me duele desde hace 3 días, como un 8", 8), ("cero", 0), ("uno", 1),
    ("muy fuerte", 8), ("bien fuerte", 8), ("leve", 3), ("no es muy fuerte", 3), ("insoportable", 10),
    ("me duele mucho", 7), ("más o menos", 5), ("me duele un poco", 3),
])
def test_spanish_scores_when_asked(text, score):
    assert parse_pain_score(text, expecting=True) == score


@pytest.mark.parametrize("text", ["seis", "muy fuerte", "me duele mucho", "tengo un dolor fuerte", "hace un día"])
def test_a_bare_spanish_score_needs_the_question(text):
    assert parse_pain_score(text) is None


@pytest.mark.parametrize("text,score", [
    ("un 8", 8), ("como un siete", 7), ("un 7, y eso que ya me tomé la pastilla", 7), ("me duele como un tres", 3),
    ("llevo 2 semanas con dolor, un 5 más o menos", 5), ("me duele desde hace 4 días, del 1 al 10 un 6", 6),
    ("del uno al diez, un nueve", 9), ("en una escala del 1 al 10, 6", 6),
])
def test_a_rating_said_unasked(text, score):
    assert parse_pain_score(text) == score


@pytest.mark.parametrize("text", [
    "mis dos piernas", "sesenta y ocho", "Cargando bultos, al levantar uno sentí el jalón", "me caí como de tres metros",
    "tomé 2 pastillas", "no sé", "nada", "poco a poco", "en el medio de la espalda", "una semana", "hago del dos normal",
])
def test_numbers_that_are_not_the_score(text):
    assert parse_pain_score(text, expecting=True) is None


# --- English is read as before: Spanish number words only as whole Spanish words ---

@pytest.mark.parametrize("text,days", [
    ("once a day for 2 weeks", 14), ("since Monday", 5), ("3 days", 3), ("for a month", 30.4),
])
def test_english_durations_unchanged(text, days):
    assert parse_duration_days(text, NOW, expecting=True) == pytest.approx(days, abs=0.5)


@pytest.mark.parametrize("text", [
    "there was a mess in my pants", "I was told once", "I'm one of those people who never sees a doctor",
    "I lifted a box at the dos equis warehouse",
])
def test_english_words_are_not_spanish_numbers(text):
    assert parse_duration_days(text, NOW) is None
    assert parse_age(text, NOW) is None
    assert parse_pain_score(text) is None


@pytest.mark.parametrize("text,expecting,age", [
    ("I'm 55", False, 55), ("I was told once that I'm 45", False, 45), ("41", True, 41),
    ("my dad is 80 years old", False, None), ("I'll be 50 in May", True, 49),
])
def test_english_ages_unchanged(text, expecting, age):
    assert parse_age(text, NOW, expecting=expecting) == age


@pytest.mark.parametrize("text,expecting,score", [("7/10", False, 7), ("about a seven", True, 7), ("8", True, 8),
                                                  ("it's severe", True, 8), ("once, a 6", True, 6)])
def test_english_scores_unchanged(text, expecting, score):
    assert parse_pain_score(text, expecting=expecting) == score


def test_mixed_english_and_spanish():
    assert parse_duration_days("tengo ciática for 9 semanas, down my left leg", NOW) == 63
    assert parse_duration_days("desde ayer my bottom is numb", NOW) == 1
    assert parse_duration_days("embarazada de 7 meses and hurting for an hour", NOW) == pytest.approx(0.04, abs=0.01)
    assert parse_age("I'm 47, una pomada helps a bit", NOW) == 47
