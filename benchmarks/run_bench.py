"""make bench: latency, throughput, memory, start-up and training time, beside Rasa's starter bot.

Runs with .venv-bench (locust, psutil); the servers run with the project's .venv. Both the
assistant and the minimal starter assistant (`rasa init --no-prompt`) get the same locust load
in the same run, each after the same warm-up conversation, so the printed ratios hold whatever
the machine. Wall-clock figures move with whatever else the machine runs; the CPU time that the
servers (Rasa + action server) spend per message moves much less, and is printed beside them.
"""
from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import psutil

from benchmarks import sms_load
from benchmarks.conversation import CONVERSATION, sender_id
from harness.stack import free_port, running_stack, wait_for

ROOT = Path(__file__).resolve().parent.parent

PROJECT_PYTHON = str(ROOT / ".venv" / "bin" / "python")
LOCUST = str(Path(sys.executable).parent / "locust")
USER_LEVELS = (1, 10, 50)


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB."""
    process = psutil.Process(pid)
    return round(sum(p.memory_info().rss for p in [process, *process.children(recursive=True)]) / 2**20, 1)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its children, in seconds."""
    process = psutil.Process(pid)
    return sum(sum(p.cpu_times()[:2]) for p in [process, *process.children(recursive=True)])


def warm_up(host: str) -> None:
    """One whole conversation before the timed load (first-call costs: TensorFlow tracing, caches)."""
    sender = sender_id()
    for text in CONVERSATION:
        request = urllib.request.Request(f"{host}/webhooks/rest/webhook", method="POST",
                                         data=json.dumps({"sender": sender, "message": text}).encode(),
                                         headers={"Content-Type": "application/json"})
        urllib.request.urlopen(request, timeout=60).read()


def load(host: str, users: int, seconds: int, workdir: Path) -> dict[str, float]:
    """Locust headless at a number of concurrent conversations; latency percentiles and msg/s."""
    prefix = workdir / f"locust_{users}"
    subprocess.run([LOCUST, "-f", str(ROOT / "benchmarks" / "locustfile.py"), "--headless", "-u", str(users),
                    "-r", str(users), "-t", f"{seconds}s", "--host", host, "--csv", str(prefix), "--only-summary"],
                   check=True, capture_output=True, cwd=ROOT)
    with open(f"{prefix}_stats.csv", newline="") as fh:
        row = next(r for r in csv.DictReader(fh) if r["Name"] == "message")
    return {"p50_ms": float(row["50%"]), "p95_ms": float(row["95%"]), "p99_ms": float(row["99%"]),
            "msg_per_s": round(float(row["Requests/s"]), 1), "failures": int(row["Failure Count"]),
            "requests": int(row["Request Count"])}


def measure(name: str, start, seconds: int, workdir: Path) -> dict[str, Any]:
    """Start a bot, then memory at rest, load at each level, memory after load."""
    t0 = time.perf_counter()
    with start() as (host, pids):
        startup = round(time.perf_counter() - t0, 1)
        result: dict[str, Any] = {"bot": name, "startup_s": startup,
                                  "rss_rest_mb": {k: rss_mb(p) for k, p in pids.items()}, "load": {}}
        warm_up(host)
        for users in USER_LEVELS:
            before = {k: cpu_seconds(p) for k, p in pids.items()}
            row = load(host, users, seconds, workdir)
            spent = {k: cpu_seconds(p) - before[k] for k, p in pids.items()}
            row["cpu_ms_per_msg"] = round(sum(spent.values()) * 1000 / max(row["requests"], 1), 1)
            result["load"][users] = row
        result["rss_after_mb"] = {k: rss_mb(p) for k, p in pids.items()}
    return result


def assistant(workdir: Path):
    """The back pain assistant: action server + Rasa server."""
    from contextlib import contextmanager

    @contextmanager
    def start():
        with running_stack(workdir, python=PROJECT_PYTHON) as stack:
            yield stack.rasa_url, {"rasa": stack.pids[0], "actions": stack.pids[1]}
    return start


def starter(workdir: Path) -> tuple[Any, float]:
    """Rasa's starter assistant, trained in a temporary folder (training time returned too)."""
    from contextlib import contextmanager

    folder = workdir / "starter"
    folder.mkdir()
    t0 = time.perf_counter()
    subprocess.run([PROJECT_PYTHON, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(folder)], check=True,
                   capture_output=True, env={**_env(), "PYTHONPATH": ""}, cwd=workdir)
    train_s = round(time.perf_counter() - t0, 1)

    @contextmanager
    def start():
        port = free_port()
        log = workdir / "starter.log"
        process = subprocess.Popen([PROJECT_PYTHON, "-m", "rasa", "run", "--port", str(port)], cwd=folder,
                                   env=_env(), stdout=log.open("w"), stderr=subprocess.STDOUT)
        try:
            wait_for(f"http://127.0.0.1:{port}/", process, log)
            yield f"http://127.0.0.1:{port}", {"rasa": process.pid}
        finally:
            process.terminate()
            process.wait(timeout=30)
    return start, train_s


def _env() -> dict[str, str]:
    import os
    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}


def train_time(workdir: Path) -> float:
    """Seconds to train the assistant from scratch."""
    t0 = time.perf_counter()
    subprocess.run([PROJECT_PYTHON, "-m", "rasa", "train", "--force", "--out", str(workdir / "models"), "--quiet"],
                   check=True, capture_output=True, cwd=ROOT, env={**_env(), "PYTHONPATH": str(ROOT)})
    return round(time.perf_counter() - t0, 1)


def report(ours: dict[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    """Ratios of the assistant to the starter bot, and the targets of issue 4."""
    at10, base10 = ours["load"][10], base["load"][10]
    ratios = {"p95_at_10": round(at10["p95_ms"] / base10["p95_ms"], 2),
              "throughput_at_10": round(at10["msg_per_s"] / base10["msg_per_s"], 2),
              "cpu_per_msg_at_10": round(at10["cpu_ms_per_msg"] / base10["cpu_ms_per_msg"], 2)}
    targets = {"p95_at_10 <= 1.5x starter": ratios["p95_at_10"] <= 1.5,
               "throughput_at_10 >= 0.8x starter": ratios["throughput_at_10"] >= 0.8,
               "rasa memory after load <= 1.5 GB": ours["rss_after_mb"]["rasa"] <= 1536}
    return {"ratios": ratios, "targets_met": targets}


def print_sms(sms: dict[str, Any]) -> None:
    """The SMS-path scenario: REST p95 beside REST patients and beside SMS patients."""
    print(f"SMS path (Twilio stand-in answering in {sms['platform_latency_s'][0]:g}-{sms['platform_latency_s'][1]:g} s, "
          f"10 timed REST users beside {sms['background_patients']} other patients):")
    for name in ("beside_rest", "beside_sms"):
        row = sms[name]
        print(f"  {name:<12} REST p50 {row['p50_ms']:.0f} ms, p95 {row['p95_ms']:.0f} ms, {row['msg_per_s']} msg/s, "
              f"{row['failures']} failures; {row['background_conversations']} background conversations, "
              f"{row['twilio_calls']} Twilio calls")
    print(f"  REST p95 beside SMS / beside REST: {sms['rest_p95_ratio_sms_vs_rest']}x")


def main() -> int:
    """Run everything and print a table; JSON to results/bench.json."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=20, help="load duration per concurrency level")
    parser.add_argument("--sms-only", action="store_true", help="only the SMS-path scenario (benchmarks/sms_load.py)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sms = sms_load.measure(Path(tmp), args.seconds, load, PROJECT_PYTHON)
    print_sms(sms)
    if args.sms_only:
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        training = train_time(workdir)
        start_starter, starter_train = starter(workdir)
        ours = measure("back pain assistant", assistant(workdir), args.seconds, workdir)
        base = measure("rasa init starter", start_starter, args.seconds, workdir)
    ours["train_s"], base["train_s"] = training, starter_train
    summary = {"date": time.strftime("%Y-%m-%d"), "assistant": ours, "starter": base, **report(ours, base), "sms": sms}
    print(f"{'bot':<22}{'users':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'msg/s':>8}{'CPU ms/msg':>12}{'fail':>6}")
    for bot in (ours, base):
        for users, row in bot["load"].items():
            print(f"{bot['bot']:<22}{users:>6}{row['p50_ms']:>9.0f}{row['p95_ms']:>9.0f}{row['p99_ms']:>9.0f}"
                  f"{row['msg_per_s']:>8}{row['cpu_ms_per_msg']:>12}{row['failures']:>6}")
    for bot in (ours, base):
        print(f"{bot['bot']}: start-up {bot['startup_s']} s, training {bot['train_s']} s, "
              f"memory at rest {bot['rss_rest_mb']} MB, after load {bot['rss_after_mb']} MB")
    print("ratios:", summary["ratios"], "targets met:", summary["targets_met"])
    (ROOT / "results").mkdir(exist_ok=True)
    (ROOT / "results" / "bench.json").write_text(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
