"""What the session-16 blind batches (long-standing lookalike conditions, patients who answer more than they are asked,
real posts, folk and rural Spanish) misread on first contact: old unchanged symptoms read as new signs when the
"it hasn't changed" came in the next sentence, the writer's own age, pregnancy or medicines taken for the patient's,
a thing's age read as the patient's, signs in words no pattern knew ("my leg's been dragging", "came down from gutter
height", "se puso pálido") and folk words read as signs ("una calentura de puro coraje") (GUIDELINE s3, s3a)."""
from __future__ import annotations

import pytest

from language.answers import parse_leg_side, parse_polarity, says, someone_else
from language.findings import extract_findings
from language.quantities import parse_age
from tests.test_fresh_batch_answers import assert_reads
from tests.test_patient_words import asked, say
from triage.story import Story


@pytest.mark.parametrize("text, spanish, absent, present", [
    # long-standing and unchanged, said in the same or the next sentence; a new change still counts
    ("I'm type 1 diabetic and my feet are numb from that, but that's old news.", False, "bilateral_leg_symptoms", None),
    ("Both legs get a creepy-crawly feeling in the evening. It's not new and it's no different since my back started.",
     False, "bilateral_leg_symptoms", None),
    ("My waterworks: a weak stream for five years, from my enlarged prostate. It hasn't changed since the back ache.",
     False, "bladder_dysfunction", None),
    ("Both feet have been numb for seven years from my diabetes. The foot clinic checks them every year and there's no "
     "change.", False, "bilateral_leg_symptoms", None),
    ("Both legs went numb this morning. It's not new for my diabetic feet to tingle but this is different", False, None,
     "bilateral_leg_symptoms"),
    ("I can't pee. It started yesterday.", False, None, "bladder_dysfunction"),
    ("I had steroid tablets on and off for my colitis until five years ago.", False, "long_term_steroids", None),
    ("I was on methotrexate years ago", False, "immunosuppression", None),
    ("methotrexate started 3 years ago, every week", False, None, "immunosuppression"),
    # denials in new words
    ("Oncology I never had.", False, "cancer_history", None),
    ("numb down there, which I've never had before", False, None, "saddle_numbness"),
    ("No thin bones. Zero blood thinners.", False, "anticoagulant", None),
    ("I have zero feeling when I wipe", False, None, "saddle_numbness"),
    ("I've got zero bladder control", False, None, "bladder_dysfunction"),
    ("no bladder control problems", False, "bladder_dysfunction", None),
    ("nobody has ever told me I have osteoporosis", False, "osteoporosis", None),
    ("No, de los huesos estoy bien, nadie me ha dicho de osteoporosis", True, "osteoporosis", None),
    ("No, no siento las piernas dormidas ni con hormigas", True, "bilateral_leg_symptoms", None),
    ("ya no siento las piernas desde ayer", True, None, "bilateral_leg_symptoms"),
    ("fiebre cero nah", True, "fever", None),
    # signs in new words
    ("my right leg's been dragging since I woke up and it's worse now than this morning", False, None,
     "progressive_weakness"),
    ("Came down from about gutter height, 18 to 20 feet, onto the concrete.", False, None, "major_trauma"),
    ("the ladder slipped and I fell", False, None, "major_trauma"),
    ("the step ladder slipped a bit but I didn't fall", False, "major_trauma", None),
    ("Since yesterday both legs have been tingling and they feel heavy, like walking through treacle.", False, None,
     "bilateral_leg_weakness"),
    ("De repente le dio un dolor horrible en la cintura y en la panza, se puso pálido", True, None, "faint_or_collapse"),
    # a list parted by dashes, and an aside between two dashes
    ("no numbness - no bladder trouble - my legs are weak", False, None, "bilateral_leg_weakness"),
    ("Years ago - about twelve - I came off a ladder and broke my wrist", False, "major_trauma", None),
    # someone else's, and folk words that are no sign
    ("Not me, no. Mum had breast cancer that spread to her bones, that's why I'm scared.", False, "cancer_history", None),
    ("Dad's on chemo, which is why I'm careful about bugs.", False, "cancer_history", None),
    ("me agarró una calentura tremenda, de puro coraje", True, "fever", None),
    ("salí al patio con el cuerpo caliente y me pegó el aire frío", True, "fever", None),
    ("tengo calentura y escalofríos desde anoche", True, None, "fever"),
    ("si el doctor dice que una inyección en la columna me lo quita, yo me la pongo", True, "recent_spinal_procedure",
     None),
    ("me pusieron una inyección en la columna hace dos semanas", True, None, "recent_spinal_procedure"),
    # the held-out week batch, after it was scored
    ("I had a small basal cell carcinoma removed from my nose. I have had no other cancer of any kind.", False,
     "cancer_history", None),
    ("I have had breast cancer", False, None, "cancer_history"),
    ("today both piernas feel like jelly and tingly, I almost went down on the escaleras", False, None,
     "bilateral_leg_weakness"),
])
def test_session_16_denials_and_signs(text: str, spanish: bool, absent: str | None, present: str | None) -> None:
    assert_reads(text, spanish, absent, present)


def test_diabetic_feet_named_with_no_time_are_asked_before_they_count() -> None:
    found = extract_findings("Could my back have anything to do with my feet being numb? I'm diabetic.")
    assert [(f.id, f.doubtful) for f in found] == [("bilateral_leg_symptoms", True)]


@pytest.mark.parametrize("text, answer", [
    ("I'm trying to put weight ON. Not lost any.", "no"),
    ("Weight is stable.", "no"),
    ("Soy vato lol", "no"),
    ("I'm a dude lol", "no"),
    ("one spasm woke me this morning when I rolled over, otherwise I slept", "no"),
    ("She says it hurts to turn over at night", "no"),
    ("I am losing weight", "yes"),
])
def test_answers_that_only_look_like_a_yes(text: str, answer: str) -> None:
    assert parse_polarity(text) == answer


@pytest.mark.parametrize("text", ["Shall I take an aspirin and lie down for a bit first?",
                                  "My daughter can take me to the GP this afternoon - is that soon enough?",
                                  "They already sent me home twice, they're just gonna think I want pills",
                                  "¿Le doy una pastilla y lo acuesto primero?"])
def test_questions_that_push_back_on_going_today(text: str) -> None:
    assert says("pushback", text)


@pytest.mark.parametrize("text, who", [
    ("I'm writing for my son Tom who's 17. He's had back pain for a week. I have MS myself, so I worry.", "son"),
    ("In a nutshell my DD (15) has had lower back pain for about 3 weeks.", "dd"),
    ("I'm convinced it's cancer. My uncle had bone cancer and his started exactly like this. I need a scan.", None),
    ("My mom slipped on ice on Saturday and her back still hurts a lot. I have a bad back myself so I know it can take "
     "a while, but she's miserable.", "mom"),
    ("I look after my husband since his stroke. His legs are weak. Now my own lower back has gone", None),
])
def test_who_the_message_is_for(text: str, who: str | None) -> None:
    assert someone_else(text) == who


@pytest.mark.parametrize("text, expecting, about_other, age", [
    ("Jamie is 27. I'm 58 but it's his back, not mine", True, True, 27),
    ("Jake is 19. I'm 71 - I only mention it because you might wonder why an old man is typing.", True, True, 19),
    ("The only thing in both legs is my restless legs in the evening, ten years old and unchanged.", False, False, None),
    ("Came down from about gutter height, 18 to 20 feet, onto the concrete.", False, False, None),
    ("I am 45 years old and fit", False, False, 45),
])
def test_ages_that_are_not_the_patients(text: str, expecting: bool, about_other: bool, age: int | None) -> None:
    assert parse_age(text, expecting=expecting, about_other=about_other, names_other=about_other) == age


def test_both_hips_are_not_both_legs() -> None:
    assert parse_leg_side("the ache is in both hips, but my legs themselves have no pain, numbness or weakness") is None
    assert parse_leg_side("pain in both hips and down both legs") == "both"


def test_stiffness_gone_after_breakfast_is_brief() -> None:
    story, _, _ = say(asked("screen_stiffness", age=29), "a bit stiff first thing, fine after breakfast")
    assert story.answers["screen_stiffness"] == "no" and "morning_stiffness" not in story.findings


def test_the_writers_own_pregnancy_medicines_and_years_of_back_trouble_are_not_the_patients() -> None:
    story, _, _ = say(Story(), "Hi, I'm typing this for my husband Tom because he's lying on the floor. He carried the cot "
                               "up on Sunday and his lower back went. I'm 30 weeks pregnant so I couldn't help.")
    assert story.subject == "husband" and "pregnant" not in story.findings
    story, _, _ = say(Story(), "Writing for my wife. About two weeks ago she threw her back out lifting our daughter. "
                               "Would be fine except my own back has been crap for years.")
    assert story.duration_days == 14
    story, _, _ = say(Story(), "I'm writing on behalf of my son Jake. He hurt his back lifting kegs a week ago.")
    story, _, _ = say(story, "I should say, in case I've muddled you: the warfarin, the thin bones and the prostate "
                             "cancer are all mine, not Jake's.")
    assert not {"anticoagulant", "osteoporosis", "cancer_history"} & set(story.findings)
    story, _, _ = say(Story(), "Buenas tardes. Le escribo por mi nieto. Se lastimó la cintura jugando fútbol el sábado.")
    story, _, _ = say(story, "Ah, le cuento que yo tengo osteoporosis y me caí el mes pasado en la cocina.")
    assert not {"osteoporosis", "minor_injury"} & set(story.findings)


def test_an_old_epidural_mentioned_again_without_a_time_is_asked_about_first() -> None:
    story, _, _ = say(Story(), "Writing for my wife. About two weeks ago she threw her back out lifting the baby.")
    story, _, _ = say(asked("screen_infection_recent", age=29, subject="wife"),
                      "no infections. She had an epidural when the baby was born 9 months ago, nothing since")
    story, _, payloads = say(story, "She's worried it's something to do with the epidural")
    assert "recent_spinal_procedure" not in story.findings and not payloads
    assert story.asked == "confirm_recent_spinal_procedure"


def test_a_fall_denied_together_with_an_accident_is_no_big_fall() -> None:
    assert not says("big_fall", "it doesn't give way I didn't fall or hurt it in an accident, it was lifting my daughter")
    assert says("big_fall", "No, I fell off a ladder in an accident")
