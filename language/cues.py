"""Cue words: which danger-sign screens a message touches, in any words (knowledge.yml `cues`).

A cue is not a finding and never sets a level: "the ladder and I fell to the driveway together" cues
the fall question, which is then asked next (triage/questions.py), and after the advice a cue asks
that screen once more (issue 13).
"""
from __future__ import annotations

from language.answers import phrase_lists


def cued_screens(text: str) -> frozenset[str]:
    """The screens (question ids) whose cue words the text uses."""
    return frozenset(screen for screen, patterns in phrase_lists("cues").items() if any(p.search(text) for p in patterns))
