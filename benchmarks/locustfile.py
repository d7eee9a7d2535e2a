"""Locust load: each simulated patient holds a whole conversation over Rasa's REST channel."""
from __future__ import annotations

import uuid

from locust import HttpUser, constant, task

# A typical self-care conversation, in free text as patients type it.
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
    "about a 6",
    "about the same",
    "just some ibuprofen",
    "Do I need an X-ray?",
]


class Patient(HttpUser):
    """One patient after another, each with a fresh sender id."""

    wait_time = constant(0)

    @task
    def conversation(self) -> None:
        sender = f"bench-{uuid.uuid4().hex}"
        for text in CONVERSATION:
            self.client.post("/webhooks/rest/webhook", json={"sender": sender, "message": text}, name="message")
