#!/usr/bin/env bash
# Talk to the assistant in the terminal (Rasa's own `rasa shell`) with the action server running.
set -euo pipefail
ACTION_PORT=${1:-5055}
BIN=.venv/bin
mkdir -p var
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
ACTION_ENDPOINT_URL=${ACTION_ENDPOINT_URL:-http://127.0.0.1:$ACTION_PORT/webhook}
$BIN/python -m server.endpoints "$ACTION_ENDPOINT_URL" var/endpoints.yml  # endpoints.yml, this action port
$BIN/rasa run actions --actions actions --port "$ACTION_PORT" --quiet --logging-config-file logging.yml \
  > var/actions-shell.log 2>&1 &
actions=$!
trap 'kill $actions 2>/dev/null || true' EXIT INT TERM
until curl -sf "http://127.0.0.1:$ACTION_PORT/health" >/dev/null; do sleep 1; done
$BIN/rasa shell --model models/bot.tar.gz --endpoints var/endpoints.yml --quiet
