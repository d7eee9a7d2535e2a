"""Follow-up check-ins: stored in the clinic database (CLINIC_DB_URL, as the outbox), so they survive restarts.

A patient with a self-care or routine outcome on a channel that can message first opts in; the
check-in is due CHECKIN_DAYS later (clinic.yml, default 14; a fraction of a day works for tests).
The scheduler (server/rounds.py) claims due rows with an atomic UPDATE, so two Rasa servers
never send the same check-in, and triggers the conversation. "stop" cancels (GUIDELINE s7 safety net
is repeated at the check-in by the danger-sign screen).
"""
from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from sqlalchemy import Column, DateTime, Integer, String, Table, and_, delete, or_, select, update
from sqlalchemy.engine import Engine

from handover.outbox import LEASE, _utcnow, db, metadata

# Connectors that can send the first message: Twilio (SMS and WhatsApp), Telegram, Messenger.
CHECKIN_CHANNELS = frozenset({"twilio", "telegram", "facebook"})
PENDING, SENDING, SENT, CANCELLED = "pending", "sending", "sent", "cancelled"
RETRY_DELAY = timedelta(minutes=15)  # a check-in that could not be sent is tried again after this

checkins = Table(
    "clinic_checkins", metadata,
    Column("id", Integer, primary_key=True),
    Column("conversation_id", String(255), nullable=False, index=True),
    Column("channel", String(64), nullable=False),
    Column("due_at", DateTime, nullable=False, index=True),  # naive UTC
    Column("status", String(16), nullable=False, index=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", String(1000)),
    Column("claimed_by", String(32)),
    Column("claimed_at", DateTime),
)


@dataclass(frozen=True)
class Checkin:
    """One due check-in, claimed by this process."""

    id: int
    conversation_id: str
    channel: str
    claim: str


def checkin_delay() -> timedelta:
    """CHECKIN_DAYS from the environment or clinic.yml."""
    from clinic.settings import clinic_settings

    return timedelta(days=float(os.environ.get("CHECKIN_DAYS") or clinic_settings()["checkin_days"]))


@lru_cache(maxsize=8)
def _ready(engine: Engine) -> Engine:
    metadata.create_all(engine, tables=[checkins])
    return engine


def _db() -> Engine:
    return _ready(db())


def schedule(conversation_id: str, channel: str, now: datetime | None = None) -> datetime:
    """Schedule (or move) the conversation's check-in; returns when it is due (UTC)."""
    due = (now or _utcnow()) + checkin_delay()
    with _db().begin() as conn:
        conn.execute(update(checkins).where(and_(checkins.c.conversation_id == conversation_id,
                                                 checkins.c.status == PENDING)).values(status=CANCELLED))
        conn.execute(checkins.insert().values(conversation_id=conversation_id, channel=channel, due_at=due,
                                              status=PENDING, attempts=0))
    return due


def cancel(conversation_id: str) -> int:
    """Cancel the conversation's pending check-ins ("stop"); returns how many."""
    with _db().begin() as conn:
        return conn.execute(update(checkins).where(and_(checkins.c.conversation_id == conversation_id,
                                                        checkins.c.status.in_((PENDING, SENDING))))
                            .values(status=CANCELLED)).rowcount


def claim_due(now: datetime | None = None, limit: int = 50) -> list[Checkin]:
    """Due check-ins, each claimed by this process (a claim older than LEASE is taken over)."""
    now = now or _utcnow()
    due = or_(and_(checkins.c.status == PENDING, checkins.c.due_at <= now),
              and_(checkins.c.status == SENDING, checkins.c.claimed_at < now - LEASE))
    claimed: list[Checkin] = []
    with _db().connect() as conn:
        rows = conn.execute(select(checkins).where(due).order_by(checkins.c.due_at).limit(limit)).all()
    for row in rows:
        token = uuid.uuid4().hex
        with _db().begin() as conn:
            taken = conn.execute(update(checkins).where(and_(checkins.c.id == row.id, due)).values(
                status=SENDING, claimed_by=token, claimed_at=now)).rowcount == 1
        if taken:
            claimed.append(Checkin(row.id, row.conversation_id, row.channel, token))
    return claimed


def mark_sent(checkin: Checkin) -> None:
    """The check-in question went out."""
    with _db().begin() as conn:
        conn.execute(update(checkins).where(and_(checkins.c.id == checkin.id, checkins.c.claimed_by == checkin.claim))
                     .values(status=SENT, claimed_by=None))


def release(checkin: Checkin, error: str, now: datetime | None = None) -> None:
    """Sending failed: back to pending, due again after RETRY_DELAY."""
    with _db().begin() as conn:
        conn.execute(update(checkins).where(and_(checkins.c.id == checkin.id, checkins.c.claimed_by == checkin.claim))
                     .values(status=PENDING, claimed_by=None, last_error=error[:1000],
                             attempts=checkins.c.attempts + 1, due_at=(now or _utcnow()) + RETRY_DELAY))


def erase(conversation_id: str) -> int:
    """Delete the conversation's check-ins ("delete my data"); returns how many."""
    with _db().begin() as conn:
        return conn.execute(delete(checkins).where(checkins.c.conversation_id == conversation_id)).rowcount
