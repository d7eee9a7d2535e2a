"""Loads the clinical knowledge base (knowledge.yml): findings, vocabulary, context rules."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

KNOWLEDGE_FILE = Path(__file__).with_name("knowledge.yml")


@dataclass(frozen=True)
class FindingSpec:
    """One finding of the knowledge base: what it means clinically and how it is worded."""

    id: str
    categories: tuple[str, ...]
    level: str | None
    sources: tuple[str, ...]
    patterns: tuple[str, ...] = ()
    nerve: bool = False  # a new nerve symptom (NICE-NG234 combination rule)
    history_counts: bool = False  # a personal past history still counts (cancer, TB)
    bone_risk: bool = False  # osteoporosis or long-term steroids (fracture rule)
    bleeding_risk: bool = False  # anticoagulants (fracture rule, project policy)
    injury: bool = False  # a fall, knock or blow
    strain: bool = False  # a lift, bend or twist
    leg: bool = False  # leg pain or leg numbness (sciatica-type symptom)
    inflammatory_sign: bool = False  # night waking or morning stiffness (NICE-NG65)
    needs: str | None = None  # only counts together with this finding (pregnancy signs)
    denied_if_sentence: str | None = None  # read as denied in such a sentence ("lost 8 kg, on purpose")
    doubtful_if_sentence: str | None = None  # read with doubt in such a sentence ("a skin cancer": which kind?)
    sure_if_sentence: str | None = None  # never doubtful in such a sentence ("lost weight without trying")
    current_if_sentence: str | None = None  # never past in such a sentence ("I'm on apixaban after a clot last year")
    reason_after: bool = False  # the next sentence is read with its own ("lost 8 kilos ... It's deliberate")
    asked_as: str | None = None  # how a question names it to the patient ("new trouble peeing")
    named_by: str | None = None  # words a patient names it by in a grouped answer ("peein ok", "no thinners")
    asked_as_es: str | None = None  # ... in Spanish ("problemas nuevos para orinar"; issue 15)

    def named(self, language: str = "en") -> str:
        """How a question names the finding to the patient, in the conversation's language."""
        return (self.asked_as_es if language == "es" else None) or self.asked_as or self.id

    def read_in(self, sentence: str, clauses: tuple[str, ...] = (), message: str = "") -> tuple[bool, bool]:
        """(denied, doubtful): what the sentence around a mention, or a confirmation's answer, says of it. The
        mention's own clause may deny it ("fuerza sí tengo en las dos piernas, ... no arrastro los pies"), and
        the whole message may settle a doubt ("says I HAVE lost weight ... I haven't been trying to")."""
        def says(pattern: str | None, text: str) -> bool:
            return bool(pattern and text and re.search(pattern, text, re.IGNORECASE))
        denied = any(says(self.denied_if_sentence, text) for text in (sentence, *clauses))
        return denied, says(self.doubtful_if_sentence, sentence) and not says(self.sure_if_sentence, message or sentence)

    def current_in(self, sentence: str) -> bool:
        """The sentence tells it as now, whatever past time it also names."""
        return bool(self.current_if_sentence and re.search(self.current_if_sentence, sentence, re.IGNORECASE))

    @property
    def is_red_flag(self) -> bool:
        """True when the finding on its own gives a red-flag category."""
        return bool(self.categories) and self.level is not None


@dataclass(frozen=True)
class Knowledge:
    """The parsed knowledge base."""

    levels: tuple[str, ...]
    sources: dict[str, str]
    findings: dict[str, FindingSpec]
    context_rules: tuple[dict[str, Any], ...] = field(default=())
    answers: dict[str, tuple[str, ...]] = field(default_factory=dict)  # GUIDELINE s3a phrase lists (language/)
    subject: dict[str, str] = field(default_factory=dict)  # who has the pain (GUIDELINE s3a; language/answers.py)
    cues: dict[str, tuple[str, ...]] = field(default_factory=dict)  # screen question id -> cue patterns (issue 13)
    textspeak: dict[str, dict[str, str]] = field(default_factory=dict)  # language -> {"rly": "really"} (issue 13)
    sentences: dict[str, tuple[str, ...]] = field(default_factory=dict)  # where unpunctuated phrases end (language/)

    def level_rank(self, level: str) -> int:
        """Position of a level from least (0, self_care) to most urgent."""
        return self.levels.index(level)


def _expand(pattern: str, vocabulary: dict[str, str]) -> str:
    return re.sub(r"\{([A-Z_]+)\}", lambda m: vocabulary[m.group(1)], pattern)


def _expand_optional(pattern: str | None, vocabulary: dict[str, str]) -> str | None:
    return None if pattern is None else _expand(pattern, vocabulary)


SECTIONS = frozenset({"levels", "sources", "vocabulary", "context_rules", "answers", "subject", "cues", "findings",
                      "contains", "screening_findings", "textspeak", "sentences"})
SPEC_KEYS = frozenset(f.name for f in fields(FindingSpec)) - {"id"}


def _spec(fid: str, raw: dict[str, Any], vocabulary: dict[str, str]) -> FindingSpec:
    unknown = set(raw) - SPEC_KEYS
    if unknown:
        raise ValueError(f"knowledge.yml: finding {fid} has unknown keys {sorted(unknown)}")
    return FindingSpec(
        id=fid,
        categories=tuple(raw.get("categories", [])),
        level=raw.get("level"),
        sources=tuple(raw.get("sources", [])),
        patterns=tuple(_expand(p, vocabulary) for p in raw.get("patterns", [])),
        nerve=raw.get("nerve", False),
        history_counts=raw.get("history_counts", False),
        bone_risk=raw.get("bone_risk", False),
        bleeding_risk=raw.get("bleeding_risk", False),
        injury=raw.get("injury", False),
        strain=raw.get("strain", False),
        leg=raw.get("leg", False),
        inflammatory_sign=raw.get("inflammatory_sign", False),
        needs=raw.get("needs"),
        denied_if_sentence=_expand_optional(raw.get("denied_if_sentence"), vocabulary),
        doubtful_if_sentence=_expand_optional(raw.get("doubtful_if_sentence"), vocabulary),
        sure_if_sentence=_expand_optional(raw.get("sure_if_sentence"), vocabulary),
        current_if_sentence=_expand_optional(raw.get("current_if_sentence"), vocabulary),
        reason_after=raw.get("reason_after", False),
        asked_as=raw.get("asked_as"),
        named_by=raw.get("named_by"),
        asked_as_es=raw.get("asked_as_es"),
    )


@lru_cache(maxsize=1)
def load_knowledge(path: Path = KNOWLEDGE_FILE) -> Knowledge:
    """Read and validate knowledge.yml once per process."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if set(raw) - SECTIONS:
        raise ValueError(f"knowledge.yml: unknown sections {sorted(set(raw) - SECTIONS)}")
    vocabulary = raw.get("vocabulary", {})
    findings = {fid: _spec(fid, spec, vocabulary) for fid, spec in raw["findings"].items()}
    findings.update({fid: _spec(fid, spec, vocabulary) for fid, spec in raw["screening_findings"].items()})
    knowledge = Knowledge(levels=tuple(raw["levels"]), sources=raw["sources"], findings=findings,
                          context_rules=tuple(raw.get("context_rules", [])),
                          answers={kind: tuple(patterns) for kind, patterns in raw.get("answers", {}).items()},
                          subject=dict(raw.get("subject", {})),
                          cues={screen: tuple(patterns) for screen, patterns in raw.get("cues", {}).items()},
                          textspeak={lang: {str(k).lower(): str(v) for k, v in table.items()}
                                     for lang, table in raw.get("textspeak", {}).items()},
                          sentences={kind: tuple(map(str, words)) for kind, words in raw.get("sentences", {}).items()})
    bare = [k for table in raw.get("textspeak", {}).values() for k, v in table.items() if not isinstance(v, str)]
    if bare:  # YAML reads `nop: no` as false: write "no"
        raise ValueError(f"knowledge.yml: textspeak values must be quoted words: {bare}")
    for spec in findings.values():
        unknown = [s for s in spec.sources if s not in knowledge.sources]
        if unknown or (spec.level is not None and spec.level not in knowledge.levels):
            raise ValueError(f"knowledge.yml: finding {spec.id} has unknown source or level: {unknown or spec.level}")
    for pattern in [p for spec in findings.values() for p in (*spec.patterns, spec.named_by or "")] + [
            p for patterns in [*knowledge.answers.values(), *knowledge.cues.values(), *knowledge.sentences.values()]
            for p in patterns] + list(
            knowledge.subject.values()):
        re.compile(pattern)  # a broken pattern fails here, at load, not on a patient's message
    return knowledge
