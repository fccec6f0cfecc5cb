#!/usr/bin/env bash
# Local Hardhat 2 dev chain for Octo Market development and tests (no Docker).
#
#   scripts/chain.sh start | stop | status
#
# Runs contracts/node_modules/hardhat (npm ci in contracts/ first if it is missing) on
# http://127.0.0.1:$CHAIN_PORT (HTTP and WebSocket), chainId 31337, automine, 20 funded
# well-known dev accounts. PID and log files are per port under .local/ (gitignored), so
# tests can run their own node on another port next to a developer's node.
# Env: CHAIN_PORT (8545), CHAIN_START_TIMEOUT (60 s).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CONTRACTS="$ROOT/contracts"
LOCAL="$ROOT/.local"
CHAIN_PORT="${CHAIN_PORT:-8545}"
CHAIN_START_TIMEOUT="${CHAIN_START_TIMEOUT:-60}"
CHAIN_URL="http://127.0.0.1:$CHAIN_PORT"
HARDHAT_CLI="$CONTRACTS/node_modules/hardhat/internal/cli/cli.js"
PID_FILE="$LOCAL/chain-$CHAIN_PORT.pid"
LOG_FILE="$LOCAL/chain-$CHAIN_PORT.log"
# Hardhat asks interactively whether it may send telemetry; never wait for an answer.
export HARDHAT_DISABLE_TELEMETRY_PROMPT=true

die() { echo "chain.sh: $*" >&2; exit 1; }

[[ "$CHAIN_PORT" =~ ^[0-9]+$ ]] || die "CHAIN_PORT must be a port number, got '$CHAIN_PORT'"

install_deps() {
  [[ -f "$HARDHAT_CLI" ]] && return 0
  command -v npm >/dev/null || die "need Node.js >= 20 with npm (for contracts/node_modules)"
  echo "Installing contracts/node_modules (npm ci) ..."
  (cd "$CONTRACTS" && npm ci --no-audit --no-fund)
  [[ -f "$HARDHAT_CLI" ]] || die "npm ci did not install hardhat ($HARDHAT_CLI missing)"
}

# Alive, and really our node on this port (a stale pid file may point at a reused PID).
running() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid; pid="$(cat "$PID_FILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null &&
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "hardhat.* --port $CHAIN_PORT"
}

# Ready = answers eth_chainId over JSON-RPC.
ready() {
  curl -fsS --max-time 2 -H 'Content-Type: application/json' \
    --data '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' "$CHAIN_URL" |
    grep -q '"result"'
} 2>/dev/null

wait_ready() {
  local deadline=$((SECONDS + CHAIN_START_TIMEOUT))
  until ready; do
    if ! running; then
      echo "Hardhat node exited during start-up; log tail ($LOG_FILE):" >&2
      tail -n 40 "$LOG_FILE" >&2 || true
      rm -f "$PID_FILE"
      return 1
    fi
    if (( SECONDS >= deadline )); then
      echo "Hardhat node not ready after ${CHAIN_START_TIMEOUT}s; log tail ($LOG_FILE):" >&2
      tail -n 40 "$LOG_FILE" >&2 || true
      stop_chain
      return 1
    fi
    sleep 0.2
  done
}

start_chain() {
  if running; then
    # Possibly still starting (e.g. a concurrent invocation): wait instead of restarting.
    wait_ready || exit 1
    echo "Hardhat node already running (pid $(cat "$PID_FILE")) at $CHAIN_URL"
    return 0
  fi
  rm -f "$PID_FILE"
  if ready; then
    die "something else already answers on $CHAIN_URL (not started by this script)"
  fi
  command -v node >/dev/null || die "need Node.js >= 20 on the PATH"
  command -v curl >/dev/null || die "need curl (readiness probe)"
  install_deps
  mkdir -p "$LOCAL"

  echo "Starting Hardhat node on $CHAIN_URL, log: $LOG_FILE"
  local t0=$SECONDS
  # hardhat.config.cjs is found through the working directory. Own statement, so $! is
  # the node process itself (no wrapper shell) and TERM reaches it directly.
  cd "$CONTRACTS"
  nohup node "$HARDHAT_CLI" node --hostname 127.0.0.1 --port "$CHAIN_PORT" </dev/null >"$LOG_FILE" 2>&1 &
  echo $! >"$PID_FILE"
  wait_ready || exit 1
  echo "Hardhat node ready in $((SECONDS - t0))s at $CHAIN_URL (pid $(cat "$PID_FILE"), chainId 31337)"
}

stop_chain() {
  if ! running; then
    rm -f "$PID_FILE"
    echo "Hardhat node on port $CHAIN_PORT not running"
    return 0
  fi
  local pid i; pid="$(cat "$PID_FILE")"
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "Hardhat node did not stop after SIGTERM; sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE"
  echo "Hardhat node on port $CHAIN_PORT stopped"
}

case "${1:-}" in
  start) start_chain ;;
  stop) stop_chain ;;
  status)
    if running && ready; then echo "Hardhat node ready at $CHAIN_URL (pid $(cat "$PID_FILE"))"
    elif ready; then echo "$CHAIN_URL answers, but was not started by this script"
    else echo "Hardhat node on port $CHAIN_PORT not ready"; exit 1; fi ;;
  *) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
