"""SQL tracker store that erases a conversation when the patient asks ("delete my data").

The rule for the `delete_data` intent answers with `utter_data_deleted` (so does action_respond when a
patient declines the privacy notice, language/requests.py); when this store is asked
to save a turn that sent that response, it deletes every stored event of the conversation
instead (GDPR-style erasure), with its clinic deliveries and check-ins (handover/). The audit log
keeps only coded dispositions (actions/audit.py).

With SQLite, connections are pooled and the database uses a write-ahead log: a turn's commit no
longer waits for the disk twice (rollback journal) while the Rasa server's event loop stands still.
"""
from __future__ import annotations

import os
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from handover import checkins, outbox
from persistence.settings import from_environment
from server import startup

ERASE_RESPONSE = "utter_data_deleted"
# WAL with synchronous=NORMAL: safe from corruption and from a crash of the server; a power cut may
# lose the last turns. SQLITE_SYNCHRONOUS=FULL makes every turn durable at the cost of one flush.
SQLITE_SYNCHRONOUS = os.environ.get("SQLITE_SYNCHRONOUS", "NORMAL")


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    """Write-ahead log for each new SQLite connection."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA synchronous={SQLITE_SYNCHRONOUS}")
    cursor.close()


def asked_to_be_forgotten(tracker: DialogueStateTracker) -> bool:
    """True when this turn (since the last patient message) confirmed the deletion."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, ActionExecuted) and event.action_name == ERASE_RESPONSE:
            return True
        if isinstance(event, BotUttered) and (event.metadata or {}).get("utter_action") == ERASE_RESPONSE:
            return True  # sent by action_respond: the patient declined the privacy notice
    return False


class PrivacySQLTrackerStore(SQLTrackerStore):
    """Rasa's SQL tracker store (SQLite or PostgreSQL) plus erasure on request."""

    engine: sa.engine.Engine

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **{**kwargs, **from_environment(kwargs)})
        if self.engine.dialect.name == "sqlite":
            self._use_sqlite_pool()

    def _use_sqlite_pool(self) -> None:
        """Pooled connections (SQLAlchemy 1.4 opens a new one per session for a file) with WAL."""
        engine: sa.engine.Engine = sa.create_engine(self.engine.url, poolclass=sa.pool.QueuePool,
                                  connect_args={"check_same_thread": False})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        self.engine.dispose()
        self.engine = engine
        self.sessionmaker = sa.orm.sessionmaker(bind=engine)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the turn, or erase the whole conversation when the patient asked for it."""
        if asked_to_be_forgotten(tracker):
            self.erase(tracker.sender_id)
            return
        await super().save(tracker)

    def erase(self, sender_id: str) -> None:
        """Delete every stored event of one conversation, its queued clinic items and its check-ins."""
        with self.session_scope() as session:
            session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete()
            session.commit()
        outbox.erase(sender_id)
        checkins.erase(sender_id)


startup.patch_rasa()  # every Rasa server of the project loads this store (endpoints.yml): server/startup.py
