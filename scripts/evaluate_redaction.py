"""Measure the log redactor (privacy/redact.py) on the labelled set; write results/redaction.json.

For each type (PHONE, EMAIL, NAME, ADDRESS, DOB) on tests/data/redaction_labelled.yml:
- recall: labelled spans whose every letter and digit is covered by predicted spans of the same type
  (a half-redacted "Anna <NAME>" counts as missed); "leaked" counts spans with any letter or digit
  left uncovered by predictions of any type;
- precision: predicted spans overlapping a labelled span of the same type;
- false positives on the items without personal data (tags clinical, lookalike): spans predicted there;
- timing: median and 95th percentile microseconds of redact() per message, after a warm-up;
- the clinical corpus: what is redacted in the project's own patient utterances of
  tests/data/findings_labelled.yml (written for the findings extractor: no names, phones, e-mails or
  addresses; one date of birth, "born in 1958"), a large sample of real clinical wording.
Exits 1 when a target is missed.

Usage: .venv/bin/python -m scripts.evaluate_redaction [--set FILE] [--out FILE]
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from privacy.redact import TYPES, Span, find_pii, redact

ROOT = Path(__file__).resolve().parent.parent

LABELLED_SET = ROOT / "tests" / "data" / "redaction_labelled.yml"
CLINICAL_CORPUS = ROOT / "tests" / "data" / "findings_labelled.yml"
RESULTS = ROOT / "results" / "redaction.json"
NEGATIVE_TAGS = frozenset({"clinical", "lookalike"})
# Targets of issue 6: recall per type, and at most 2% of the no-PII messages touched at all.
TARGETS = {"PHONE": 0.95, "EMAIL": 0.95, "DOB": 0.95, "NAME": 0.90}
MAX_NEGATIVE_FP_RATE = 0.02


@dataclass(frozen=True)
class Item:
    """One labelled message and its labelled spans."""

    index: int
    text: str
    split: str
    tags: tuple[str, ...]
    spans: tuple[Span, ...]

    @property
    def negative(self) -> bool:
        return not self.spans and bool(NEGATIVE_TAGS & set(self.tags))


def _occurrences(text: str, piece: str) -> list[tuple[int, int]]:
    left = r"\b" if piece[0].isalnum() else ""
    right = r"\b" if piece[-1].isalnum() else ""
    return [(m.start(), m.end()) for m in re.finditer(left + re.escape(piece) + right, text)]


def load_set(path: Path = LABELLED_SET) -> list[Item]:
    """The labelled items; every occurrence of a labelled text is a span of its type."""
    items = []
    for index, raw in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))["items"]):
        spans = []
        for kind, piece in raw.get("pii") or []:
            found = _occurrences(raw["text"], piece)
            if kind not in TYPES or not found:
                raise ValueError(f"item {index}: bad label {kind} {piece!r} for {raw['text']!r}")
            spans += [Span(s, e, kind) for s, e in found]
        items.append(Item(index, raw["text"], raw.get("split", "dev"), tuple(raw.get("tags") or ()), tuple(spans)))
    return items


def _covered(text: str, gold: Span, predicted: list[Span], kind: str | None) -> bool:
    """Every letter and digit of gold lies in a predicted span (of this kind, unless kind is None)."""
    return all(any(p.start <= i < p.end and (kind is None or p.type == kind) for p in predicted)
               for i in range(gold.start, gold.end) if text[i].isalnum())


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def evaluate(items: list[Item], timing_rounds: int = 20) -> dict[str, Any]:
    """Per-type recall and precision, false positives on no-PII items, timing."""
    per_type: dict[str, dict[str, Any]] = {
        k: {"support": 0, "found": 0, "leaked": 0, "predicted": 0, "true_positive": 0} for k in TYPES}
    by_split: dict[str, dict[str, list[int]]] = {}
    misses, spurious = [], []
    negatives = fp_items = fp_spans = 0
    for item in items:
        predicted = find_pii(item.text)
        split = by_split.setdefault(item.split, {k: [0, 0] for k in TYPES})
        for gold in item.spans:
            stats = per_type[gold.type]
            stats["support"] += 1
            split[gold.type][0] += 1
            if _covered(item.text, gold, predicted, gold.type):
                stats["found"] += 1
                split[gold.type][1] += 1
            else:
                misses.append({"item": item.index, "type": gold.type, "span": item.text[gold.start:gold.end],
                               "text": item.text, "redacted": redact(item.text)})
            if not _covered(item.text, gold, predicted, None):
                stats["leaked"] += 1
        for pred in predicted:
            per_type[pred.type]["predicted"] += 1
            if any(g.type == pred.type and g.start < pred.end and pred.start < g.end for g in item.spans):
                per_type[pred.type]["true_positive"] += 1
            else:
                spurious.append({"item": item.index, "type": pred.type, "span": item.text[pred.start:pred.end],
                                 "text": item.text, "negative": item.negative})
        if item.negative:
            negatives += 1
            fp_spans += len(predicted)
            fp_items += bool(predicted)
    for stats in per_type.values():
        stats["recall"] = _ratio(stats["found"], stats["support"])
        stats["precision"] = _ratio(stats["true_positive"], stats["predicted"])
    micros = []
    for _ in range(timing_rounds):
        for item in items:
            start = time.perf_counter()
            redact(item.text)
            micros.append((time.perf_counter() - start) * 1e6)
    micros.sort()
    targets = {f"{k} recall": {"value": per_type[k]["recall"], "target": f">= {t}",
                               "met": (per_type[k]["recall"] or 0) >= t} for k, t in TARGETS.items()}
    fp_rate = _ratio(fp_items, negatives)
    targets["no-PII messages touched"] = {"value": fp_rate, "target": f"<= {MAX_NEGATIVE_FP_RATE}",
                                          "met": (fp_rate or 0) <= MAX_NEGATIVE_FP_RATE}
    return {
        "items": len(items),
        "items_by_split": {s: sum(i.split == s for i in items) for s in by_split},
        "per_type": per_type,
        "per_split_recall": {s: {k: _ratio(f, n) for k, (n, f) in v.items()} for s, v in by_split.items()},
        "negatives": {"items": negatives, "items_with_false_positives": fp_items, "false_positive_spans": fp_spans,
                      "rate": fp_rate},
        "timing_us": {"median": round(statistics.median(micros), 1),
                      "p95": round(micros[int(0.95 * (len(micros) - 1))], 1), "messages": len(micros)},
        "targets": targets,
        "missed": misses,
        "spurious": spurious,
    }


def clinical_corpus(path: Path = CLINICAL_CORPUS) -> dict[str, Any]:
    """What the redactor takes out of the project's clinical utterances."""
    texts = [entry["text"] for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["items"]]
    touched = [{"text": t, "spans": [[s.type, t[s.start:s.end]] for s in find_pii(t)]} for t in texts]
    touched = [t for t in touched if t["spans"]]
    return {"utterances": len(texts), "touched": len(touched), "rate": _ratio(len(touched), len(texts)),
            "redacted": touched}


def summary(report: dict[str, Any]) -> str:
    """A few lines for stdout."""
    lines = [f"redaction evaluation: {report['items']} messages {report['items_by_split']}",
             "  type      support  recall  precision  leaked  predicted"]
    for kind, s in report["per_type"].items():
        lines.append(f"  {kind:<9} {s['support']:>7}  {s['recall'] if s['recall'] is not None else '-':>6}  "
                     f"{s['precision'] if s['precision'] is not None else '-':>9}  {s['leaked']:>6}  {s['predicted']:>9}")
    n = report["negatives"]
    lines.append(f"  no-PII messages: {n['items_with_false_positives']}/{n['items']} touched "
                 f"({n['false_positive_spans']} spans): "
                 + "; ".join(f"{s['type']} {s['span']!r}" for s in report["spurious"] if s["negative"]))
    lines.append(f"  recall by split: {report['per_split_recall']}")
    if corpus := report.get("clinical_corpus"):
        lines.append(f"  clinical corpus ({corpus['utterances']} utterances of tests/data/findings_labelled.yml): "
                     f"{corpus['touched']} touched: " + "; ".join(f"{r['spans']} in {r['text']!r}" for r in corpus["redacted"]))
    lines.append(f"  redact(): median {report['timing_us']['median']} us, p95 {report['timing_us']['p95']} us per message")
    lines.append("  targets: " + ", ".join(f"{k} {t['value']} {'ok' if t['met'] else 'MISSED'}"
                                           for k, t in report["targets"].items()))
    for miss in report["missed"]:
        lines.append(f"  missed {miss['type']} {miss['span']!r}: {miss['redacted']}")
    for extra in report["spurious"]:
        if not extra["negative"]:
            lines.append(f"  spurious {extra['type']} {extra['span']!r} in {extra['text']!r}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Evaluate, write the JSON report, print a summary; 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=LABELLED_SET, help="labelled YAML set")
    parser.add_argument("--out", type=Path, default=RESULTS, help="JSON report")
    args = parser.parse_args(argv)
    report = evaluate(load_set(args.set))
    report["clinical_corpus"] = clinical_corpus()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(summary(report))
    print(f"  report: {args.out}")
    return 0 if all(t["met"] for t in report["targets"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
