#!/usr/bin/env bash
# Real-browser test (issue 7 part 6): headless Chromium loads a page from another origin that logs in at
# Keycloak, queries `me` and subscribes to `meUpdated` against the packaged server, CORS set by env only.
# Then (issue 12 part 3) a PKCE page on http://127.0.0.1:18990 signs in through the partner's identity
# provider (realm partner-acme, brokered into octo) and checks the partner's tier reaches `me`.
# Starts what it needs (the packaged jar; Keycloak through scripts/keycloak.sh unless one is running),
# stops what it started by PID, and is bounded in time (BROWSER_TEST_TIMEOUT, default 240 s).
# Keycloak: KC_PORT (8180; KC_MGMT_PORT 9180 when started here) or OCTO_KEYCLOAK_URL (a running one).
# Needs: target/quarkus-app/quarkus-run.jar (./mvnw package), Node 20+, /usr/bin/chromium (Debian `chromium`).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
PORT="${BROWSER_TEST_PORT:-18981}"
KC_PORT="${KC_PORT:-8180}"
KEYCLOAK_URL="${OCTO_KEYCLOAK_URL:-http://127.0.0.1:$KC_PORT}"
LIMIT="${BROWSER_TEST_TIMEOUT:-240}"
JAR="$ROOT/target/quarkus-app/quarkus-run.jar"
WORK="$(mktemp -d /tmp/octo-browser-test.XXXXXX)"
SERVER_PID="" KEYCLOAK_STARTED=""

cleanup() {
  local rc=$?
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 30); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
  [[ -n "$KEYCLOAK_STARTED" ]] && KC_PORT="$KC_PORT" "$ROOT/scripts/keycloak.sh" stop >/dev/null 2>&1 || true
  if [[ $rc -ne 0 ]]; then
    echo "browser-test: server log tail:"; tail -n 30 "$WORK/server.log" 2>/dev/null || true
    echo "BROWSER TEST FAILED"
  fi
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[[ -f "$JAR" ]] || { echo "browser-test: $JAR missing (run ./mvnw package first)"; exit 1; }
[[ -x /usr/bin/chromium ]] || { echo "browser-test: /usr/bin/chromium missing (apt-get install -y chromium)"; exit 1; }
source "$ROOT/scripts/jdk.sh"

if ! curl -sf -o /dev/null "$KEYCLOAK_URL/realms/octo"; then
  [[ "$KEYCLOAK_URL" == "http://127.0.0.1:$KC_PORT" ]] ||
    { echo "browser-test: no Keycloak at OCTO_KEYCLOAK_URL=$KEYCLOAK_URL"; exit 1; }
  KEYCLOAK_STARTED=1
  KC_PORT="$KC_PORT" "$ROOT/scripts/keycloak.sh" start
fi

(cd "$HERE" && [[ -d node_modules/playwright-core ]] || npm ci --no-audit --no-fund --silent)

# CORS from the environment only: any port on 127.0.0.1 and localhost, as a web app in development.
OCTO_CORS_ORIGINS="${BROWSER_TEST_CORS_ORIGINS-/https?://(127[.]0[.]0[.]1|localhost)(:[0-9]+)?/}" \
QUARKUS_HTTP_PORT="$PORT" OCTO_EMBEDDED_DB_PORT=0 OCTO_EMBEDDED_DB_ENABLED=true OCTO_KEYCLOAK_URL="$KEYCLOAK_URL" \
  java -Xmx384m -jar "$JAR" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

deadline=$((SECONDS + LIMIT))
until curl -sf -o /dev/null "http://127.0.0.1:$PORT/q/health/ready"; do
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "browser-test: server exited"; exit 1; }
  (( SECONDS < deadline )) || { echo "browser-test: server not ready within ${LIMIT}s"; exit 1; }
  sleep 1
done

API_URL="http://127.0.0.1:$PORT/graphql" KEYCLOAK_URL="$KEYCLOAK_URL" PAGE_PORT="${BROWSER_TEST_PAGE_PORT:-18990}" \
  timeout $(( deadline - SECONDS > 30 ? deadline - SECONDS : 30 )) node "$HERE/browser-test.mjs"
