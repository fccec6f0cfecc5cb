#!/usr/bin/env bash
# The read path side by side with PostGraphile 4: three product lists (participants with wallets, models with owner
# and datanets, datanets with curators and counts), each served by our packaged server and by PostGraphile on the
# same embedded PostgreSQL and rows; each server warmed, then wrk runs alternating between them; writes
# BENCHMARKS.md. Loopback only, bounded in time (about 3 × (2 × WARMUP + 2 × ROUNDS × DURATION) seconds), stops
# everything it started.
#
#   bench/read-path.sh                     # WARMUP=60 DURATION=20 ROUNDS=3 CONNECTIONS=32 LATENCY_CONNECTIONS=2
#                                          # ROWS=10000 LISTS="..."
#   WARMUP=5 DURATION=5 ROUNDS=1 bench/read-path.sh   # a smoke run (figures meaningless)
#   PROFILE=1 LISTS=datanets bench/read-path.sh       # also a JFR recording of our server, and its hot methods
#   NO_BUILD=1 bench/read-path.sh                     # measure the jar already built in target/
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/jdk.sh
WARMUP="${WARMUP:-60}"
DURATION="${DURATION:-20}"
ROUNDS="${ROUNDS:-3}"
CONNECTIONS="${CONNECTIONS:-32}"
# after the rounds, one run per server at this few connections: latency below saturation (0 skips it)
LATENCY_CONNECTIONS="${LATENCY_CONNECTIONS:-2}"
ROWS="${ROWS:-10000}"
LISTS="${LISTS:-participants models datanets}"
HTTP_PORT="${BENCH_HTTP_PORT:-18080}"
PEER_PORT="${BENCH_PEER_PORT:-18081}"
PG_PORT="${BENCH_PG_PORT:-15433}"
OUT="${OUT:-BENCHMARKS.md}"
PROFILE="${PROFILE:-}"
WORK="$ROOT/.local/bench"
mkdir -p "$WORK"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

# the jar under test is the working tree's (NO_BUILD=1 measures the jar already in target/)
[[ -n "${NO_BUILD:-}" && -f target/quarkus-app/quarkus-run.jar ]] || ./mvnw -B -ntp -q package -DskipTests
(cd bench && npm ci --no-audit --no-fund >/dev/null)

started_keycloak=false
server_pid=""
peer_pid=""
cleanup() {
  [[ -n "$peer_pid" ]] && kill -- -"$peer_pid" 2>/dev/null || true
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  if $started_keycloak; then scripts/keycloak.sh stop >/dev/null; fi
}
trap cleanup EXIT
# a Keycloak that already answers (this checkout's, or one started from another checkout) is used, never restarted
if ! scripts/keycloak.sh status >/dev/null 2>&1 &&
   ! curl -fs -o /dev/null --max-time 3 "${OCTO_KEYCLOAK_URL:-http://127.0.0.1:8180}/realms/octo/.well-known/openid-configuration"; then
  scripts/keycloak.sh start >/dev/null
  started_keycloak=true
fi

echo "starting the server (embedded PostgreSQL on $PG_PORT, chain off) ..."
env -u QUARKUS_DATASOURCE_REACTIVE_URL -u QUARKUS_DATASOURCE_JDBC_URL -u OCTO_CHAIN_RPC_URL \
  OCTO_EMBEDDED_DB_ENABLED=true OCTO_KEYCLOAK_URL="${OCTO_KEYCLOAK_URL:-http://127.0.0.1:8180}" \
  OCTO_EMBEDDED_DB_PORT="$PG_PORT" java -Xmx512m -Dquarkus.http.port="$HTTP_PORT" \
  ${PROFILE:+-XX:StartFlightRecording=filename=$WORK/server.jfr,settings=profile,dumponexit=true} \
  -jar target/quarkus-app/quarkus-run.jar > "$WORK/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$HTTP_PORT/q/health/ready" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "http://127.0.0.1:$HTTP_PORT/q/health/ready" >/dev/null || { tail -40 "$WORK/server.log"; exit 1; }
PSQL=(psql -q -X -h 127.0.0.1 -p "$PG_PORT" -U postgres -d octo_market -v ON_ERROR_STOP=1)

echo "seeding $ROWS participants (2 wallets each), $((ROWS / 10)) datanets (2 curators each), $ROWS models ..."
"${PSQL[@]}" <<SQL
INSERT INTO participant (id, subject, username, roles, partner_tier)
SELECT gen_random_uuid(), 'bench-' || i, 'bench-' || i, '{curator}', 'COMMUNITY' FROM generate_series(1, $ROWS) i;
INSERT INTO wallet (address, participant_id)
SELECT '0x' || substr(md5(p.id::text || n), 1, 32) || lpad(to_hex(n), 8, '0'), p.id
  FROM participant p, generate_series(1, 2) n WHERE p.subject LIKE 'bench-%';
WITH owners AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM participant WHERE subject LIKE 'bench-%')
INSERT INTO datanet (id, slug, name, description, tags, licence, policy, owner_id, bond, challenge_window_seconds,
                     challenge_deposit, slash_share_bps, challenger_reward_bps, created_at, updated_at)
SELECT gen_random_uuid(), 'bench-' || n, 'Bench datanet ' || n, 'benchmark rows', '{bench}', 'CC0', 'OPEN', id,
       1000000000000000000, 3600, 1000000000000000000, 5000, 2000, now() - n * interval '1 second', now()
  FROM owners WHERE n <= $((ROWS / 10));
INSERT INTO datanet_curator (datanet_id, participant_id, added_by, added_at)
SELECT d.id, d.owner_id, d.owner_id, now() FROM datanet d WHERE d.slug LIKE 'bench-%';
INSERT INTO datanet_curator (datanet_id, participant_id, added_by, added_at)
SELECT d.id, p.id, d.owner_id, now()
  FROM datanet d JOIN LATERAL (SELECT id FROM participant WHERE subject LIKE 'bench-%' AND id <> d.owner_id
                               ORDER BY md5(id::text || d.id::text) LIMIT 1) p ON true
 WHERE d.slug LIKE 'bench-%';
WITH owners AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM participant WHERE subject LIKE 'bench-%')
INSERT INTO model (id, owner_id, name, version, base_model, licence, weights_hash, price_per_inference, created_at,
                   updated_at)
SELECT gen_random_uuid(), id, 'bench-model-' || n, '1.0', 'llama-3-8b', 'apache-2.0', encode(sha256(n::text::bytea), 'hex'),
       n * 1000, now() - n * interval '1 second', now()
  FROM owners;
INSERT INTO model_datanet (model_id, datanet_id)
SELECT m.id, d.id FROM model m
  JOIN LATERAL (SELECT id FROM datanet WHERE slug LIKE 'bench-%' ORDER BY md5(id::text || m.id::text) LIMIT 2) d ON true
 WHERE m.name LIKE 'bench-model-%';
ANALYZE;
SQL
# The query-cost limiter runs on every request measured, but must not refuse the load generator (one address, far
# beyond an anonymous caller's budget): a policy version with a huge ANONYMOUS bucket, NOTIFYed to the server.
"${PSQL[@]}" <<'SQL'
WITH v AS (INSERT INTO access_policy_version (version, changed_by, changed_at, reason)
           SELECT max(version) + 1, 'bench', now(), 'the benchmark: no budget refuses its load'
             FROM access_policy_version RETURNING version)
INSERT INTO access_policy_entitlement (version, audience, agreement, early_access, revenue_share_bps, board_observer,
                                       co_marketing, support, bucket_size, restore_rate, max_cost_per_request)
SELECT v.version, e.audience, e.agreement, e.early_access, e.revenue_share_bps, e.board_observer, e.co_marketing,
       e.support, 100000000, 10000000, 100000
  FROM v, access_policy_entitlement e
 WHERE e.version = v.version - 1;
SELECT pg_notify('octo_live', '{"topic":"access-policy","key":"bench"}');
SQL

echo "starting PostGraphile 4 (2 workers) on the same database ..."
setsid bench/node_modules/.bin/postgraphile -c "postgres://postgres@127.0.0.1:$PG_PORT/octo_market" \
  --schema public --host 127.0.0.1 --port "$PEER_PORT" --cluster-workers 2 --disable-query-log \
  --disable-default-mutations > "$WORK/peer.log" 2>&1 &
peer_pid=$!
for _ in $(seq 1 60); do
  curl -fs -o /dev/null -X POST -H 'Content-Type: application/json' -d '{"query":"{ __typename }"}' \
    "http://127.0.0.1:$PEER_PORT/graphql" 2>/dev/null && break
  sleep 1
done

# Our query and the peer's equivalent, per list (the peer names tables and relations its own way).
declare -A OURS PEER AUTH
OURS[participants]='{ participants(first: 20) { edges { cursor node { id username partnerTier wallets { address } } } pageInfo { hasNextPage endCursor } } }'
PEER[participants]='{ allParticipants(first: 20, orderBy: [CREATED_AT_ASC, ID_ASC]) { edges { cursor node { id username partnerTier walletsByParticipantId { nodes { address } } } } pageInfo { hasNextPage endCursor } } }'
AUTH[participants]=admin
OURS[models]='{ models(first: 20) { edges { cursor node { id name version pricePerInference owner { id username } datanets { id name } } } pageInfo { hasNextPage endCursor } } }'
PEER[models]='{ allModels(first: 20, orderBy: [CREATED_AT_DESC, ID_DESC]) { edges { cursor node { id name version pricePerInference participantByOwnerId { id username } modelDatanetsByModelId { nodes { datanetByDatanetId { id name } } } } } pageInfo { hasNextPage endCursor } } }'
AUTH[models]=
OURS[datanets]='{ datanets(first: 20) { edges { cursor node { id name slug curators { isOwner participant { id username } } contributionCounts { total } } } pageInfo { hasNextPage endCursor } } }'
PEER[datanets]='{ allDatanets(first: 20, orderBy: [CREATED_AT_DESC, ID_DESC]) { edges { cursor node { id name slug datanetCuratorsByDatanetId { nodes { participantId participantByParticipantId { id username } } } contributionsByDatanetId { totalCount } } } pageInfo { hasNextPage endCursor } } }'
AUTH[datanets]=

snapshot() { # "pid ticks" (user + system CPU clock ticks) of each live process given; for the first, also "reaped
  # ticks": the CPU of its children that have exited (PostgreSQL backends come and go; the postmaster reaps them)
  local pid first=true
  for pid in "$@"; do
    if [[ -r /proc/$pid/stat ]]; then
      awk -v p="$pid" -v first="$first" '{print p, $14 + $15; if (first == "true") print "reaped", $16 + $17}' \
        "/proc/$pid/stat" 2>/dev/null || true
    fi
    first=false
  done
}
used() { # ticks used between two snapshots: live throughout (difference), born since (all), exited since (their
  # whole life is in "reaped", so what they had used before is taken off)
  awk 'NR == FNR { before[$1] = $2; next } { after[$1] = $2 }
       END { for (p in after) t += (p in before) ? after[p] - before[p] : after[p]
             for (p in before) if (!(p in after)) t -= before[p]
             print t + 0 }' "$1" "$2"
}
pg_pids() { # the embedded postmaster (found by its port) and its backends
  local master
  master="$(pgrep -f -- "bin/postgres .*-p $PG_PORT( |\$)" | head -1)"
  [[ -n "$master" ]] && { echo "$master"; pgrep -P "$master" || true; }
}
peer_pids() { echo "$peer_pid"; pgrep -P "$peer_pid" || true; }
xacts() { "${PSQL[@]}" -Atc "SELECT xact_commit FROM pg_stat_database WHERE datname = 'octo_market'"; }
rss_mb() { local total=0 pid; for pid in "$@"; do
  [[ -r /proc/$pid/status ]] && total=$((total + $(awk '/VmRSS/ {print $2}' "/proc/$pid/status"))); done
  echo $((total / 1024)); }
HZ="$(getconf CLK_TCK)"
token() { [[ -z "$1" ]] && return 0; scripts/keycloak.sh token ada ada; }

# run LIST SERVER SECONDS [record [CONNECTIONS]]: one wrk run; with "record" (or "latency"), one JSON line in the
# results
run() {
  local list="$1" server="$2" seconds="$3" record="${4:-}" connections="${5:-$CONNECTIONS}" url body pids tok
  if [[ "$server" == octo ]]; then url="http://127.0.0.1:$HTTP_PORT/graphql"; body="${OURS[$list]}"; pids=("$server_pid")
  else url="http://127.0.0.1:$PEER_PORT/graphql"; body="${PEER[$list]}"; mapfile -t pids < <(peer_pids); fi
  tok="$([[ "$server" == octo ]] && token "${AUTH[$list]}" || true)"
  node -e 'process.stdout.write(JSON.stringify({query: process.argv[1]}))' "$body" > "$WORK/body.json"
  local check
  check="$(curl -s -X POST -H 'Content-Type: application/json' ${tok:+-H "Authorization: Bearer $tok"} \
    --data @"$WORK/body.json" "$url")"
  if [[ "$check" != *'"edges"'* || "$check" == *'"errors"'* ]]; then
    echo "the $server $list query does not answer cleanly: ${check:0:300}" >&2; exit 1
  fi
  local x0 out
  snapshot "${pids[@]}" > "$WORK/server.0"; mapfile -t pg < <(pg_pids); snapshot "${pg[@]}" > "$WORK/pg.0"
  x0="$(xacts)"
  out="$(BODY_FILE="$WORK/body.json" TOKEN="$tok" wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s \
    -s bench/wrk-graphql.lua "$url" | sed -n 's/^RESULT //p')"
  if [[ -n "$record" ]]; then
    local x1
    snapshot "${pids[@]}" > "$WORK/server.1"; mapfile -t pg < <(pg_pids); snapshot "${pg[@]}" > "$WORK/pg.1"
    x1="$(xacts)"
    node -e '
      const r = JSON.parse(process.argv[1]);
      const [list, server, ds, dp, dx, hz, rss, phase, connections] = process.argv.slice(2);
      const n = r.requests || 1;
      Object.assign(r, {list, server, serverCpuMs: ds * 1000 / hz / n, pgCpuMs: dp * 1000 / hz / n,
        xacts: dx / n, rssMb: Number(rss), phase, connections: Number(connections)});
      console.log(JSON.stringify(r));' "$out" "$list" "$server" "$(used "$WORK/server.0" "$WORK/server.1")" \
      "$(used "$WORK/pg.0" "$WORK/pg.1")" $((x1 - x0)) "$HZ" \
      "$(rss_mb "${pids[@]}")" "$record" "$connections" | tee -a "$WORK/results.jsonl"
  fi
}

: > "$WORK/results.jsonl"
for list in $LISTS; do
  echo "== $list: warm-up ${WARMUP}s each"
  run "$list" octo "$WARMUP"
  run "$list" postgraphile "$WARMUP"
  for round in $(seq 1 "$ROUNDS"); do
    echo "== $list round $round/$ROUNDS: ${DURATION}s each, $CONNECTIONS connections"
    run "$list" octo "$DURATION" record
    run "$list" postgraphile "$DURATION" record
  done
  if (( LATENCY_CONNECTIONS > 0 )); then
    echo "== $list latency: ${DURATION}s each, $LATENCY_CONNECTIONS connections"
    run "$list" octo "$DURATION" latency "$LATENCY_CONNECTIONS"
    run "$list" postgraphile "$DURATION" latency "$LATENCY_CONNECTIONS"
  fi
done
machine="$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem/ {print $2}') GB RAM, shared by the servers, PostgreSQL and wrk"
node bench/report.mjs "$WORK/results.jsonl" "$OUT" \
  "WARMUP=$WARMUP DURATION=$DURATION ROUNDS=$ROUNDS CONNECTIONS=$CONNECTIONS LATENCY_CONNECTIONS=$LATENCY_CONNECTIONS ROWS=$ROWS bench/read-path.sh" "$machine" >/dev/null
echo "wrote $OUT"
if [[ -n "$PROFILE" ]]; then
  kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  server_pid=""
  jfr view --width 160 hot-methods "$WORK/server.jfr" | tee "$WORK/hot-methods.txt"
  # the query-cost limiter's share of our server's CPU samples (pricing the document, the bucket, the spend sums)
  jfr print --stack-depth 64 --events jdk.ExecutionSample "$WORK/server.jfr" \
    | awk '/^jdk.ExecutionSample/ { n++; h += hit; hit = 0 }
           /core\.cost\.|partner\.QueryBudgets|partner\.TokenBucket/ { hit = 1 }
           END { h += hit; if (n) printf "query-cost limiter: %d of %d execution samples of our server (%.1f %%)\n", h, n, 100 * h / n }' \
    | tee -a "$OUT"
  echo "recording: $WORK/server.jfr (e.g. jfr view --width 160 allocation-by-class $WORK/server.jfr)"
fi
