#!/usr/bin/env bash
# The whole local stack in one command: a Hardhat chain node, Keycloak (realm "octo", test users) and the
# server with an embedded PostgreSQL (it deploys the contracts on first start and seeds demo wallets).
# A banner with the URLs is printed once the server answers /q/health/ready.
#
#   scripts/run-local.sh                 # dev mode with hot reload on http://127.0.0.1:8080/graphql
#   scripts/run-local.sh --jar           # build the packaged jar and run it (dev configuration)
#   scripts/run-local.sh --jar --no-build   # run the jar already in target/quarkus-app
#   scripts/run-local.sh --debug         # dev mode with a JDWP debug port on 127.0.0.1:5005
#
# Ctrl-C (SIGINT) or SIGTERM stops everything this script started: the server (Maven, the dev-mode JVM,
# the embedded PostgreSQL), and the chain node and Keycloak if it started them. A chain node or Keycloak
# that was already running is reused and left running.
# Env: OCTO_HTTP_PORT (8080), OCTO_CHAIN_PORT (8545), OCTO_DB_PORT (a free port), OCTO_READY_TIMEOUT (600 s).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/jdk.sh

T0=$SECONDS
HTTP_PORT="${OCTO_HTTP_PORT:-8080}"
CHAIN_PORT="${OCTO_CHAIN_PORT:-8545}"
READY_TIMEOUT="${OCTO_READY_TIMEOUT:-600}"
KC_PORT="${KC_PORT:-8180}"
mode=dev build=true debug=false
for arg in "$@"; do
  case "$arg" in
    --jar) mode=jar ;;
    --no-build) build=false ;;
    --debug) debug=true ;;
    *) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
for p in "$HTTP_PORT" "$CHAIN_PORT"; do [[ "$p" =~ ^[0-9]+$ ]] || { echo "run-local.sh: bad port '$p'" >&2; exit 2; }; done
command -v node >/dev/null || { echo "run-local.sh: need Node.js >= 20 on the PATH" >&2; exit 1; }
# The embedded PostgreSQL gets a port chosen here, so the script can find it (and stop it) if the JVM cannot.
DB_PORT="${OCTO_DB_PORT:-$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}"

say() { printf '\033[1mrun-local:\033[0m %s\n' "$*"; }
listening() { curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$1/" 2>/dev/null; }

started_chain=false started_keycloak=false server_pid="" db_pid="" stopping=false progress_pid=""

# Maven runs with -ntp (no line per artifact); on a first run this says every 15 s how much it has fetched.
M2="${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}"
m2_mb() { du -sm "$M2" 2>/dev/null | cut -f1 || echo 0; }
download_progress() {
  local first last now; first="$(m2_mb)"; last="$first"
  while sleep 15; do
    now="$(m2_mb)"
    (( now > last )) && say "still starting: Maven has downloaded $((now - first)) MB into $M2 so far"
    last="$now"
  done
}
stop_progress() { if [[ -n "$progress_pid" ]]; then kill "$progress_pid" 2>/dev/null || true; wait "$progress_pid" 2>/dev/null || true; progress_pid=""; fi; }

# Kills a process group (the server's Maven / java, started in their own session) and waits for it to go.
stop_group() {
  local pgid="$1" i
  kill -TERM -- "-$pgid" 2>/dev/null || return 0
  for i in $(seq 100); do
    pgrep -g "$pgid" >/dev/null 2>&1 || return 0
    sleep 0.3
  done
  say "server did not stop within 30 s after SIGTERM; sending SIGKILL"
  kill -KILL -- "-$pgid" 2>/dev/null || true
}

stop_all() {
  $stopping && return 0
  stopping=true
  trap '' INT TERM
  stop_progress
  echo
  if [[ -n "$server_pid" ]]; then
    say "stopping the server"
    [[ -n "$db_pid" ]] || db_pid="$(db_postmaster)"
    stop_group "$server_pid"
    wait "$server_pid" 2>/dev/null || true
    # The JVM stops the embedded PostgreSQL in a shutdown hook; after a SIGKILL that hook never ran.
    if [[ -n "$db_pid" ]] && kill -0 "$db_pid" 2>/dev/null; then
      say "stopping the embedded PostgreSQL (pid $db_pid) the server left behind"
      kill -INT "$db_pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$db_pid" 2>/dev/null || break; sleep 0.2; done
      kill -KILL "$db_pid" 2>/dev/null || true
    fi
  fi
  if $started_chain; then CHAIN_PORT="$CHAIN_PORT" scripts/chain.sh stop; fi
  if $started_keycloak; then scripts/keycloak.sh stop; fi
  say "stopped after $((SECONDS - T0)) s"
}
trap 'stop_all; exit 0' INT TERM
trap 'stop_all' EXIT

# The postmaster of the embedded database: the process listening on DB_PORT.
db_postmaster() {
  ss -ltnpH "sport = :$DB_PORT" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1
}

# ---- chain node -----------------------------------------------------------------------------------
if CHAIN_PORT="$CHAIN_PORT" scripts/chain.sh status >/dev/null 2>&1; then
  say "reusing the chain node on 127.0.0.1:$CHAIN_PORT (left running on exit)"
else
  started_chain=true   # before the start: an interrupted start is stopped too
  CHAIN_PORT="$CHAIN_PORT" scripts/chain.sh start
fi

# ---- Keycloak -------------------------------------------------------------------------------------
# Any Keycloak that already serves realm "octo" on KC_PORT is reused and never stopped: it is not ours.
if curl -fsS -o /dev/null --max-time 3 "http://127.0.0.1:$KC_PORT/realms/octo/.well-known/openid-configuration" 2>/dev/null; then
  say "reusing the Keycloak on 127.0.0.1:$KC_PORT (left running on exit)"
else
  started_keycloak=true
  scripts/keycloak.sh start
fi

# ---- server ---------------------------------------------------------------------------------------
# Own session (setsid): Ctrl-C reaches this script only, which then stops the server in order, so Maven
# never sees its child die under it ("BUILD FAILURE"). Same settings for both modes: dev configuration,
# the ports above.
server_props=(
  "-Dquarkus.http.port=$HTTP_PORT"
  "-D%dev.octo.chain.rpc-url=http://127.0.0.1:$CHAIN_PORT"
)
export OCTO_EMBEDDED_DB_PORT="$DB_PORT"
download_progress &
progress_pid=$!
if [[ "$mode" == jar ]]; then
  if $build || [[ ! -f target/quarkus-app/quarkus-run.jar ]]; then
    say "building the jar (./mvnw package -DskipTests; the first build also runs npm ci and compiles the contracts) ..."
    setsid ./mvnw -B -ntp -q package -DskipTests -Dquarkus.analytics.disabled=true </dev/null &
    server_pid=$!
    wait "$server_pid" || { server_pid=""; say "build failed"; exit 1; }
    server_pid=""
  fi
  say "starting the packaged server on 127.0.0.1:$HTTP_PORT ..."
  setsid java -Xmx512m -Dquarkus.profile=dev "${server_props[@]}" -jar target/quarkus-app/quarkus-run.jar </dev/null &
  server_pid=$!
else
  dev_debug=(-Ddebug=false)
  $debug && dev_debug=(-Ddebug=5005 -DdebugHost=127.0.0.1)
  say "starting the server in dev mode on 127.0.0.1:$HTTP_PORT (the first run also runs npm ci and compiles everything) ..."
  setsid ./mvnw -B -ntp -q quarkus:dev -Dquarkus.console.enabled=false -Dquarkus.analytics.disabled=true \
    "${dev_debug[@]}" "${server_props[@]}" </dev/null &
  server_pid=$!
fi

# ---- banner once the server answers ---------------------------------------------------------------
deadline=$((SECONDS + READY_TIMEOUT))
until curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$HTTP_PORT/q/health/ready" 2>/dev/null; do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
    say "the server exited before it was ready (its output is above)"
    exit 1
  fi
  if (( SECONDS >= deadline )); then
    say "the server did not answer http://127.0.0.1:$HTTP_PORT/q/health/ready within ${READY_TIMEOUT}s:"
    curl -s --max-time 2 "http://127.0.0.1:$HTTP_PORT/q/health/ready" || true
    exit 1
  fi
  sleep 1
done
db_pid="$(db_postmaster)"
stop_progress
B="http://127.0.0.1:$HTTP_PORT"
cat <<EOT

  ┌─ Octo Market is up (started in $((SECONDS - T0)) s) ───────────────────────────────────────────
  │ GraphQL     $B/graphql         UI: $B/q/graphql-ui
  │ Start page  $B/
  │ Health      $B/q/health         Metrics: $B/q/metrics
  │ Keycloak    http://127.0.0.1:$KC_PORT  realm "octo", users alice carol oscar conrad ada ivy nobody (password = name)
  │ A token     TOKEN=\$(scripts/keycloak.sh token alice alice)   then header  Authorization: Bearer \$TOKEN
  │ Chain       http://127.0.0.1:$CHAIN_PORT (Hardhat, chain id 31337)
  │ Fund wallet scripts/faucet.sh 0xYOURADDRESS [OCTO]   (OCTO_HTTP_PORT/OCTO_CHAIN_PORT as here)
  │ Stop        Ctrl-C (stops what this script started)$($debug && echo "
  │ Debugger    JDWP on 127.0.0.1:5005")
  └───────────────────────────────────────────────────────────────────────────────────────────────
EOT

wait "$server_pid" 2>/dev/null || true
server_pid=""
say "the server exited"
