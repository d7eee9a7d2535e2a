"""Rasa NLU component: intents that act on the whole conversation need the words for it.

`restart` wipes the story and `delete_data` erases the conversation (data/rules.yml). A classifier
mistake must never do either in the middle of a danger-sign screen: without the words
(language/requests.py, COMMAND_WORDS) such an intent becomes nlu_fallback, and the message is read
as an answer like any other.
"""
from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from language.requests import COMMAND_WORDS, commands

FALLBACK = "nlu_fallback"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CommandGuard(GraphComponent):
    """Turns restart / delete_data into nlu_fallback when the message does not ask for it."""

    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> CommandGuard:
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        """Check each message's top intent against its words."""
        for message in messages:
            intent = message.get(INTENT) or {}
            name = intent.get(INTENT_NAME_KEY)
            if name in COMMAND_WORDS and not commands(name, message.get(TEXT) or ""):
                message.set(INTENT, {INTENT_NAME_KEY: FALLBACK,
                                     PREDICTED_CONFIDENCE_KEY: intent.get(PREDICTED_CONFIDENCE_KEY, 0.0)},
                            add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
