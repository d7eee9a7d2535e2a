"""Rasa NLU component: the second reader (language/second_reader.py), trained in `make train`.

Runs after ClinicalFindingsExtractor. It puts on the parsed message the screens where the model
reads a danger-sign category that the rules did not find (`MODEL_CUES_KEY`); the dialogue asks
those screens next, as it does for cue words. The model is trained from the labelled utterances
named in the config (not from Rasa's NLU data), and their file's hash is part of the fingerprint,
so a change to them retrains it.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Dict, List

import spacy
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from spacy.language import Language

from language import second_reader
from language.read import FINDINGS_KEY, MODEL_CUES_KEY
from triage.reading import Finding

ROOT = Path(__file__).resolve().parent.parent


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class SecondReader(GraphComponent):
    """A spaCy textcat_multilabel beside the rules; disagreement asks the screen next."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """Where the labelled utterances are, the cue threshold and the training settings."""
        return {"training_file": "tests/data/findings_labelled.yml", "threshold": second_reader.THRESHOLD,
                "epochs": 20, "random_seed": 2026}

    def __init__(self, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 nlp: Language | None = None) -> None:
        self._config, self._storage, self._resource, self._nlp = config, model_storage, resource, nlp

    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> SecondReader:
        """An untrained reader (training follows)."""
        return cls(config, model_storage, resource)

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> str | None:
        """The labelled file's content: editing it retrains the model."""
        return hashlib.sha256((ROOT / config["training_file"]).read_bytes()).hexdigest()

    def train(self, training_data: TrainingData) -> Resource:
        """Train on the labelled utterances and keep the spaCy pipeline in the model storage."""
        examples = second_reader.labelled_examples(ROOT / self._config["training_file"])
        self._nlp = second_reader.train(examples, epochs=self._config["epochs"], seed=self._config["random_seed"])
        with self._storage.write_to(self._resource) as directory:
            self._nlp.to_disk(directory)
        return self._resource

    @classmethod
    def load(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> SecondReader:
        """The trained pipeline, from the model archive."""
        with model_storage.read_from(resource) as directory:
            nlp = spacy.load(directory)
        return cls(config, model_storage, resource, nlp)

    def process(self, messages: List[Message]) -> List[Message]:
        """Add `model_cues`: screens the model reads that the rules' findings do not cover."""
        for message in messages:
            text = message.get(TEXT)
            if text and self._nlp is not None:
                findings = [Finding(**f) for f in message.get(FINDINGS_KEY) or []]
                scores = second_reader.probabilities(self._nlp, text)
                cues = second_reader.disagreement(scores, findings, threshold=self._config["threshold"])
                message.set(MODEL_CUES_KEY, sorted(cues), add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing to add to Rasa's own training data."""
        return training_data
