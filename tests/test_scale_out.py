"""Scale-out on one machine: 2 Rasa servers and 2 action servers behind nginx, PostgreSQL tracker
store, Redis lock store (scripts/scale_out.py, deploy/). 200 conversations at once through nginx,
checked in the tracker store itself, with one Rasa server SIGKILLed half-way through.

Each conversation sends the same script, so every conversation must get the same replies as one
patient alone. A request that fails is retried once with the same "message_id"
(channels/rest.py); every patient message must be stored exactly once, in order.
Needs PostgreSQL (127.0.0.1:5432), Redis (127.0.0.1:6379) and nginx; skipped without them.
"""
from __future__ import annotations

import asyncio
import json
import os
import signal
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

import aiohttp
import pytest

from channels.safety import service_trouble_text
from harness.stack import free_port
from scripts.scale_out import Cluster, nginx_binary, scale_out

pytestmark = pytest.mark.e2e

PG = dict(host="127.0.0.1", port=5432, user="postgres")
REDIS = dict(host="127.0.0.1", port=6379, db=0)
CONVERSATIONS = 200
IN_FLIGHT = 12  # requests at once: 2 cores shared by 2 Rasa servers, 2 action servers, nginx and PostgreSQL
SCRIPT = ("my back hurts since yesterday after lifting", "low down in the middle", "no", "45")
LOCK_LIFETIME = 10  # TICKET_LOCK_LIFETIME: how long a killed server's lock holds its conversation


def _services_or_skip() -> None:
    """Skip, saying why, when PostgreSQL, Redis or nginx is missing."""
    import psycopg2
    import redis

    if nginx_binary() is None:
        pytest.skip("nginx is not installed (apt-get install nginx)")
    try:
        psycopg2.connect(dbname="postgres", connect_timeout=3, **PG).close()
    except psycopg2.OperationalError as error:
        pytest.skip(f"no PostgreSQL at 127.0.0.1:5432: {error}")
    try:
        redis.Redis(socket_timeout=3, **REDIS).ping()
    except redis.RedisError as error:
        pytest.skip(f"no Redis at 127.0.0.1:6379: {error}")


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    """A fresh PostgreSQL database for the tracker store, dropped afterwards."""
    _services_or_skip()
    import psycopg2

    name = f"scale_test_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(dbname="postgres", **PG)
    admin.autocommit = True
    admin.cursor().execute(f"CREATE DATABASE {name}")
    try:
        yield name
    finally:
        admin.cursor().execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


@pytest.fixture(scope="module")
def lock_prefix() -> Iterator[str]:
    """A Redis key prefix of our own for the lock store; its keys are deleted afterwards."""
    _services_or_skip()
    import redis

    prefix = f"scaletest{uuid.uuid4().hex[:10]}"
    yield prefix
    client = redis.Redis(**REDIS)
    left = list(client.scan_iter(f"{prefix}:*"))
    print(f"lock keys left in Redis: {len(left)}")
    if left:
        client.delete(*left)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory, database: str, lock_prefix: str) -> Iterator[Cluster]:
    """2 Rasa servers, 2 action servers and nginx on 127.0.0.1."""
    env = {"DB_HOST": PG["host"], "DB_PORT": str(PG["port"]), "DB_NAME": database, "DB_USER": PG["user"],
           "DB_PASSWORD": "", "REDIS_HOST": REDIS["host"], "REDIS_PORT": str(REDIS["port"]),
           "REDIS_DB": str(REDIS["db"]), "REDIS_PASSWORD": "", "REDIS_KEY_PREFIX": lock_prefix,
           "TICKET_LOCK_LIFETIME": str(LOCK_LIFETIME), "ENABLE_SOCKETIO": "true", "ENABLE_REST": "true",
           "CORS_ORIGINS": "http://localhost:8080",
           # 200 conversations at once on 2 cores with a server killed: some turns wait over the 10 s patient
           # bound (then the safe message, tests/test_hardening.py); here every turn must finish
           "TURN_TIMEOUT_SECONDS": "60"}
    workdir = tmp_path_factory.mktemp("scale-out")
    started = time.time()
    with scale_out(workdir, n_rasa=2, n_actions=2, port=free_port(), env=env) as running:
        print(f"scale-out up in {time.time() - started:.0f} s")
        yield running


@dataclass
class Turn:
    """One patient message as the client saw it."""

    sender: str
    index: int
    statuses: list[int] = field(default_factory=list)  # one per attempt; 0: connection failed
    reply: list[dict[str, Any]] | None = None
    started: float = 0.0  # time.perf_counter()
    ended: float = 0.0

    @property
    def seconds(self) -> float:
        return self.ended - self.started


async def _post(session: aiohttp.ClientSession, url: str, turn: Turn, text: str) -> bool:
    body = {"sender": turn.sender, "message": text, "message_id": f"{turn.sender}-{turn.index}"}
    try:
        async with session.post(url, json=body) as response:
            turn.statuses.append(response.status)
            if response.status == 200:
                turn.reply = await response.json()
                return True
    except aiohttp.ClientError:
        turn.statuses.append(0)
    return False


async def _converse(url: str, senders: list[str], on_turn: Callable[[int], None] = lambda done: None) -> list[Turn]:
    """Every sender plays SCRIPT, all conversations open at once, at most IN_FLIGHT requests at a time.
    A failed request is retried once, with the same message_id."""
    turns: list[Turn] = []
    done = 0
    gate = asyncio.Semaphore(IN_FLIGHT)
    timeout = aiohttp.ClientTimeout(total=150)  # above nginx's proxy_read_timeout (120 s)

    async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=IN_FLIGHT)) as session:
        async def conversation(sender: str) -> None:
            nonlocal done
            for index, text in enumerate(SCRIPT):
                turn = Turn(sender, index)
                turns.append(turn)
                async with gate:
                    turn.started = time.perf_counter()
                    if not await _post(session, url, turn, text):
                        await _post(session, url, turn, text)
                    turn.ended = time.perf_counter()
                done += 1
                on_turn(done)
                if turn.reply is None:
                    return  # the conversation cannot go on; reported by the checks

        await asyncio.gather(*(conversation(s) for s in senders))
    return turns


def _texts(reply: list[dict[str, Any]] | None) -> tuple[str, ...]:
    return tuple(m.get("text") or json.dumps(m.get("custom"), sort_keys=True) for m in reply or [])


def _stored_user_messages(database: str, senders: list[str]) -> dict[str, list[tuple[str, str]]]:
    """(text, message_id) of every stored patient message, per conversation, in stored order."""
    import psycopg2

    with psycopg2.connect(dbname=database, **PG) as db, db.cursor() as cursor:
        cursor.execute("SELECT sender_id, data FROM events WHERE type_name = 'user' AND sender_id = ANY(%s) "
                       "ORDER BY id", (senders,))
        stored: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for sender, data in cursor.fetchall():
            event = json.loads(data)
            stored[sender].append((event["text"], event["message_id"]))
    return stored


def _check(turns: list[Turn], senders: list[str], database: str, reference: list[tuple[str, ...]]) -> Counter:
    """Every message answered with the replies one patient alone gets, and stored exactly once in order."""
    assert len(turns) == len(senders) * len(SCRIPT), "a conversation stopped early"
    unanswered = [(t.sender, t.index, t.statuses) for t in turns if not t.reply]
    assert not unanswered, unanswered[:10]
    safe = service_trouble_text()
    assert not [t for t in turns if any(m.get("text") == safe for m in t.reply or [])], "a turn failed inside Rasa"
    wrong = [(t.sender, t.index, _texts(t.reply)) for t in turns if _texts(t.reply) != reference[t.index]]
    assert not wrong, wrong[:5]
    stored = _stored_user_messages(database, senders)
    expected = {s: [(text, f"{s}-{i}") for i, text in enumerate(SCRIPT)] for s in senders}
    differ = {s: stored.get(s) for s in senders if stored.get(s) != expected[s]}
    assert not differ, list(differ.items())[:5]
    return Counter(tuple(t.statuses) for t in turns)


def _report(name: str, turns: list[Turn], seconds: float, statuses: Counter) -> None:
    latencies = sorted(t.seconds for t in turns)
    print(f"{name}: {len(turns)} messages in {seconds:.1f} s ({len(turns) / seconds:.1f} msg/s), "
          f"p50 {latencies[len(latencies) // 2]:.2f} s, p95 {latencies[int(len(latencies) * 0.95)]:.2f} s, "
          f"max {latencies[-1]:.2f} s; attempts: {dict(statuses)}")


def _nginx_reroutes(cluster: Cluster) -> int:
    """Requests that nginx itself passed to a second Rasa server (several upstream addresses)."""
    log = (cluster.workdir / "nginx" / "access.log").read_text()
    return sum(1 for line in log.splitlines() if "/webhooks/rest/" in line and "upstream=" in line
               and ", " in line.split("upstream=")[1].split(" upstream_status")[0])


def _lock_stores(prefix: str) -> tuple[Callable[[], Any], Callable[[], Any]]:
    """Makers of Rasa 3.6's Redis lock store and of persistence/lock_store.py's, both under prefix."""
    from rasa.core.lock_store import RedisLockStore
    from rasa.utils.endpoints import EndpointConfig

    from persistence.lock_store import AtomicRedisLockStore

    config = EndpointConfig(url=REDIS["host"], port=REDIS["port"], db=REDIS["db"], key_prefix=prefix)
    return lambda: RedisLockStore(key_prefix=prefix, **REDIS), lambda: AtomicRedisLockStore(config)


def test_lock_tickets_are_unique_across_servers(lock_prefix: str) -> None:
    """Rasa 3.6's RedisLockStore can give two servers the same ticket; persistence/lock_store.py cannot."""
    from concurrent.futures import ThreadPoolExecutor

    def tickets(make: Callable[[], Any], conversation: str) -> list[int]:
        stores = [make() for _ in range(4)]  # four servers, each with its own connection
        with ThreadPoolExecutor(4) as pool:
            issued = list(pool.map(lambda i: stores[i % 4].issue_ticket(conversation, 30), range(200)))
        stores[0].delete_lock(conversation)
        return issued

    make_rasa, make_atomic = _lock_stores(lock_prefix)
    rasa, atomic = tickets(make_rasa, "rasa-store"), tickets(make_atomic, "atomic-store")
    print(f"tickets issued twice: Rasa's store {200 - len(set(rasa))}, atomic store {200 - len(set(atomic))}")
    assert sorted(atomic) == list(range(200))


def test_a_dead_servers_lock_expires_and_the_waiting_message_goes_on(lock_prefix: str,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A server died holding a conversation's lock; the retry, queued just behind, must get it once the
    dead ticket expires. With Rasa 3.6's store the waiter's own ticket expires too and it waits for ever."""
    from rasa.core.lock_store import RedisLockStore

    lifetime = 1.0
    monkeypatch.setattr("persistence.lock_store.LOCK_LIFETIME", lifetime)

    async def wait_behind_a_dead_ticket(store: RedisLockStore, conversation: str) -> float | None:
        store.issue_ticket(conversation, lifetime)  # the dead server's ticket: never cleaned up
        started = time.perf_counter()

        async def queue() -> float:
            async with store.lock(conversation, lock_lifetime=lifetime, wait_time_in_seconds=0.5):
                return time.perf_counter() - started

        try:
            return await asyncio.wait_for(queue(), 4 * lifetime)
        except asyncio.TimeoutError:
            return None
        finally:
            store.delete_lock(conversation)

    make_rasa, make_atomic = _lock_stores(lock_prefix)
    rasa = asyncio.run(wait_behind_a_dead_ticket(make_rasa(), "rasa-dead"))
    atomic = asyncio.run(wait_behind_a_dead_ticket(make_atomic(), "atomic-dead"))
    print(f"lock behind a dead server's ticket ({lifetime:.0f} s) acquired after: Rasa's store "
          f"{'never (gave up at 4 s)' if rasa is None else f'{rasa:.1f} s'}, atomic store {atomic:.1f} s")
    assert atomic is not None and lifetime <= atomic < 2 * lifetime


@pytest.fixture(scope="module")
def reference(cluster: Cluster) -> list[tuple[str, ...]]:
    """The replies to SCRIPT for one patient alone."""
    turns = asyncio.run(_converse(cluster.rest_url, [f"reference-{uuid.uuid4().hex[:8]}"]))
    assert all(t.reply for t in turns), [(t.index, t.statuses) for t in turns]
    return [_texts(t.reply) for t in turns]


def test_a_repeated_message_id_is_answered_again_and_stored_once(cluster: Cluster, database: str,
                                                                 reference: list[tuple[str, ...]]) -> None:
    sender = f"repeat-{uuid.uuid4().hex[:8]}"

    async def send(index: int, copies: int) -> list[Turn]:
        async with aiohttp.ClientSession() as session:
            turns = [Turn(sender, index) for _ in range(copies)]
            await asyncio.gather(*(_post(session, cluster.rest_url, t, SCRIPT[index]) for t in turns))
            return turns

    first = asyncio.run(send(0, 1))[0]
    again = asyncio.run(send(0, 1))[0]  # as if the first answer had been lost on the way
    assert _texts(first.reply) == _texts(again.reply) == reference[0]
    both = asyncio.run(send(1, 2))  # the same message twice at once: possibly one on each server
    assert [_texts(t.reply) for t in both] == [reference[1]] * 2
    assert _stored_user_messages(database, [sender])[sender] == [(SCRIPT[0], f"{sender}-0"), (SCRIPT[1], f"{sender}-1")]


def test_socketio_through_nginx_polls_then_upgrades_to_websocket(cluster: Cluster) -> None:
    """The web page's transport, spoken by hand (Engine.IO 4): long-polling requests of one session
    must reach the server that issued its sid, then nginx must pass the WebSocket upgrade."""

    async def chat() -> list[str]:
        base = f"{cluster.url}/socket.io/?EIO=4"
        async with aiohttp.ClientSession(headers={"Origin": "http://localhost:8080"}) as http:
            async with http.get(f"{base}&transport=polling") as opened:
                sid = json.loads((await opened.text())[1:])["sid"]
            polling = f"{base}&transport=polling&sid={sid}"
            async with http.post(polling, data="40") as connect:
                assert connect.status == 200
            async with http.get(polling) as connected:
                assert "40" in await connected.text()  # another server would answer 400
            socket = await http.ws_connect(f"{base.replace('http', 'ws', 1)}&transport=websocket&sid={sid}")
            await socket.send_str("2probe")
            assert await socket.receive_str() == "3probe"
            await socket.send_str("5")  # upgraded
            session_id = uuid.uuid4().hex
            for event, data in (("session_request", {"session_id": session_id}),
                                ("user_uttered", {"message": SCRIPT[0], "session_id": session_id})):
                await socket.send_str("42" + json.dumps([event, data]))
            texts: list[str] = []
            while len(texts) < 2:
                packet = await asyncio.wait_for(socket.receive_str(), 60)
                if packet == "2":
                    await socket.send_str("3")  # ping, pong
                elif packet.startswith("42") and json.loads(packet[2:])[0] == "bot_uttered":
                    texts.append(json.loads(packet[2:])[1].get("text") or "")
            await socket.close()
            return texts

    texts = asyncio.run(chat())
    assert "Where exactly" in texts[1], texts


def test_200_conversations_at_once_and_a_rasa_server_killed_half_way(cluster: Cluster, database: str,
                                                                    reference: list[tuple[str, ...]]) -> None:
    """All 200 conversations open at once through nginx; half-way through their 1,000 messages one
    Rasa server is SIGKILLed. Every message is answered as one patient alone would be answered, and
    stored once, in order. Only requests in flight on the killed server see an error (nginx's 502),
    and their single retry succeeds; before the kill nothing fails."""
    senders = [f"patient-{i}-{uuid.uuid4().hex[:6]}" for i in range(CONVERSATIONS)]
    victim, survivor = cluster.rasa
    total = len(senders) * len(SCRIPT)
    killed: list[float] = []

    def kill_half_way(done: int) -> None:
        if done >= total // 2 and not killed:
            os.kill(victim.process.pid, signal.SIGKILL)
            killed.append(time.perf_counter())

    started = time.perf_counter()
    turns = asyncio.run(_converse(cluster.rest_url, senders, kill_half_way))
    seconds = time.perf_counter() - started
    assert killed and victim.process.wait(timeout=10) == -signal.SIGKILL and survivor.alive()
    statuses = _check(turns, senders, database, reference)
    before = [t for t in turns if t.ended < killed[0]]
    after = [t for t in turns if t.started > killed[0]]
    _report("200 conversations, one Rasa server killed half-way", turns, seconds, statuses)
    print(f"before the kill: {len(before) / (killed[0] - started):.1f} msg/s; after: "
          f"{len(after) / (seconds - (killed[0] - started)):.1f} msg/s; client retries: "
          f"{sum(len(t.statuses) - 1 for t in turns)}; requests nginx passed to the other server itself: "
          f"{_nginx_reroutes(cluster)}")
    assert all(t.statuses == [200] for t in before)  # no 5xx, no retry while both servers run
    assert all(attempts in {(200,), (502, 200)} for attempts in statuses), statuses
    assert statuses[(502, 200)] <= IN_FLIGHT  # only what was in flight when the server died
    log = (cluster.workdir / "nginx" / "access.log").read_text()
    assert victim.address in log and survivor.address in log  # both servers took messages
