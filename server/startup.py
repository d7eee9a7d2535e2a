"""The Rasa server's one start-up home: every patch and hook the project adds to a Rasa server.

Rasa has no start-up hook of its own, so the two project modules every server configuration loads
call in here, explicitly:
- persistence/tracker_store.py (named in endpoints.yml; imported before the model loads) calls
  `patch_rasa()`: the speed-ups of server/speedups.py, refused on any Rasa but the 3.6 series they
  were measured and tested on (README "Speed");
- the clinic channel (channels/clinic.py; always in credentials.yml) calls `on_server_start()` once
  the server runs: no silent in-memory fallback, the session expiry, and the clinic rounds.
"""
from __future__ import annotations

import rasa
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from sanic import Sanic

from clinic.settings import session_expiry_minutes
from server import rounds, speedups

RASA_SERIES = "3.6."  # the Rasa releases the patches were written for


def patch_rasa(version: str = rasa.__version__) -> None:
    """The speed-ups, on Rasa 3.6.x only: on another Rasa they could break it silently, so start-up fails."""
    if not version.startswith(RASA_SERIES):
        raise RuntimeError(f"server/speedups.py patches Rasa {RASA_SERIES}x, not Rasa {version}: "
                           "re-measure and re-test them (tests/test_speedups.py) before changing the pin")
    speedups.apply()


def on_server_start(app: Sanic, poll_seconds: float) -> None:
    """After the server started: a store outage fails the turn (the safe message), SESSION_EXPIRY_MINUTES,
    and the rounds that send check-ins and retry clinic deliveries."""
    refuse_a_memory_store(app.ctx.agent.tracker_store)
    no_silent_fallback(app.ctx.agent.tracker_store)
    apply_session_expiry(app.ctx.agent.domain)
    app.add_task(rounds.run_forever(app, poll_seconds))


class TrackerStoreUnavailable(RuntimeError):
    """The conversation store cannot be read or written: the turn fails and the patient is told."""


def _fail_the_turn(error: Exception) -> None:
    raise TrackerStoreUnavailable(f"tracker store unavailable: {error}") from error


class NoTrackerStore(RuntimeError):
    """The configured tracker store could not be loaded: the server refuses to start."""


def refuse_a_memory_store(store: TrackerStore) -> None:
    """Stop the server when the tracker store is Rasa's in-memory one.

    Every configuration of this project names a SQL tracker store (endpoints.yml, deploy/). When that
    store cannot be imported or reached at start, Rasa logs a warning and carries on in memory: every
    conversation would vanish at the next restart and no two servers would share one. An exception
    here ends `rasa run` with an error instead (the log above it says why the store did not load).
    """
    inner = store._tracker_store if isinstance(store, FailSafeTrackerStore) else store  # the store it wraps
    if isinstance(inner, InMemoryTrackerStore):
        raise NoTrackerStore("the configured tracker store could not be loaded (see the warning above): "
                             "refusing to run with conversations kept only in memory")


def no_silent_fallback(store: TrackerStore) -> None:
    """Make a store outage fail the turn instead of starting over in memory.

    Rasa wraps every tracker store in FailSafeTrackerStore, which on any error carries on with an
    empty in-memory conversation: the patient's story would silently vanish and the new turns
    would be lost at the next restart. With its error callback raising, the turn fails, the
    channel sends the safe message (channels/safety.py) and nothing stored is touched.
    """
    if isinstance(store, FailSafeTrackerStore):
        store._on_tracker_store_error = _fail_the_turn  # the constructor's documented callback


def apply_session_expiry(domain: Domain) -> None:
    """SESSION_EXPIRY_MINUTES overrides domain.yml's session_expiration_time (0: sessions never expire).

    After that many idle minutes a message starts a new session with an empty story. A clinic can
    change it without retraining: the server reads the domain object this changes.
    """
    minutes = session_expiry_minutes(domain.session_config.session_expiration_time)
    domain.session_config = domain.session_config._replace(session_expiration_time=minutes)
