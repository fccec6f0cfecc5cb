#!/usr/bin/env bash
# Test: scripts/run-local.sh stops everything it started on SIGTERM and on SIGINT, with no orphan and no
# failure message, and leaves alone a Keycloak it did not start.
#
#   scripts/test/run-local-stop.sh                  # runs the packaged jar: needs target/quarkus-app (./mvnw package)
#   RUN_LOCAL_ARGS="" scripts/test/run-local-stop.sh # dev mode (Maven + dev-mode JVM), slower
#
# For each signal: starts run-local.sh (own session) on ports of its own, waits for its banner, records every
# process it started (its descendants, its session, the listeners on its HTTP, chain and database ports),
# sends the signal and asserts within STOP_TIMEOUT that none survives, that no port still listens, that the
# output has no "BUILD FAILURE", and that a Keycloak that answered before still answers.
# Env: SIGNALS ("TERM INT"), RUN_LOCAL_ARGS ("--jar --no-build"), TEST_HTTP_PORT (18881),
#      TEST_CHAIN_PORT (18847), READY_TIMEOUT (420 s), STOP_TIMEOUT (60 s).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
SIGNALS="${SIGNALS:-TERM INT}"
RUN_LOCAL_ARGS="${RUN_LOCAL_ARGS---jar --no-build}"
HTTP_PORT="${TEST_HTTP_PORT:-18881}"
CHAIN_PORT="${TEST_CHAIN_PORT:-18847}"
READY_TIMEOUT="${READY_TIMEOUT:-420}"
STOP_TIMEOUT="${STOP_TIMEOUT:-60}"
KC_PORT="${KC_PORT:-8180}"

fail() { echo "run-local-stop: FAIL: $*" >&2; exit 1; }
listens() { ss -ltnH "sport = :$1" 2>/dev/null | grep -q .; }
listener_pids() { ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2; }
alive() { [[ -d /proc/$1 ]] && ! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null; }
descendants() {
  local p
  for p in $(ps -eo pid=,ppid= | awk -v p="$1" '$2 == p { print $1 }'); do echo "$p"; descendants "$p"; done
}
kc_answers() {
  curl -fsS -o /dev/null --max-time 3 "http://127.0.0.1:$KC_PORT/realms/octo/.well-known/openid-configuration" 2>/dev/null
}

script_pid="" recorded=""
cleanup() {   # only if an assertion failed half-way: leave nothing behind
  [[ -n "$script_pid" ]] && kill -TERM "$script_pid" 2>/dev/null && sleep 5
  local p; for p in $recorded; do alive "$p" && kill -KILL "$p" 2>/dev/null; done
  return 0
}
trap cleanup EXIT

for sig in $SIGNALS; do
  for p in "$HTTP_PORT" "$CHAIN_PORT"; do ! listens "$p" || fail "port $p is already in use"; done
  DB_PORT="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
  kc_before=false; kc_answers && kc_before=true
  out="$(mktemp)"
  t0=$SECONDS
  # env --default-signal=INT: a background job of a script starts with SIGINT ignored, which bash cannot trap.
  # shellcheck disable=SC2086
  OCTO_HTTP_PORT="$HTTP_PORT" OCTO_CHAIN_PORT="$CHAIN_PORT" OCTO_DB_PORT="$DB_PORT" \
    setsid env --default-signal=INT scripts/run-local.sh $RUN_LOCAL_ARGS </dev/null >"$out" 2>&1 &
  script_pid=$!
  until grep -q 'Octo Market is up' "$out"; do
    alive "$script_pid" || { cat "$out"; fail "run-local.sh exited before its banner"; }
    (( SECONDS - t0 < READY_TIMEOUT )) || { tail -40 "$out"; fail "no banner within ${READY_TIMEOUT}s"; }
    sleep 1
  done
  ready_s=$((SECONDS - t0))
  recorded="$(
    { descendants "$script_pid"
      ps -eo pid=,sid= | awk -v s="$script_pid" '$2 == s { print $1 }'
      for p in "$HTTP_PORT" "$CHAIN_PORT" "$DB_PORT"; do listener_pids "$p"; for c in $(listener_pids "$p"); do descendants "$c"; done; done
    } | sort -un | grep -vx "$script_pid" | while read -r p; do alive "$p" && echo "$p"; done | tr '\n' ' '
  )"
  listens "$HTTP_PORT" && listens "$CHAIN_PORT" && listens "$DB_PORT" ||
    fail "after the banner, not all of :$HTTP_PORT :$CHAIN_PORT :$DB_PORT listen"
  echo "run-local-stop: SIG$sig: banner after ${ready_s}s; processes started: $recorded(+ run-local.sh $script_pid)"

  kill -"$sig" "$script_pid"
  t1=$SECONDS
  while alive "$script_pid"; do
    (( SECONDS - t1 < STOP_TIMEOUT )) || { tail -20 "$out"; fail "run-local.sh still running ${STOP_TIMEOUT}s after SIG$sig"; }
    sleep 0.5
  done
  wait "$script_pid" && rc=0 || rc=$?
  script_pid=""
  # Orphans get up to 10 s more than the script (a process that is exiting still shows in /proc).
  survivors=""
  for _ in $(seq 20); do
    survivors=""; for p in $recorded; do alive "$p" && survivors+="$p "; done
    [[ -z "$survivors" ]] && break
    sleep 0.5
  done
  [[ -z "$survivors" ]] || { ps -o pid,args -p "${survivors// /,}" >&2 || true; fail "SIG$sig left running: $survivors"; }
  for p in "$HTTP_PORT" "$CHAIN_PORT" "$DB_PORT"; do ! listens "$p" || fail "SIG$sig: port $p still listens"; done
  (( rc == 0 )) || { tail -20 "$out"; fail "run-local.sh exited with $rc after SIG$sig"; }
  ! grep -q 'BUILD FAILURE' "$out" || fail "SIG$sig: output says BUILD FAILURE"
  if $kc_before; then kc_answers || fail "SIG$sig: the Keycloak on :$KC_PORT that was running before is gone"; fi
  grep -q 'stopped after' "$out" || fail "SIG$sig: no 'stopped after' line"
  echo "run-local-stop: SIG$sig: stopped in $((SECONDS - t1))s, exit 0, nothing left, ports free$($kc_before && echo ", Keycloak on :$KC_PORT kept")"
  recorded=""
  rm -f "$out"
done
echo "run-local-stop: PASS"
