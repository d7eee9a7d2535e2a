"""A loopback stand-in for the clinic's endpoint (CLINIC_WEBHOOK_URL): scripted failures, one copy per key."""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class Receiver:
    """The clinic's endpoint on 127.0.0.1: plays `script` for the first requests, stores once per Idempotency-Key.

    Script steps: "store_500" stores the item, then answers 500 (the answer is lost, the item is not);
    "store_slow" stores it, then answers after `delay` seconds (past the client's timeout); "fail_500"
    answers 500 without storing. Afterwards (and for "ok"): store unless stored, answer 200.
    """

    def __init__(self, script: tuple[str, ...] = (), port: int = 0, delay: float = 1.5) -> None:
        self.script, self.delay, self.pause = list(script), delay, 0.0
        self.requests: list[tuple[dict[str, str], dict[str, Any]]] = []
        self.stored: dict[str, dict[str, Any]] = {}
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                key = self.headers["Idempotency-Key"]
                with receiver.lock:
                    receiver.requests.append((dict(self.headers), body))
                    step = receiver.script.pop(0) if receiver.script else "ok"
                    if step != "fail_500":
                        receiver.stored.setdefault(key, body)
                time.sleep(receiver.delay if step == "store_slow" else receiver.pause)
                status = 500 if step in ("store_500", "fail_500") else 200
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except OSError:
                    pass  # the client gave up (timeout)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/handover"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
