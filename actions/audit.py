"""Audit log of dispositions for clinical governance: time, level, imaging, categories; no free text.

One JSON line per triage payload sent, in AUDIT_LOG (default var/audit.jsonl). The conversation is
named by a keyed hash (HMAC-SHA256) of its id, so the log links repeat dispositions of one
conversation without holding the id itself or anything the patient wrote. The key is AUDIT_KEY:
`make run` creates one in var/audit.key on first start; a deployment must set it (deploy/). Without a
key, a random one lives for this process only: lines still cannot be traced back to a phone number,
but repeat dispositions across restarts are no longer linked. A plain hash of a phone number could be
reversed by trying every number, which is why the key is secret.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)
_PROCESS_KEY = secrets.token_hex(32)  # used only when AUDIT_KEY is not set


def audit_key() -> bytes:
    """The secret key of the conversation hash (AUDIT_KEY)."""
    key = os.environ.get("AUDIT_KEY", "")
    if not key:
        logger.warning("AUDIT_KEY is not set: audit lines are linked within this process only")
    return (key or _PROCESS_KEY).encode()


def audit_path() -> Path:
    """Where the audit log is written."""
    return Path(os.environ.get("AUDIT_LOG", "var/audit.jsonl"))


def audit_record(conversation_id: str, triage: dict[str, Any], channel: str | None) -> dict[str, Any]:
    """The audit line for one disposition: only coded fields."""
    return {
        "time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "conversation": hmac.new(audit_key(), conversation_id.encode(), hashlib.sha256).hexdigest()[:16],
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
