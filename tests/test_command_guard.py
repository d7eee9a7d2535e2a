"""Conversation-wide intents (start again, delete my data) only when the words ask for it."""
from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.command_guard import CommandGuard


def guarded(text: str, intent: str) -> str:
    message = Message(data={TEXT: text, INTENT: {"name": intent, "confidence": 0.8}})
    CommandGuard().process([message])
    return message.get(INTENT)["name"]


@pytest.mark.parametrize("text, intent", [("No, I feel fine apart from the back", "restart"),
                                          ("nah, all normal", "delete_data"), ("forget the pain", "delete_data")])
def test_an_answer_misread_as_a_command_is_read_as_an_answer(text: str, intent: str) -> None:
    assert guarded(text, intent) == "nlu_fallback"


@pytest.mark.parametrize("text, intent", [("start again", "restart"), ("can we start over", "restart"),
                                          ("please delete my data", "delete_data"),
                                          ("forget what I said", "delete_data"), ("no", "deny")])
def test_a_real_command_or_another_intent_passes(text: str, intent: str) -> None:
    assert guarded(text, intent) == intent
