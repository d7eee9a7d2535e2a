"""make purge DAYS=N: delete every conversation whose last event is older than N days.

Works on the SQL tracker store configured for the server (TRACKER_DIALECT, TRACKER_DB and, for
PostgreSQL, TRACKER_URL as in endpoints.yml), and clinic deliveries delivered more than N days ago
(handover/outbox.py; the clinic holds them). Data retention policy: run it daily (cron) with the
clinic's retention period.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore

from handover import outbox


def database_url() -> str:
    """The tracker store's SQLAlchemy URL, from the same environment variables as endpoints.yml."""
    return str(SQLTrackerStore.get_db_url(dialect=os.environ.get("TRACKER_DIALECT") or "sqlite",
                                          host=os.environ.get("TRACKER_URL") or None,
                                          db=os.environ.get("TRACKER_DB") or "var/conversations.db"))


def purge(url: str, days: float, now: float | None = None) -> int:
    """Delete conversations idle for more than `days`; return how many were deleted."""
    cutoff = (now or time.time()) - days * 86400
    engine = sa.create_engine(url)
    events = sa.Table("events", sa.MetaData(), autoload_with=engine)
    with engine.begin() as connection:
        stale = sa.select(events.c.sender_id).group_by(events.c.sender_id).having(
            sa.func.max(events.c.timestamp) < cutoff)
        senders = [row[0] for row in connection.execute(stale)]
        if senders:
            connection.execute(events.delete().where(events.c.sender_id.in_(senders)))
    return len(senders)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--days", type=float, required=True, help="retention period in days")
    args = parser.parse_args(argv)
    deleted = purge(database_url(), args.days)
    delivered = outbox.purge_delivered(args.days)
    print(f"deleted {deleted} conversation(s) idle for more than {args.days:g} days "
          f"and {delivered} clinic deliveries delivered before then")
    return 0


if __name__ == "__main__":
    sys.exit(main())
