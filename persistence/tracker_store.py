"""SQL tracker store that erases a conversation when the patient asks ("delete my data").

The rule for the `delete_data` intent answers with `utter_data_deleted`; when this store is asked
to save a turn that sent that response, it deletes every stored event of the conversation
instead (GDPR-style erasure). The audit log keeps only coded dispositions (actions/audit.py).
"""
from __future__ import annotations

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

ERASE_RESPONSE = "utter_data_deleted"


def asked_to_be_forgotten(tracker: DialogueStateTracker) -> bool:
    """True when this turn (since the last patient message) confirmed the deletion."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, ActionExecuted) and event.action_name == ERASE_RESPONSE:
            return True
    return False


class PrivacySQLTrackerStore(SQLTrackerStore):
    """Rasa's SQL tracker store (SQLite or PostgreSQL) plus erasure on request."""

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the turn, or erase the whole conversation when the patient asked for it."""
        if asked_to_be_forgotten(tracker):
            self.erase(tracker.sender_id)
            return
        await super().save(tracker)

    def erase(self, sender_id: str) -> None:
        """Delete every stored event of one conversation."""
        with self.session_scope() as session:
            session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete()
            session.commit()
