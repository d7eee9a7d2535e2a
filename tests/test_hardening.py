"""Over HTTP against the real servers: restarts, bad input, "/" shortcuts and API authentication."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.stack import Stack, running_stack
from harness.vignettes import post

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """One running assistant for the bad-input tests."""
    with running_stack(tmp_path_factory.mktemp("hardening")) as running:
        yield running


def _status(url: str, body: dict | None = None, headers: dict | None = None) -> int:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _texts(reply: list[dict]) -> str:
    return " ".join(m.get("text", "") for m in reply)


def test_conversation_continues_after_both_servers_restart(tmp_path: Path) -> None:
    with running_stack(tmp_path) as first:
        post(first.rest_url, "restart-patient", "I hurt my back lifting boxes 3 days ago")
        assert "Where exactly" in _texts(post(first.rest_url, "restart-patient", "hi again"))  # asked again
    with running_stack(tmp_path) as second:  # same SQLite tracker store, fresh processes
        reply = post(second.rest_url, "restart-patient", "low down in the middle")
        assert "spread down" in _texts(reply)  # the story goes on: location answered, next question asked


def test_slash_shortcuts_cannot_skip_a_red_flag_question(stack: Stack) -> None:
    sender = "shortcut-patient"
    post(stack.rest_url, sender, "my back hurts since yesterday after lifting, I'm 40")
    for answer in ("low down", "no"):
        reply = post(stack.rest_url, sender, answer)
    assert "between your legs" in _texts(reply)  # the cauda equina question is pending
    reply = post(stack.rest_url, sender, "/deny")  # not an answer: asked again in other words
    assert "bottom or genitals" in _texts(reply) and not any("custom" in m for m in reply)
    reply = post(stack.rest_url, sender, '/deny{"answers": "no"}')  # twice unclear: never read as "no"
    triage = [m["custom"]["triage"] for m in reply if "custom" in m]
    assert triage and triage[0]["level"] in ("urgent", "emergency") and triage[0]["red_flags"] == ["cauda_equina"]
    reply = post(stack.rest_url, "shortcut-patient-2", "/deny but actually I wet myself this morning")
    assert reply[0]["text"].startswith("Please get emergency help now")  # red flags are read in shortcuts too


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.text(max_size=300), st.sampled_from([
    "", "   ", "\n\t", "{\"intent\": \"deny\"}", "<script>alert(1)</script>", "<b>no</b>", "null", "[]",
    "\u202e\u200b\ufeff", "🤕🤕🤕 back 🔥", "' OR 1=1; --", "x" * 100_000, "{{emergency_number}}", "%s%s%n"])))
def test_any_text_is_handled_as_text(stack: Stack, text: str) -> None:
    status = _status(stack.rest_url, {"sender": "fuzz-patient", "message": text})
    assert status < 500
    reply = post(stack.rest_url, "fuzz-patient", "my back hurts")
    assert reply and all("text" in m or "custom" in m for m in reply)  # still talking


def test_http_api_requires_the_token(tmp_path: Path) -> None:
    token = "test-token-5f1c"
    with running_stack(tmp_path, extra_args=("--enable-api", "--auth-token", token)) as api:
        assert _status(f"{api.rasa_url}/status") in (401, 403)
        assert _status(f"{api.rasa_url}/status?token=wrong") in (401, 403)
        assert _status(f"{api.rasa_url}/conversations/x/tracker") in (401, 403)
        assert _status(f"{api.rasa_url}/status?token={token}") == 200


def test_action_server_down_still_gives_the_safe_message(tmp_path: Path) -> None:
    import os
    import signal

    with running_stack(tmp_path) as running:
        post(running.rest_url, "outage-patient", "my back hurts since yesterday")
        os.kill(running.pids[1], signal.SIGKILL)  # the action server dies mid-conversation
        reply = post(running.rest_url, "outage-patient", "I'm 40")
        text = _texts(reply)
        assert "911" in text and "555-0100" in text  # emergency advice and the clinic's number


def test_a_frozen_action_server_gives_the_safe_message_within_ten_seconds(tmp_path: Path) -> None:
    import os
    import signal
    import time

    with running_stack(tmp_path) as running:
        post(running.rest_url, "frozen-patient", "my back hurts since yesterday")
        os.kill(running.pids[1], signal.SIGSTOP)  # alive but not answering (issue 14: a hung dependency)
        try:
            started = time.monotonic()
            reply = post(running.rest_url, "frozen-patient", "I'm 40")
            waited = time.monotonic() - started
        finally:
            os.kill(running.pids[1], signal.SIGCONT)
        assert waited < 12 and "911" in _texts(reply) and "555-0100" in _texts(reply)  # channels/safety.py


def test_socketio_refuses_a_web_page_of_another_origin(tmp_path: Path) -> None:
    import asyncio

    import aiohttp

    async def connect_as(rasa_url: str, origin: str) -> str:
        """A socket.io client over WebSocket from a page of `origin`: the server's answer to CONNECT."""
        url = rasa_url.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket"
        async with aiohttp.ClientSession(headers={"Origin": origin}) as http, http.ws_connect(url) as socket:
            assert (await asyncio.wait_for(socket.receive_str(), 10)).startswith("0")  # engine.io open
            await socket.send_str("40")  # socket.io CONNECT to "/"
            return await asyncio.wait_for(socket.receive_str(), 10)

    with running_stack(tmp_path, env={"CORS_ORIGINS": "http://localhost:8080"}) as running:
        assert asyncio.run(connect_as(running.rasa_url, "http://localhost:8080")).startswith("40")
        assert asyncio.run(connect_as(running.rasa_url, "http://evil.example")).startswith("44")  # refused


def _postgres_reachable() -> bool:
    import socket
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", 5432)) == 0


@pytest.mark.skipif(not _postgres_reachable(), reason="no PostgreSQL on 127.0.0.1:5432 on this machine")
def test_postgresql_tracker_store_keeps_the_conversation_across_restarts(tmp_path: Path) -> None:
    import uuid

    env = {"TRACKER_DIALECT": "postgresql", "TRACKER_URL": "postgresql://postgres@127.0.0.1:5432/test"}
    sender = f"pg-patient-{uuid.uuid4().hex[:8]}"
    with running_stack(tmp_path, env=env) as first:
        post(first.rest_url, sender, "I hurt my back lifting boxes 3 days ago")
    with running_stack(tmp_path, env=env) as second:
        assert "spread down" in _texts(post(second.rest_url, sender, "low down in the middle"))


def test_delete_my_data_erases_the_conversation(tmp_path: Path) -> None:
    import sqlite3

    with running_stack(tmp_path) as running:
        post(running.rest_url, "forget-me", "my back hurts since yesterday after lifting")
        reply = post(running.rest_url, "forget-me", "please delete my data")
        text = _texts(reply)
        assert "erased this chat" in text and "911" in text and "555-0100" in text  # the clinic's values filled in
        with sqlite3.connect(tmp_path / "conversations.db") as db:
            assert db.execute("select count(*) from events where sender_id = 'forget-me'").fetchone()[0] == 0
        assert "back pain assistant" in _texts(post(running.rest_url, "forget-me", "hi"))  # a fresh start


@pytest.mark.skipif(not _postgres_reachable(), reason="no PostgreSQL on 127.0.0.1:5432 on this machine")
def test_tracker_store_outage_gives_a_clear_message_and_loses_nothing_stored(tmp_path: Path) -> None:
    import uuid

    import sqlalchemy as sa

    name = f"outage_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine("postgresql://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT")

    def sql(statement: str) -> None:
        with admin.connect() as connection:
            connection.execute(sa.text(statement))

    def database_down(down: bool) -> None:  # refuse new connections and cut the open ones: the store is gone
        sql(f"ALTER DATABASE {name} ALLOW_CONNECTIONS {'false' if down else 'true'}")
        if down:
            sql(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")

    sql(f"CREATE DATABASE {name}")
    env = {"TRACKER_DIALECT": "postgresql", "TRACKER_URL": f"postgresql://postgres@127.0.0.1:5432/{name}"}
    try:
        with running_stack(tmp_path, env=env) as running:
            post(running.rest_url, "outage-patient", "I hurt my back lifting boxes 3 days ago")
            database_down(True)
            reply = _texts(post(running.rest_url, "outage-patient", "low down in the middle"))
            assert "cannot answer properly right now" in reply and "911" in reply, reply  # the safe message, not silence or a 500
            database_down(False)
            reply = _texts(post(running.rest_url, "outage-patient", "low down in the middle"))
            assert "spread down" in reply, reply  # the stored story goes on from where it was
        with sa.create_engine(env["TRACKER_URL"]).connect() as connection:
            texts = connection.execute(sa.text("SELECT data FROM events WHERE sender_id = 'outage-patient' "
                                               "AND type_name = 'user' ORDER BY id")).scalars().all()
        assert [json.loads(t)["text"] for t in texts] == ["I hurt my back lifting boxes 3 days ago",
                                                          "low down in the middle"]
    finally:
        database_down(True)
        sql(f"DROP DATABASE IF EXISTS {name}")
        admin.dispose()


def test_session_expiry_is_configurable_without_retraining(tmp_path: Path) -> None:
    import time

    with running_stack(tmp_path, env={"SESSION_EXPIRY_MINUTES": "0.05"}) as running:  # 3 seconds
        post(running.rest_url, "idle-patient", "I hurt my back lifting boxes 3 days ago")
        assert "spread down" in _texts(post(running.rest_url, "idle-patient", "low down in the middle"))
        time.sleep(4)
        reply = _texts(post(running.rest_url, "idle-patient", "hello"))
        assert "back pain assistant" in reply and "spread down" not in reply  # a new session: a fresh start


def test_the_audit_hash_is_keyed_so_a_phone_number_cannot_be_found_by_trying_numbers(monkeypatch):
    import hashlib

    from actions.audit import audit_record
    triage = {"level": "self_care", "imaging": "none", "red_flags": []}
    monkeypatch.setenv("AUDIT_KEY", "clinic-secret")
    first = audit_record("+15550100", triage, "twilio")["conversation"]
    assert first == audit_record("+15550100", triage, "twilio")["conversation"]  # repeat dispositions link
    assert first != hashlib.sha256(b"+15550100").hexdigest()[:16]  # not a plain hash
    monkeypatch.setenv("AUDIT_KEY", "another-clinic")
    assert audit_record("+15550100", triage, "twilio")["conversation"] != first


def test_the_server_refuses_to_run_with_conversations_kept_only_in_memory(tmp_path):
    from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore, SQLTrackerStore
    from rasa.shared.core.domain import Domain

    from server.startup import NoTrackerStore, refuse_a_memory_store
    domain = Domain.empty()
    with pytest.raises(NoTrackerStore):  # what Rasa falls back to when the configured store fails to load
        refuse_a_memory_store(FailSafeTrackerStore(InMemoryTrackerStore(domain)))
    refuse_a_memory_store(FailSafeTrackerStore(SQLTrackerStore(domain, db=str(tmp_path / "t.db"))))


def test_the_safe_message_is_in_the_patients_language_without_the_tracker() -> None:
    from rasa.core.channels.channel import UserMessage

    from channels.safety import language_of_message, service_trouble_text

    spanish, english = service_trouble_text("es"), service_trouble_text("en")
    assert "llame al 911" in spanish and "call 911" in english
    assert language_of_message(UserMessage("me duele mucho la espalda y no puedo orinar")) == "es"
    assert language_of_message(UserMessage("my back hurts and I can't pee")) == "en"
    assert language_of_message(UserMessage("ok", metadata={"language": "es"})) == "es"  # the web page's choice
    assert language_of_message(UserMessage("ok")) == "en"
