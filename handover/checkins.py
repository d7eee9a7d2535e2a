"""Follow-up check-ins: stored in the clinic database (CLINIC_DB_URL, as the outbox), so they survive restarts.

A patient with a self-care or routine outcome on a channel that can message first opts in; the
check-in is due CHECKIN_DAYS later (clinic.yml, default 14; a fraction of a day works for tests).
The scheduler (server/rounds.py) claims due rows with an atomic UPDATE, so two Rasa servers
never send the same check-in, and triggers the conversation. "stop" cancels (GUIDELINE s7 safety net
is repeated at the check-in by the danger-sign screen).

A check-in is offered only where it can arrive (`can_arrive`): SMS and Telegram; WhatsApp only with
an approved template (Content API ContentSid, WHATSAPP_CHECKIN_TEMPLATE) and Messenger only with a
message tag (MESSENGER_CHECKIN_TAG) or inside its 24-hour window, since both platforms refuse a
business's free text after that. It is `sent` only when the platform accepted every message,
`delivered` or `failed` when Twilio's status callback says so (`record_status`); a send that fails
is tried again after RETRY_DELAY, up to MAX_ATTEMPTS, then `failed`. `counts()` reports them
(`python -m handover.outbox --status`).
"""
from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Iterable

from sqlalchemy import Column, DateTime, Integer, String, Table, and_, delete, func, or_, select, update
from sqlalchemy.engine import Engine

from handover.outbox import LEASE, _utcnow, db, metadata

# Connectors that can send the first message: Twilio (SMS and WhatsApp), Telegram, Messenger.
CHECKIN_CHANNELS = frozenset({"twilio", "telegram", "facebook"})
PENDING, SENDING, SENT, DELIVERED, FAILED, CANCELLED = "pending", "sending", "sent", "delivered", "failed", "cancelled"
RETRY_DELAY = timedelta(minutes=15)  # a check-in that could not be sent is tried again after this
MAX_ATTEMPTS = 5  # then it is `failed`, and counted as such in the outbox status
PLATFORM_WINDOW = timedelta(hours=24)  # WhatsApp and Messenger: free text only this long after the patient's message
WHATSAPP_PREFIX = "whatsapp:"  # Twilio's WhatsApp addresses: "whatsapp:+15551234567"
DELIVERED_STATES = frozenset({"delivered", "read"})  # Twilio MessageStatus values
FAILED_STATES = frozenset({"failed", "undelivered", "canceled"})

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


messages = Table(  # what the platform accepted for each check-in, and what its status callback said
    "clinic_checkin_messages", metadata,
    Column("id", Integer, primary_key=True),
    Column("checkin_id", Integer, nullable=False, index=True),
    Column("message_id", String(64), nullable=False, index=True),  # Twilio MessageSid, Telegram or Messenger id
    Column("status", String(16), nullable=False),
    Column("error", String(255)),
    Column("updated_at", DateTime, nullable=False),
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


def whatsapp_template(language: str = "en") -> str:
    """The approved WhatsApp template (Content API ContentSid) for check-ins in the patient's language
    (`whatsapp_checkin_template_es` for Spanish, when the clinic has one approved); '' when none."""
    from clinic.settings import clinic_settings

    settings = clinic_settings()
    own = settings.get(f"whatsapp_checkin_template_{language}", "").strip() if language != "en" else ""
    return own or settings.get("whatsapp_checkin_template", "").strip()


def messenger_tag() -> str:
    """The Messenger message tag for check-ins outside the 24-hour window; '' when none."""
    from clinic.settings import clinic_settings

    return clinic_settings().get("messenger_checkin_tag", "").strip()


def can_arrive(channel: str | None, sender_id: str) -> bool:
    """Whether a check-in sent to this patient on this channel will reach them (see the module doc)."""
    if channel not in CHECKIN_CHANNELS:
        return False
    if channel == "twilio" and sender_id.startswith(WHATSAPP_PREFIX):
        return bool(whatsapp_template())
    if channel == "facebook":
        return bool(messenger_tag()) or checkin_delay() < PLATFORM_WINDOW
    return True


@lru_cache(maxsize=8)
def _ready(engine: Engine) -> Engine:
    metadata.create_all(engine, tables=[checkins, messages])
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


def mark_sent(checkin: Checkin, message_ids: Iterable[str] = (), now: datetime | None = None) -> None:
    """The platform accepted the check-in's messages (their ids, for the status callback)."""
    now = now or _utcnow()
    with _db().begin() as conn:
        conn.execute(update(checkins).where(and_(checkins.c.id == checkin.id, checkins.c.claimed_by == checkin.claim))
                     .values(status=SENT, claimed_by=None, attempts=checkins.c.attempts + 1))
        for message_id in message_ids:
            conn.execute(messages.insert().values(checkin_id=checkin.id, message_id=message_id, status=SENT,
                                                  updated_at=now))


def release(checkin: Checkin, error: str, now: datetime | None = None) -> None:
    """Sending failed: back to pending, due again after RETRY_DELAY; `failed` after MAX_ATTEMPTS tries."""
    with _db().begin() as conn:
        attempts = conn.execute(select(checkins.c.attempts).where(checkins.c.id == checkin.id)).scalar_one() + 1
        conn.execute(update(checkins).where(and_(checkins.c.id == checkin.id, checkins.c.claimed_by == checkin.claim))
                     .values(status=PENDING if attempts < MAX_ATTEMPTS else FAILED, claimed_by=None,
                             last_error=error[:1000], attempts=attempts, due_at=(now or _utcnow()) + RETRY_DELAY))


def record_status(message_id: str, status: str, error: str | None = None, now: datetime | None = None) -> bool:
    """A platform's delivery report (Twilio's status callback) for one check-in message; False if unknown.

    Any failed message fails its check-in (the patient did not get the question); it is delivered
    when every message is delivered."""
    now = now or _utcnow()
    with _db().begin() as conn:
        row = conn.execute(select(messages.c.checkin_id).where(messages.c.message_id == message_id)).first()
        if row is None:
            return False
        conn.execute(update(messages).where(messages.c.message_id == message_id)
                     .values(status=status, error=(error or None) and error[:255], updated_at=now))
        states = {s for (s,) in conn.execute(select(messages.c.status).where(messages.c.checkin_id == row.checkin_id))}
        outcome = FAILED if states & FAILED_STATES else DELIVERED if states <= DELIVERED_STATES else None
        if outcome:
            conn.execute(update(checkins).where(and_(checkins.c.id == row.checkin_id,
                                                     checkins.c.status.in_((SENT, DELIVERED))))
                         .values(status=outcome, last_error=f"{status} {error or ''}".strip() if outcome == FAILED
                                 else checkins.c.last_error))
    return True


def counts() -> dict[str, int]:
    """Check-ins per status."""
    with _db().connect() as conn:
        return dict(conn.execute(select(checkins.c.status, func.count()).group_by(checkins.c.status)).all())


def erase(conversation_id: str) -> int:
    """Delete the conversation's check-ins ("delete my data"); returns how many."""
    with _db().begin() as conn:
        ids = select(checkins.c.id).where(checkins.c.conversation_id == conversation_id).scalar_subquery()
        conn.execute(delete(messages).where(messages.c.checkin_id.in_(ids)))
        return conn.execute(delete(checkins).where(checkins.c.conversation_id == conversation_id)).rowcount
