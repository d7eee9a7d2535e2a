"""A stock Rasa developer's habits work (issue 14 item 5): plain `rasa run` / `rasa shell` read
endpoints.yml with no variables set, and `make shell` has its own script."""
from __future__ import annotations

from pathlib import Path

import pytest
from rasa.core.utils import AvailableEndpoints

from persistence.settings import DEFAULT_DB, from_environment
from server.endpoints import ENDPOINTS, with_action_url

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def no_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ACTION_ENDPOINT_URL", "TRACKER_DIALECT", "TRACKER_DB", "TRACKER_URL"):
        monkeypatch.delenv(name, raising=False)


def test_endpoints_yml_reads_with_no_variables_set(no_settings: None) -> None:
    endpoints = AvailableEndpoints.read_endpoints(str(ENDPOINTS))  # raises on an unset ${...}
    assert endpoints.action.url == "http://127.0.0.1:5055/webhook"  # the action server's default port
    assert endpoints.tracker_store.type == "persistence.tracker_store.PrivacySQLTrackerStore"
    assert from_environment({"host": endpoints.tracker_store.url, **endpoints.tracker_store.kwargs}) == {
        "dialect": "sqlite", "db": DEFAULT_DB, "host": None}


def test_the_environment_still_chooses_the_tracker_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_DIALECT", "postgresql")
    monkeypatch.setenv("TRACKER_URL", "db.internal")
    monkeypatch.setenv("TRACKER_DB", "rasa")
    assert from_environment({"host": None}) == {"dialect": "postgresql", "db": "rasa", "host": "db.internal"}


def test_another_action_port_is_a_copy_with_that_address(tmp_path: Path, no_settings: None) -> None:
    copy = with_action_url("http://127.0.0.1:6123/webhook", tmp_path / "endpoints.yml")
    endpoints = AvailableEndpoints.read_endpoints(str(copy))
    assert endpoints.action.url == "http://127.0.0.1:6123/webhook"
    assert endpoints.action.kwargs.get("enable_selective_domain") is True  # the rest as in endpoints.yml


def test_make_shell_starts_the_action_server_and_rasa_shell() -> None:
    script = (ROOT / "scripts" / "shell.sh").read_text()
    assert "rasa run actions" in script and "rasa shell" in script
    assert "shell:" in (ROOT / "Makefile").read_text()
