"""The benchmark conversation, shared by the locust load (locustfile.py) and the warm-up (run_bench.py)."""
from __future__ import annotations

import uuid

# A typical self-care conversation, in free text as patients type it, up to the disposition (the
# turn with the result, the triage payload and the self-care plan) and one follow-up question.
CONVERSATION = [
    "Hi, I hurt my lower back lifting boxes at work three days ago",
    "lower back, in the middle",
    "no it stays in my back",
    "I'm 34",
    "no",
    "no",
    "no",
    "nope",
    "no",
    "no",
    "no",
    "no",
    "no",
    "no",
    "about a 6",
    "about the same",
    "just some ibuprofen",
    "Do I need an X-ray?",
]


def sender_id() -> str:
    """A fresh conversation."""
    return f"bench-{uuid.uuid4().hex}"
