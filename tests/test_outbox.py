"""The clinic outbox against a loopback stand-in of the clinic endpoint: retries, dedup, never lost."""
from __future__ import annotations

import json
import socket
import threading
import time
from datetime import datetime, timedelta, timezone
from typing import Any, Iterator

import pytest
from sqlalchemy import select, update

from handover import outbox
from handover.outbox import DELIVERED, PENDING, SENDING
from tests.clinic_receiver import Receiver

BODY = {"format": "backpain-handover/1", "note": "Level: SELF-CARE", "triage": {"level": "self_care"}}


def free_port() -> int:
    """A port with nothing listening on it (the clinic endpoint is down)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(autouse=True)
def settings(tmp_path, monkeypatch) -> None:
    """A fresh SQLite outbox per test; short timeouts and backoff."""
    monkeypatch.setenv("CLINIC_DB_URL", f"sqlite:///{tmp_path}/clinic.db")
    monkeypatch.setenv("CLINIC_WEBHOOK_TIMEOUT", "0.5")
    monkeypatch.setenv("CLINIC_WEBHOOK_RETRIES", "2")
    monkeypatch.setenv("CLINIC_WEBHOOK_BACKOFF", "0.01")
    monkeypatch.delenv("CLINIC_WEBHOOK_TOKEN", raising=False)
    monkeypatch.delenv("CLINIC_WEBHOOK_URL", raising=False)


@pytest.fixture
def receiver(request, monkeypatch) -> Iterator[Receiver]:
    """A receiver with the test's script (`@pytest.mark.parametrize("receiver", [...], indirect=True)`)."""
    stand_in = Receiver(getattr(request, "param", ()))
    monkeypatch.setenv("CLINIC_WEBHOOK_URL", stand_in.url)
    yield stand_in
    stand_in.close()


def row(item_id: int) -> Any:
    with outbox.db().connect() as conn:
        return conn.execute(select(outbox.outbox).where(outbox.outbox.c.id == item_id)).one()


def later(minutes: float = 120) -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None) + timedelta(minutes=minutes)


@pytest.mark.parametrize("receiver", [("store_500",)], indirect=True)
def test_a_failed_first_attempt_is_retried_and_the_summary_stored_once(receiver):
    from datetime import datetime as dt

    from handover.summary import build_summary
    from triage.story import Story

    story = Story(findings=["lifting_or_bending"], answers={"age": 34, "screen_cauda_equina": "no"}, age=34,
                  duration_days=3.0, greeted=True, level_sent="self_care", finished=True)
    summary = build_summary(story, "conv-1", "rest", dt(2026, 11, 28, 12, 0, tzinfo=timezone.utc)).as_dict()
    result = outbox.send("summary", "conv-1", summary)
    assert result.delivered and result.status_code == 200 and result.attempts == 1 and result.error is None
    assert len(receiver.requests) == 2  # the 500, then the retry within the same round
    keys = {headers["Idempotency-Key"] for headers, _ in receiver.requests}
    assert keys == {outbox.idempotency_key("summary", "conv-1", summary)} == {result.idempotency_key}
    assert list(receiver.stored.values()) == [{"kind": "summary", "conversation_id": "conv-1",
                                               "created": receiver.requests[0][1]["created"], "body": summary}]
    assert row(result.id).status == DELIVERED
    again = outbox.send("summary", "conv-1", summary)  # the same summary again: not sent twice
    assert again.delivered and again.id == result.id and len(receiver.requests) == 2


@pytest.mark.parametrize("receiver", [("store_slow",)], indirect=True)
def test_a_timed_out_attempt_is_retried_and_deduplicated(receiver):
    result = outbox.send("handoff", "conv-2", BODY)
    assert result.delivered and len(receiver.requests) == 2 and len(receiver.stored) == 1


def test_while_the_clinic_is_down_the_item_stays_pending_and_a_later_retry_delivers_it(monkeypatch):
    port = free_port()
    monkeypatch.setenv("CLINIC_WEBHOOK_URL", f"http://127.0.0.1:{port}/handover")
    result = outbox.send("summary", "conv-3", BODY)
    assert not result.delivered and result.attempts == 1 and "ConnectionError" in result.error
    stored = row(result.id)
    assert (stored.status, stored.attempts, stored.last_error) == (PENDING, 1, result.error)
    assert outbox.deliver_pending() == []  # not due yet: the next round waits (ROUND_DELAY)
    stand_in = Receiver(port=port)
    try:
        [retried] = outbox.deliver_pending(now=later())
        assert retried.delivered and retried.attempts == 2 and retried.error is None
        assert len(stand_in.stored) == 1 and list(stand_in.stored) == [result.idempotency_key]
        assert outbox.deliver_pending(now=later()) == [] and outbox.counts() == {DELIVERED: 1}
    finally:
        stand_in.close()


@pytest.mark.parametrize("receiver", [("fail_500",) * 6], indirect=True)
def test_a_failed_round_keeps_the_item_with_its_error_and_backs_off(receiver):
    first = outbox.send("message", "conv-4", {"text": "Please call me back"})
    assert not first.delivered and first.status_code == 500 and first.error.startswith("HTTP 500")
    assert len(receiver.requests) == 3  # 1 + CLINIC_WEBHOOK_RETRIES
    due_1 = row(first.id).next_attempt_at
    [second] = outbox.deliver_pending(now=due_1)
    assert not second.delivered and second.attempts == 2
    due_2 = row(first.id).next_attempt_at
    assert due_2 - due_1 >= outbox.ROUND_DELAY * 2 - timedelta(seconds=5)  # exponential between rounds
    [third] = outbox.deliver_pending(now=due_2)  # the receiver recovers (script used up)
    assert third.delivered and third.attempts == 3 and len(receiver.stored) == 1


def test_bearer_token_is_sent_when_configured(receiver, monkeypatch):
    outbox.send("message", "conv-5", {"n": 1})
    monkeypatch.setenv("CLINIC_WEBHOOK_TOKEN", "s3cret")
    outbox.send("message", "conv-5", {"n": 2})
    (without, _), (with_token, _) = receiver.requests
    assert "Authorization" not in without and with_token["Authorization"] == "Bearer s3cret"
    assert with_token["Content-Type"] == "application/json"


def test_enqueue_is_idempotent_and_keys_are_stable():
    first = outbox.enqueue("summary", "c", {"a": 1, "b": [1, 2]})
    assert outbox.enqueue("summary", "c", {"b": [1, 2], "a": 1}) == first  # key order does not matter
    assert outbox.enqueue("summary", "other", {"a": 1, "b": [1, 2]}) != first
    assert outbox.idempotency_key("summary", "c", {"a": 1}) == outbox.idempotency_key("summary", "c", {"a": 1})
    with pytest.raises(ValueError):
        outbox.enqueue("fax", "c", {})


def test_without_an_endpoint_items_wait():
    result = outbox.send("summary", "c", BODY)
    assert not result.delivered and "CLINIC_WEBHOOK_URL" in result.error
    assert outbox.deliver_pending(now=later()) == [] and outbox.counts() == {PENDING: 1}


def test_two_workers_never_send_the_same_item(receiver):
    receiver.pause = 0.1  # each answer takes a while, so the workers overlap
    ids = [outbox.enqueue("message", f"conv-{i}", {"i": i}) for i in range(6)]
    results: list[Any] = []
    workers = [threading.Thread(target=lambda: results.extend(outbox.deliver_pending())) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert len(receiver.requests) == len(ids) == len(receiver.stored)  # each item POSTed exactly once
    assert sum(r.delivered and r.status_code == 200 for r in results) == len(ids)
    assert outbox.counts() == {DELIVERED: len(ids)}


def test_a_claim_left_by_a_dead_process_is_taken_over(receiver):
    item = outbox.enqueue("summary", "conv-6", BODY)
    old = datetime.now(timezone.utc).replace(tzinfo=None) - outbox.LEASE * 2
    with outbox.db().begin() as conn:
        conn.execute(update(outbox.outbox).where(outbox.outbox.c.id == item).values(
            status=SENDING, claimed_by="dead", claimed_at=old))
    [result] = outbox.deliver_pending()
    assert result.delivered and len(receiver.stored) == 1


def test_retry_worker_delivers_in_the_background(monkeypatch):
    port = free_port()
    monkeypatch.setenv("CLINIC_WEBHOOK_URL", f"http://127.0.0.1:{port}/handover")
    monkeypatch.setattr(outbox, "ROUND_DELAY", timedelta(0))
    assert not outbox.send("handoff", "conv-7", BODY).delivered
    stand_in, stop = Receiver(port=port), threading.Event()
    worker = threading.Thread(target=outbox.retry_forever, args=(0.05, stop), daemon=True)
    worker.start()
    try:
        deadline = time.monotonic() + 10
        while not stand_in.stored and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(stand_in.stored) == 1
    finally:
        stop.set()
        worker.join(5)
        stand_in.close()
    assert outbox.counts() == {DELIVERED: 1}


def test_erase_and_purge_and_cli(receiver, capsys):
    delivered = outbox.send("summary", "conv-8", BODY)
    outbox.enqueue("message", "conv-9", {"text": "hi"})
    assert outbox.purge_delivered(30) == 0 and outbox.purge_delivered(0, now=later()) == 1
    assert outbox.main(["--status"]) == 0 and json.loads(capsys.readouterr().out) == {PENDING: 1, "checkins": {}}
    assert outbox.erase("conv-9") == 1 and outbox.counts() == {} and delivered.delivered


def test_a_held_item_is_left_to_its_caller_and_rounds_take_it_only_later(receiver):
    item = outbox.enqueue("summary", "conv-held", BODY, hold=timedelta(seconds=30))
    assert outbox.deliver_pending() == []  # a background round does not race the caller's own try
    assert outbox.deliver(item).delivered and len(receiver.stored) == 1
    other = outbox.enqueue("summary", "conv-held-2", BODY, hold=timedelta(seconds=30))
    assert [r.id for r in outbox.deliver_pending(now=later(1))] == [other]  # the caller died: a later round sends it
