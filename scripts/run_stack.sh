#!/usr/bin/env bash
# Start the action server and the Rasa server (REST channel); Ctrl-C stops both.
set -euo pipefail
RASA_PORT=${1:-5005}; ACTION_PORT=${2:-5055}
BIN=.venv/bin
mkdir -p var
pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT INT TERM
$BIN/rasa run actions --actions actions --port "$ACTION_PORT" --quiet &
pids+=($!)
$BIN/rasa run --model models/bot.tar.gz --port "$RASA_PORT" --endpoints endpoints.yml \
  --credentials credentials.yml --cors "${CORS_ORIGINS:-http://localhost:8080}" --quiet &
pids+=($!)
echo "Starting... the REST channel will answer at http://localhost:$RASA_PORT/webhooks/rest/webhook"
until curl -sf "http://127.0.0.1:$RASA_PORT/" >/dev/null; do sleep 1; done
echo "Ready: POST {\"sender\": \"me\", \"message\": \"hi\"} to http://localhost:$RASA_PORT/webhooks/rest/webhook"
wait -n "${pids[@]}"
