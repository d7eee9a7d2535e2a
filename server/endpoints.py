"""endpoints.yml for another action server address.

endpoints.yml works as it is with plain `rasa run` and `rasa shell` (action server on port 5055, SQLite
tracker store in var/; persistence/tracker_store.py reads TRACKER_* from the environment). `make run`,
`make shell` and the end-to-end tests start the action server elsewhere, so they write a copy with
that address: `python -m server.endpoints URL OUT`.
"""
from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
ENDPOINTS = ROOT / "endpoints.yml"


def with_action_url(url: str, out: Path, source: Path = ENDPOINTS) -> Path:
    """Write `source` with the action server at `url` to `out`; returns `out`."""
    config = yaml.safe_load(source.read_text(encoding="utf-8"))
    config["action_endpoint"]["url"] = url
    out.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return out


if __name__ == "__main__":
    with_action_url(sys.argv[1], Path(sys.argv[2]))
