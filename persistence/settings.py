"""Where the conversations are stored: the SQL tracker store's settings (no Rasa server code, so the
retention purge and the scripts can read them without starting anything)."""
from __future__ import annotations

import os
from typing import Any

DEFAULT_DB = "var/conversations.db"


def from_environment(settings: dict[str, Any]) -> dict[str, Any]:
    """Dialect, database and server from endpoints.yml, else TRACKER_DIALECT, TRACKER_DB and TRACKER_URL,
    else a SQLite file in var/ (so plain `rasa run` needs no variables set)."""
    return {"dialect": settings.get("dialect") or os.environ.get("TRACKER_DIALECT") or "sqlite",
            "db": settings.get("db") or os.environ.get("TRACKER_DB") or DEFAULT_DB,
            "host": settings.get("host") or os.environ.get("TRACKER_URL") or None}
