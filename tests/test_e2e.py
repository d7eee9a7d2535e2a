"""End to end: the real action server and Rasa server, scripted patients over the REST channel."""
from __future__ import annotations

import json
from typing import Iterator

import pytest

from harness.stack import ROOT, running_stack
from harness.vignettes import load, post, run_all, summarize

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def rest_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The REST webhook of a freshly started stack."""
    with running_stack(tmp_path_factory.mktemp("stack")) as stack:
        yield stack.rest_url


def test_scripted_patients(rest_url: str) -> None:
    results = run_all(load(sorted(str(p) for p in (ROOT / "tests" / "vignettes").glob("*.yml"))), rest_url)
    summary = summarize(results)
    print(json.dumps(summary))
    failed = [(r.id, r.level, (r.final or {}).get("imaging"), (r.final or {}).get("red_flags"), r.error)
              for r in results if not r.ok]
    assert summary["under_triage"] == 0, failed
    assert summary["emergency_sensitivity"] == 1.0, failed
    assert summary["same_turn_escalation"] == 1.0, failed
    assert not failed


def test_red_flag_payload_arrives_in_the_same_turn_over_rest(rest_url: str) -> None:
    reply = post(rest_url, "e2e-same-turn", "Hi, my back hurts and I've wet myself twice today")
    payloads = [m["custom"]["triage"] for m in reply if "custom" in m]
    assert payloads and payloads[0]["level"] == "emergency" and payloads[0]["red_flags"] == ["cauda_equina"]
    assert all("text" in m or "custom" in m for m in reply)
