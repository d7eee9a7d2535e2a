"""Measure which language the assistant answers a first message in (issue 15).

tests/data/language_2026-12.yml: first messages written blind (Spanish, English, mixed, one- and two-word
messages), each labelled with the language the writer would want the answer in (`either`: cannot be told).
Each message is played as the opening of a new conversation through the dialogue's own language step
(triage.conversation), so the figure is what a patient sees: the reply language, and whether the assistant
had to offer the other language. Writes results/language_report.json and .md.

Usage: .venv/bin/python -m scripts.evaluate_language [--set FILE] [--out DIR]
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import yaml

from language.read import patient_message
from triage.conversation import respond
from triage.story import Story

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SET = ROOT / "tests" / "data" / "language_2026-12.yml"
OFFERS = {"utter_language_offer"}  # the assistant asks: "I can also write in Spanish"


def first_reply_language(text: str) -> tuple[str, bool]:
    """The language of the replies to `text` as a first message, and whether the other language was offered."""
    story, replies = respond(Story(), patient_message(Story(), text))
    return story.language, any(r.response in OFFERS for r in replies)


def evaluate(items: list[dict]) -> dict:
    by_tag: dict[str, Counter] = {}
    totals: Counter = Counter()
    wrong = []
    for item in items:
        language, offered = first_reply_language(item["text"])
        expected = item["answer_in"]
        right = expected == "either" or language == expected
        totals["n"] += 1
        totals["right"] += right
        totals["offered"] += offered
        totals[f"n_{expected}"] += 1
        totals[f"right_{expected}"] += right
        for tag in item.get("tags") or ["plain"]:
            counter = by_tag.setdefault(tag, Counter())
            counter["n"] += 1
            counter["right"] += right
        if not right:
            wrong.append({"text": item["text"], "expected": expected, "got": language, "offered": offered})
    labelled = totals["n"] - totals["n_either"]
    return {"n": totals["n"], "accuracy": round(totals["right"] / totals["n"], 3),
            "accuracy_labelled": round((totals["right"] - totals["right_either"]) / labelled, 3),
            "spanish_recall": round(totals["right_es"] / max(1, totals["n_es"]), 3),
            "english_recall": round(totals["right_en"] / max(1, totals["n_en"]), 3),
            "offered_rate": round(totals["offered"] / totals["n"], 3),
            "by_tag": {t: {"n": c["n"], "accuracy": round(c["right"] / c["n"], 3)} for t, c in sorted(by_tag.items())},
            "wrong": wrong}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET)
    parser.add_argument("--out", type=Path, default=ROOT / "results")
    args = parser.parse_args()
    report = evaluate(yaml.safe_load(args.set.read_text(encoding="utf-8"))["items"])
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "language_report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    lines = [f"# Language of the first reply ({args.set.name}, {report['n']} messages)", "",
             f"- accuracy {report['accuracy']} (labelled es/en only: {report['accuracy_labelled']}); "
             f"Spanish {report['spanish_recall']}, English {report['english_recall']}",
             f"- the other language offered on {report['offered_rate']:.1%} of first messages", "",
             "| tag | n | accuracy |", "|---|---|---|",
             *(f"| {t} | {v['n']} | {v['accuracy']} |" for t, v in report["by_tag"].items()), "",
             "## Wrong", "", *(f"- {w['expected']} -> {w['got']}: {w['text']}" for w in report["wrong"])]
    (args.out / "language_report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines[:4]))


if __name__ == "__main__":
    main()
