# The single list of commands (CONTRACT s1). `make help` describes every target.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV        := .venv
PY          := $(VENV)/bin/python
RASA        := $(VENV)/bin/rasa
INSTALLED   := $(VENV)/.installed
MODEL       := models/bot.tar.gz
RASA_PORT   ?= 5005
ACTION_PORT ?= 5055
WEB_PORT    ?= 8080

export PYTHONPATH := $(CURDIR)
export TF_CPP_MIN_LOG_LEVEL := 2
export RASA_TELEMETRY_ENABLED := false
export ACTION_ENDPOINT_URL ?= http://127.0.0.1:$(ACTION_PORT)/webhook
export TRACKER_DIALECT ?= sqlite
export TRACKER_DB ?= var/conversations.db
export TRACKER_URL ?=

TRAINING_INPUTS := config.yml domain.yml tests/data/findings_labelled.yml language/second_reader.py $(shell find data components -type f -name '*.y*ml' -o -type f -name '*.py' 2>/dev/null)

.PHONY: help install lock train run shell scale-out test test-unit lint types validate audit test-stories test-e2e evaluate bench purge clean

help: ## list every target
	@grep -hE '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(INSTALLED): requirements-dev.lock
	@PY310=$$(scripts/find_python310.sh) || exit 1; \
	test -x $(PY) || $$PY310 -m venv $(VENV)
	@echo "Installing the Python packages (a few minutes the first time; details in var/log/install.log)..."
	@mkdir -p var/log; set -o pipefail; \
	{ $(PY) -m pip install --quiet --upgrade "pip<25" && \
	  $(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock; } 2>&1 \
	  | $(PY) -u scripts/quiet.py var/log/install.log
	touch $@

# requirements.txt and requirements-dev.txt name the direct dependencies; the .lock files pin every package
# with its sha256 hashes (pip-tools). The image installs requirements.lock only (deploy/Dockerfile).
LOCK_VENV := .venv-lock
$(LOCK_VENV)/.installed:
	@PY310=$$(scripts/find_python310.sh) || exit 1; test -x $(LOCK_VENV)/bin/python || $$PY310 -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet "pip<25" pip-tools==7.4.1
	touch $@

LOCK_FLAGS := --quiet --generate-hashes --allow-unsafe --no-emit-index-url --no-emit-find-links
lock: $(LOCK_VENV)/.installed ## after editing requirements*.txt: re-pin every package with hashes (requirements*.lock)
	$(LOCK_VENV)/bin/pip-compile $(LOCK_FLAGS) -o requirements.lock requirements.txt
	$(LOCK_VENV)/bin/pip-compile $(LOCK_FLAGS) -c requirements.lock -o requirements-dev.lock requirements.txt requirements-dev.txt

WEB_DEPS := web/node_modules/.package-lock.json
$(WEB_DEPS): web/package.json web/package-lock.json
	@command -v npm >/dev/null || { echo 'npm (Node.js) is needed for the web page: apt-get install nodejs npm'; exit 1; }
	cd web && npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(INSTALLED) $(WEB_DEPS) ## create the Python 3.10 venv and install pinned dependencies (web/: npm ci)

$(MODEL): $(INSTALLED) $(TRAINING_INPUTS)
	@echo "Training the model (about a minute; details in var/log/train.log)..."
	@mkdir -p var/log; set -o pipefail; \
	$(RASA) train --fixed-model-name bot --out models --quiet 2>&1 | $(PY) -u scripts/quiet.py var/log/train.log
	touch $@

train: $(MODEL) ## train the model when config, domain or data changed

run: $(MODEL) $(WEB_DEPS) ## start the action server, Rasa server (REST on :5005) and web page (:8080); Ctrl-C stops all
	@scripts/run_stack.sh $(RASA_PORT) $(ACTION_PORT) $(WEB_PORT)

shell: $(MODEL) ## talk to the assistant in the terminal (rasa shell) with the action server running
	@scripts/shell.sh $(ACTION_PORT)

scale-out: $(MODEL) $(WEB_DEPS) ## 2 Rasa + 2 action servers behind nginx, PostgreSQL + Redis (README "Deploying for a clinic")
	$(PY) -m scripts.scale_out

test-unit: $(INSTALLED) ## engine, findings, conversation and action tests (no servers)
	$(PY) -m pytest -q -m "not e2e" tests

lint: $(INSTALLED) ## ruff over all project code (ruff.toml)
	$(VENV)/bin/ruff check .

types: $(INSTALLED) ## mypy over the project's own packages (mypy.ini)
	$(VENV)/bin/mypy

validate: $(INSTALLED) ## rasa data validate, warnings are errors
	$(PY) -m scripts.validate_data

AUDIT_VENV := .venv-audit
$(AUDIT_VENV)/.installed: security/requirements-audit.txt
	test -x $(AUDIT_VENV)/bin/python || python3 -m venv $(AUDIT_VENV)
	$(AUDIT_VENV)/bin/pip install --quiet -r security/requirements-audit.txt
	touch $@

audit: $(AUDIT_VENV)/.installed ## pip-audit of every pinned package (requirements-dev.lock); accepted ones in security/
	$(AUDIT_VENV)/bin/python -m scripts.audit_dependencies --pip-audit $(AUDIT_VENV)/bin/pip-audit

test-stories: $(MODEL) ## dialogue test stories (tests/test_stories.yml), prediction errors fail
	$(RASA) test core --stories tests/test_stories.yml --model $(MODEL) --out results/core --fail-on-prediction-errors --quiet

test-e2e: $(MODEL) $(WEB_DEPS) ## real action + Rasa servers, scripted patients over the REST channel
	$(PY) -m pytest -q -m e2e tests

test: install lint types test-unit validate audit train test-stories test-e2e ## everything above: what CI runs

evaluate: $(MODEL) ## triage on scripted patients (own and outside simulator, 3 personas; English and Spanish), NLU, findings, language, readability: results/REPORT.md
	$(PY) -m scripts.validate_data
	$(RASA) test nlu --nlu tests/nlu_holdout.yml --model $(MODEL) --out results/nlu --quiet
	$(RASA) test core --stories tests/test_stories.yml --model $(MODEL) --out results/core --quiet
	$(PY) -m scripts.evaluate_findings
	$(PY) -m scripts.evaluate_findings --set tests/data/findings_fresh_2026-12.yml --out results/findings_fresh
	$(PY) -m scripts.evaluate_findings --set tests/data/findings_fresh5_2026-12.yml --out results/findings_fresh5
	$(PY) -m scripts.evaluate_findings --set tests/data/findings_fresh6_2026-12.yml --out results/findings_fresh6
	$(PY) -m scripts.evaluate_findings --set tests/data/findings_fresh7_2026-12.yml --out results/findings_fresh7
	$(PY) -m scripts.evaluate_findings --set tests/data/findings_fresh8_2026-12.yml --out results/findings_fresh8
	$(PY) -m scripts.evaluate_findings --set tests/data/findings_es_2026-12.yml --out results/findings_es
	$(PY) -m scripts.evaluate_findings --set tests/data/findings_es2_2026-12.yml --out results/findings_es2
	$(PY) -m scripts.evaluate_findings --set tests/data/findings_es3_2026-12.yml --out results/findings_es3
	$(PY) -m scripts.evaluate_findings --set tests/data/findings_es4_2026-12.yml --out results/findings_es4
	$(PY) -m scripts.evaluate_language
	$(PY) -m scripts.evaluate_second_reader
	$(PY) -m scripts.evaluate_redaction
	$(PY) -m scripts.simulate_patients
	$(PY) -m scripts.evaluate_report

purge: $(INSTALLED) ## delete conversations idle for more than DAYS days (default clinic.yml retention_days) now
	$(PY) -m scripts.purge_conversations $(if $(DAYS),--days $(DAYS))

BENCH_VENV := .venv-bench
$(BENCH_VENV)/.installed: benchmarks/requirements.txt
	test -x $(BENCH_VENV)/bin/python || python3 -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet -r benchmarks/requirements.txt
	touch $@

bench: $(MODEL) $(BENCH_VENV)/.installed ## latency, throughput, memory, start-up, training vs. the Rasa starter bot
	$(BENCH_VENV)/bin/python -m benchmarks.run_bench

clean: ## remove the venvs, web packages, models, results and local conversation database
	rm -rf $(VENV) $(BENCH_VENV) $(AUDIT_VENV) web/node_modules models results var
