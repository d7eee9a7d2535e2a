"""The second reader: a small statistical text classifier beside the rules (issue 13, item 3).

spaCy's `textcat_multilabel` (bag of words and word pairs, no vectors, nothing downloaded) learns
from the labelled utterances which danger-sign categories a message reports as the patient's own.
It never sets a level. Where it reads a category that the rules (language/findings.py) did not find
active, the two readers disagree: that is weak evidence, and the category's screening question is
asked next, in the same turn, as a cue is (triage/conversation.py). A strong finding the rules read
is never weakened by the model: the rules keep same-turn escalation.

Trained by the Rasa component components/second_reader.py during `make train`.
"""
from __future__ import annotations

import random
from pathlib import Path
from typing import Any, Iterable, Mapping

import spacy
import yaml
from spacy.language import Language
from spacy.training import Example

from triage.knowledge import Knowledge, load_knowledge
from triage.reading import Finding

# Danger-sign category -> the screening question that asks about it (triage/questions.py ids).
SCREEN_OF_CATEGORY: dict[str, str] = {
    "cauda_equina": "screen_cauda_equina",
    "neuro_deficit": "screen_leg_nerves",
    "major_trauma": "screen_trauma",
    "vascular": "screen_vascular",
    "infection": "screen_infection",
    "cancer": "screen_cancer",
}
CATEGORIES = tuple(SCREEN_OF_CATEGORY)
THRESHOLD = 0.3  # chosen on fresh4 (tests/data/findings_fresh_2026-12.yml); reported on fresh5
MODEL_CONFIG = {"model": {"@architectures": "spacy.TextCatBOW.v2", "exclusive_classes": False,
                          "ngram_size": 2, "no_output_layer": False}}


def label_active(label: Mapping[str, Any], knowledge: Knowledge) -> bool:
    """A labelled finding that is the patient's own and current (the labelled set's convention; the
    findings evaluation scores the rules against the same decision)."""
    if label.get("negated") or label.get("family") or label.get("hypothetical"):
        return False
    return not label.get("historical") or knowledge.findings[label["id"]].history_counts


def categories_of(labels: Iterable[Mapping[str, Any]], knowledge: Knowledge | None = None) -> frozenset[str]:
    """The danger-sign categories a labelled utterance reports as active."""
    knowledge = knowledge or load_knowledge()
    return frozenset(c for label in labels if label_active(label, knowledge)
                     for c in knowledge.findings[label["id"]].categories if c in SCREEN_OF_CATEGORY)


def labelled_examples(path: Path) -> list[tuple[str, frozenset[str]]]:
    """(text, active categories) for every item of a labelled findings file."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    knowledge = load_knowledge()
    return [(item["text"], categories_of(item.get("findings") or [], knowledge)) for item in raw["items"]]


def train(examples: list[tuple[str, frozenset[str]]], *, epochs: int = 20, seed: int = 2026) -> Language:
    """A textcat_multilabel pipeline on blank English, trained on the examples (seconds on a CPU)."""
    spacy.util.fix_random_seed(seed)
    nlp = spacy.blank("en")
    textcat: Any = nlp.add_pipe("textcat_multilabel", config=MODEL_CONFIG)
    for category in CATEGORIES:
        textcat.add_label(category)
    data = [Example.from_dict(nlp.make_doc(text), {"cats": {c: float(c in cats) for c in CATEGORIES}})
            for text, cats in examples]
    optimizer = nlp.initialize(lambda: data)
    shuffle = random.Random(seed)
    for _ in range(epochs):
        shuffle.shuffle(data)
        for batch in spacy.util.minibatch(data, size=16):
            nlp.update(batch, sgd=optimizer)
    return nlp


def probabilities(nlp: Language, text: str) -> dict[str, float]:
    """Category -> the model's probability that the message reports it."""
    return {category: float(p) for category, p in nlp(text).cats.items()}


def disagreement(scores: Mapping[str, float], findings: Iterable[Finding], *,
                 threshold: float = THRESHOLD) -> frozenset[str]:
    """Screens to ask next: categories the model reads that no active rule finding covers."""
    knowledge = load_knowledge()
    ruled = {c for f in findings if f.is_active(knowledge) for c in knowledge.findings[f.id].categories}
    return frozenset(SCREEN_OF_CATEGORY[c] for c, p in scores.items()
                     if p >= threshold and c in SCREEN_OF_CATEGORY and c not in ruled)
