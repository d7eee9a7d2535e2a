"""Issue 6: personal details are redacted from logs (no servers).

The targets on tests/data/redaction_labelled.yml, the logging filter on real LogRecords, logging.yml,
and that redaction keeps the clinical content of a message.
"""
from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import privacy.redact as redaction
from privacy.redact import RedactingFilter, redact, redact_data
from scripts.evaluate_redaction import TARGETS, clinical_corpus, evaluate, load_set

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def report() -> dict:
    return evaluate(load_set(), timing_rounds=3)


def test_the_set_is_large_and_covers_every_type(report):
    assert report["items"] >= 250
    for kind, stats in report["per_type"].items():
        assert stats["support"] >= 30, kind
    assert report["negatives"]["items"] >= 100


@pytest.mark.parametrize("kind", sorted(TARGETS))
def test_recall_targets(report, kind):
    missed = [m for m in report["missed"] if m["type"] == kind]
    assert report["per_type"][kind]["recall"] >= TARGETS[kind], missed


def test_few_false_positives(report):
    assert report["negatives"]["rate"] <= 0.02, [s for s in report["spurious"] if s["negative"]]
    for kind, stats in report["per_type"].items():
        assert stats["precision"] >= 0.95, (kind, [s for s in report["spurious"] if s["type"] == kind])
    corpus = clinical_corpus()  # the project's clinical utterances: one "born in 1958" and nothing else
    assert corpus["touched"] <= 0.005 * corpus["utterances"], corpus["redacted"]


def test_fast(report):
    assert report["timing_us"]["median"] < 2000  # about 100 us on the 2-core machine


def test_clinical_content_survives():
    text = ("Hi, I'm Anna Kowalski (07700 900123), I'm 45 and since 3am I've gone numb between my legs. "
            "Pain 7/10, MRI showed L4/L5, on 2 x 500mg paracetamol for 3 days. Should I call 911?")
    out = redact(text)
    assert "Kowalski" not in out and "07700" not in out and "<NAME>" in out and "<PHONE>" in out
    for clinical in ("I'm 45", "since 3am", "numb between my legs", "7/10", "L4/L5", "2 x 500mg", "3 days", "911"):
        assert clinical in out, clinical


@pytest.mark.parametrize("text", ["I'm Sore", "I'm okay", "I'm 45", "I'm Fine thanks", "This is Killing me",
                                  "Call me back", "Thanks, doc", "born in 2 weeks time? no, 3 weeks ago"])
def test_clinical_look_alikes_are_kept(text):
    assert redact(text) == text


def test_each_type_gets_its_placeholder():
    out = redact("My name is Jim Beaumont, DOB 03/04/1961, 14 Kingsway Court, jim.b@example.com, 0161 496 0789")
    assert out == "My name is <NAME>, DOB <DOB>, <ADDRESS>, <EMAIL>, <PHONE>"


def _record(msg: str, args: tuple, exc_info=None) -> logging.LogRecord:
    return logging.LogRecord("rasa.core.processor", logging.DEBUG, __file__, 1, msg, args, exc_info)


def test_filter_formats_then_redacts_the_args():
    record = _record("Received user message '%s' with intent '%s' from %s",
                     ("my name is Anna Kowalski, call 07700 900123, anna.k@gmail.com", "inform", "sender-1"))
    assert RedactingFilter().filter(record) is True
    message = record.getMessage()
    assert message == ("Received user message 'my name is <NAME>, call <PHONE>, <EMAIL>' with intent 'inform' "
                       "from sender-1")
    assert record.args == ()


def test_filter_redacts_dict_args_and_tracebacks():
    record = _record("slots: %(story)s", ({"story": {"answers": {"age": "born 4 March 1961"}}},))
    try:
        raise ValueError("bad text: I live at 17 Church Lane, Leeds LS6 2QR")
    except ValueError:
        record.exc_info = sys.exc_info()
    RedactingFilter().filter(record)
    assert "1961" not in record.getMessage() and "<DOB>" in record.getMessage()
    assert "Church Lane" not in record.exc_text and "<ADDRESS>" in record.exc_text


def test_a_record_seen_by_two_handlers_is_redacted_once():
    record = _record("%s", ("thanks, Anna",))
    first = RedactingFilter()
    first.filter(record)
    record.msg = "raw again: Anna"  # a second filter must not redo the work
    RedactingFilter().filter(record)
    assert record.msg == "raw again: Anna"


LOGGING_CHECK = """
import logging, logging.config, yaml
from privacy.redact import RedactingFilter
logging.config.dictConfig(yaml.safe_load(open("logging.yml")))
for name in ("", "sanic.root", "sanic.error", "sanic.access"):
    handlers = logging.getLogger(name).handlers
    assert handlers and all(any(isinstance(f, RedactingFilter) for f in h.filters) for h in handlers), name
logging.getLogger().setLevel(logging.INFO)
logging.getLogger("rasa.core.processor").info("user said %r", "I'm Priya, 0412 345 678")
logging.getLogger("sanic.error").error("request failed for priya.shah@example.com")
"""


def test_logging_yml_puts_the_filter_on_every_handler():
    """dictConfig(logging.yml) in a fresh interpreter, as `rasa run --logging-config-file` does."""
    done = subprocess.run([sys.executable, "-c", LOGGING_CHECK], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert done.returncode == 0, done.stderr
    err = done.stderr
    assert "Priya" not in err and "0412" not in err and "priya.shah" not in err, err
    assert "user said \"I'm <NAME>, <PHONE>\"" in err and "request failed for <EMAIL>" in err, err


def test_redact_data_for_analytics_and_audit():
    event = {"event": "user", "text": "call me on 555-867-5309", "confidence": 0.9, "tags": ["Dr Patel said"]}
    assert redact_data(event) == {"event": "user", "text": "call me on <PHONE>", "confidence": 0.9,
                                  "tags": ["Dr <NAME> said"]}


def test_thread_safe_and_loaded_once(monkeypatch):
    monkeypatch.setattr(redaction, "_lexicon_cache", None)
    loads = []
    original = redaction._load_lexicon
    monkeypatch.setattr(redaction, "_load_lexicon", lambda: loads.append(1) or original())
    text = "Hi, I'm Grace Okafor, mobile 0491 570 156, DOB 14/02/1948"
    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(redact(text))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert loads == [1]
    assert results == ["Hi, I'm <NAME>, mobile <PHONE>, DOB <DOB>"] * 8


def test_a_record_logged_while_the_lexicon_loads_does_not_deadlock(monkeypatch):
    """Faker logs while it is imported: that record re-enters the filter during the first load."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter())
    monkeypatch.setattr(redaction, "_lexicon_cache", None)  # so the first record below loads it again
    logger = logging.getLogger("redaction.reentry")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    original = redaction._load_lexicon

    def load_and_log():
        logger.debug("loading, call 07700 900123")
        return original()

    monkeypatch.setattr(redaction, "_load_lexicon", load_and_log)
    worker = threading.Thread(target=lambda: logger.info("hello, I'm Anna"), daemon=True)
    try:
        worker.start()
        worker.join(timeout=60)
        assert not worker.is_alive(), "deadlock"
        assert stream.getvalue().splitlines() == ["loading, call <PHONE>", "hello, I'm <NAME>"]
    finally:
        logger.removeHandler(handler)
