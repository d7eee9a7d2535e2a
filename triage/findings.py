"""Clinical findings from free text: spaCy (blank English) + medspacy target rules and ConText.

Patterns and context rules come from knowledge.yml, the one source of the red-flag
vocabulary. ConText marks each finding negated, family, historical, hypothetical or
uncertain ("no numbness", "my dad had cancer", "what if I get numbness?").
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from loguru import logger

from triage.knowledge import Knowledge, load_knowledge

logger.disable("PyRuSH")  # PyRuSH logs every sentence at DEBUG level

import medspacy  # noqa: E402,F401  (registers the medspacy factories)
import spacy  # noqa: E402
from medspacy.context import ConTextRule  # noqa: E402
from medspacy.target_matcher import TargetRule  # noqa: E402
from spacy.language import Language  # noqa: E402

FINDINGS_KEY = "clinical_findings"  # where the Rasa component puts findings on the parsed message


@dataclass(frozen=True)
class Finding:
    """One finding in a message, with its ConText flags."""

    id: str
    text: str
    start: int
    end: int
    negated: bool = False
    family: bool = False
    historical: bool = False
    hypothetical: bool = False
    uncertain: bool = False

    def is_active(self, knowledge: Knowledge | None = None) -> bool:
        """True when the patient reports it as their own, current (or lasting) problem."""
        if self.negated or self.family or self.hypothetical:
            return False
        if self.historical:
            spec = (knowledge or load_knowledge()).findings[self.id]
            return spec.history_counts
        return True

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form, as put on the parsed Rasa message."""
        return asdict(self)


def _context_rules(knowledge: Knowledge) -> list[ConTextRule]:
    rules = []
    for group in knowledge.context_rules:
        allowed = set(group["allowed_types"]) if group.get("allowed_types") else None
        common = {"category": group["category"], "direction": group["direction"], "allowed_types": allowed}
        if "pattern" in group:
            rules.append(ConTextRule(group["category"].lower(), pattern=group["pattern"], **common))
        for literal in group.get("literals", []):
            rules.append(ConTextRule(str(literal), **common))
    return rules


@lru_cache(maxsize=1)
def build_pipeline() -> Language:
    """spaCy blank English with sentence splitting, target rules and ConText (no model download)."""
    knowledge = load_knowledge()
    nlp = spacy.blank("en")
    nlp.add_pipe("medspacy_pyrush")
    matcher = nlp.add_pipe("medspacy_target_matcher")
    matcher.add([TargetRule(spec.id, spec.id.upper(), pattern=pattern)
                 for spec in knowledge.findings.values() for pattern in spec.patterns])
    context = nlp.add_pipe("medspacy_context", config={"rules": None, "prune_on_target_overlap": True})
    context.add(_context_rules(knowledge))
    return nlp


def _normalise(text: str) -> str:
    """Straight apostrophes and single spaces, so patterns see one spelling."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip()


def extract_findings(text: str) -> list[Finding]:
    """All findings in a message, each with its context flags."""
    knowledge = load_knowledge()
    doc = build_pipeline()(_normalise(text))
    found = []
    for ent in doc.ents:
        spec = knowledge.findings[ent.label_.lower()]
        if spec.exclude_if_sentence and re.search(spec.exclude_if_sentence, ent.sent.text, re.IGNORECASE):
            continue
        found.append(Finding(
            id=spec.id, text=ent.text, start=ent.start_char, end=ent.end_char,
            negated=ent._.is_negated, family=ent._.is_family, historical=ent._.is_historical,
            hypothetical=ent._.is_hypothetical, uncertain=ent._.is_uncertain,
        ))
    return found
