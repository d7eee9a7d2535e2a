"""Locust load: each simulated patient holds a whole conversation over Rasa's REST channel."""
from __future__ import annotations

from conversation import CONVERSATION, sender_id  # benchmarks/ (locust puts it on the path)
from locust import HttpUser, constant, task


class Patient(HttpUser):
    """One patient after another, each with a fresh sender id."""

    wait_time = constant(0)

    @task
    def conversation(self) -> None:
        sender = sender_id()
        for text in CONVERSATION:
            self.client.post("/webhooks/rest/webhook", json={"sender": sender, "message": text}, name="message")
