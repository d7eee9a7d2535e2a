"""The guideline engine, row by row (GUIDELINE sections 3-4) and the combination rules."""
from __future__ import annotations

import pytest

from triage.engine import Facts, assess
from triage.knowledge import load_knowledge

ADULT = Facts(age=40, duration_days=5, improving=True)

# (findings, facts, level, imaging, red_flags): one row per line of GUIDELINE s3.
SECTION_3 = [
    (["saddle_numbness"], ADULT, "emergency", "immediate", ["cauda_equina"]),
    (["bladder_dysfunction"], ADULT, "emergency", "immediate", ["cauda_equina"]),
    (["bowel_incontinence"], ADULT, "emergency", "immediate", ["cauda_equina"]),
    (["bilateral_leg_symptoms"], ADULT, "emergency", "immediate", ["cauda_equina"]),
    (["bilateral_leg_weakness"], ADULT, "emergency", "immediate", ["cauda_equina", "neuro_deficit"]),
    (["sexual_dysfunction"], ADULT, "emergency", "immediate", ["cauda_equina"]),
    (["progressive_weakness"], ADULT, "emergency", "immediate", ["neuro_deficit"]),
    (["leg_weakness"], ADULT, "urgent", "immediate", ["neuro_deficit"]),
    (["major_trauma"], ADULT, "emergency", "immediate", ["major_trauma"]),
    (["vascular_tearing_pain"], ADULT, "emergency", "immediate", ["vascular"]),
    (["faint_or_collapse"], ADULT, "emergency", "immediate", ["vascular"]),
    (["pulsing_belly"], ADULT, "emergency", "immediate", ["vascular"]),
    (["known_aneurysm"], ADULT, "emergency", "immediate", ["vascular"]),
    (["chest_pain_or_breathless"], ADULT, "emergency", "immediate", ["vascular"]),
    (["fever"], ADULT, "urgent", "immediate", ["infection"]),
    (["injecting_drug_use"], ADULT, "urgent", "immediate", ["infection"]),
    (["immunosuppression"], ADULT, "urgent", "immediate", ["infection"]),
    (["long_term_steroids"], ADULT, "urgent", "immediate", ["infection"]),
    (["past_tuberculosis"], ADULT, "urgent", "immediate", ["infection"]),
    (["recent_spinal_procedure"], ADULT, "urgent", "immediate", ["infection"]),
    (["recent_infection"], ADULT, "urgent", "immediate", ["infection"]),
    (["cancer_history"], ADULT, "urgent", "immediate", ["cancer"]),
    (["weight_loss"], ADULT, "urgent", "immediate", ["cancer"]),
    (["back_lump"], ADULT, "urgent", "immediate", ["cancer"]),
    (["thoracic_pain"], ADULT, "urgent", "immediate", ["cancer"]),
    (["night_pain"], ADULT, "routine", "defer", ["cancer"]),
    (["night_pain", "weight_loss"], ADULT, "urgent", "immediate", ["cancer"]),
    (["osteoporosis", "minor_injury"], ADULT, "urgent", "immediate", ["fracture"]),
    (["osteoporosis", "lifting_or_bending"], ADULT, "urgent", "immediate", ["fracture"]),
    (["long_term_steroids", "minor_injury"], ADULT, "urgent", "immediate", ["infection", "fracture"]),
    (["minor_injury"], Facts(age=70, duration_days=1), "urgent", "immediate", ["fracture"]),
    (["minor_injury"], Facts(age=65, duration_days=1), "urgent", "immediate", ["fracture"]),
    (["anticoagulant", "minor_injury"], ADULT, "urgent", "immediate", ["fracture"]),
    (["anticoagulant", "minor_injury", "leg_numbness"], ADULT, "emergency", "immediate", ["fracture"]),
    (["morning_stiffness"], Facts(age=30, duration_days=120, improving=False), "routine", "defer", ["inflammatory"]),
    (["night_pain"], Facts(age=30, duration_days=120, improving=False), "routine", "defer",
     ["cancer", "inflammatory"]),
    (["pregnant", "pregnancy_warning"], ADULT, "urgent", "immediate", ["pregnancy"]),
    (["pregnant", "pregnancy_emergency"], ADULT, "emergency", "immediate", ["pregnancy"]),
    (["pregnant", "fever"], ADULT, "urgent", "immediate", ["infection", "pregnancy"]),
]

COMBINATIONS = [
    # cancer or infection + any new nerve symptom: emergency (NICE-NG234)
    (["cancer_history", "leg_numbness"], ADULT, "emergency", "immediate", ["cancer"]),
    (["fever", "leg_weakness"], ADULT, "emergency", "immediate", ["neuro_deficit", "infection"]),
    (["injecting_drug_use", "bladder_dysfunction"], ADULT, "emergency", "immediate", ["cauda_equina", "infection"]),
    # most urgent wins, every category listed
    (["fever", "cancer_history", "saddle_numbness"], ADULT, "emergency", "immediate",
     ["cauda_equina", "infection", "cancer"]),
    (["thoracic_pain", "fever"], ADULT, "urgent", "immediate", ["infection", "cancer"]),
]

NOT_RED_FLAGS = [
    ([], ADULT, "self_care", "none", []),
    (["leg_pain"], Facts(age=35, duration_days=14, leg_pain=True), "self_care", "none", []),
    (["leg_pain", "leg_numbness"], Facts(age=35, duration_days=20, leg_pain=True), "self_care", "none", []),
    (["lifting_or_bending"], ADULT, "self_care", "none", []),
    (["minor_injury"], Facts(age=40, duration_days=2), "self_care", "none", []),
    (["osteoporosis"], ADULT, "self_care", "none", []),
    (["anticoagulant"], ADULT, "self_care", "none", []),
    (["morning_stiffness"], Facts(age=30, duration_days=20), "self_care", "none", []),
    (["morning_stiffness"], Facts(age=50, duration_days=200, improving=True), "self_care", "defer", []),
    ([], Facts(age=55, duration_days=5), "self_care", "defer", []),
    ([], Facts(age=19, duration_days=5), "self_care", "none", []),
    ([], Facts(age=40, duration_days=60, improving=False), "routine", "none", []),
    ([], Facts(age=40, duration_days=60, improving=True), "self_care", "none", []),
    ([], Facts(age=40, duration_days=30, improving=False), "self_care", "none", []),
    (["leg_pain"], Facts(age=40, duration_days=60, leg_pain=True, improving=False, surgery_candidate=True),
     "routine", "defer", []),
    (["leg_pain"], Facts(age=40, duration_days=60, leg_pain=True, improving=False, surgery_candidate=False),
     "routine", "none", []),
    ([], Facts(age=16, duration_days=3), "routine", "none", []),
    (["pregnant"], ADULT, "routine", "none", []),
    (["pregnancy_warning"], ADULT, "self_care", "none", []),  # only counts in pregnancy
    (["pregnant", "saddle_numbness"], ADULT, "emergency", "immediate", ["cauda_equina"]),  # red flags override
    (["cancer_history"], Facts(age=16, duration_days=3), "urgent", "immediate", ["cancer"]),
]


@pytest.mark.parametrize("findings,facts,level,imaging,red_flags", SECTION_3 + COMBINATIONS + NOT_RED_FLAGS)
def test_guideline_rows(findings, facts, level, imaging, red_flags):
    result = assess(findings, facts)
    assert (result.level, result.imaging) == (level, imaging)
    assert result.red_flags == red_flags


def test_every_red_flag_finding_has_a_row():
    knowledge = load_knowledge()
    covered = {f for row in SECTION_3 + COMBINATIONS for f in row[0]}
    red_flag_findings = {fid for fid, spec in knowledge.findings.items()
                         if spec.is_red_flag and spec.patterns}
    assert red_flag_findings <= covered


def test_unsure_emergency_answer_is_urgent_never_ignored():
    result = assess([], ADULT, unsure=["cauda_equina_reported"])
    assert result.level == "urgent" and result.red_flags == ["cauda_equina"]
    assert result.reasons[0].uncertain


def test_payload_matches_contract():
    result = assess(["saddle_numbness"], Facts(age=42, duration_days=5, leg_pain=True))
    payload = result.payload(Facts(age=42, duration_days=5, leg_pain=True))
    triage = payload["triage"]
    assert set(triage) == {"level", "imaging", "red_flags", "reasons", "facts"}
    assert triage["reasons"][0] == {"finding": "saddle_numbness", "category": "cauda_equina", "source": "ACP-2011"}
    assert triage["facts"] == {"age": 42, "duration_days": 5, "leg_pain": True}


def test_every_reason_cites_a_known_source():
    knowledge = load_knowledge()
    for findings, facts, *_ in SECTION_3 + COMBINATIONS + NOT_RED_FLAGS:
        for reason in assess(findings, facts).reasons:
            assert reason.source in knowledge.sources
