"""The project's own scripted patients, played over the REST channel and scored.

A vignette (tests/vignettes/*.yml) is a patient: an opening message, replies chosen by the
words of each question (`answers`: regex -> reply; any other question gets `default`, "No."),
optional interjections and a late disclosure, and the expected triage. Messages marked
`flag: true` disclose a red flag: the reply to that very message must carry a triage payload
at the expected level (same-turn escalation).

Usage: python -m harness.vignettes [--url URL] [--report FILE] VIGNETTES.yml ...
"""
from __future__ import annotations

import argparse
import concurrent.futures
import json
import re
import sys
import time
import urllib.request
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

LEVELS = ["self_care", "routine", "urgent", "emergency"]
MAX_TURNS = 45


@dataclass
class VignetteResult:
    """What happened to one scripted patient, and how it scores."""

    id: str
    expected: dict[str, Any]
    final: dict[str, Any] | None
    turns: int
    turns_to_disposition: int | None
    flags_disclosed: int = 0
    flags_escalated_same_turn: int = 0
    followups_unanswered: list[str] = field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None

    @property
    def level(self) -> str | None:
        return (self.final or {}).get("level")

    def _acceptable(self, key: str) -> list[str]:
        value = self.expected.get(key)
        return value if isinstance(value, list) else [str(value)]

    @property
    def level_ok(self) -> bool:
        return self.level in self._acceptable("level")

    @property
    def under_triage(self) -> bool:
        if self.level not in LEVELS:
            return True
        return LEVELS.index(self.level) < min(LEVELS.index(x) for x in self._acceptable("level"))

    @property
    def over_triage(self) -> bool:
        return self.level in LEVELS and LEVELS.index(self.level) > max(
            LEVELS.index(x) for x in self._acceptable("level"))

    @property
    def imaging_ok(self) -> bool:
        return (self.final or {}).get("imaging") in self._acceptable("imaging")

    @property
    def flags_ok(self) -> bool:
        want, have = set(self.expected.get("red_flags", [])), set((self.final or {}).get("red_flags", []))
        return have == set() if not want else want <= have

    @property
    def ok(self) -> bool:
        return (self.level_ok and self.imaging_ok and self.flags_ok and not self.followups_unanswered
                and self.flags_escalated_same_turn == self.flags_disclosed and not self.error)


def post(url: str, sender: str, text: str, timeout: float = 60.0) -> list[dict[str, Any]]:
    """One patient message over Rasa's REST channel."""
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read().decode() or "[]")


def _said(item: Any) -> tuple[str, bool]:
    """A reply is plain text or {say, flag}."""
    if isinstance(item, dict):
        return str(item["say"]), bool(item.get("flag"))
    return str(item), False


def _question(messages: list[dict[str, Any]]) -> str | None:
    texts = [m["text"] for m in messages if m.get("text")]
    asks = [t for t in texts if "?" in t]
    return asks[-1] if asks else None


def play(vignette: dict[str, Any], url: str) -> VignetteResult:
    """Play one vignette to the end and score it."""
    sender = f"vignette-{vignette['id']}-{uuid.uuid4().hex[:8]}"
    expected = vignette["expect"]
    result = VignetteResult(id=vignette["id"], expected=expected, final=None, turns=0, turns_to_disposition=None)
    answers = [(re.compile(k, re.IGNORECASE), v) for k, v in (vignette.get("answers") or {}).items()]
    interject = vignette.get("interject") or {}
    late = vignette.get("late")
    followups = list(vignette.get("followups") or [])
    message, flag = _said(vignette["opening"])
    started = time.perf_counter()
    pending_followup = None
    for turn in range(MAX_TURNS):
        result.turns = turn + 1
        try:
            reply = post(url, sender, message)
        except Exception as error:
            result.error = f"{type(error).__name__}: {error}"
            break
        triages = [m["custom"]["triage"] for m in reply if isinstance(m.get("custom"), dict) and "triage" in m["custom"]]
        if triages:
            result.final = triages[-1]
            result.turns_to_disposition = result.turns_to_disposition or result.turns
        if flag:
            result.flags_disclosed += 1
            wanted = min(LEVELS.index(x) for x in result._acceptable("level"))
            if triages and LEVELS.index(triages[-1]["level"]) >= wanted:
                result.flags_escalated_same_turn += 1
        if pending_followup:
            text = " ".join(m.get("text", "") for m in reply)
            if not re.search(pending_followup["expect"], text, re.IGNORECASE):
                result.followups_unanswered.append(pending_followup["say"])
            pending_followup = None
        question = _question(reply)
        if interject and turn + 1 == interject.get("after", 2):
            message, flag = _said(interject)
            interject = {}
        elif result.final and late:
            message, flag = _said(late)
            late = None
        elif result.final and followups:
            pending_followup = followups.pop(0)
            message, flag = pending_followup["say"], False
        elif result.final and (question is None or result.turns - (result.turns_to_disposition or 0) >= 3):
            break
        elif question is None:
            message, flag = "hello?", False
        else:
            reply_to = next((v for pattern, v in answers if pattern.search(question)), vignette.get("default", "No."))
            message, flag = _said(reply_to)
    result.seconds = round(time.perf_counter() - started, 2)
    return result


def summarize(results: list[VignetteResult]) -> dict[str, Any]:
    """Level accuracy, under/over-triage, emergency sensitivity, imaging, red flags, same-turn escalation."""
    def ratio(a: int, b: int) -> float | None:
        return round(a / b, 3) if b else None

    emergencies = [r for r in results if r.expected.get("level") == "emergency"]
    disclosed = sum(r.flags_disclosed for r in results)
    done = [r.turns_to_disposition for r in results if r.turns_to_disposition]
    return {
        "vignettes": len(results),
        "passed": sum(r.ok for r in results),
        "level_accuracy": ratio(sum(r.level_ok for r in results), len(results)),
        "under_triage": sum(r.under_triage for r in results),
        "over_triage": sum(r.over_triage for r in results),
        "emergency_sensitivity": ratio(sum(r.level == "emergency" for r in emergencies), len(emergencies)),
        "imaging_agreement": ratio(sum(r.imaging_ok for r in results), len(results)),
        "red_flag_recall": ratio(sum(r.flags_ok for r in results), len(results)),
        "same_turn_escalation": ratio(sum(r.flags_escalated_same_turn for r in results), disclosed),
        "mean_turns_to_disposition": round(sum(done) / len(done), 1) if done else None,
        "errors": sum(bool(r.error) for r in results),
    }


def load(paths: list[str]) -> list[dict[str, Any]]:
    """Vignettes from YAML files."""
    vignettes: list[dict[str, Any]] = []
    for path in paths:
        vignettes.extend(yaml.safe_load(Path(path).read_text(encoding="utf-8")) or [])
    return vignettes


def run_all(vignettes: list[dict[str, Any]], url: str, jobs: int = 4) -> list[VignetteResult]:
    """Play every vignette, a few at a time."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(lambda v: play(v, url), vignettes))


def main(argv: list[str] | None = None) -> int:
    """Command line: play, print one line per vignette and a JSON summary."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+")
    parser.add_argument("--url", default="http://127.0.0.1:5005/webhooks/rest/webhook")
    parser.add_argument("--report", default=None, help="write the results as JSON here")
    args = parser.parse_args(argv)
    results = run_all(load(args.files), args.url)
    for r in results:
        print(f"{'ok ' if r.ok else 'BAD'} {r.id:<36} expected={r.expected.get('level')} got={r.level} "
              f"imaging={(r.final or {}).get('imaging')} flags={(r.final or {}).get('red_flags')} turns={r.turns}"
              f"{' UNDER-TRIAGE' if r.under_triage else ''}{' ' + r.error if r.error else ''}")
    summary = summarize(results)
    print(json.dumps(summary))
    if args.report:
        Path(args.report).parent.mkdir(parents=True, exist_ok=True)
        Path(args.report).write_text(json.dumps({"summary": summary, "results": [asdict(r) for r in results]},
                                                indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
