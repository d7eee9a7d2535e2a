"""Audit log of dispositions for clinical governance: time, level, imaging, categories; no free text.

One JSON line per triage payload sent, in AUDIT_LOG (default var/audit.jsonl). The conversation is
named by a salted hash of its id (AUDIT_SALT), so the log links repeat dispositions of one
conversation without holding the id itself or anything the patient wrote.
"""
from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any


def audit_path() -> Path:
    """Where the audit log is written."""
    return Path(os.environ.get("AUDIT_LOG", "var/audit.jsonl"))


def audit_record(conversation_id: str, triage: dict[str, Any], channel: str | None) -> dict[str, Any]:
    """The audit line for one disposition: only coded fields."""
    salt = os.environ.get("AUDIT_SALT", "")
    return {
        "time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "conversation": hashlib.sha256((salt + conversation_id).encode()).hexdigest()[:16],
        "channel": channel,
        "level": triage["level"],
        "imaging": triage["imaging"],
        "red_flags": list(triage["red_flags"]),
        "reasons": [r["finding"] for r in triage.get("reasons", [])],
    }


def log_disposition(conversation_id: str, triage: dict[str, Any], channel: str | None) -> None:
    """Append one disposition to the audit log."""
    path = audit_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as log:
        log.write(json.dumps(audit_record(conversation_id, triage, channel)) + "\n")
