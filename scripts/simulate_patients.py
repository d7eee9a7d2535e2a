"""Scripted patients of the outside simulator (../shared/tools/patient_sim.py), every persona.

Starts the real action and Rasa servers (tests/stack.py), plays the simulator's vignette files
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

from tests.stack import ROOT, running_stack

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


def play(rest_url: str, files: list[Path], persona: str, transcripts: Path) -> dict[str, Any]:
    """One simulator run: its JSON summary and its per-vignette lines."""
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
