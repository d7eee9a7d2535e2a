"""make purge: conversations idle longer than the retention period are deleted from the SQL store."""
from __future__ import annotations

import asyncio
import time
from pathlib import Path

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from persistence import retention
from persistence.retention import purge


def _save(store: SQLTrackerStore, sender: str, timestamp: float) -> None:
    tracker = DialogueStateTracker(sender, slots=[])
    tracker.update(UserUttered("my back hurts", timestamp=timestamp))
    asyncio.run(store.save(tracker))


def test_old_conversations_are_deleted_and_recent_ones_kept(tmp_path: Path) -> None:
    db = tmp_path / "conversations.db"
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(db))
    now = time.time()
    _save(store, "old-patient", now - 40 * 86400)
    _save(store, "recent-patient", now - 2 * 86400)
    assert purge(f"sqlite:///{db}", days=30, now=now) == 1
    assert asyncio.run(store.retrieve("old-patient")) is None
    assert asyncio.run(store.retrieve("recent-patient")) is not None


def test_delete_my_data_also_erases_clinic_items_and_check_ins(tmp_path: Path) -> None:
    from handover import checkins, outbox
    from persistence.tracker_store import PrivacySQLTrackerStore

    store = PrivacySQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "conversations.db"))
    _save(store, "patient-1", time.time())
    outbox.enqueue("summary", "patient-1", {"note": "x"})
    outbox.enqueue("summary", "patient-2", {"note": "y"})
    checkins.schedule("patient-1", "telegram")
    store.erase("patient-1")
    assert asyncio.run(store.retrieve("patient-1")) is None
    assert outbox.erase("patient-1") == 0 and checkins.erase("patient-1") == 0  # nothing left to erase
    assert outbox.counts() == {"pending": 1}  # the other patient's item stays


def test_the_server_purges_the_clinics_retention_period_once_a_day(tmp_path: Path, monkeypatch) -> None:
    db = tmp_path / "conversations.db"
    monkeypatch.setenv("TRACKER_DIALECT", "sqlite")
    monkeypatch.setenv("TRACKER_DB", str(db))
    monkeypatch.setenv("CLINIC_DB_URL", f"sqlite:///{tmp_path / 'clinic.db'}")
    monkeypatch.setattr(retention, "_last_purge", 0.0)
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(db))
    now = time.time()
    _save(store, "old-patient", now - (retention.retention_days() + 1) * 86400)  # clinic.yml retention_days
    _save(store, "recent-patient", now - 86400)
    assert retention.purge_if_due(now)[0] == 1  # server/rounds.py calls this every round
    _save(store, "old-again", now - (retention.retention_days() + 1) * 86400)
    assert retention.purge_if_due(now + 3600) is None  # at most once a day
    assert retention.purge_if_due(now + retention.PURGE_EVERY_SECONDS)[0] == 1
    assert asyncio.run(store.retrieve("recent-patient")) is not None
