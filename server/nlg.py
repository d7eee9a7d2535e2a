"""Rasa's response generator, with the reply language taken from the action (issue 15).

Every response in domain.yml has its Spanish variation, conditioned on the slot `language`. Rasa picks
a response variation from the slot values the tracker had *before* the action ran, so the turn in which
a patient's language is first known would still be answered in the old one. action_respond passes the
story's language with every response (`language=`): this generator reads it as the slot's value, then
does exactly what Rasa's own template generator does. Configured in endpoints.yml (`nlg:`).
"""
from __future__ import annotations

from typing import Any, Dict

from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from triage.story import LANGUAGE_SLOT  # domain.yml slot; its Spanish variations have `condition: language == es`


class LanguageNLG(TemplatedNaturalLanguageGenerator):
    """Templated responses; a `language` value sent with the response overrides the slot."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, domain: Domain | None = None) -> None:
        super().__init__(domain.responses if domain else {})

    async def generate(self, utter_action: str, tracker: DialogueStateTracker, output_channel: str,
                       **kwargs: Any) -> Dict[str, Any] | None:
        """The response for `utter_action` in the language the action asked for (else the slot's)."""
        slots = tracker.current_slot_values()
        if kwargs.get(LANGUAGE_SLOT):
            slots = {**slots, LANGUAGE_SLOT: kwargs[LANGUAGE_SLOT]}
        return self.generate_from_slots(utter_action, slots, output_channel, **kwargs)
