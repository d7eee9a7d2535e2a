"""The retention period (clinic.yml retention_days, RETENTION_DAYS): conversations idle for longer are
deleted from the SQL tracker store, with the clinic deliveries delivered before then.

The clinic channel's rounds (server/rounds.py) call `purge_if_due` once a day, so the privacy notice's
promise holds without a cron job; `make purge DAYS=N` does the same at once.
"""
from __future__ import annotations

import time

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore

from clinic.settings import clinic_settings
from handover import outbox
from persistence.settings import from_environment

PURGE_EVERY_SECONDS = 24 * 3600
_last_purge = 0.0


def retention_days() -> float:
    """The clinic's retention period in days."""
    return float(clinic_settings().get("retention_days") or 30)


def database_url() -> str:
    """The tracker store's SQLAlchemy URL, from the same settings as the server's store."""
    return str(SQLTrackerStore.get_db_url(**from_environment({})))


def purge(url: str, days: float, now: float | None = None) -> int:
    """Delete conversations idle for more than `days`; return how many were deleted."""
    cutoff = (now or time.time()) - days * 86400
    engine = sa.create_engine(url)
    if not sa.inspect(engine).has_table("events"):
        return 0  # no conversation stored yet
    events = sa.Table("events", sa.MetaData(), autoload_with=engine)
    with engine.begin() as connection:
        stale = sa.select(events.c.sender_id).group_by(events.c.sender_id).having(
            sa.func.max(events.c.timestamp) < cutoff)
        senders = [row[0] for row in connection.execute(stale)]
        if senders:
            connection.execute(events.delete().where(events.c.sender_id.in_(senders)))
    return len(senders)


def purge_expired(days: float | None = None) -> tuple[int, int]:
    """Conversations and clinic deliveries deleted for the retention period (default: the clinic's)."""
    days = retention_days() if days is None else days
    return purge(database_url(), days), outbox.purge_delivered(days)


def purge_if_due(now: float | None = None) -> tuple[int, int] | None:
    """Purge once a day (per process); None when the last purge was less than a day ago."""
    global _last_purge
    now = time.time() if now is None else now
    if now - _last_purge < PURGE_EVERY_SECONDS:
        return None
    _last_purge = now
    return purge_expired()
