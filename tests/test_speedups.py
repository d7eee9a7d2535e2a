"""server/speedups.py and the SQLite settings of the tracker store: faster, and the same behaviour."""
from __future__ import annotations

import asyncio
import gc
import sqlite3
from pathlib import Path

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.core.agent import Agent
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import all_subclasses

from persistence.tracker_store import PrivacySQLTrackerStore
from server import speedups, startup

ACTION = RemoteAction("action_respond", None)
VALID = {"events": [{"event": "slot", "name": "story", "value": {"asked": "age"}}],
         "responses": [{"response": "utter_ask_age"}, {"custom": {"triage": {"level": "self_care"}}}]}


def test_the_patches_are_refused_on_another_rasa() -> None:
    """server/startup.py patches Rasa 3.6.x only: another Rasa fails at start-up instead of breaking silently."""
    startup.patch_rasa()  # this Rasa (3.6.21): fine, and a second call changes nothing
    for version in ("3.7.0", "4.0.0", "3.5.17"):
        with pytest.raises(RuntimeError, match="3.6"):
            startup.patch_rasa(version)


def test_a_valid_action_result_passes() -> None:
    assert RemoteAction._validate_action_result is speedups._validate_action_result
    assert ACTION._validate_action_result(VALID)


@pytest.mark.parametrize("result", [{"events": [{"event": "no_such_event"}]}, {"events": [{"name": "x"}]},
                                    {"events": {"event": "slot"}}, {"responses": ["text"]}])
def test_an_invalid_action_result_raises_rasas_own_error(result: dict) -> None:
    with pytest.raises(ValidationError) as ours:
        ACTION._validate_action_result(result)
    with pytest.raises(ValidationError) as rasas:
        speedups._rasa_validate_action_result(ACTION, result)
    assert ours.value.message == rasas.value.message and "Failed to validate Action server response" in ours.value.message


def test_event_classes_are_resolved_as_rasa_resolves_them() -> None:
    for name in {cls.type_name for cls in all_subclasses(Event)}:
        assert Event.resolve_by_type(name) is speedups._rasa_resolve_by_type(name)
    assert Event.resolve_by_type("topic") is None and Event.resolve_by_type("unknown", SlotSet) is SlotSet
    with pytest.raises(ValueError):
        Event.resolve_by_type("unknown")


def test_an_event_class_defined_later_is_found() -> None:
    Event.resolve_by_type("user")  # the table is built

    class LaterEvent(SlotSet):
        type_name = "test_later_event"

    assert Event.resolve_by_type("test_later_event") is LaterEvent


def test_objects_left_by_the_model_are_frozen_once_it_is_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = []
    monkeypatch.setattr(speedups, "_rasa_load_model", lambda agent, path: loaded.append(path))
    try:
        Agent.load_model(Agent(), "models/bot.tar.gz")
        assert loaded == ["models/bot.tar.gz"] and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_sqlite_store_writes_ahead_and_keeps_conversations_across_restarts(tmp_path: Path) -> None:
    db = tmp_path / "conversations.db"
    tracker = DialogueStateTracker("patient", slots=[])
    tracker.update(UserUttered("my back hurts"))
    asyncio.run(PrivacySQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(db)).save(tracker))
    restarted = PrivacySQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(db))
    assert [e.text for e in asyncio.run(restarted.retrieve("patient")).events] == ["my back hurts"]
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    restarted.erase("patient")
    assert asyncio.run(restarted.retrieve("patient")) is None
