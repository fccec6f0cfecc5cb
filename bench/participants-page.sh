#!/usr/bin/env bash
# Benchmark of the hot read path: one page of 20 participants with their wallets (one batched relation),
# through the packaged server on an embedded PostgreSQL, as the admin. Loopback only, bounded in time;
# stops what it started. Prints autocannon's table for the measured run (after a warm-up: on 2 cores JIT
# warm-up dominates the first minute).
#
#   bench/participants-page.sh            # WARMUP=90 DURATION=30 CONNECTIONS=32 ROWS=2000
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/jdk.sh
WARMUP="${WARMUP:-90}"
DURATION="${DURATION:-30}"
CONNECTIONS="${CONNECTIONS:-32}"
ROWS="${ROWS:-2000}"
HTTP_PORT="${BENCH_HTTP_PORT:-18080}"
PG_PORT="${BENCH_PG_PORT:-15433}"
mkdir -p .local

[[ -f target/quarkus-app/quarkus-run.jar ]] || ./mvnw -B -q package -DskipTests
(cd bench && npm ci --no-audit --no-fund >/dev/null)

started_keycloak=false
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  if $started_keycloak; then scripts/keycloak.sh stop; fi
}
trap cleanup EXIT
if ! scripts/keycloak.sh status >/dev/null 2>&1; then
  scripts/keycloak.sh start
  started_keycloak=true
fi

env -u QUARKUS_DATASOURCE_REACTIVE_URL -u QUARKUS_DATASOURCE_JDBC_URL -u OCTO_CHAIN_RPC_URL \
  OCTO_EMBEDDED_DB_ENABLED=true OCTO_KEYCLOAK_URL="${OCTO_KEYCLOAK_URL:-http://127.0.0.1:8180}" OCTO_EMBEDDED_DB_PORT="$PG_PORT" java -Xmx512m -Dquarkus.http.port="$HTTP_PORT" \
  -jar target/quarkus-app/quarkus-run.jar > .local/bench-server.log 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$HTTP_PORT/q/health/ready" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "http://127.0.0.1:$HTTP_PORT/q/health/ready" >/dev/null || { tail -40 .local/bench-server.log; exit 1; }

psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d octo_market <<SQL
INSERT INTO participant (id, subject, username, roles, partner_tier)
SELECT gen_random_uuid(), 'bench-' || i, 'bench-' || i, '{consumer}', 'COMMUNITY' FROM generate_series(1, $ROWS) i;
INSERT INTO wallet (address, participant_id)
SELECT '0x' || substr(md5(p.id::text || n), 1, 32) || lpad(to_hex(n), 8, '0'), p.id
  FROM participant p, generate_series(1, 2) n WHERE p.subject LIKE 'bench-%';
ANALYZE;
SQL

TOKEN="$(scripts/keycloak.sh token ada ada)"
BODY='{"query":"{ participants(first: 20) { edges { cursor node { id username partnerTier wallets { address } } } pageInfo { hasNextPage endCursor } } }"}'
run() {
  bench/node_modules/.bin/autocannon -c "$CONNECTIONS" -d "$1" -m POST \
    -H "Content-Type=application/json" -H "Authorization=Bearer $TOKEN" -b "$BODY" \
    "http://127.0.0.1:$HTTP_PORT/graphql"
}
echo "warm-up: ${WARMUP}s, $CONNECTIONS connections, $ROWS participants x 2 wallets"
run "$WARMUP" >/dev/null 2>&1
echo "measured: ${DURATION}s"
run "$DURATION"
