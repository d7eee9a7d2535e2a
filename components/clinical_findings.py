"""Rasa NLU component: clinical findings (with ConText flags) from every patient message."""
from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from language.findings import build_pipeline
from language.read import FINDINGS_KEY, LANGUAGE_KEY, findings_of


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class ClinicalFindingsExtractor(GraphComponent):
    """Runs the spaCy/medspacy findings pipeline of language.findings over each message."""

    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> ClinicalFindingsExtractor:
        """Build the component; the spaCy pipeline and the language detector are loaded once here."""
        build_pipeline()
        findings_of("warm up the language detector")
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        """Add the language and the findings of each message (`language`, `clinical_findings`)."""
        for message in messages:
            text = message.get(TEXT)
            if text:
                language, findings = findings_of(text)
                message.set(LANGUAGE_KEY, language, add_to_output=True)
                message.set(FINDINGS_KEY, [f.as_dict() for f in findings], add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training data needs no findings (DIET does not use them)."""
        return training_data
