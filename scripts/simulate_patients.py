"""Scripted patients of the outside simulator (../shared/tools/patient_sim.py), every persona.

Starts the real action and Rasa servers (harness/stack.py), plays the simulator's vignette files
(../shared/vignettes/dev.yml and the project's own tests/sim/*.yml) once per persona (story,
buttons, unsure), and writes results/sim/<persona>.json (summary plus one line per vignette) and
the transcripts. `make evaluate` runs it; the simulator itself is not copied into the project.

    python -m scripts.simulate_patients [--persona story] [--only FILE_OR_GLOB] [--keep-transcripts]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from harness.stack import ROOT, running_stack

SIMULATOR = Path(os.environ.get("PATIENT_SIM", ROOT.parent / "shared" / "tools" / "patient_sim.py"))
SHARED_VIGNETTES = ROOT.parent / "shared" / "vignettes" / "dev.yml"
OWN_VIGNETTES = ROOT / "tests" / "sim"
PERSONAS = ("story", "buttons", "unsure")
RESULTS = ROOT / "results" / "sim"


def vignette_files() -> dict[str, list[Path]]:
    """The sets played: the shared dev set (when present) and every file of tests/sim/."""
    sets = {p.stem: [p] for p in sorted(OWN_VIGNETTES.glob("*.yml"))}
    if SHARED_VIGNETTES.exists():
        sets = {"dev": [SHARED_VIGNETTES], **sets}
    return sets


def for_persona(files: list[Path], persona: str, folder: Path) -> list[Path]:
    """The vignette files with the vignettes a persona cannot play left out: a vignette lists them in
    `not_for_personas` (a patient who cannot say whether they have a sign cannot be played by the
    buttons persona, which taps a definite "No" for every sign the vignette does not have)."""
    kept = []
    for path in files:
        vignettes = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        playable = [v for v in vignettes if persona not in v.get("not_for_personas", [])]
        if len(playable) == len(vignettes):
            kept.append(path)
            continue
        kept.append(folder / path.name)
        kept[-1].write_text(yaml.safe_dump(playable, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return kept


def play(rest_url: str, files: list[Path], persona: str, transcripts: Path) -> dict[str, Any]:
    """One simulator run: its JSON summary and its per-vignette lines."""
    with tempfile.TemporaryDirectory() as folder:
        return _play(rest_url, for_persona(files, persona, Path(folder)), persona, transcripts)


def _play(rest_url: str, files: list[Path], persona: str, transcripts: Path) -> dict[str, Any]:
    run = subprocess.run([sys.executable, str(SIMULATOR), *map(str, files), "--url", rest_url, "--jobs", "2",
                          "--persona", persona, "--transcripts", str(transcripts)],
                         capture_output=True, text=True, timeout=3600, check=False)
    lines = run.stdout.strip().splitlines()
    if run.returncode != 0 or not lines:
        raise RuntimeError(f"patient_sim failed ({run.returncode}): {run.stderr[-2000:]}")
    return {"summary": json.loads(lines[-1]), "lines": lines[:-1]}


def main(argv: list[str] | None = None) -> int:
    """Play every set with every persona; print one summary line per run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persona", choices=PERSONAS, action="append")
    parser.add_argument("--set", action="append", help="vignette set name (file stem), default: all")
    args = parser.parse_args(argv)
    if not SIMULATOR.exists():
        print(f"NOT RUN: the simulator is not at {SIMULATOR} (set PATIENT_SIM)")
        return 0
    sets = {k: v for k, v in vignette_files().items() if not args.set or k in args.set}
    RESULTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, running_stack(Path(tmp)) as stack:
        for persona in args.persona or PERSONAS:
            for name, files in sets.items():
                out = play(stack.rest_url, files, persona, RESULTS / "transcripts" / persona / name)
                (RESULTS / f"{persona}-{name}.json").write_text(json.dumps(out, indent=1), encoding="utf-8")
                s = out["summary"]
                print(f"{persona:8} {name:18} n={s['vignettes']} level_accuracy={s['level_accuracy']} "
                      f"under={s['under_triage']} over={s['over_triage']} no_disposition={s['no_disposition']} "
                      f"same_turn={s['escalation_same_turn']} errors={s['errors']}", flush=True)
                for line in out["lines"]:
                    if not line.startswith("ok "):
                        print("   ", line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
