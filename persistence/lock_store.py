"""Rasa's Redis ticket lock, made safe for several Rasa servers and for a server that dies.

Two faults of Rasa 3.6's RedisLockStore, both seen in tests/test_scale_out.py:
1. It changes a conversation's lock by GET, change in Python, SET. Two servers that take messages
   of one conversation at the same moment both read "no lock", both write a lock holding ticket 0
   and process both messages at once (one message stored twice; 78 to 118 of 200 tickets issued
   twice by four threads in the test's runs). Here every change is one WATCH/MULTI/EXEC
   transaction, retried when another server changed the lock in between.
2. A ticket's lifetime runs from when it is issued, waiting included. When a server dies holding
   a conversation's lock, the retry of that message waits for the dead ticket to expire; its own
   ticket, issued a moment later, expires a moment later, and a waiter whose ticket has expired
   waits for ever: Sanic cancels the request after 60 s (its default response timeout, which
   `rasa run` leaves in place when the HTTP API is off) and the patient gets the service-trouble
   message. Here a waiting server renews its own ticket on every poll, so only the tickets of a
   dead server expire (TICKET_LOCK_LIFETIME seconds after its last renewal).

Same settings as Rasa's `redis` lock store (deploy/endpoints.scale.yml):

    lock_store:
      type: persistence.lock_store.AtomicRedisLockStore
      url: ...  port: ...  db: ...  password: ...  key_prefix: ...
"""
from __future__ import annotations

import asyncio
import json
import time
from typing import Callable, Tuple, TypeVar

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

T = TypeVar("T")


class AtomicRedisLockStore(RedisLockStore):
    """RedisLockStore with atomic ticket changes and tickets that live while their server waits."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        super().__init__(host=endpoint_config.url or "localhost", **endpoint_config.kwargs)

    def _change(self, conversation_id: str,
                change: Callable[[TicketLock | None], Tuple[TicketLock | None, T]]) -> T:
        """Apply change to the stored lock in one transaction; a None lock is deleted."""
        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    stored = pipe.get(key)
                    lock, result = change(TicketLock.from_dict(json.loads(stored)) if stored else None)
                    pipe.multi()
                    if lock is None:
                        pipe.delete(key)
                    else:
                        pipe.set(key, lock.dumps())
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue  # another server changed this lock: read it again

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        """Issue the next ticket, creating the lock if needed."""
        def issue(lock: TicketLock | None) -> Tuple[TicketLock, int]:
            lock = lock or self.create_lock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._change(conversation_id, issue)
        except redis.RedisError as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    async def _acquire_lock(self, conversation_id: str, ticket: int, wait_time_in_seconds: float) -> TicketLock:
        """Wait for the ticket's turn, renewing it meanwhile; other expired tickets are dropped."""
        def renew(lock: TicketLock | None) -> Tuple[TicketLock | None, TicketLock | None]:
            mine = next((t for t in lock.tickets if t.number == ticket), None) if lock else None
            if mine is None:
                return lock, None
            mine.expires = time.time() + LOCK_LIFETIME
            lock.remove_expired_tickets()  # type: ignore[union-attr]
            return lock, lock

        while True:
            lock = self._change(conversation_id, renew)
            if lock is None:
                raise LockError(f"Ticket {ticket} of conversation '{conversation_id}' expired while waiting.")
            if not lock.is_locked(ticket):
                return lock
            await asyncio.sleep(wait_time_in_seconds)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Remove the ticket, and the lock when no one else is waiting."""
        def finish(lock: TicketLock | None) -> Tuple[TicketLock | None, None]:
            if lock is not None:
                lock.remove_ticket_for(ticket_number)
            return (lock if lock is not None and lock.is_someone_waiting() else None), None

        self._change(conversation_id, finish)
