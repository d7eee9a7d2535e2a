"""A persisted outbox for deliveries to the clinic's endpoint: summaries, hand-offs, messages.

Every item is stored first (table clinic_outbox in CLINIC_DB_URL, default SQLite var/clinic.db;
PostgreSQL works too), then POSTed to CLINIC_WEBHOOK_URL as JSON

    {"kind": "summary" | "handoff" | "message", "conversation_id": str, "created": ISO 8601 UTC,
     "body": <the item>}

with the header `Idempotency-Key` (sha256 of kind, conversation id and the canonical JSON body: the
same item always has the same key, so the receiver stores it once however often it arrives) and
`Authorization: Bearer $CLINIC_WEBHOOK_TOKEN` when that is set. One delivery round makes up to
1 + CLINIC_WEBHOOK_RETRIES HTTP tries with exponential backoff (urllib3 Retry) on connection
errors, timeouts (CLINIC_WEBHOOK_TIMEOUT seconds) and 408/425/429/5xx answers. An item whose round
fails stays `pending` with its attempt count (rounds) and last error, and is due again after
ROUND_DELAY * 2**(attempts-1), at most MAX_ROUND_DELAY: `deliver_pending()` (or the retry worker
`python -m handover.outbox --retry`) sends it then. Nothing is dropped. A round first claims its row
with an atomic UPDATE (pending -> sending), so two processes never send the same item at once; a
claim older than LEASE (its process died) is taken over.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    create_engine,
    delete,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError
from urllib3.util.retry import Retry

log = logging.getLogger(__name__)

KINDS = ("summary", "handoff", "message")
PENDING, SENDING, DELIVERED = "pending", "sending", "delivered"
DEFAULT_DB_URL = "sqlite:///var/clinic.db"
RETRY_STATUSES = (408, 425, 429, 500, 502, 503, 504)
ROUND_DELAY = timedelta(seconds=30)  # wait before the 2nd round; doubles each round
MAX_ROUND_DELAY = timedelta(hours=1)
LEASE = timedelta(minutes=5)  # a 'sending' claim older than this belongs to a dead process

metadata = MetaData()
outbox = Table(
    "clinic_outbox", metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("conversation_id", String(255), nullable=False, index=True),
    Column("idempotency_key", String(64), nullable=False, unique=True),
    Column("body", Text, nullable=False),  # canonical JSON
    Column("status", String(16), nullable=False, index=True),
    Column("attempts", Integer, nullable=False, default=0),  # delivery rounds
    Column("last_error", Text),
    Column("created_at", DateTime, nullable=False),  # naive UTC, as every time here
    Column("next_attempt_at", DateTime, nullable=False),
    Column("claimed_by", String(32)),
    Column("claimed_at", DateTime),
    Column("delivered_at", DateTime),
)


@dataclass(frozen=True)
class DeliveryResult:
    """What became of one item: delivered or still pending (with the last error)."""

    id: int
    delivered: bool
    idempotency_key: str
    attempts: int
    status_code: int | None = None
    error: str | None = None


@dataclass(frozen=True)
class Settings:
    """The clinic endpoint, from the environment (read at each call)."""

    url: str | None
    token: str | None
    timeout: float
    retries: int
    backoff: float

    @classmethod
    def from_env(cls) -> Settings:
        """CLINIC_WEBHOOK_URL, CLINIC_WEBHOOK_TOKEN, CLINIC_WEBHOOK_TIMEOUT (10 s), _RETRIES (3), _BACKOFF (0.5 s)."""
        env = os.environ.get
        return cls(url=env("CLINIC_WEBHOOK_URL") or None, token=env("CLINIC_WEBHOOK_TOKEN") or None,
                   timeout=float(env("CLINIC_WEBHOOK_TIMEOUT", "10")), retries=int(env("CLINIC_WEBHOOK_RETRIES", "3")),
                   backoff=float(env("CLINIC_WEBHOOK_BACKOFF", "0.5")))


def _utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


@lru_cache(maxsize=8)
def _engine(url: str) -> Engine:
    parsed = make_url(url)
    connect_args: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        connect_args["timeout"] = 30  # wait for another process's write lock
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args=connect_args, future=True)
    metadata.create_all(engine)
    return engine


def db() -> Engine:
    """The outbox database (CLINIC_DB_URL, default sqlite:///var/clinic.db); the table is created on first use."""
    return _engine(os.environ.get("CLINIC_DB_URL") or DEFAULT_DB_URL)


def canonical(body: Any) -> str:
    """The canonical JSON of a body: sorted keys, no spaces."""
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def idempotency_key(kind: str, conversation_id: str, body: Any) -> str:
    """sha256 of kind, conversation id and canonical body: stable across retries, restarts and processes."""
    return hashlib.sha256(f"{kind}\n{conversation_id}\n{canonical(body)}".encode()).hexdigest()


def enqueue(kind: str, conversation_id: str, body: Any, now: datetime | None = None,
            hold: timedelta = timedelta(0)) -> int:
    """Store an item for delivery; the same item (same key) is stored once and its id returned.

    `hold`: background rounds leave the item alone this long, so the caller's own first try
    (`deliver`) is not raced by a round that claimed it a moment earlier."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}: one of {KINDS}")
    key, now = idempotency_key(kind, conversation_id, body), now or _utcnow()
    try:
        with db().begin() as conn:
            return conn.execute(outbox.insert().values(
                kind=kind, conversation_id=conversation_id, idempotency_key=key, body=canonical(body),
                status=PENDING, attempts=0, created_at=now, next_attempt_at=now + hold)).inserted_primary_key[0]
    except IntegrityError:  # already stored (perhaps by another process)
        with db().connect() as conn:
            return conn.execute(select(outbox.c.id).where(outbox.c.idempotency_key == key)).scalar_one()


def _post(row: Any, settings: Settings) -> tuple[int | None, str | None]:
    """One delivery round: POST with retries and backoff; (status code, error or None when delivered)."""
    if not settings.url:
        return None, "no clinic endpoint (CLINIC_WEBHOOK_URL)"
    retry = Retry(total=settings.retries, backoff_factor=settings.backoff, status_forcelist=RETRY_STATUSES,
                  allowed_methods=None, raise_on_status=False, respect_retry_after_header=True)
    headers = {"Content-Type": "application/json", "Idempotency-Key": row.idempotency_key,
               "User-Agent": "backpain-assistant-outbox/1"}
    if settings.token:
        headers["Authorization"] = f"Bearer {settings.token}"
    envelope = json.dumps({"kind": row.kind, "conversation_id": row.conversation_id,
                           "created": row.created_at.isoformat(timespec="seconds") + "Z", "body": json.loads(row.body)})
    with requests.Session() as session:
        session.mount("http://", HTTPAdapter(max_retries=retry))
        session.mount("https://", HTTPAdapter(max_retries=retry))
        try:
            response = session.post(settings.url, data=envelope.encode(), headers=headers, timeout=settings.timeout,
                                    allow_redirects=False)
        except requests.RequestException as error:
            return None, f"{type(error).__name__}: {error}"[:1000]
    if 200 <= response.status_code < 300:
        return response.status_code, None
    return response.status_code, f"HTTP {response.status_code}: {response.text[:300]}"


def _result(row: Any, **extra: Any) -> DeliveryResult:
    return DeliveryResult(id=row.id, delivered=row.status == DELIVERED, idempotency_key=row.idempotency_key,
                          attempts=row.attempts, error=row.last_error, **extra)


def _deliver(item_id: int, settings: Settings, now: datetime) -> DeliveryResult:
    """Claim one item, send it, record the outcome; an item claimed elsewhere is left alone."""
    token = uuid.uuid4().hex
    with db().begin() as conn:
        claimed = conn.execute(update(outbox).where(and_(outbox.c.id == item_id, or_(
            outbox.c.status == PENDING, and_(outbox.c.status == SENDING, outbox.c.claimed_at < now - LEASE)))).values(
            status=SENDING, claimed_by=token, claimed_at=now)).rowcount == 1
        row = conn.execute(select(outbox).where(outbox.c.id == item_id)).one()
    if not claimed:
        return _result(row)
    status_code, error = _post(row, settings)
    attempts, finished = row.attempts + 1, max(now, _utcnow())
    values: dict[str, Any] = {"attempts": attempts, "claimed_by": None, "claimed_at": None, "last_error": error}
    if error is None:
        values.update(status=DELIVERED, delivered_at=finished)
    else:
        delay = min(ROUND_DELAY * 2 ** (attempts - 1), MAX_ROUND_DELAY)
        values.update(status=PENDING, next_attempt_at=finished + delay)
        log.warning("clinic delivery %s (%s) failed, round %d: %s", item_id, row.kind, attempts, error)
    with db().begin() as conn:
        conn.execute(update(outbox).where(and_(outbox.c.id == item_id, outbox.c.claimed_by == token)).values(**values))
        row = conn.execute(select(outbox).where(outbox.c.id == item_id)).one()
    return _result(row, status_code=status_code)


def deliver_pending(now: datetime | None = None, limit: int = 100) -> list[DeliveryResult]:
    """Send every item that is due (oldest first); nothing is sent while CLINIC_WEBHOOK_URL is unset."""
    settings, now = Settings.from_env(), now or _utcnow()
    if not settings.url:
        return []
    due = or_(and_(outbox.c.status == PENDING, outbox.c.next_attempt_at <= now),
              and_(outbox.c.status == SENDING, outbox.c.claimed_at < now - LEASE))
    with db().connect() as conn:
        ids = conn.execute(select(outbox.c.id).where(due).order_by(outbox.c.id).limit(limit)).scalars().all()
    return [_deliver(item_id, settings, now) for item_id in ids]


def deliver(item_id: int) -> DeliveryResult:
    """Try to deliver one stored item now (blocking: call it from a thread in async code)."""
    settings, now = Settings.from_env(), _utcnow()
    if settings.url:
        return _deliver(item_id, settings, now)
    with db().connect() as conn:
        row = conn.execute(select(outbox).where(outbox.c.id == item_id)).one()
    return DeliveryResult(id=row.id, delivered=row.status == DELIVERED, idempotency_key=row.idempotency_key,
                          attempts=row.attempts, error=row.last_error or "CLINIC_WEBHOOK_URL is not set")


def send(kind: str, conversation_id: str, body: Any) -> DeliveryResult:
    """Enqueue, then try to deliver now (blocking: call it from a thread in async code)."""
    return deliver(enqueue(kind, conversation_id, body))


def counts() -> dict[str, int]:
    """Items per status."""
    with db().connect() as conn:
        return dict(conn.execute(select(outbox.c.status, func.count()).group_by(outbox.c.status)).all())


def erase(conversation_id: str) -> int:
    """Delete every item of one conversation (the patient asked to be forgotten); returns how many."""
    with db().begin() as conn:
        return conn.execute(delete(outbox).where(outbox.c.conversation_id == conversation_id)).rowcount


def purge_delivered(days: float, now: datetime | None = None) -> int:
    """Delete items delivered more than `days` days ago (the clinic holds them); returns how many."""
    cutoff = (now or _utcnow()) - timedelta(days=days)
    with db().begin() as conn:
        return conn.execute(delete(outbox).where(and_(outbox.c.status == DELIVERED,
                                                      outbox.c.delivered_at < cutoff))).rowcount


def retry_forever(interval: float = 60.0, stop: threading.Event | None = None) -> None:
    """Deliver due items every `interval` seconds until `stop` is set; errors are logged, never fatal."""
    stop = stop or threading.Event()
    while not stop.is_set():
        try:
            results = deliver_pending()
            if results:
                log.info("clinic outbox: %d delivered, %d still pending",
                         sum(r.delivered for r in results), sum(not r.delivered for r in results))
        except Exception:  # the database or network may be down for a while: try again next round
            log.exception("clinic outbox retry round failed")
        stop.wait(interval)


def main(argv: list[str] | None = None) -> int:
    """CLI: --retry (worker), --once (one round), --status (counts), --purge-delivered DAYS."""
    parser = argparse.ArgumentParser(prog="python -m handover.outbox", description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--retry", action="store_true", help="deliver due items every --interval seconds, forever")
    group.add_argument("--once", action="store_true", help="deliver due items once and print the results")
    group.add_argument("--status", action="store_true", help="print the number of items per status, and of check-ins")
    group.add_argument("--purge-delivered", type=float, metavar="DAYS", help="delete items delivered DAYS ago")
    parser.add_argument("--interval", type=float, default=60.0, help="seconds between rounds (default 60)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    if args.retry:
        retry_forever(args.interval)
    elif args.once:
        results = deliver_pending()
        print(json.dumps([r.__dict__ for r in results], indent=1))
        return 0 if all(r.delivered for r in results) else 1
    elif args.status:
        from handover import checkins  # it builds on this module

        print(json.dumps({**counts(), "checkins": checkins.counts()}))
    else:
        print(purge_delivered(args.purge_delivered))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
