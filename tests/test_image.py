"""The deploy image's files: built from the ignore rules as Docker applies them, then every runtime
module imported from that copy alone (issue 14: the image once left out handover/, which the action
server imports). Needs no Docker engine: docker-py's own dockerignore matching is used."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docker.utils.build import exclude_paths

ROOT = Path(__file__).resolve().parent.parent
IGNORE = ROOT / "deploy" / "Dockerfile.dockerignore"
NOT_RUNTIME = ("tests", "scripts", "benchmarks", "harness", "deploy", "web", "security")
NEEDED = ("config.yml", "domain.yml", "clinic.yml", "credentials.yml", "endpoints.yml", "logging.yml",
          "deploy/endpoints.scale.yml", "triage/knowledge.yml", "tests/data/findings_labelled.yml",  # trains the second reader
          "data/rules.yml")


@pytest.fixture(scope="module")
def image_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of exactly the files `docker build -f deploy/Dockerfile .` sends to the build."""
    patterns = [line.strip() for line in IGNORE.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.lstrip().startswith("#")]
    copy = tmp_path_factory.mktemp("image")
    for relative in exclude_paths(str(ROOT), patterns, dockerfile="deploy/Dockerfile"):
        source = ROOT / relative
        if source.is_file():
            (copy / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / relative)
    return copy


def runtime_modules(root: Path) -> list[str]:
    """Every module of the project's runtime packages (not tests, scripts or tooling)."""
    return sorted(".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
                  for path in root.glob("*/**/*.py") if path.relative_to(root).parts[0] not in NOT_RUNTIME
                  and (root / path.relative_to(root).parts[0] / "__init__.py").exists())


def test_the_image_has_what_training_and_the_servers_read(image_files: Path):
    missing = [name for name in NEEDED if not (image_files / name).is_file()]
    assert not missing, missing
    assert sorted(p.name for p in (image_files / "data" / "nlu").glob("*.yml")) == \
        sorted(p.name for p in (ROOT / "data" / "nlu").glob("*.yml"))
    assert not (image_files / ".env").exists() and not (image_files / "var").exists()  # secrets and data stay out


def test_every_runtime_module_imports_from_the_image_files_alone(image_files: Path):
    modules = runtime_modules(image_files)
    assert {"actions.respond", "handover.outbox", "server.startup", "components.second_reader"} <= set(modules)
    script = "import importlib, sys\nfor name in sys.argv[1:]:\n    importlib.import_module(name)\n"
    result = subprocess.run([sys.executable, "-c", script, *modules], cwd=image_files, capture_output=True,
                            text=True, env={"PYTHONPATH": str(image_files), "PATH": "/usr/bin:/bin",
                                            "TF_CPP_MIN_LOG_LEVEL": "3"}, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]


def test_the_helm_values_load_every_channel_a_clinic_needs():
    import yaml
    values = yaml.safe_load((ROOT / "deploy" / "helm" / "values.yml").read_text(encoding="utf-8"))
    channels = values["applicationSettings"]["credentials"]["additionalChannelCredentials"]
    local = yaml.safe_load((ROOT / "credentials.yml").read_text(encoding="utf-8"))
    assert set(local) <= set(channels)  # the clinic channel runs check-ins, retries and session expiry
