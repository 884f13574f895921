#!/usr/bin/env bash
# The whole test suite, with its own set-up: formatting, lints, docs, and every
# test on SQLite and PostgreSQL. Usage: scripts/test.sh
#
# With CI=true (or CI=1) a missing PostgreSQL or Synapse fails the run instead
# of skipping.
# MENTORBOT_TEST_POSTGRES_URL points the tests at another server; a local
# Synapse (scripts/synapse.sh: matrix-synapse from PyPI, cached) is started
# for the Matrix tests and stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

# Reuse a build cache outside the clone when there is one (CI clones afresh).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${HOME:-/tmp}/.cache/mentorbot-target}"
mkdir -p "$CARGO_TARGET_DIR"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

step() { printf '\n==> %s\n' "$*"; }

# CI=true and CI=1 mean the same (CI services set one or the other); the tests
# read CI the same way (tests/suite/helpers.rs: `in_ci`).
in_ci() { case "${CI:-}" in 1 | [Tt][Rr][Uu][Ee]) return 0 ;; *) return 1 ;; esac; }

step "PostgreSQL"
export MENTORBOT_TEST_POSTGRES_URL="${MENTORBOT_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
pg_up() { python3 - "$MENTORBOT_TEST_POSTGRES_URL" <<'PY'
import socket, sys, urllib.parse
u = urllib.parse.urlparse(sys.argv[1])
try:
    socket.create_connection((u.hostname or "127.0.0.1", u.port or 5432), timeout=3).close()
except OSError:
    sys.exit(1)
PY
}
if ! pg_up; then
  # The machine's cluster may simply be stopped: try to start it.
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    for version in /etc/postgresql/*; do
      pg_ctlcluster --skip-systemctl-redirect "$(basename "$version")" main start 2>/dev/null || true
    done
    for _ in $(seq 1 20); do pg_up && break; sleep 0.5; done
  fi
fi
if pg_up; then
  echo "PostgreSQL reachable at ${MENTORBOT_TEST_POSTGRES_URL}"
  export MENTORBOT_REQUIRE_POSTGRES=1
elif in_ci; then
  echo "FAIL: PostgreSQL is required in CI but unreachable at ${MENTORBOT_TEST_POSTGRES_URL}" >&2
  exit 1
else
  echo "WARNING: PostgreSQL unreachable; its tests will print SKIPPED (they fail with CI=true or CI=1)" >&2
fi

step "Synapse"
SYNAPSE_DIR="$(mktemp -d "${TMPDIR:-/tmp}/mentorbot-synapse.XXXXXX")"
cleanup() { scripts/synapse.sh stop "$SYNAPSE_DIR" >/dev/null 2>&1 || true; rm -rf "$SYNAPSE_DIR"; }
trap cleanup EXIT
if synapse_env="$(scripts/synapse.sh start "$SYNAPSE_DIR")"; then
  eval "$synapse_env"
  echo "Synapse answering at ${MENTORBOT_TEST_SYNAPSE_URL}"
  export MENTORBOT_REQUIRE_SYNAPSE=1
elif in_ci; then
  echo "FAIL: Synapse is required in CI but could not be started" >&2
  exit 1
else
  echo "WARNING: no Synapse; the Matrix tests will print SKIPPED (they fail with CI=true or CI=1)" >&2
fi

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings
# `bench matrix` is compiled only with the test kit.
cargo clippy -p mentorbot --lib --bins --features testkit --locked -- -D warnings

step "cargo deny (bans, licenses, sources) and cargo machete (unused dependencies)"
# Both are cached in ~/.cargo/bin after their first install (from crates.io).
ensure_tool() {
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "installing $1 $2 (once)"
  cargo install --locked "$1" --version "$2" --quiet
}
if ensure_tool cargo-deny 0.20.2 && ensure_tool cargo-machete 0.9.2; then
  # Every platform's crates must be in the local registry for the offline check.
  cargo fetch --locked --quiet
  cargo deny --offline check bans licenses sources
  cargo machete
elif in_ci; then
  echo "FAIL: cargo-deny or cargo-machete could not be installed" >&2
  exit 1
else
  echo "WARNING: cargo-deny or cargo-machete could not be installed: their checks are SKIPPED" >&2
fi

step "cargo doc"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked --quiet

step "tests"
if command -v cargo-nextest >/dev/null 2>&1 || cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --locked --no-fail-fast
else
  cargo test --workspace --locked --no-fail-fast
fi
