"""Check-ins: offered only where they can arrive, sent only when accepted, delivery reported (handover.checkins)."""
from __future__ import annotations

from datetime import timedelta
from typing import Iterator

import pytest

from clinic.settings import clinic_settings
from handover import checkins
from handover.outbox import _utcnow


@pytest.fixture(autouse=True)
def clinic_db(tmp_path, monkeypatch) -> Iterator[None]:
    monkeypatch.setenv("CLINIC_DB_URL", f"sqlite:///{tmp_path}/clinic.db")
    for name in ("WHATSAPP_CHECKIN_TEMPLATE", "WHATSAPP_CHECKIN_TEMPLATE_ES", "MESSENGER_CHECKIN_TAG", "CHECKIN_DAYS"):
        monkeypatch.delenv(name, raising=False)
    clinic_settings.cache_clear()
    yield
    clinic_settings.cache_clear()


def configure(monkeypatch: pytest.MonkeyPatch, **values: str) -> None:
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    clinic_settings.cache_clear()


def test_sms_and_telegram_can_be_reached_later_the_web_page_cannot() -> None:
    assert checkins.can_arrive("twilio", "+15550101234") and checkins.can_arrive("telegram", "5550177")
    assert not any(checkins.can_arrive(channel, "x") for channel in ("rest", "socketio", "slack", None))


def test_whatsapp_only_with_an_approved_template(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not checkins.can_arrive("twilio", "whatsapp:+15550101234")
    configure(monkeypatch, WHATSAPP_CHECKIN_TEMPLATE="HX" + "0" * 32)
    assert checkins.can_arrive("twilio", "whatsapp:+15550101234")


def test_a_spanish_patient_gets_the_spanish_template_when_the_clinic_has_one(monkeypatch: pytest.MonkeyPatch) -> None:
    configure(monkeypatch, WHATSAPP_CHECKIN_TEMPLATE="HX" + "0" * 32)
    assert checkins.whatsapp_template("es") == checkins.whatsapp_template("en") == "HX" + "0" * 32
    configure(monkeypatch, WHATSAPP_CHECKIN_TEMPLATE_ES="HX" + "1" * 32)
    assert checkins.whatsapp_template("es") == "HX" + "1" * 32 and checkins.whatsapp_template("en") == "HX" + "0" * 32


def test_messenger_only_with_a_tag_or_inside_its_24_hour_window(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not checkins.can_arrive("facebook", "psid-1")  # 14 days later, no tag
    configure(monkeypatch, CHECKIN_DAYS="0.5")
    assert checkins.can_arrive("facebook", "psid-1")
    configure(monkeypatch, CHECKIN_DAYS="14", MESSENGER_CHECKIN_TAG="ACCOUNT_UPDATE")
    assert checkins.can_arrive("facebook", "psid-1")


def due_now(conversation_id: str) -> checkins.Checkin:
    checkins.schedule(conversation_id, "twilio", now=_utcnow() - timedelta(days=30))
    (claimed,) = checkins.claim_due()
    return claimed


def test_a_check_in_is_delivered_only_when_every_message_is(monkeypatch: pytest.MonkeyPatch) -> None:
    checkin = due_now("+15550101234")
    checkins.mark_sent(checkin, ["SM1", "SM2"])
    assert checkins.counts() == {checkins.SENT: 1}
    assert checkins.record_status("SM1", "delivered") and checkins.counts() == {checkins.SENT: 1}
    assert checkins.record_status("SM2", "delivered") and checkins.counts() == {checkins.DELIVERED: 1}
    assert not checkins.record_status("SM-unknown", "failed")


def test_a_message_the_platform_could_not_deliver_fails_its_check_in() -> None:
    checkin = due_now("+15550109999")
    checkins.mark_sent(checkin, ["SM3", "SM4"])
    checkins.record_status("SM3", "delivered")
    checkins.record_status("SM4", "undelivered", "30003")
    assert checkins.counts() == {checkins.FAILED: 1}
    with checkins._db().connect() as conn:
        assert conn.execute(checkins.checkins.select()).one().last_error == "undelivered 30003"


def test_a_refused_send_is_retried_then_reported_failed() -> None:
    for attempt in range(1, checkins.MAX_ATTEMPTS + 1):
        (claimed,) = checkins.claim_due(now=_utcnow() + timedelta(days=30 * attempt)) if attempt > 1 else \
            [due_now("+15550108888")]
        checkins.release(claimed, "HTTP 400: unsubscribed recipient")
        expected = checkins.PENDING if attempt < checkins.MAX_ATTEMPTS else checkins.FAILED
        assert checkins.counts() == {expected: 1}, attempt
    assert checkins.claim_due(now=_utcnow() + timedelta(days=365)) == []


def test_erasing_a_conversation_erases_its_delivery_reports() -> None:
    checkins.mark_sent(due_now("+15550107777"), ["SM7"])
    assert checkins.erase("+15550107777") == 1
    assert not checkins.record_status("SM7", "delivered")
