"""Rasa 3.6 server speed-ups with identical behaviour; `apply()` is called by server/startup.py only.

Found by profiling the Rasa server under load (README "Speed"):

- Rasa checks every action server result with `jsonschema.validate(result, schema)`, which first
  validates the (constant) schema itself against the JSON Schema meta-schema: about half of the
  server's CPU time per message. Here the schema is checked once and its validator reused; the
  result is validated exactly as before, and an invalid one raises Rasa's own error.
- Every stored event is turned back into an object with `Event.resolve_by_type`, which walks the
  whole Event class tree (with `inspect.isabstract` on each class) for each event: most of the
  cost of reading a conversation from the tracker store. Here the name-to-class table is kept,
  and forgotten whenever a new Event subclass is defined, so the answer is always the same.
- The loaded model (TensorFlow, spaCy) leaves about 700,000 Python objects that every full
  garbage collection walks again: a 0.3 s pause of the whole server every few hundred messages.
  Once the model is loaded they are frozen (`gc.freeze`): still alive, no longer re-examined.
"""
from __future__ import annotations

import gc
from functools import lru_cache
from typing import Any, Dict, Type

import rasa.shared.utils.common
from jsonschema import exceptions, validators
from rasa.core.actions.action import RemoteAction
from rasa.core.agent import Agent
from rasa.shared.core.events import Event

_rasa_validate_action_result = RemoteAction._validate_action_result
_rasa_resolve_by_type = Event.resolve_by_type
_rasa_load_model = Agent.load_model
_event_classes: Dict[str, Type[Event]] = {}  # type name -> the class Rasa's own lookup finds first


@lru_cache(maxsize=1)
def action_result_validator() -> Any:
    """The validator of Rasa's action result schema, the schema checked once."""
    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
    """Rasa's check with a cached validator: an invalid result still raises Rasa's error."""
    if exceptions.best_match(action_result_validator().iter_errors(result)) is not None:
        return _rasa_validate_action_result(self, result)  # raises, with Rasa's message
    return True


def _resolve_by_type(type_name: str, default: Type[Event] | None = None) -> Type[Event] | None:
    """`Event.resolve_by_type` from a table built in Rasa's search order; misses go to Rasa."""
    if not _event_classes:
        for cls in rasa.shared.utils.common.all_subclasses(Event):
            _event_classes.setdefault(cls.type_name, cls)
    return _event_classes.get(type_name) or _rasa_resolve_by_type(type_name, default)


def _forget_event_classes(cls: Type[Event], **kwargs: Any) -> None:
    """A new Event subclass: rebuild the table on the next lookup."""
    _event_classes.clear()
    super(Event, cls).__init_subclass__(**kwargs)


def _load_model_then_freeze(self: Agent, *args: Any, **kwargs: Any) -> None:
    """Rasa's model loading, then the objects it left are kept out of later garbage collections."""
    _rasa_load_model(self, *args, **kwargs)
    gc.collect()
    gc.freeze()


def apply() -> None:
    """Install the three speed-ups into Rasa's classes (once; server/startup.py checks the Rasa version)."""
    if RemoteAction._validate_action_result is _validate_action_result:
        return
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
    Event.resolve_by_type = staticmethod(_resolve_by_type)  # type: ignore[method-assign,assignment]
    Event.__init_subclass__ = classmethod(_forget_event_classes)  # type: ignore[assignment,method-assign]
    Agent.load_model = _load_model_then_freeze  # type: ignore[method-assign]  # after the tracker store is made
