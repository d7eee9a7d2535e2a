"""make bench, SMS path: do SMS patients slow down the other patients on the same Rasa server?

Twilio's API is played by the loopback stand-in of the channel tests (harness/platform_standin.py),
answering each Messages call after 150-300 ms as the real platform does; the Rasa server reaches it
through tests/standin_site (its Twilio client is redirected, nothing leaves the machine). Ten REST
patients are timed with locust twice: beside five more REST patients, then beside five SMS patients
(signed Twilio webhooks, each reply sent through Twilio). If an SMS reply blocked the server while
Twilio answers (Rasa's stock output calls the blocking client), the REST p95 would grow by seconds;
with the async client (channels/twilio.py) the two runs match within CPU noise.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

from benchmarks.conversation import CONVERSATION, sender_id
from harness.platform_standin import PlatformStandIn
from harness.stack import ROOT, running_stack

PLATFORM_LATENCY = (0.15, 0.30)  # seconds per Twilio API call
BACKGROUND_PATIENTS = 5
TWILIO = {"TWILIO_ACCOUNT_SID": "AC" + "0" * 32, "TWILIO_AUTH_TOKEN": "bench-twilio-auth-token",
          "TWILIO_SMS_NUMBER": "+15550100000", "TWILIO_WEBHOOK_URL": "https://clinic.example/webhooks/twilio/webhook"}
CREDENTIALS = f"""channels.rest.RestChannel:
channels.twilio.TwilioChannel:
  account_sid: "{TWILIO['TWILIO_ACCOUNT_SID']}"
  auth_token: "{TWILIO['TWILIO_AUTH_TOKEN']}"
  twilio_number: "{TWILIO['TWILIO_SMS_NUMBER']}"
  webhook_url: "{TWILIO['TWILIO_WEBHOOK_URL']}"
"""


def twilio_signature(url: str, form: dict[str, str], token: str) -> str:
    """X-Twilio-Signature: base64 HMAC-SHA1 of the URL and the sorted form fields (Twilio's scheme)."""
    data = url + "".join(key + form[key] for key in sorted(form))
    return base64.b64encode(hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()).decode()


def post(url: str, body: bytes, headers: dict[str, str]) -> None:
    urllib.request.urlopen(urllib.request.Request(url, data=body, headers=headers, method="POST"), timeout=120).read()


def sms_patient(host: str, number: int) -> None:
    """One whole conversation as SMS webhooks from one phone number."""
    sender = f"+1555{number:07d}"
    for i, text in enumerate(CONVERSATION):
        form = {"MessageSid": f"SM{number:016d}{i:016d}", "AccountSid": TWILIO["TWILIO_ACCOUNT_SID"], "From": sender,
                "To": TWILIO["TWILIO_SMS_NUMBER"], "Body": text, "NumMedia": "0"}
        post(f"{host}/webhooks/twilio/webhook", urllib.parse.urlencode(form).encode(),
             {"Content-Type": "application/x-www-form-urlencoded",
              "X-Twilio-Signature": twilio_signature(TWILIO["TWILIO_WEBHOOK_URL"], form, TWILIO["TWILIO_AUTH_TOKEN"])})


def rest_patient(host: str, number: int) -> None:
    """One whole conversation over the REST channel."""
    sender = sender_id()
    for text in CONVERSATION:
        post(f"{host}/webhooks/rest/webhook", json.dumps({"sender": sender, "message": text}).encode(),
             {"Content-Type": "application/json"})


@contextmanager
def background(patient: Callable[[str, int], None], host: str, count: int) -> Iterator[list[int]]:
    """`count` patients chatting one conversation after another until the block ends; yields a counter."""
    stop, done = threading.Event(), [0]

    def loop(worker: int) -> None:
        n = 0
        while not stop.is_set():
            patient(host, worker * 100000 + n)
            n += 1
            done[0] += 1

    threads = [threading.Thread(target=loop, args=(w,), daemon=True) for w in range(1, count + 1)]
    for thread in threads:
        thread.start()
    try:
        yield done
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=120)


def measure(workdir: Path, seconds: int, load: Callable[[str, int, int, Path], dict[str, float]],
            python: str) -> dict[str, Any]:
    """REST p95 at 10 users beside 5 REST patients, then beside 5 SMS patients (Twilio answering in 150-300 ms)."""
    credentials = workdir / "sms_credentials.yml"
    credentials.write_text(CREDENTIALS, encoding="utf-8")
    with PlatformStandIn(telegram_username="unused", latency=PLATFORM_LATENCY) as standin:
        env = {**TWILIO, "STANDIN_API_URL": standin.url, "PYTHONPATH": f"{ROOT / 'tests' / 'standin_site'}:{ROOT}"}
        with running_stack(workdir, credentials=credentials, env=env, python=python) as stack:
            rest_patient(stack.rasa_url, 0)  # warm-up
            sms_patient(stack.rasa_url, 0)
            result: dict[str, Any] = {"platform_latency_s": list(PLATFORM_LATENCY), "background_patients": BACKGROUND_PATIENTS}
            for name, patient in (("beside_rest", rest_patient), ("beside_sms", sms_patient)):
                mark = standin.mark()
                with background(patient, stack.rasa_url, BACKGROUND_PATIENTS) as done:
                    row = load(stack.rasa_url, 10, seconds, workdir)
                row["background_conversations"] = done[0]
                row["twilio_calls"] = len(standin.since(mark, lambda c: c.host == "api.twilio.com"))
                result[name] = row
    result["rest_p95_ratio_sms_vs_rest"] = round(result["beside_sms"]["p95_ms"] / result["beside_rest"]["p95_ms"], 2)
    return result
