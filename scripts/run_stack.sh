#!/usr/bin/env bash
# Start the action server, the Rasa server (REST channel) and the clinic web page; Ctrl-C stops all.
set -euo pipefail
RASA_PORT=${1:-5005}; ACTION_PORT=${2:-5055}; WEB_PORT=${3:-${WEB_PORT:-8080}}
BIN=.venv/bin
mkdir -p var
if [ -f .env ]; then set -a; . ./.env; set +a; fi  # channel settings (.env.example)
if [ -z "${AUDIT_KEY:-}" ]; then  # the audit log's hash key (actions/audit.py): made once, kept in var/
  [ -s var/audit.key ] || (umask 077; $BIN/python -c "import secrets; print(secrets.token_hex(32))" > var/audit.key)
  AUDIT_KEY=$(cat var/audit.key); export AUDIT_KEY
fi
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
export ACTION_ENDPOINT_URL=${ACTION_ENDPOINT_URL:-http://127.0.0.1:$ACTION_PORT/webhook}  # var/endpoints.yml
export TRACKER_DIALECT=${TRACKER_DIALECT:-sqlite} TRACKER_DB=${TRACKER_DB:-var/conversations.db} TRACKER_URL=${TRACKER_URL:-}  # channels/: the messaging connectors
CREDENTIALS=var/credentials.yml  # REST, socket.io and every messaging channel configured in the environment
$BIN/python scripts/write_credentials.py "$CREDENTIALS"
API_ARGS=()  # Rasa's HTTP API stays off unless asked for, and then only with a token (CVE-2024-49375)
if [ "${ENABLE_API:-false}" = "true" ]; then
  if [ -z "${RASA_AUTH_TOKEN:-}" ]; then
    echo "Refusing to enable the HTTP API without RASA_AUTH_TOKEN (see .env.example)." >&2; exit 1
  fi
  API_ARGS=(--enable-api --auth-token "$RASA_AUTH_TOKEN")
fi
pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT INT TERM
LOGGING=(--logging-config-file logging.yml)  # names, phones, e-mails, addresses, birth dates redacted (privacy/)
export CORS_ORIGINS=${CORS_ORIGINS:-http://localhost:$WEB_PORT http://127.0.0.1:$WEB_PORT}  # --cors and socket.io
QUIET=($BIN/python -u scripts/quiet.py)  # library warnings and notices to var/log/, the rest shown (issue 14)
$BIN/rasa run actions --actions actions --port "$ACTION_PORT" --quiet "${LOGGING[@]}" \
  2> >("${QUIET[@]}" var/log/actions.log >&2) &
pids+=($!)
$BIN/python -m server.endpoints "$ACTION_ENDPOINT_URL" var/endpoints.yml  # endpoints.yml, this action port
$BIN/rasa run --model models/bot.tar.gz --port "$RASA_PORT" --endpoints var/endpoints.yml \
  --credentials "$CREDENTIALS" "${API_ARGS[@]}" "${LOGGING[@]}" --cors $CORS_ORIGINS --quiet \
  2> >("${QUIET[@]}" var/log/rasa.log >&2) &
pids+=($!)  # CORS_ORIGINS: the web page's origins, space-separated (docs/web.md)
$BIN/python -m scripts.serve_web --port "$WEB_PORT" --rasa-url "${RASA_PUBLIC_URL:-http://localhost:$RASA_PORT}" &
pids+=($!)
echo "Starting... the REST channel will answer at http://localhost:$RASA_PORT/webhooks/rest/webhook"
until curl -sf "http://127.0.0.1:$RASA_PORT/" >/dev/null; do sleep 1; done
echo "Ready: POST {\"sender\": \"me\", \"message\": \"hi\"} to http://localhost:$RASA_PORT/webhooks/rest/webhook"
echo "Open http://localhost:$WEB_PORT (the clinic page with the chat)"
echo "Logs, with library warnings: var/log/ (Ctrl-C stops everything)"
wait -n "${pids[@]}"
