"""The guideline engine: from a patient's findings and facts to level, imaging tier and reasons.

Pure Python, no Rasa. Rules of ../shared/clinical/GUIDELINE.md sections 3-4; each rule names
its source ids. The most urgent level wins and every category that fits is listed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from triage.knowledge import FindingSpec, Knowledge, load_knowledge

EMERGENCY, URGENT, ROUTINE, SELF_CARE = "emergency", "urgent", "routine", "self_care"
CHOOSING_WISELY_WINDOW_DAYS = 42  # 6 weeks (NPA-2011, AAFP-CW-2012)
INFLAMMATORY_MIN_DAYS = 90  # more than 3 months (NICE-NG65)
INFLAMMATORY_MAX_AGE = 45  # under 45 (NICE-NG65)
FRACTURE_FALL_AGE = 65  # a fall at 65 or over (project policy, HENSCHKE-2009, DOWNIE-2013)
IMAGING_REVIEW_AGE = 50  # age 50 or over: imaging "defer" (GUIDELINE s4)
ADULT_AGE = 18


@dataclass(frozen=True)
class Facts:
    """What the patient told us besides findings."""

    age: int | None = None
    duration_days: float | None = None
    pain_score: int | None = None
    leg_pain: bool | None = None
    improving: bool | None = None
    surgery_candidate: bool | None = None
    worsening: bool = False  # worse at a follow-up check-in, after self-care
    age_unknown: bool = False  # asked and still unknown: age rules apply as for the older group (GUIDELINE s3a)

    def at_least(self, age: int) -> bool:
        """The patient is this old or older, or the age could not be found out (GUIDELINE s3a)."""
        return self.age_unknown if self.age is None else self.age >= age


@dataclass(frozen=True)
class Reason:
    """Why the level was chosen: one finding (or rule) with its category, level and source."""

    finding: str
    category: str | None
    level: str
    source: str
    uncertain: bool = False

    def as_payload(self) -> dict[str, Any]:
        """The CONTRACT s2 form of a reason."""
        out: dict[str, Any] = {"finding": self.finding, "category": self.category, "source": self.source}
        if self.uncertain:
            out["uncertain"] = True
        return out


@dataclass(frozen=True)
class Assessment:
    """The engine's result: level, imaging tier, red-flag categories and reasons."""

    level: str
    imaging: str
    red_flags: list[str]
    reasons: list[Reason] = field(default_factory=list)

    def payload(self, facts: Facts) -> dict[str, Any]:
        """The triage payload of CONTRACT section 2."""
        fact_items = {"age": facts.age, "duration_days": facts.duration_days, "leg_pain": facts.leg_pain,
                      "pain_score": facts.pain_score, "improving": facts.improving}
        return {"triage": {
            "level": self.level, "imaging": self.imaging, "red_flags": list(self.red_flags),
            "reasons": [r.as_payload() for r in self.reasons],
            "facts": {k: v for k, v in fact_items.items() if v is not None},
        }}


def _present(findings: Iterable[str], knowledge: Knowledge) -> set[str]:
    """Findings that count: known ids whose prerequisite ('needs') is also present."""
    found = {f for f in findings if f in knowledge.findings}
    return {f for f in found if not knowledge.findings[f].needs or knowledge.findings[f].needs in found}


class _Reasons(list):  # type: ignore[type-arg]
    """The reasons found so far; add() records one finding or rule for each of its categories."""

    def add(self, finding: str, categories: Iterable[str | None], level: str, source: str,
            uncertain: bool = False) -> None:
        self.extend(Reason(finding, category, level, source, uncertain) for category in categories)

    def categories(self) -> set[str | None]:
        return {r.category for r in self}


def assess(findings: Iterable[str], facts: Facts, unsure: Iterable[str] = (),
           knowledge: Knowledge | None = None) -> Assessment:
    """Apply the guideline to the patient's active findings and facts.

    `unsure` holds screening findings the patient could not rule in or out: an emergency sign
    the patient is unsure of gives `urgent` and any other gives `routine` (project policy).
    """
    k = knowledge or load_knowledge()
    present = _present(findings, k)
    specs = [k.findings[f] for f in sorted(present)]
    reasons = _Reasons()
    _red_flags(reasons, specs)
    _fracture(reasons, specs, facts)
    inflammatory = _inflammatory(reasons, specs, facts)
    if "pregnant" in present and present & {"fever", "infection_reported"}:  # project policy, GUIDELINE s3
        reasons.add("fever_in_pregnancy", ["pregnancy"], URGENT, "PROJECT-POLICY")
    for finding in sorted(set(unsure) - present):
        spec = k.findings[finding]
        reasons.add(finding, spec.categories or [None], URGENT if spec.level == EMERGENCY else ROUTINE,
                    spec.sources[0], uncertain=True)
    long_and_stuck = _routine_without_red_flag(reasons, facts)
    if "pregnant" in present:
        reasons.add("pregnant", [None], ROUTINE, "PROJECT-POLICY")
    level = max((r.level for r in reasons), key=k.level_rank, default=SELF_CARE)
    red_flags = sorted({r.category for r in reasons if r.category}, key=_category_order)
    sciatica_for_surgery = long_and_stuck and facts.leg_pain is True and facts.surgery_candidate is True
    if level in (EMERGENCY, URGENT):
        imaging = "immediate"  # be assessed now (ACP-2011; project policy, GUIDELINE s4)
    elif sciatica_for_surgery or inflammatory or "night_pain" in present or facts.at_least(IMAGING_REVIEW_AGE):
        imaging = "defer"  # ACP-2011 defer tier, ACR-AC-LBP variant 3
    else:
        imaging = "none"  # NPA-2011, AAFP-CW-2012, ACR-AC-LBP
    reasons.sort(key=lambda r: -k.level_rank(r.level))
    return Assessment(level=level, imaging=imaging, red_flags=red_flags, reasons=list(reasons))


def _red_flags(reasons: _Reasons, specs: list[FindingSpec]) -> None:
    """Red flags on their own (GUIDELINE s3), the nerve combination (NICE-NG234) and night pain (NHS-BACKPAIN)."""
    for spec in specs:
        if spec.level is not None and spec.categories and spec.id != "night_pain":
            reasons.add(spec.id, spec.categories, spec.level, spec.sources[0])
    cancer_or_infection = {r.finding for r in reasons if r.category in ("cancer", "infection")}
    if any(s.nerve for s in specs) and cancer_or_infection:  # possible cord compression or epidural abscess
        reasons.add(sorted(cancer_or_infection)[0], ["cancer" if "cancer" in reasons.categories() else "infection"],
                    EMERGENCY, "NICE-NG234")
    if any(s.id == "night_pain" for s in specs):  # routine alone, urgent with another cancer finding
        reasons.add("night_pain", ["cancer"], URGENT if "cancer" in reasons.categories() else ROUTINE, "NHS-BACKPAIN")


def _fracture(reasons: _Reasons, specs: list[FindingSpec], facts: Facts) -> None:
    """Fracture (ACR-AC-LBP variant 6, DOWNIE-2013, HENSCHKE-2009; bleeding risk is project policy)."""
    injury = any(s.injury for s in specs)
    if (injury or any(s.strain for s in specs)) and any(s.bone_risk for s in specs):
        reasons.add("bone_risk_with_injury", ["fracture"], URGENT, "ACR-AC-LBP")
    if injury and facts.at_least(FRACTURE_FALL_AGE):
        reasons.add("fall_at_older_age", ["fracture"], URGENT, "HENSCHKE-2009")
    if injury and any(s.bleeding_risk for s in specs):
        reasons.add("anticoagulant_with_injury", ["fracture"], EMERGENCY if any(s.nerve for s in specs) else URGENT,
                    "PROJECT-POLICY")


def _inflammatory(reasons: _Reasons, specs: list[FindingSpec], facts: Facts) -> bool:
    """Inflammatory back pain (NICE-NG65): under 45, over 3 months, night waking or morning stiffness."""
    inflammatory = (facts.age is not None and facts.age < INFLAMMATORY_MAX_AGE
                    and facts.duration_days is not None and facts.duration_days > INFLAMMATORY_MIN_DAYS
                    and any(s.inflammatory_sign for s in specs))
    if inflammatory:
        reasons.add("inflammatory_pattern", ["inflammatory"], ROUTINE, "NICE-NG65")
    return inflammatory


def _routine_without_red_flag(reasons: _Reasons, facts: Facts) -> bool:
    """See a clinician without a red flag: not better after 6 weeks (ACP-APS-2007), getting worse
    (NHS-BACKPAIN, GUIDELINE s7), under 18 (project policy). True when the pain is long and stuck."""
    long_and_stuck = (facts.duration_days is not None and facts.duration_days > CHOOSING_WISELY_WINDOW_DAYS
                      and facts.improving is not True)
    if long_and_stuck:
        reasons.add("not_improving_after_6_weeks", [None], ROUTINE, "ACP-APS-2007")
    if facts.worsening:
        reasons.add("getting_worse", [None], ROUTINE, "NHS-BACKPAIN")
    if facts.age is not None and facts.age < ADULT_AGE:
        reasons.add("under_18", [None], ROUTINE, "PROJECT-POLICY")
    return long_and_stuck


CATEGORY_ORDER = ["cauda_equina", "neuro_deficit", "major_trauma", "vascular", "infection", "cancer", "fracture",
                  "inflammatory", "pregnancy"]


def _category_order(category: str) -> int:
    return CATEGORY_ORDER.index(category) if category in CATEGORY_ORDER else len(CATEGORY_ORDER)
