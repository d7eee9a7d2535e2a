"""Dependencies: every package pinned with its hashes; the image gets the runtime lock only (issue 14)."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==(\S+) \\$", re.M)
# requirements-dev.txt's tools (pytest itself reaches the runtime lock: medspacy-quickumls declares it)
TOOLS_ONLY = {"hypothesis", "playwright", "ruff", "mypy", "docker"}


def pins(name: str) -> dict[str, str]:
    return {package.lower().replace("_", "-").replace(".", "-"): version
            for package, version in PIN.findall((ROOT / name).read_text())}


def test_every_locked_package_carries_a_sha256_hash() -> None:
    for name in ("requirements.lock", "requirements-dev.lock"):
        lines = (ROOT / name).read_text().splitlines()
        pinned = [i for i, line in enumerate(lines) if PIN.match(line + "\n")]
        assert len(pinned) == len(pins(name)) > 100, name
        assert all(lines[i + 1].strip().startswith("--hash=sha256:") for i in pinned), name


def test_the_dev_lock_is_the_runtime_lock_plus_the_tools_at_the_same_versions() -> None:
    runtime, dev = pins("requirements.lock"), pins("requirements-dev.lock")
    assert runtime == {package: dev[package] for package in runtime}
    assert set(dev) >= TOOLS_ONLY and not TOOLS_ONLY & set(runtime)
    direct = {line.split("==")[0].lower().replace(".", "-") for line in (ROOT / "requirements.txt").read_text().splitlines()
              if "==" in line and not line.startswith("#")}
    assert direct <= set(runtime)


def test_install_and_image_require_the_hashes() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert "--require-hashes -r requirements-dev.lock" in makefile
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    assert "--require-hashes -r /tmp/requirements.lock" in dockerfile and "requirements-dev" not in dockerfile
