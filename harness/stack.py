"""Start the real action server and Rasa server on free ports, for end-to-end tests."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from server.endpoints import with_action_url

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """An unused TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, log: Path, seconds: float = 180) -> None:
    """Poll url until it answers; fail with the server's log if the process exits."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except Exception:
            time.sleep(1)
    raise TimeoutError(url)


@dataclass(frozen=True)
class Stack:
    """A running assistant: base URL of the Rasa server and of the action server."""

    rasa_url: str
    action_url: str
    workdir: Path
    pids: tuple[int, int] = (0, 0)  # Rasa server, action server

    @property
    def rest_url(self) -> str:
        """Rasa's REST channel webhook."""
        return f"{self.rasa_url}/webhooks/rest/webhook"


START_ATTEMPTS = 3  # a port found free can be taken by another socket before the server binds it: new ports


@contextlib.contextmanager
def running_stack(workdir: Path, credentials: Path | None = None, env: dict[str, str] | None = None,
                  extra_args: tuple[str, ...] = (), python: str = sys.executable,
                  model: str = "models/bot.tar.gz") -> Iterator[Stack]:
    """Both servers with a fresh SQLite tracker store in workdir; stopped on exit."""
    for attempt in range(1, START_ATTEMPTS + 1):
        stack, processes = _start(workdir, credentials, env, extra_args, python, model)
        try:
            wait_for(f"{stack.action_url}/health", processes[1], workdir / "actions.log")
            wait_for(f"{stack.rasa_url}/", processes[0], workdir / "rasa.log")
            break
        except RuntimeError as error:
            _stop(processes)
            if "address already in use" not in str(error) or attempt == START_ATTEMPTS:
                raise
        except BaseException:
            _stop(processes)
            raise
    try:
        yield stack
    finally:
        _stop(processes)


def _start(workdir: Path, credentials: Path | None, env: dict[str, str] | None, extra_args: tuple[str, ...],
           python: str, model: str) -> tuple[Stack, tuple[subprocess.Popen, subprocess.Popen]]:
    """Start the action server and the Rasa server on free ports (not waiting for them)."""
    rasa_port, action_port = free_port(), free_port()
    environment = {**os.environ, "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/webhook",
                   "TRACKER_DIALECT": "sqlite", "TRACKER_DB": str(workdir / "conversations.db"), "TRACKER_URL": "",
                   "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false",
                   "AUDIT_LOG": str(workdir / "audit.jsonl"), **(env or {})}
    rasa = [python, "-m", "rasa"]
    logging_config = ["--logging-config-file", str(ROOT / "logging.yml")]  # as `make run`: logs redacted
    actions = subprocess.Popen(rasa + ["run", "actions", "--actions", "actions", "--port", str(action_port),
                                       *logging_config],
                               cwd=ROOT, env=environment, stdout=(workdir / "actions.log").open("w"),
                               stderr=subprocess.STDOUT)
    server = subprocess.Popen(rasa + ["run", "--model", model, "--port", str(rasa_port),
                                      "--endpoints", str(with_action_url(environment["ACTION_ENDPOINT_URL"],
                                                                         workdir / "endpoints.yml")),
                                      "--credentials", str(credentials or ROOT / "credentials.yml"),
                                      *logging_config, *extra_args],
                              cwd=ROOT, env=environment, stdout=(workdir / "rasa.log").open("w"),
                              stderr=subprocess.STDOUT)
    stack = Stack(f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{action_port}", workdir, (server.pid, actions.pid))
    return stack, (server, actions)


def _stop(processes: tuple[subprocess.Popen, subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
