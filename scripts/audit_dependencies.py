"""Known-vulnerability check of every pinned package (requirements-dev.lock, runtime and tools) with pip-audit.

    python -m scripts.audit_dependencies [--pip-audit PATH]

Fails (exit 1) on any known vulnerability that security/accepted-vulnerabilities.txt does not list
with a reason. pip-audit asks PyPI's JSON API (or OSV) about each package; on a machine that cannot
reach either (package-index mirrors only serve downloads), every package comes back unaudited: the
check then says so plainly and passes, since it cannot judge; it never reports "no vulnerabilities".
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ACCEPTED = ROOT / "security" / "accepted-vulnerabilities.txt"


def accepted_ids() -> list[str]:
    """Vulnerability ids the project accepts, one per line with its reason after '#'."""
    lines = ACCEPTED.read_text(encoding="utf-8").splitlines() if ACCEPTED.exists() else []
    return [line.split("#")[0].strip() for line in lines if line.split("#")[0].strip()]


def audit(pip_audit: str) -> dict:
    """pip-audit's JSON report for requirements-dev.lock (no resolution: the pins are exact)."""
    command = [pip_audit, "--no-deps", "--disable-pip", "-r", str(ROOT / "requirements-dev.lock"), "--format", "json",
               "--progress-spinner", "off"]
    for vulnerability in accepted_ids():
        command += ["--ignore-vuln", vulnerability]
    run = subprocess.run(command, capture_output=True, text=True)
    try:
        return json.loads(run.stdout)
    except json.JSONDecodeError as error:
        raise SystemExit(f"pip-audit failed:\n{run.stderr[-2000:]}") from error


def main(argv: list[str] | None = None) -> int:
    """Print the verdict; 1 when a package has a known, unaccepted vulnerability."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pip-audit", default=shutil.which("pip-audit") or "pip-audit")
    report = audit(parser.parse_args(argv).pip_audit)
    packages = report["dependencies"]
    unaudited = [p for p in packages if p.get("skip_reason")]
    vulnerable = [p for p in packages if p.get("vulns")]
    for package in vulnerable:
        for vulnerability in package["vulns"]:
            print(f"VULNERABLE {package['name']} {package['version']}: {vulnerability['id']} "
                  f"(fixed in {', '.join(vulnerability.get('fix_versions') or ['-'])})")
    audited = len(packages) - len(unaudited)
    print(f"pip-audit: {len(packages)} pinned packages, {audited} audited, {len(vulnerable)} with known "
          f"vulnerabilities, {len(accepted_ids())} accepted (security/accepted-vulnerabilities.txt)")
    if unaudited and not audited:
        print("pip-audit: NOT CHECKED - no vulnerability service (PyPI JSON API, OSV) answers from this machine; "
              f"first reason: {unaudited[0]['skip_reason']}")
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
