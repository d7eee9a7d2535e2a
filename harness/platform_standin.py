"""A loopback stand-in for the messaging platforms' APIs, recording what the Rasa server sends.

tests/standin_site/sitecustomize.py sends the Rasa process's calls to api.twilio.com,
graph.facebook.com, api.telegram.org and slack.com here as /<host>/<path>. Each call is recorded
and answered the way the platform answers a successful call, with just the fields the client
libraries read.
"""
from __future__ import annotations

import json
import random
import threading
import time
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List
from urllib.parse import parse_qs, urlsplit


@dataclass
class Call:
    """One API call the Rasa server made."""

    host: str
    method: str
    path: str  # the platform's path, e.g. /2010-04-01/Accounts/AC.../Messages.json
    headers: Dict[str, str]
    body: bytes
    fields: Dict[str, Any] = field(default_factory=dict)  # form fields or JSON object
    answer: str = ""  # the JSON the stand-in answered

    @property
    def api_method(self) -> str:
        """Last path segment: Messages.json, sendMessage, chat.postMessage, messages."""
        return self.path.rstrip("/").rsplit("/", 1)[-1]


def _parse(content_type: str, body: bytes) -> Dict[str, Any]:
    if not body:
        return {}
    if content_type.startswith("application/json"):
        value = json.loads(body)
        return value if isinstance(value, dict) else {"_": value}
    if content_type.startswith("application/x-www-form-urlencoded"):
        return {k: v[0] if len(v) == 1 else v for k, v in parse_qs(body.decode(), keep_blank_values=True).items()}
    if content_type.startswith("multipart/form-data"):
        message = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
        return {str(part.get_param("name", header="content-disposition")): part.get_content()
                for part in message.iter_parts()}
    return {}


class PlatformStandIn:
    """Records calls and answers like Twilio, the Graph API, the Telegram Bot API and Slack's Web API."""

    def __init__(self, telegram_username: str, latency: tuple[float, float] | None = None) -> None:
        self.telegram_username = telegram_username
        self.latency = latency  # seconds (lowest, highest) before each answer, as a real platform takes
        self.calls: List[Call] = []
        self.refuse: set[str] = set()  # recipients whose messages the platform refuses (Twilio, Graph API)
        self._lock = threading.Lock()
        self._message_id = 0
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                return None

            def _handle(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if standin.latency:
                    time.sleep(random.uniform(*standin.latency))
                url = urlsplit(self.path)
                host, _, path = url.path.lstrip("/").partition("/")
                fields = _parse(self.headers.get("Content-Type", ""), body)
                fields.update({k: v[0] for k, v in parse_qs(url.query).items() if k not in fields})
                call = Call(host, self.command, "/" + path, dict(self.headers), body, fields)
                status, answer = standin.answer(call)
                data = json.dumps(answer).encode()
                call.answer = data.decode()
                with standin._lock:
                    standin.calls.append(call)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> PlatformStandIn:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _next_id(self) -> int:
        with self._lock:
            self._message_id += 1
            return self._message_id

    def answer(self, call: Call) -> tuple[int, Any]:
        """Status and JSON the real platform returns for a successful call, or its refusal (`refuse`)."""
        f, now = call.fields, int(time.time())
        if call.host == "api.twilio.com" and f.get("To") in self.refuse:
            return 400, {"code": 21610, "message": "Attempt to send to unsubscribed recipient", "status": 400,
                         "more_info": "https://www.twilio.com/docs/errors/21610"}
        if call.host == "graph.facebook.com" and (f.get("recipient") or {}).get("id") in self.refuse:
            return 400, {"error": {"message": "This message is sent outside of allowed window.", "code": 10,
                                   "error_subcode": 2018278, "type": "OAuthException"}}
        if call.host == "api.twilio.com":
            return 201, {"sid": f"SM{self._next_id():032d}", "account_sid": call.path.split("/")[3],
                         "to": f.get("To"), "from": f.get("From"), "body": f.get("Body"), "status": "queued"}
        if call.host == "graph.facebook.com":
            return 200, {"recipient_id": (f.get("recipient") or {}).get("id"), "message_id": f"m_{self._next_id()}"}
        if call.host == "api.telegram.org":
            if call.api_method == "getMe":
                return 200, {"ok": True, "result": {"id": 123456789, "is_bot": True, "first_name": "Clinic",
                                                    "username": self.telegram_username}}
            if call.api_method == "sendMessage":
                return 200, {"ok": True, "result": {"message_id": self._next_id(), "date": now, "text": f.get("text"),
                                                    "chat": {"id": int(f.get("chat_id") or 0), "type": "private"}}}
            return 200, {"ok": True, "result": True}
        if call.host in ("slack.com", "www.slack.com"):
            return 200, {"ok": True, "channel": f.get("channel"), "ts": f"{now}.{self._next_id():06d}"}
        return 404, {"error": "unknown host"}

    def select(self, predicate: Callable[[Call], bool]) -> List[Call]:
        with self._lock:
            return [call for call in self.calls if predicate(call)]

    def wait_for(self, predicate: Callable[[Call], bool], count: int = 1, seconds: float = 60) -> List[Call]:
        """Calls matching predicate, once there are at least `count` of them (or the time is up)."""
        deadline = time.time() + seconds
        while True:
            found = self.select(predicate)
            if len(found) >= count or time.time() > deadline:
                return found
            time.sleep(0.1)

    def mark(self) -> int:
        """Position in the call log, to look only at calls made after it."""
        with self._lock:
            return len(self.calls)

    def since(self, mark: int, predicate: Callable[[Call], bool] | None = None) -> List[Call]:
        with self._lock:
            return [c for c in self.calls[mark:] if predicate is None or predicate(c)]
