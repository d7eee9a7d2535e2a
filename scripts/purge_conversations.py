"""make purge [DAYS=N]: delete every conversation whose last event is older than N days (default: the
clinic's retention period, clinic.yml retention_days).

Works on the SQL tracker store configured for the server (TRACKER_DIALECT, TRACKER_DB and, for
PostgreSQL, TRACKER_URL, as persistence/tracker_store.py reads them), and clinic deliveries delivered
more than N days ago (handover/outbox.py; the clinic holds them). The running server does the same once
a day (persistence/retention.py); this command is for doing it now.
"""
from __future__ import annotations

import argparse
import sys

from persistence.retention import purge_expired, retention_days


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--days", type=float, default=None, help="retention period in days (default: clinic.yml)")
    args = parser.parse_args(argv)
    days = retention_days() if args.days is None else args.days
    deleted, delivered = purge_expired(days)
    print(f"deleted {deleted} conversation(s) idle for more than {days:g} days "
          f"and {delivered} clinic deliveries delivered before then")
    return 0


if __name__ == "__main__":
    sys.exit(main())
