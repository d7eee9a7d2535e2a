"""Latency of the Rasa clinical-findings component's work: extract_findings per message.

Times language.findings.extract_findings (what components/clinical_findings.py runs on every
message: spelling normalisation, spaCy/medspacy target rules and ConText) on realistic patient
messages, after a warm-up, and prints the median and 95th percentile in milliseconds.
Target: median <= 10 ms.

Usage: .venv/bin/python -m benchmarks.findings_latency [--rounds N]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from language.findings import build_pipeline, extract_findings

ROOT = Path(__file__).resolve().parent.parent

TARGET_MEDIAN_MS = 10.0

# Realistic messages, short answers to long stories, typos included (not the labelled set).
MESSAGES = [
    "Hi, I hurt my lower back lifting a bag of cement on Tuesday and it's really sore",
    "no",
    "about a 7",
    "lower back, more on the right",
    "It goes down the back of my right leg to the ankle, and my foot tingles sometimes",
    "nope none of those",
    "I'm 46",
    "About the same as yesterday really",
    "I've tried ibuprofen and a hot water bottle",
    "i cant feel the toilet papr when i wipe and its hard to pee",
    "Both my legs have gone weak and wobbly since this morning",
    "My dad had prostate cancer but I've never had it",
    "I had a fall from a ladder years ago but this time I just bent down",
    "what if I start getting numbness down below?",
    "I had breast cancer in 2016 and now the pain wakes me every night and I've lost weight without trying",
    "I'm on warfarin and slipped on the ice yesterday, no numbness, no weakness, bladder is fine",
    "I work in a warehouse, lots of lifting and twisting, and it's been bad for about three weeks now. "
    "No problems with my waterworks or bowels, no fever, nothing like that. Is it ok to keep working?",
    "Should I go to A&E?",
    "thanks that's helpful",
    "I've been feeling hot and shivery and I inject heroin",
]


def measure(rounds: int) -> list[float]:
    """Milliseconds per message over `rounds` passes through MESSAGES (after one warm-up pass)."""
    build_pipeline()
    for text in MESSAGES:  # warm-up: pipeline, word lists and caches
        extract_findings(text)
    timings = []
    for _ in range(rounds):
        for text in MESSAGES:
            start = time.perf_counter()
            extract_findings(text)
            timings.append((time.perf_counter() - start) * 1000)
    return timings


def main(argv: list[str] | None = None) -> int:
    """Print median and p95 milliseconds per message."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=25, help="passes over the messages (default 25)")
    args = parser.parse_args(argv)
    timings = sorted(measure(args.rounds))
    median = statistics.median(timings)
    p95 = timings[max(0, int(round(0.95 * len(timings))) - 1)]
    print(f"extract_findings: {len(timings)} messages, median {median:.2f} ms, p95 {p95:.2f} ms, "
          f"max {timings[-1]:.2f} ms (target median <= {TARGET_MEDIAN_MS:.0f} ms: "
          f"{'met' if median <= TARGET_MEDIAN_MS else 'MISSED'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
