"""Does the second reader help? Rules alone against rules + second reader, on fresh labelled sets.

Trains language.second_reader on tests/data/findings_labelled.yml exactly as `make train` does
(same seed and settings, so the same model) and scores both readers on fresh sets it never saw,
per danger-sign category (the unit the second reader works in):

- rules: a category is read when an active rule finding belongs to it (language/findings.py);
- rules + second reader: ... or the model reads it at the threshold (its screen is then asked next);
- caught: categories the rules missed and the model caught; false asks: categories the model
  read that the message does not report (each costs one question asked earlier than otherwise);
- model latency per message and the size of the trained pipeline.

Usage: .venv/bin/python -m scripts.evaluate_second_reader [--set FILE ...] [--out DIR]
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from language import second_reader
from language.findings import extract_findings
from triage.knowledge import load_knowledge

ROOT = Path(__file__).resolve().parent.parent
TRAINING = ROOT / "tests" / "data" / "findings_labelled.yml"
FRESH_SETS = tuple(ROOT / "tests" / "data" / f"findings_{name}_2026-12.yml" for name in ("fresh", "fresh5", "fresh6", "fresh8"))


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 3) if den else None


def score(nlp: Any, path: Path, threshold: float) -> dict[str, Any]:
    """Category recall of the rules with and without the second reader on one labelled set."""
    knowledge = load_knowledge()
    examples = second_reader.labelled_examples(path)
    support = rules_found = both_found = caught = false_asks = 0
    model_ms = 0.0
    for text, gold in examples:
        findings = extract_findings(text)
        ruled = {c for f in findings if f.is_active(knowledge) for c in knowledge.findings[f.id].categories}
        started = time.perf_counter()
        scores = second_reader.probabilities(nlp, text)
        model_ms += (time.perf_counter() - started) * 1000
        asked = {c for c, screen in second_reader.SCREEN_OF_CATEGORY.items()
                 if screen in second_reader.disagreement(scores, findings, threshold=threshold)}
        support += len(gold)
        rules_found += len(gold & ruled)
        both_found += len(gold & (ruled | asked))
        caught += len((gold - ruled) & asked)
        false_asks += len(asked - gold)
    return {"set": path.name, "messages": len(examples), "categories": support,
            "rules_recall": _ratio(rules_found, support), "with_second_reader_recall": _ratio(both_found, support),
            "caught": caught, "missed_by_rules": support - rules_found, "false_asks": false_asks,
            "false_asks_per_100_messages": round(100 * false_asks / max(1, len(examples)), 1),
            "model_ms_per_message": round(model_ms / max(1, len(examples)), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", type=Path, action="append", help="fresh labelled sets (default: fresh4, fresh5, fresh6, fresh8)")
    parser.add_argument("--out", type=Path, default=ROOT / "results")
    args = parser.parse_args()
    started = time.perf_counter()
    nlp = second_reader.train(second_reader.labelled_examples(TRAINING))
    train_seconds = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as directory:
        nlp.to_disk(directory)
        size_kb = sum(f.stat().st_size for f in Path(directory).rglob("*") if f.is_file()) // 1024
    rows = [score(nlp, path, second_reader.THRESHOLD) for path in args.set or FRESH_SETS if path.exists()]
    report = {"threshold": second_reader.THRESHOLD, "train_seconds": round(train_seconds, 1), "model_kb": size_kb,
              "sets": rows}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "second_reader.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    lines = [f"second reader (threshold {report['threshold']}, trained in {report['train_seconds']} s, {size_kb} KB)"]
    lines += [f"  {r['set']}: category recall rules {r['rules_recall']} -> with second reader "
              f"{r['with_second_reader_recall']} (caught {r['caught']} of {r['missed_by_rules']} missed); "
              f"false asks {r['false_asks']} ({r['false_asks_per_100_messages']} per 100 messages); "
              f"{r['model_ms_per_message']} ms per message" for r in rows]
    (args.out / "second_reader.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    print(yaml.safe_dump({"reports": [str(args.out / "second_reader.json")]}).strip())


if __name__ == "__main__":
    main()
