"""Answers in patients' own words, as the session-5 blind batches wrote them (issue 13, GUIDELINE s3a)."""
from __future__ import annotations

from datetime import datetime

import pytest

from language.answers import parse_polarity
from language.findings import extract_findings
from language.read import patient_message
from triage.conversation import respond
from triage.questions import QUESTION_BY_ID, ask
from triage.story import Story

NOW = datetime(2026, 12, 6, 12, 0)


def asked(question: str, **facts) -> Story:
    story = Story(greeted=True, duration_days=facts.pop("duration_days", 5), **facts)
    ask(story, QUESTION_BY_ID[question])
    return story


def say(story: Story, text: str):
    story, replies = respond(story, patient_message(story, text, now=NOW), NOW)
    return story, [r.response for r in replies if r.response], [r.payload["triage"] for r in replies if r.payload]


@pytest.mark.parametrize("text, polarity", [
    ("ye", "yes"), ("yh", "yes"), ("kinda", "yes"), ("only a bit", "yes"), ("na", "no"), ("nop", "no"),
    ("not rly", "no"), ("he says no numbness", "no"), ("she said nothin weird down there", "no"),
    ("idk maybe", "unsure"), ("no, not a bit", "no"),
])
def test_texting_and_passed_on_answers(text, polarity):
    assert parse_polarity(text) == polarity


def test_a_no_that_names_one_finding_and_is_unsure_of_the_rest_asks_the_rest():
    story, names, _ = say(asked("screen_cancer"), "No, I've never had cancer. My weight? No idea, I never weigh myself")
    assert names[-1] == "utter_ask_rest" and "screen_cancer" not in story.answers
    story, _, _ = say(asked("screen_cauda_equina"), "No, feeling down below is normal. No, no problems passing water. "
                                                   "No, bowels are normal.")
    assert story.answers["screen_cauda_equina"] == "no"  # "No, ..." to each part: no to all


def test_weight_lost_on_purpose_is_a_denial_of_that_finding_only():
    (loss,) = [f for f in extract_findings("lost like 8kg but on purpose, been doin slimming world") if f.id == "weight_loss"]
    assert loss.negated
    story, names, _ = say(asked("screen_cancer"), "lost like 8kg but on purpose, been doin slimming world")
    assert names[-1] == "utter_ask_rest"


def test_a_slip_or_trip_answers_the_fall_size_question_and_a_bare_yes_is_asked_again():
    story, _, payloads = say(asked("trauma_detail", age=30), "ye tripped on the kerb n fell backwards, just from standin")
    assert story.answers["trauma_detail"] == "no" and not any(p["level"] == "emergency" for p in payloads)
    story, names, payloads = say(asked("trauma_detail", age=30), "Yes")
    assert names[-1] == "utter_ask_trauma_detail_again" and not payloads
    story, _, payloads = say(story, "yes")
    assert payloads and payloads[0]["level"] == "emergency"
    story, _, payloads = say(asked("trauma_detail", age=30), "A fall from a height or down stairs, or a crash")
    assert payloads and payloads[0]["level"] == "emergency"
    for big in ("Yes, the ladder went and I went with it, landed on my back on the concrete",
                "Yes, the car behind didn't stop and went into the back of mine"):  # a big-fall word wins
        story, _, payloads = say(asked("trauma_detail", age=30), big)
        assert payloads and payloads[0]["level"] == "emergency", big


def test_a_fall_told_as_past_and_present_in_one_answer_is_not_this_pains_fall():
    text = ("Heaving a suitcase into the car. No, I didn't fall this time. The fall was two years ago, "
            "I tripped on a kerb and sprained my wrist.")
    story, _, payloads = say(asked("screen_trauma", age=68), text)
    assert "minor_injury" not in story.findings and not payloads


def test_a_skin_cancer_of_no_named_kind_is_confirmed_before_it_counts():
    story, names, payloads = say(Story(), "I'm 62, I've had a skin cancer before, and my back aches since decorating")
    assert names[-1] == "utter_ask_confirm_ever" and not payloads
    story, _, payloads = say(story, "no, it was a basal cell one on my nose")
    assert "cancer_history" not in story.findings and not payloads
    story, _, payloads = say(Story(), "I had a melanoma years ago and now my back hurts")
    assert payloads and "cancer" in payloads[0]["red_flags"]  # melanoma counts at once (GUIDELINE s3)


def test_a_denial_after_other_words_does_not_erase_a_told_sign():
    story, _, payloads = say(asked("screen_cauda_equina"),
                             "ye actually its gone kinda numb round my bum n i cant rly feel the loo roll when i wipe, "
                             "peein fine poos normal")
    assert payloads and payloads[0]["level"] == "emergency"


def test_signs_the_held_out_batch_found_missing():
    assert any(f.id == "saddle_numbness" and f.is_active() for f in extract_findings("feeling numb in my balls for two days"))
    assert any(f.id == "major_trauma" for f in extract_findings("we just found her at the bottom of the stairs"))
    story, names, payloads = say(Story(), "Today I fell off! I was cantering and the horse bucked. I landed pretty bad.")
    assert payloads[0]["level"] == "emergency"  # a riding fall told across sentences, in the same turn


# ---------------------------------------------------------------- session 6: the held-out and earlier batches, again

@pytest.mark.parametrize("text", [
    "I sleep good, no pain at night", "only stiff when i get up, doesnt wake me", "She sleeps through the night",
    "My legs aren't weak, I'm just walking bent and crooked because of the spasm",
    "I have diabetes, that's the Metformin. Nothing else like that.",
    "I broke my shoulder blade in hockey, but my back wasn't hit, it just built up.",
])
def test_denials_told_mid_message_are_a_no(text):
    assert parse_polarity(text) == "no"


def test_a_yes_with_something_else_named_is_not_turned_into_a_no():
    assert parse_polarity("Yes, I have HIV. Nothing else.") == "yes"


@pytest.mark.parametrize("text", [
    "I'm one of those people who spasms for emotional reasons", "I pulled my back picking up 1 1/2 year old",
    "Been the horse for my 4-year-old all weekend",
])
def test_numbers_that_are_not_the_patients_age(text):
    assert patient_message(Story(), text, now=NOW).reading.age is None


def test_weight_lost_with_no_word_on_why_is_confirmed_and_on_purpose_answers_it():
    story, names, levels = say(Story(), "I recently lost 68 lbs in the past 3 months and my back cramps")
    assert story.asked == "confirm_weight_loss" and not levels  # GUIDELINE s3: only unexplained weight loss
    story, _, _ = say(story, "68 lbs in 3 months, but on purpose, I've been dieting and working out.")
    assert story.answers["confirm_weight_loss"] == "no" and "weight_loss" not in story.findings
    sure = [f for f in extract_findings("I've lost a stone without trying") if f.id == "weight_loss"]
    assert sure and not sure[0].weak


def test_a_grouped_yes_with_one_sign_denied_in_its_own_words_asks_the_rest():
    story, names, _ = say(asked("screen_cancer"), "Yes, 68 lbs in 3 months, but on purpose, I've been dieting")
    assert names[-1] == "utter_ask_rest" and "weight_loss" in story.denied and not story.findings


def test_almost_collapsing_is_confirmed_first_not_an_emergency_at_once():
    story, names, levels = say(Story(), "My back went out stepping out of the car and I almost collapsed")
    assert not levels and story.asked == "confirm_faint_or_collapse"


@pytest.mark.parametrize("text, finding", [
    ("I've had a week of prednisone a couple of times for flare-ups", "long_term_steroids"),
    ("I had a major back surgery 15 months ago", "recent_spinal_procedure"),
])
def test_short_courses_and_events_outside_the_window_do_not_count(text, finding):
    assert not [f for f in extract_findings(text) if f.id == finding and f.is_active()]


def test_the_writers_own_history_does_not_count_for_the_person_written_about():
    story, _, levels = say(Story(), "My son is 15 and his lower back has been sore for three weeks since he "
                                    "started rowing training. I had breast cancer myself so I panic about everything")
    assert story.subject == "son" and "cancer_history" not in story.findings and not levels
    story, _, levels = say(Story(), "My dad fell off a ladder this morning and his back is bad")
    story, _, levels = say(story, "He says he can't feel anything when he wipes")
    assert "saddle_numbness" in story.findings and levels[-1]["level"] == "emergency"


def test_walking_up_the_stairs_after_one_missed_step_is_a_small_fall():
    story, _, levels = say(asked("trauma_detail", age=70), "I walked back up the stairs after I missed the last "
                                                           "step and landed on my backside, not down the whole flight")
    assert story.answers["trauma_detail"] == "no" and "major_trauma_reported" not in story.findings


def test_pain_in_waves_late_in_pregnancy_is_tightenings():
    story, _, levels = say(Story(), "34 weeks pregnant low pelvic pain wrapping around back, coming and going")
    assert levels and levels[-1]["level"] == "urgent" and levels[-1]["red_flags"] == ["pregnancy"]


# --- Session 7 batches: dictated (voice_2026-12) and real posts (real4_2026-12), first-contact errors ---

@pytest.mark.parametrize("text", ["I have no fever", "I have no numbness", "I'm not numb", "it is not",
                                  "i have not had a fever"])
def test_a_denial_that_begins_like_a_yes_is_a_no(text):
    assert parse_polarity(text) == "no"
    story, _, levels = say(asked("screen_infection", age=40), text)
    assert not levels and "infection_reported" not in story.findings


def test_a_denial_does_not_reach_past_a_new_statement():
    story, _, levels = say(asked("screen_infection", age=43),
                           "no fever i have HIV but its undetectable been on meds for years im well")
    assert "immunosuppression" in story.findings and levels[-1]["level"] == "urgent"


def test_a_dictated_symptom_said_to_have_begun_after_a_denial_is_confirmed_not_dropped():
    (finding,) = extract_findings("no weakness tingling down the outside of my right leg into my foot started "
                                  "a few days ago")
    assert finding.id == "leg_numbness" and not finding.negated and finding.doubtful
    (denied,) = extract_findings("no tingling in my legs, the pain started a few days ago")
    assert denied.negated and not denied.doubtful


def test_owning_up_to_an_earlier_no_is_a_correction_and_its_signs_count():
    story = asked("screen_cauda_equina", age=33)
    story, _, levels = say(story, "ok this is embarrassing and i said no before but i wasnt honest since the back "
                                  "went i cant get an erection at all and it feels different down there")
    assert levels[-1]["level"] == "emergency" and "cauda_equina" in levels[-1]["red_flags"]


def test_neither_leg_and_a_leg_that_will_not_lift():
    assert not [f for f in extract_findings("Neither leg is weak or numb No, it's my back") if f.is_active()]
    story, _, levels = say(asked("screen_leg_nerves", age=17), "Yes, I just can't lift my right leg up, like onto "
                           "the bed or into the car. It's been the same since last night, not getting worse")
    assert "leg_weakness" in story.findings
    (painful,) = extract_findings("it hurts so much I can't lift my leg")
    assert painful.id == "leg_weakness" and painful.doubtful


@pytest.mark.parametrize("text, finding, active", [
    ("the epi dural in labour 5 weeks ago", "recent_spinal_procedure", True),
    ("He said a couple epidurals and some physical therapy could fix everything", "recent_spinal_procedure", False),
    ("had a basil cell cancer cut off my nose in the spring", "cancer_history", False),
    ("the ladder slipped and he fell about 3 metres landing on his back", "major_trauma", True),
    ("I woke up and couldn't walk. I could not move my left leg at all and barely my right.", "progressive_weakness",
     True),
    ("an ache round my lower back, and a piercing pain just under my breastbone", "chest_pain_or_breathless", True),
    ("I've never been told I had cancer", "cancer_history", False),
    ("he missed his footing and went all the way down the flight to the hall, about twelve steps", "major_trauma", True),
])
def test_misheard_words_proposed_treatments_and_heights(text, finding, active):
    assert any(f.id == finding and f.is_active() for f in extract_findings(text)) == active


@pytest.mark.parametrize("text, days", [
    ("new mum baby is 8 months back sore from carrying her on my hip all day", None),
    ("It's been six months or so since my surgery. It's appeared in the last few days.", 3.0),
])
def test_a_childs_age_and_time_since_an_operation_are_not_how_long_the_pain_has_lasted(text, days):
    assert patient_message(Story(), text, now=NOW).reading.duration_days == days


@pytest.mark.parametrize("text, who", [
    ("My DH has been very busy building our new outbuilding. The fact that it's winter hasn't really deterred him. "
     "This afternoon he was up on the ladder and he fell about 3 metres landing on his back.", "dh"),
    ("My husband has an aortic aneurysm that the hospital has been keeping an eye on with scans. He started to "
     "suffer backache this morning", "husband"),
])
def test_openings_written_for_a_husband(text, who):
    story, _, levels = say(Story(), text)
    assert story.subject == who and levels and levels[0]["level"] == "emergency"


@pytest.mark.parametrize("text", ["Yes, I'd have the epidural injections if they'll help",
                                  "no infections, i had an epi dural when she was born but that was 8 months ago"])
def test_a_procedure_the_patient_would_accept_or_had_long_ago_is_not_recent(text):
    assert not [f for f in extract_findings(text) if f.id == "recent_spinal_procedure" and f.is_active()]


def test_pain_that_eases_when_lying_still_is_not_night_pain_and_half_a_year_is_a_duration():
    assert parse_polarity("It eases off once I'm lying still") == "no"
    reading = patient_message(Story(), "It has been getting worse over the past half-year or so", now=NOW).reading
    assert reading.duration_days == 182.0


def test_an_aunts_back_pain_with_pain_under_the_breastbone_is_an_emergency_at_once():
    story, _, levels = say(Story(), "We invited my aunt round for her 88th-birthday dinner this evening. After coffee "
                                    "she began complaining of an ache round her lower back, and a piercing pain just "
                                    "under her breastbone.")
    assert story.subject == "aunt" and levels[0]["level"] == "emergency" and levels[0]["red_flags"] == ["vascular"]


# --- Session 7, clinical_2026-12 and mixed_2026-12 batches (first-contact errors) ---

@pytest.mark.parametrize("text, finding", [
    ("34M, IVDU", "injecting_drug_use"), ("febrile 38.4 this am", "fever"),
    ("today faecally incontinent x2 - NEW", "bowel_incontinence"),
    ("I can't feel nada down there when I wipe", "saddle_numbness"),
    ("mi esposo fell from the escalera cleaning the gutters", "major_trauma"),
    ("One thing I didn't think was relevant: PMHx TB as a child, fully treated", "past_tuberculosis"),
])
def test_clinicians_shorthand_and_spanish_words_in_english(text, finding):
    assert any(f.id == finding and not f.negated for f in extract_findings(text))


@pytest.mark.parametrize("text, who", [
    ("Support worker, writing about a resident (34M, IVDU). LBP x5/7, febrile 38.4, his left leg has started going "
     "numb.", "resident"),
    ("Writing for mi hijo, he's 24, he hurt his back at soccer practice 2 days ago", "hijo"),
])
def test_writing_about_a_resident_or_a_son(text, who):
    story, _, _ = say(Story(), text)
    assert story.subject == who


def test_a_parents_cancer_told_with_a_possessive_is_theirs():
    (dads, mine) = extract_findings("my dad's prostate cancer spread to his spine. But I've never had cancer myself.")
    assert dads.family and mine.negated


def test_a_slip_from_standing_height_is_small_and_apyrexial_is_a_no():
    story, _, levels = say(asked("trauma_detail", age=40), "No Just a slip on ice from standing height, landed on my "
                                                           "backside, no height involved")
    assert "major_trauma_reported" not in story.findings and not levels
    assert parse_polarity("Apyrexial, feel well") == "no"


def test_a_short_spanish_answer_from_a_patient_who_writes_english_does_not_switch_language():
    story = Story()
    for text in ("Hola, my espalda is killing me since el lunes, I was lifting cajas at the warehouse",
                 "since el lunes, so like 4 days", "tengo 32"):
        story, names, _ = say(story, text)
        assert "utter_language_set" not in names
    assert story.language == "en" and story.language_offered  # Spanish offered once, on the mixed opening
    spanish, names, _ = say(Story(), "hola, tengo dolor de espalda desde hace tres días")
    assert spanish.language == "es" and names[0] == "utter_language_set"


def test_an_echoed_question_names_no_finding_so_no_idea_stays_unsure():
    story = asked("screen_bone", age=86)
    text = "Thin bones? Goodness, I've no idea, nobody has ever tested me for that. No steroids. No blood thinners."
    for _ in range(3):
        story, _, levels = say(story, text)
    assert story.answers.get("screen_bone") != "yes" and "osteoporosis" not in story.findings


# --- Session 7, elders_2026-12 and young_2026-12 batches (first-contact errors) ---

@pytest.mark.parametrize("text, subject, level", [
    ("Hello, this is Pauline, the home-care worker for Mr Davies who is 81. He's told me his back has been aching "
     "for two days. He's got the aneurysm in his tummy they keep an eye on with scans.", "client", "emergency"),
    ("Sorry to bother you, it's about my nan, she's 86. Her back has been bad for a week, and since last night she "
     "hasn't been able to pass water at all.", "nan", "emergency"),
    ("my 14 year old keeps complaining his lower back hurts, he carries a massive school bag. I'm worried because I "
     "had breast cancer myself", "14 year old", None),
])
def test_carers_grandchildren_and_parents_writing_for_someone(text, subject, level):
    story, _, levels = say(Story(), text)
    assert story.subject == subject and (levels[0]["level"] if levels else None) == level


def test_a_relatives_cancer_and_a_daughters_reported_words_are_read_for_the_right_person():
    story, _, _ = say(Story(), "I'm typing for my neighbour Maureen, she's 78. She's had back ache for two weeks.")
    ask(story, QUESTION_BY_ID["screen_cancer"])
    story, _, levels = say(story, "No, she's never had cancer. Her sister had breast cancer but not her")
    assert "cancer_history" not in story.findings and not levels
    story, _, levels = say(asked("screen_infection", age=80), "Oh, my daughter is cross with me, she says I should "
                           "tell you I've been shivery and hot the last two nights, sweating right through my nightie")
    assert "fever" in story.findings and levels[-1]["level"] == "urgent"


def test_words_inside_words_and_known_causes_of_dizziness():
    assert [f.family for f in extract_findings("I forgot to tell you, my sister had cancer in her bones")] == [True]
    story, _, levels = say(Story(), "I am 79 and my lower back has been aching since about Easter. The new blood "
                                    "pressure tablets make me go woozy for a moment when I stand up.")
    assert "faint_or_collapse" not in story.findings and not levels


def test_a_grouped_no_with_an_i_dont_know_in_it_is_asked_again():
    story, _, levels = say(asked("screen_cauda_equina", age=19), "No, nothing weird down there bro do I have to "
                           "answer that lol. idk, I don't really pay attention to that stuff")
    assert "screen_cauda_equina" not in story.answers and story.asked == "screen_cauda_equina"


def test_a_lifelong_story_and_a_mothers_own_cancer_told_as_it_was_me():
    (pain, crash) = extract_findings("She's had sciatica most of her adult life after a serious car accident.")
    assert pain.historical and crash.historical
    story, _, _ = say(Story(), "my 14 year old keeps complaining his lower back hurts, he carries a massive school bag")
    ask(story, QUESTION_BY_ID["screen_cancer"])
    story, _, levels = say(story, "No, he's never had anything like that. It was me who had breast cancer, two years ago "
                                  "No, he's eating me out of house and home")
    assert "cancer_history" not in story.findings and not levels


def test_unsure_with_the_rest_of_a_group_denied_is_unsure_not_no():
    story = asked("screen_bone", age=86)
    for text in ("Thin bones? Goodness, I've no idea. No steroids. No blood thinners.",
                 "Thin bones? Goodness, I've no idea. No steroids.", "No idea about the thin bones."):
        story, _, _ = say(story, text)
    assert story.answers["screen_bone"] == "unsure"


def test_one_leg_named_with_the_weakness_answers_one_leg_or_both():
    story, _, _ = say(Story(), "Hello, I'm typing for my neighbour Maureen, she's 78. She's had back ache for two weeks.")
    ask(story, QUESTION_BY_ID["screen_leg_nerves"])
    story, _, _ = say(story, "She says her right leg has felt weak since the weekend. Only the right leg")
    assert story.answers["weakness_side"] == "one" and story.asked != "weakness_side"


# ---------------------------------------------------------------- worried_2026-12 batch, first contact (session 8)
def test_a_relatives_cancer_told_with_a_possessive_is_theirs_and_the_writer_stays_the_patient():
    story, _, levels = say(Story(), "I need an MRI for my back. My mum's back pain turned out to be bone cancer and they "
                                     "missed it for a year. Pulled it moving a sofa last Sunday.")
    assert "cancer_history" not in story.findings and not levels and story.subject is None
    assert story.duration_days is not None and story.duration_days < 14  # last Sunday, not mum's year
    for text in ("My brother's lung cancer started with back pain, so I'm worried. Mine has been going on five weeks",
                 "Back's been sore for about a fortnight. My dad had prostate cancer that spread to his spine"):
        story, _, levels = say(Story(), text)
        assert story.subject is None and "cancer_history" not in story.findings and not levels


def test_the_wife_on_chemo_and_hay_fever_are_no_infection_risk():
    story, _, levels = say(asked("screen_infection"), "No fever, just tired. My immune system's fine, it's my wife "
                                                      "who's on the chemo.")
    assert "immunosuppression" not in story.findings and not levels
    assert not extract_findings("I think it started after a big sneezing fit, my hay fever has been awful")


def test_straining_to_pee_and_a_numb_thigh_are_found():
    found = {f.id for f in extract_findings("Well, I've been having to strain to get the pee out since yesterday and "
                                            "it's really slow") if f.is_active()}
    assert "bladder_dysfunction" in found
    found = {f.id for f in extract_findings("my left thigh has gone a bit numb on the outside") if f.is_active()}
    assert "leg_numbness" in found


def test_an_echo_then_a_denial_is_a_no_and_a_thought_is_a_doubt():
    story, names, levels = say(asked("screen_infection"), "sort of warm? that's the weather. no, no temperature or shivers")
    assert "fever" not in story.findings and not levels and names[-1] == "utter_ask_rest"  # fever denied; ask the rest
    (found,) = [f for f in extract_findings("no, actually no, i thought my foot was tingly but it had just gone to "
                                            "sleep") if f.id == "leg_numbness"]
    assert found.uncertain


# ---------------------------------------------------------------- workers_2026-12 batch, first contact (session 8)
def test_a_workmates_fall_and_an_old_mans_cancer_are_theirs():
    for text in ("site's a nightmare, my mate came off a ladder last week. I've just strained my back carrying plasterboard",
                 "Taxi driver. Back's ached 2 weeks from sitting. My old man had prostate cancer so I'm a bit paranoid"):
        story, _, levels = say(Story(), text)
        assert not levels and story.subject is None and not {"major_trauma", "cancer_history"} & set(story.findings)


def test_a_tight_chest_and_being_pinned_under_a_quad_bike_escalate_at_once():
    story, _, levels = say(Story(), "since I sat down my chest has gone really tight and I can't get my breath properly")
    assert levels and levels[0]["level"] == "emergency"
    story, _, levels = say(Story(), "Quad bike rolled on me mustering this arvo, pinned me for a minute. Lower back's sore")
    assert levels and levels[0]["level"] == "emergency"


@pytest.mark.parametrize("text, finding", [
    ("my right leg is numb but the left is fine", "leg_numbness"),  # the denial after "but" is the left leg's
    ("no fever, both legs are numb", "bilateral_leg_symptoms"),  # the denial ends where "both legs" begins
    ("numb bum, legs are fine", "saddle_numbness"),  # "are fine" after a comma is the legs'
])
def test_a_denial_does_not_reach_across_a_contrast_or_into_the_next_clause(text, finding):
    assert finding in {f.id for f in extract_findings(text) if f.is_active()}
