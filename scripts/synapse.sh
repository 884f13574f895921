#!/usr/bin/env bash
# A throwaway Synapse homeserver on 127.0.0.1 for the Matrix tests and
# `mentorbot bench matrix`. Installs matrix-synapse from PyPI into a cached
# virtualenv on first use (~30 s), writes a minimal loopback-only config
# with raised rate limits, starts it, and waits until it answers.
#
#   eval "$(scripts/synapse.sh start DIR)"   # exports MENTORBOT_TEST_SYNAPSE_{URL,SECRET,PID}
#   scripts/synapse.sh stop DIR
set -euo pipefail

SYNAPSE_VERSION="1.163.2"
VENV="${MENTORBOT_SYNAPSE_VENV:-${HOME:-/tmp}/.cache/mentorbot-synapse-${SYNAPSE_VERSION}}"

install() {
  if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import synapse' 2>/dev/null; then
    echo "installing matrix-synapse ${SYNAPSE_VERSION} into ${VENV}" >&2
    python3 -m venv "$VENV" >&2
    "$VENV/bin/pip" install --quiet --disable-pip-version-check --only-binary=:all: \
      "matrix-synapse==${SYNAPSE_VERSION}" >&2
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

start() {
  local dir="$1"
  mkdir -p "$dir"
  install
  local port secret
  port="$(free_port)"
  secret="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
  local limit='{per_second: 10000, burst_count: 100000}'
  cat > "$dir/homeserver.yaml" <<YAML
server_name: "localhost"
public_baseurl: "http://127.0.0.1:${port}/"
pid_file: "${dir}/homeserver.pid"
listeners:
  - port: ${port}
    bind_addresses: ["127.0.0.1"]
    type: http
    tls: false
    x_forwarded: false
    resources:
      - names: [client]
        compress: false
database:
  name: sqlite3
  args:
    database: ":memory:"
log_config: "${dir}/log.yaml"
media_store_path: "${dir}/media"
signing_key_path: "${dir}/signing.key"
registration_shared_secret: "${secret}"
enable_registration: false
report_stats: false
bcrypt_rounds: 4
trusted_key_servers: []
federation_domain_whitelist: []
suppress_key_server_warning: true
caches:
  sync_response_cache_duration: 0
rc_message: ${limit}
rc_registration: ${limit}
rc_login:
  address: ${limit}
  account: ${limit}
  failed_attempts: ${limit}
rc_joins:
  local: ${limit}
  remote: ${limit}
rc_joins_per_room: ${limit}
rc_invites:
  per_room: ${limit}
  per_user: ${limit}
  per_issuer: ${limit}
rc_3pid_validation: ${limit}
rc_admin_redaction: ${limit}
rc_room_creation: ${limit}
rc_presence:
  per_user: ${limit}
rc_delayed_event_mgmt: ${limit}
rc_reports: ${limit}
rc_key_requests: ${limit}
YAML
  cat > "$dir/log.yaml" <<YAML
version: 1
formatters:
  precise:
    format: '%(asctime)s %(levelname)s %(name)s %(message)s'
handlers:
  file:
    class: logging.FileHandler
    filename: "${dir}/homeserver.log"
    formatter: precise
root:
  level: WARNING
  handlers: [file]
disable_existing_loggers: false
YAML
  # Fully detached from our output, so `$(synapse.sh start …)` returns.
  (cd "$dir" && exec "$VENV/bin/python" -m synapse.app.homeserver \
      --config-path "$dir/homeserver.yaml") >"$dir/stdout.log" 2>&1 </dev/null &
  echo $! > "$dir/pid"
  local url="http://127.0.0.1:${port}"
  for _ in $(seq 1 120); do
    if python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1]+'/_matrix/client/versions', timeout=1)" "$url" 2>/dev/null; then
      echo "export MENTORBOT_TEST_SYNAPSE_URL=${url}"
      echo "export MENTORBOT_TEST_SYNAPSE_SECRET=${secret}"
      echo "export MENTORBOT_TEST_SYNAPSE_PID=$(cat "$dir/pid")"
      return 0
    fi
    if ! kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
      echo "Synapse exited; its output:" >&2
      cat "$dir/stdout.log" "$dir/homeserver.log" >&2 2>/dev/null || true
      return 1
    fi
    sleep 0.25
  done
  echo "Synapse did not answer within 30 s" >&2
  return 1
}

stop() {
  local dir="$1"
  if [ -f "$dir/pid" ]; then
    local pid
    pid="$(cat "$dir/pid")"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$dir/pid"
  fi
}

case "${1:-}" in
  install) install ;;
  start) start "${2:?usage: synapse.sh start DIR}" ;;
  stop) stop "${2:?usage: synapse.sh stop DIR}" ;;
  *) echo "usage: $0 install | start DIR | stop DIR" >&2; exit 2 ;;
esac
