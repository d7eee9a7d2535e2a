"""Shared fixtures: the real domain, a dispatcher, and a tracker factory for action tests."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from language.read import FINDINGS_KEY, LANGUAGE_KEY, findings_of

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    """The project's real domain.yml."""
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    """Collects the messages an action sends."""
    return CollectingDispatcher()


@pytest.fixture
def tracker_for(domain: dict[str, Any]) -> Callable[..., Tracker]:
    """Build a tracker whose latest message is parsed as the NLU pipeline would (findings included)."""

    def build(text: str, intent: str = "describe_pain", confidence: float = 0.95,
              story: dict[str, Any] | None = None) -> Tracker:
        values = dict.fromkeys(domain["slots"])
        values["story"] = story
        language, findings = findings_of(text)
        latest = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": [],
                  FINDINGS_KEY: [f.as_dict() for f in findings], LANGUAGE_KEY: language}
        return Tracker(sender_id="test", slots=values, latest_message=latest, events=[], paused=False,
                       followup_action=None, active_loop={}, latest_action_name="action_listen")

    return build


@pytest.fixture(autouse=True)
def audit_log_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never write to the real audit log or clinic database."""
    monkeypatch.setenv("AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    monkeypatch.setenv("CLINIC_DB_URL", f"sqlite:///{tmp_path / 'clinic.db'}")
