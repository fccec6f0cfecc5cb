#!/usr/bin/env bash
# Live job events: N graphql-ws subscribers held over real WebSockets (spread over CLIENTS Node processes) on one
# packaged server, then one submitJob per round; prints subscribers held, events delivered vs expected, fan-out
# latency p50/p99/max, and the server's heap (after a full GC) and RSS per subscriber over a baseline taken before
# they connect. Loopback only, bounded (a few minutes), stops everything it started. Needs Keycloak running
# (scripts/keycloak.sh start); the load is Node (bench/job-feed-client.mjs), not wrk.
#
#   bench/job-feed.sh                      # SUBSCRIBERS=1000 CLIENTS=4 WARMUP_ROUNDS=20 ROUNDS=50 FEED=CONSUMER
#   SUBSCRIBERS=5000 bench/job-feed.sh     # up to 10,000 (the ulimit -n of 20,000 is per process; the server holds N)
#   FEED=ALL bench/job-feed.sh             # the admin's jobsUpdated(scope: ALL) instead of the consumer's feed
#   NO_BUILD=1 bench/job-feed.sh           # measure the jar already built in target/
#   XMX=1g SUBSCRIBERS=5000 bench/job-feed.sh   # the server's heap (default 512m, as the chart and read-path.sh)
#   CONNECT_BATCH=50 bench/job-feed.sh     # subscribes in flight per client process while connecting (default 10)
#   HISTOGRAM=1 bench/job-feed.sh          # also the held heap per subscriber by class (jcmd GC.class_histogram)
#
# The chain is off, so the consumer (conrad) is credited by SQL on the embedded database: one ledger transaction,
# VAULT -X and the consumer's AVAILABLE +X (the entry trigger updates the balances), as a mirrored deposit would.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/jdk.sh
SUBSCRIBERS="${SUBSCRIBERS:-1000}"
XMX="${XMX:-512m}"
HTTP_PORT="${BENCH_HTTP_PORT:-18090}"
PG_PORT="${BENCH_PG_PORT:-15434}"
CONSUMER_USER="${CONSUMER_USER:-conrad}"
ADMIN_USER="${ADMIN_USER:-ada}"
WORK="$ROOT/.local/bench-jobs"
mkdir -p "$WORK"
(( SUBSCRIBERS >= 1 && SUBSCRIBERS <= 10000 )) || { echo "SUBSCRIBERS: 1 to 10000" >&2; exit 1; }
curl -fs -o /dev/null --max-time 3 http://127.0.0.1:8180/realms/octo/.well-known/openid-configuration ||
  { echo "Keycloak is not answering on 127.0.0.1:8180: scripts/keycloak.sh start" >&2; exit 1; }

[[ -n "${NO_BUILD:-}" && -f target/quarkus-app/quarkus-run.jar ]] || ./mvnw -B -ntp -q package -DskipTests
(cd bench && npm ci --no-audit --no-fund >/dev/null)

server_pid=""
cleanup() { # a JVM out of heap may ignore SIGTERM: then SIGKILL, and the embedded PostgreSQL it leaves behind
  [[ -n "$server_pid" ]] || return 0
  kill "$server_pid" 2>/dev/null || true
  for _ in $(seq 1 20); do kill -0 "$server_pid" 2>/dev/null || break; sleep 1; done
  if kill -0 "$server_pid" 2>/dev/null; then
    kill -9 "$server_pid" 2>/dev/null || true
    local master
    master="$(pgrep -f -- "bin/postgres .*-p $PG_PORT( |\$)" | head -1 || true)"
    [[ -n "$master" ]] && kill "$master" 2>/dev/null || true
  fi
  wait "$server_pid" 2>/dev/null || true
}
trap cleanup EXIT

echo "starting the server (embedded PostgreSQL on $PG_PORT, chain off, -Xmx$XMX) ..."
env -u QUARKUS_DATASOURCE_REACTIVE_URL -u QUARKUS_DATASOURCE_JDBC_URL -u OCTO_CHAIN_RPC_URL \
  OCTO_EMBEDDED_DB_ENABLED=true OCTO_KEYCLOAK_URL="${OCTO_KEYCLOAK_URL:-http://127.0.0.1:8180}" \
  OCTO_EMBEDDED_DB_PORT="$PG_PORT" OCTO_SUBSCRIPTIONS_MAX_CONNECTIONS_PER_PARTICIPANT=$((SUBSCRIBERS + 10)) OCTO_SUBSCRIPTIONS_MAX_PER_REPLICA=$((SUBSCRIBERS + 10)) \
  java -Xmx"$XMX" -Dquarkus.http.port="$HTTP_PORT" -jar target/quarkus-app/quarkus-run.jar > "$WORK/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$HTTP_PORT/q/health/ready" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "http://127.0.0.1:$HTTP_PORT/q/health/ready" >/dev/null || { tail -40 "$WORK/server.log"; exit 1; }
PSQL=(psql -q -X -h 127.0.0.1 -p "$PG_PORT" -U postgres -d octo_market -v ON_ERROR_STOP=1)

gql() { # gql USER DOCUMENT: the data of a query run as USER, or exit
  local tok out
  tok="$(scripts/keycloak.sh token "$1" "$1")"
  out="$(curl -s -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $tok" \
    --data "$(node -e 'process.stdout.write(JSON.stringify({query: process.argv[1]}))' "$2")" \
    "http://127.0.0.1:$HTTP_PORT/graphql")"
  [[ "$out" == *'"errors"'* ]] && { echo "$1: $2: ${out:0:300}" >&2; exit 1; }
  echo "$out"
}

echo "creating the data: $CONSUMER_USER credited by SQL, one model to run jobs on ..."
consumer="$(gql "$CONSUMER_USER" '{ me { id } }' | node -e 'process.stdin.on("data", d => console.log(JSON.parse(d).data.me.id))')"
gql "$ADMIN_USER" '{ me { id } }' >/dev/null
model="$("${PSQL[@]}" -At <<SQL
INSERT INTO ledger_account (participant_id, kind) VALUES ('$consumer', 'AVAILABLE')
  ON CONFLICT (participant_id, kind) DO NOTHING;
WITH tx AS (INSERT INTO ledger_transaction (id, kind, ref)
            VALUES (gen_random_uuid(), 'DEPOSIT', 'bench-credit:' || gen_random_uuid()) RETURNING id)
INSERT INTO ledger_entry (transaction_id, account_id, amount)
SELECT tx.id, a.id, v.amount FROM tx,
       (VALUES ('VAULT', NULL::uuid, -1000000000000000000000000::numeric),
               ('AVAILABLE', '$consumer'::uuid, 1000000000000000000000000::numeric)) v (kind, owner, amount)
  JOIN ledger_account a ON a.kind = v.kind AND a.participant_id IS NOT DISTINCT FROM v.owner;
INSERT INTO model (id, owner_id, name, version, base_model, licence, weights_hash, price_per_inference, created_at,
                   updated_at)
VALUES (gen_random_uuid(), '$consumer', 'bench-job-model', '1.0', 'llama-3-8b', 'apache-2.0',
        encode(sha256('bench-job-model'::bytea), 'hex'), 1000, now(), now())
RETURNING id;
SQL
)"

echo "subscribing $SUBSCRIBERS ..."
SERVER_URL="http://127.0.0.1:$HTTP_PORT" SERVER_PID="$server_pid" MODEL_ID="$model" SUBSCRIBERS="$SUBSCRIBERS" \
  CONSUMER_USER="$CONSUMER_USER" ADMIN_USER="$ADMIN_USER" KEYCLOAK_SH="$ROOT/scripts/keycloak.sh" \
  timeout 600 node bench/job-feed-client.mjs drive || echo "the driver failed or timed out (exit $?); server log tail:" \
  "$(tail -5 "$WORK/server.log")"
echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), shared by the server," \
  "PostgreSQL and the clients; server log: $WORK/server.log"
