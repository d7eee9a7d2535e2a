"""End to end: the real action server and Rasa server, scripted patients over the REST channel."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

from tests.vignette_runner import load, post, run_all, summarize

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.e2e


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, process: subprocess.Popen, log: Path, seconds: float = 180) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except Exception:  # noqa: BLE001 (not up yet)
            time.sleep(1)
    raise TimeoutError(url)


@pytest.fixture(scope="module")
def rest_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start both servers on free ports with a fresh SQLite tracker store; yield the REST webhook URL."""
    rasa_port, action_port = _free_port(), _free_port()
    db = tmp_path_factory.mktemp("tracker") / "conversations.db"
    env = {**os.environ, "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/webhook",
           "TRACKER_DIALECT": "sqlite", "TRACKER_DB": str(db), "PYTHONPATH": str(ROOT),
           "RASA_TELEMETRY_ENABLED": "false"}
    rasa = [sys.executable, "-m", "rasa"]
    logs = tmp_path_factory.mktemp("logs")
    actions = subprocess.Popen(rasa + ["run", "actions", "--actions", "actions", "--port", str(action_port)],
                               cwd=ROOT, env=env, stdout=open(logs / "actions.log", "w"), stderr=subprocess.STDOUT)
    server = subprocess.Popen(rasa + ["run", "--model", "models/bot.tar.gz", "--port", str(rasa_port),
                                      "--endpoints", "endpoints.yml", "--credentials", "credentials.yml"],
                              cwd=ROOT, env=env, stdout=open(logs / "rasa.log", "w"), stderr=subprocess.STDOUT)
    try:
        _wait(f"http://127.0.0.1:{action_port}/health", actions, logs / "actions.log")
        _wait(f"http://127.0.0.1:{rasa_port}/", server, logs / "rasa.log")
        yield f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook"
    finally:
        for process in (server, actions):
            process.terminate()
            process.wait(timeout=30)


def test_scripted_patients(rest_url: str) -> None:
    results = run_all(load(sorted(str(p) for p in (ROOT / "tests" / "vignettes").glob("*.yml"))), rest_url)
    summary = summarize(results)
    print(json.dumps(summary))
    failed = [(r.id, r.level, (r.final or {}).get("imaging"), (r.final or {}).get("red_flags"), r.error)
              for r in results if not r.ok]
    assert summary["under_triage"] == 0, failed
    assert summary["emergency_sensitivity"] == 1.0, failed
    assert summary["same_turn_escalation"] == 1.0, failed
    assert not failed


def test_red_flag_payload_arrives_in_the_same_turn_over_rest(rest_url: str) -> None:
    reply = post(rest_url, "e2e-same-turn", "Hi, my back hurts and I've wet myself twice today")
    payloads = [m["custom"]["triage"] for m in reply if "custom" in m]
    assert payloads and payloads[0]["level"] == "emergency" and payloads[0]["red_flags"] == ["cauda_equina"]
    assert all("text" in m or "custom" in m for m in reply)
