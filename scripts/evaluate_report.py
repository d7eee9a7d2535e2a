"""make evaluate: scripted patients, readability, NLU and dialogue results in results/REPORT.md.

Runs the project's scripted patients (tests/vignettes/) against a freshly started stack, scores
the triage, measures the reading grade of every response, and gathers the reports that
`rasa test` and scripts/evaluate_findings.py wrote, into one Markdown report with JSON and PNGs.
"""
from __future__ import annotations

import json
import re
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from clinic import readability, wording
from harness.stack import ROOT, running_stack
from harness.vignettes import LEVELS, VignetteResult, load, run_all, summarize

RESULTS = ROOT / "results"


def _expected_level(result: VignetteResult) -> str:
    """The expected level: the assistant's own when it was acceptable, else the most urgent acceptable."""
    levels = result.expected["level"] if isinstance(result.expected["level"], list) else [result.expected["level"]]
    return result.level if result.level in levels and result.level else max(levels, key=LEVELS.index)


def triage_section(results: list[VignetteResult]) -> tuple[dict[str, Any], list[str]]:
    """Summary metrics, per-category recall and a confusion matrix PNG."""
    summary = summarize(results)
    wanted = Counter(c for r in results for c in r.expected.get("red_flags", []))
    found = Counter(c for r in results for c in r.expected.get("red_flags", [])
                    if c in (r.final or {}).get("red_flags", []))
    summary["red_flag_category_recall"] = {c: round(found[c] / n, 3) for c, n in sorted(wanted.items())}
    matrix = [[sum(1 for r in results if _expected_level(r) == e and r.level == g) for g in LEVELS] for e in LEVELS]
    fig, ax = plt.subplots(figsize=(5, 4))
    ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(4), LEVELS, rotation=30)
    ax.set_yticks(range(4), LEVELS)
    ax.set_xlabel("assistant's level")
    ax.set_ylabel("expected level")
    for i, row in enumerate(matrix):
        for j, n in enumerate(row):
            ax.text(j, i, n, ha="center", va="center")
    ax.set_title("Triage confusion matrix")
    fig.tight_layout()
    fig.savefig(RESULTS / "triage_confusion_matrix.png", dpi=120)
    plt.close(fig)
    lines = ["## Triage: scripted patients", "",
             f"{summary['vignettes']} vignettes (tests/vignettes/), played over the REST channel.", "",
             "| metric | value |", "|---|---|"]
    for key in ("passed", "level_accuracy", "under_triage", "over_triage", "emergency_sensitivity", "imaging_agreement",
                "red_flag_recall", "same_turn_escalation", "mean_turns_to_disposition", "errors"):
        lines.append(f"| {key} | {summary[key]} |")
    lines += ["", "Red-flag category recall: " + ", ".join(f"{c} {v}" for c, v in
                                                         summary["red_flag_category_recall"].items()),
              "", "![confusion matrix](triage_confusion_matrix.png)", ""]
    failed = [r for r in results if not r.ok]
    if failed:
        lines += ["Vignettes not passed:", ""] + [
            f"- {r.id}: expected {r.expected}, got {r.final and {k: r.final[k] for k in ('level', 'imaging', 'red_flags')}}"
            for r in failed] + [""]
    return summary, lines


def readability_section() -> tuple[dict[str, Any], list[str]]:
    """Flesch-Kincaid grade of every English sentence a patient reads and Fernández-Huerta ease of every Spanish
    one (clinic/readability.py); the hardest in tables."""
    grades, ease = readability.english_grades(), readability.spanish_ease()
    mean, mean_es = round(sum(grades.values()) / len(grades), 2), round(sum(ease.values()) / len(ease), 1)
    spanish: dict[str, Any] = {"responses": len(ease), "mean_ease": mean_es, "min_ease": min(ease.values()),
                               "under_60": [n for n, e in ease.items() if e < 60], "ease": ease}
    data: dict[str, Any] = {"responses": len(grades), "mean_grade": mean, "max_grade": max(grades.values()),
                            "over_grade_8": [n for n, g in grades.items() if g > 8], "grades": grades, "spanish": spanish}
    hardest = sorted(grades.items(), key=lambda kv: -kv[1])[:10]
    hardest_es = sorted(ease.items(), key=lambda kv: kv[1])[:10]
    lines = ["## Readability (Flesch-Kincaid grade, textstat)", "",
             f"{len(grades)} responses: mean grade {mean}, highest {data['max_grade']}, "
             f"{len(data['over_grade_8'])} above grade 8 (targets: all <= 8, mean <= 6).", "",
             "| hardest responses | grade |", "|---|---|"] + [f"| {n} | {g} |" for n, g in hardest] + [""]
    lines += ["## Readability in Spanish (Fernández-Huerta, textstat)", "",
              f"{len(ease)} responses: mean ease {mean_es}, lowest {spanish['min_ease']}, "
              f"{len(spanish['under_60'])} below 60 (targets: all >= 60, mean >= 70).", "",
              "| hardest Spanish responses | ease |", "|---|---|"] + [f"| {n} | {e} |" for n, e in hardest_es] + [""]
    return data, lines


def nlu_section() -> list[str]:
    """Intent accuracy from `rasa test nlu` and the findings report, when present."""
    lines = ["## NLU", ""]
    intents = RESULTS / "nlu" / "intent_report.json"
    if intents.exists():
        report = json.loads(intents.read_text())
        lines.append(f"Intents on the held-out set (tests/nlu_holdout.yml): accuracy {report['accuracy']:.3f}, "
                     f"macro F1 {report['macro avg']['f1-score']:.3f}, weighted F1 "
                     f"{report['weighted avg']['f1-score']:.3f}. Confusion matrix: nlu/intent_confusion_matrix.png.")
    findings = RESULTS / "findings_report.md"
    if findings.exists():
        lines += ["", "Clinical findings (spaCy component, labelled hold-out set): see findings_report.md.", ""]
        text = findings.read_text()
        lines += text.split("## Per finding")[0].splitlines() + ["Per-finding precision and recall: findings_report.md."]
    stories = RESULTS / "core" / "story_report.json"
    if stories.exists():
        report = json.loads(stories.read_text())
        lines += ["", "## Dialogue", "", f"Test stories (tests/test_stories.yml): action accuracy "
                  f"{report.get('accuracy', report.get('weighted avg', {}).get('f1-score'))}."]
    spanish = RESULTS / "findings_es" / "findings_report.md"
    if spanish.exists():
        lines += ["", "## Spanish findings (tests/data/findings_es_2026-12.yml, kept apart from training)", "",
                  *spanish.read_text().split("## Per finding")[0].splitlines()[1:],
                  "Per finding: findings_es/findings_report.md."]
    language = RESULTS / "language_report.md"
    if language.exists():
        lines += ["", *["#" + line if line.startswith("# ") else line
                        for line in language.read_text().split("## Wrong")[0].splitlines()]]
    return lines + [""]


def _turns(lines: list[str], level: str) -> list[int]:
    """Turns to the end, from the simulator's lines, for the patients expected at this level."""
    return [int(m.group(1)) for line in lines if f"expected={level} " in line
            for m in [re.search(r"turns=(\d+)", line)] if m]


def _percentile(values: list[int], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def confirmations(persona: str, name: str) -> tuple[int, int, float | None]:
    """Conversations of a run that needed a "just to check" question (issue 13), how many there were, and the
    median extra turns they cost (one per question) in the conversations that had one."""
    start = wording.responses()["utter_ask_confirm"][0]["text"].split("{")[0]
    per_conversation = []
    for path in sorted((RESULTS / "sim" / "transcripts" / persona / name).glob("*.json")):
        transcript = json.loads(path.read_text()).get("result", {}).get("transcript", [])
        per_conversation.append(sum(str((t.get("bot") or {}).get("text", "")).startswith(start) for t in transcript))
    asked = [n for n in per_conversation if n]
    return len(asked), sum(asked), statistics.median(asked) if asked else None


def simulator_section() -> tuple[dict[str, Any], list[str]]:
    """The outside simulator's three personas (scripts/simulate_patients.py) on every set."""
    runs = sorted((RESULTS / "sim").glob("*.json"))
    if not runs:
        return {}, ["## Outside simulator", "", "Not run (../shared/tools/patient_sim.py not found).", ""]
    lines = ["## Outside simulator, three personas (`../shared/tools/patient_sim.py`)", "",
             "story: free text; buttons: taps Yes/No first, types details when asked again; unsure: "
             "\"I don't know\" to every danger-sign question (then urgent or emergency is expected).", "",
             "| persona | set | n | level accuracy | under | over | no disposition | same-turn escalation | "
             "self-care turns median / p90 | confirmations: conversations / questions / median extra turns |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    data: dict[str, Any] = {}
    for path in runs:
        persona, name = path.stem.split("-", 1)
        run = json.loads(path.read_text())
        s = run["summary"]
        turns = _turns(run["lines"], "self_care")
        confirmed = confirmations(persona, name)
        data[path.stem] = {**s, "self_care_turns_median": _percentile(turns, 0.5),
                           "self_care_turns_p90": _percentile(turns, 0.9), "confirmations": confirmed}
        lines.append(f"| {persona} | {name} | {s['vignettes']} | {s['level_accuracy']} | {s['under_triage']} | "
                     f"{s['over_triage']} | {s['no_disposition']} | {s['escalation_same_turn']} | "
                     f"{_percentile(turns, 0.5)} / {_percentile(turns, 0.9)} | "
                     f"{confirmed[0]} / {confirmed[1]} / {confirmed[2]} |")
    missed = [f"- {p.stem}: {line.strip()}" for p in runs for line in json.loads(p.read_text())["lines"]
              if not line.startswith("ok ")]
    return data, lines + ["", "Not passed:", "", *missed, ""]


def generalisation_log(simulator_lines: list[str]) -> str:
    """docs/generalisation.md (first-contact figures of every batch) with this run's figures below it."""
    log = (ROOT / "docs" / "generalisation.md").read_text(encoding="utf-8")
    reports = [RESULTS / f"findings_{name}" / "findings_report.md" for name in ("fresh", "fresh5", "fresh6", "fresh8",
                                                                                      "es2", "es3", "es4")]
    fresh_lines = [line for report in reports if report.exists()
                   for line in report.read_text(encoding="utf-8").split("## By split")[0].splitlines()]
    second = RESULTS / "second_reader.md"
    fresh_lines += ["", *second.read_text(encoding="utf-8").splitlines()] if second.exists() else []
    return "\n".join([log, f"## This run ({time.strftime('%Y-%m-%d')}): after every fix so far, not first contact", "",
                      *simulator_lines, *fresh_lines, ""])


def main() -> int:
    """Run the evaluation and write results/REPORT.md and results/evaluation.json."""
    RESULTS.mkdir(exist_ok=True)
    started = time.perf_counter()
    vignettes = load(sorted(str(p) for p in (ROOT / "tests" / "vignettes").glob("*.yml")))
    with tempfile.TemporaryDirectory() as tmp, running_stack(Path(tmp)) as stack:
        results = run_all(vignettes, stack.rest_url)
    triage, triage_lines = triage_section(results)
    readability, readability_lines = readability_section()
    simulator, simulator_lines = simulator_section()
    report = [f"# Evaluation report ({time.strftime('%Y-%m-%d')})", "",
              "Produced by `make evaluate`. Safety targets are also asserted in `make test`.", "",
              *triage_lines, *simulator_lines, *readability_lines, *nlu_section(),
              f"Evaluation time (vignettes): {time.perf_counter() - started:.0f} s.", ""]
    (RESULTS / "REPORT.md").write_text("\n".join(report), encoding="utf-8")
    (RESULTS / "generalisation.md").write_text(generalisation_log(simulator_lines), encoding="utf-8")
    (RESULTS / "evaluation.json").write_text(json.dumps(
        {"triage": triage, "simulator": simulator, "readability": readability,
         "vignettes": [{"id": r.id, "ok": r.ok, "expected": r.expected, "final": r.final, "turns": r.turns}
                       for r in results]}, indent=1), encoding="utf-8")
    print("\n".join(triage_lines[:16]))
    print(f"readability: mean grade {readability['mean_grade']}, max {readability['max_grade']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
