#!/usr/bin/env bash
# Local, real Keycloak for Octo Market development and tests (no Docker).
#
#   scripts/keycloak.sh install | start | stop | status | token USER PASS [CLIENT]
#
# The distribution is unpacked under .local/keycloak/ (gitignored); the realms
# come from keycloak/realm-*.json (octo, and partner-acme: a partner's own identity
# provider brokered into octo) and are re-imported fresh on every start. A
# ${OCTO_REALM_IMPORT_URL:...} placeholder in them becomes this Keycloak's URL.
# Env: KC_PORT (8180), KC_MGMT_PORT (9180), KC_START_TIMEOUT (240 s),
#      KC_BOOTSTRAP_ADMIN_USERNAME / _PASSWORD (admin / admin): the master-realm admin
#      of this local, loopback-only Keycloak (the tests make fresh users through it).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KC_VERSION=26.7.3
LOCAL="$ROOT/.local"
KC_HOME="$LOCAL/keycloak/keycloak-$KC_VERSION"
KC_PORT="${KC_PORT:-8180}"
KC_MGMT_PORT="${KC_MGMT_PORT:-9180}"
KC_START_TIMEOUT="${KC_START_TIMEOUT:-240}"
# Always 127.0.0.1, never localhost: the token issuer follows the host name used.
KC_URL="http://127.0.0.1:$KC_PORT"
REALM=octo
REALM_DIR="$ROOT/keycloak"
# Every realm file is imported; the partner realm stands in for a partner's own IdP (see README "Partner SSO").
PARTNER_REALM=partner-acme
PID_FILE="$LOCAL/keycloak.pid"
LOG_FILE="$LOCAL/keycloak.log"

die() { echo "keycloak.sh: $*" >&2; exit 1; }

install_kc() {
  # The marker is written last, so an interrupted unpack is redone, not trusted.
  [[ -f "$KC_HOME/.octo-installed" ]] && return 0
  echo "Installing Keycloak $KC_VERSION into $KC_HOME ..."
  local tmp="$LOCAL/keycloak-install.tmp"
  rm -rf "$tmp" "$KC_HOME"
  mkdir -p "$tmp" "$LOCAL/keycloak"
  # maven-dependency-plugin 3.8.1 explicitly: older defaults truncate long names in
  # the archive and break the install. Run from an empty directory so Maven uses no
  # pom (the goal needs no project); its "already unpacked" markers go to $tmp and
  # die with it, so a re-install really unpacks again.
  # Needs only a JDK and the wrapper (no unzip); the zip is cached in ~/.m2.
  local zip_dir="${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}/org/keycloak/keycloak-quarkus-dist/$KC_VERSION"
  local progress=""
  if [[ ! -f "$zip_dir/keycloak-quarkus-dist-$KC_VERSION.zip" ]]; then
    echo "Downloading the Keycloak $KC_VERSION distribution from Maven Central (~177 MB, once; cached in ~/.m2) ..."
    download_progress "$zip_dir" &
    progress=$!
  fi
  (cd "$tmp" && "$ROOT/mvnw" -B -q \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:unpack \
    -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" \
    -DoutputDirectory="$tmp/dist" -DmarkersDirectory="$tmp/markers") || { [[ -z "$progress" ]] || kill "$progress" 2>/dev/null; die "download or unpack failed"; }
  if [[ -n "$progress" ]]; then kill "$progress" 2>/dev/null || true; wait "$progress" 2>/dev/null || true; fi
  echo "Unpacked Keycloak $KC_VERSION ($(du -sm "$tmp/dist" | cut -f1) MB)"
  [[ -x "$tmp/dist/keycloak-$KC_VERSION/bin/kc.sh" ]] || die "unpack failed: no bin/kc.sh in $tmp/dist"
  mv "$tmp/dist/keycloak-$KC_VERSION" "$KC_HOME"
  rm -rf "$tmp"
  touch "$KC_HOME/.octo-installed"
}

# One line every 5 s with how much of the zip Maven has fetched so far (its quiet mode shows nothing).
download_progress() {
  local dir="$1" size mb last=-1
  while sleep 5; do
    size="$(find "$dir" -maxdepth 1 -name "keycloak-quarkus-dist-$KC_VERSION.zip*" -printf '%s\n' 2>/dev/null | sort -n | tail -1)"
    mb=$(( ${size:-0} / 1048576 ))
    (( mb == last )) || echo "  Keycloak download: $mb of ~177 MB"
    last=$mb
  done
}

# Keycloak 26 needs Java 21+; the system default java may be 17.
pick_java() {
  local j v
  for j in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64; do
    [[ -n "$j" && -x "$j/bin/java" ]] || continue
    v="$("$j/bin/java" -XshowSettings:properties -version 2>&1 |
      sed -n 's/^ *java\.specification\.version = //p')"
    if [[ "${v%%.*}" =~ ^[0-9]+$ ]] && (( ${v%%.*} >= 21 )); then
      echo "$j"; return 0
    fi
  done
  return 1
}

# Alive, and really our Keycloak (a stale pid file may point at a reused PID).
running() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid; pid="$(cat "$PID_FILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null &&
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q keycloak
}

# Health alone is not enough: the realm import must be finished too.
ready() {
  curl -fsS -o /dev/null --max-time 3 "http://127.0.0.1:$KC_MGMT_PORT/health/ready" &&
    realm_up "$REALM"
} 2>/dev/null

realm_up() {
  curl -fsS -o /dev/null --max-time 3 "$KC_URL/realms/$1/.well-known/openid-configuration"
} 2>/dev/null

# A Keycloak started before keycloak/realm-partner-acme.json existed serves octo without the partner realm:
# still usable (the broker login fails), so only say so.
warn_partner_realm() {
  realm_up "$PARTNER_REALM" ||
    echo "keycloak.sh: realm $PARTNER_REALM missing (Keycloak started before it existed): partner SSO logins fail" \
      "until a restart (scripts/keycloak.sh stop; scripts/keycloak.sh start) imports it" >&2
}

wait_ready() {
  local deadline=$((SECONDS + KC_START_TIMEOUT))
  until ready; do
    if ! running; then
      echo "Keycloak exited during start-up; log tail ($LOG_FILE):" >&2
      tail -n 60 "$LOG_FILE" >&2 || true
      rm -f "$PID_FILE"
      return 1
    fi
    if (( SECONDS >= deadline )); then
      echo "Keycloak not ready after ${KC_START_TIMEOUT}s; log tail ($LOG_FILE):" >&2
      tail -n 60 "$LOG_FILE" >&2 || true
      stop_kc
      return 1
    fi
    sleep 1
  done
}

start_kc() {
  if running; then
    # Possibly still starting (e.g. a concurrent invocation): wait instead of restarting.
    wait_ready || exit 1
    echo "Keycloak already running (pid $(cat "$PID_FILE")) at $KC_URL/realms/$REALM"
    warn_partner_realm
    return 0
  fi
  rm -f "$PID_FILE"
  if ready; then
    die "something else already answers on ports $KC_PORT/$KC_MGMT_PORT (not started by this script)"
  fi
  install_kc
  local java_home
  java_home="$(pick_java)" ||
    die "need a JDK >= 21: set JAVA_HOME or install /usr/lib/jvm/temurin-25-jdk-amd64"

  # An existing realm is never re-imported: drop the dev database for a fresh import.
  rm -rf "$KC_HOME/data/h2" "$KC_HOME/data/import"
  mkdir -p "$KC_HOME/data/import"
  cp "$REALM_DIR"/realm-*.json "$KC_HOME/data/import/"

  echo "Starting Keycloak on $KC_URL (management $KC_MGMT_PORT), log: $LOG_FILE"
  local t0=$SECONDS
  # kc.sh forwards SIGTERM to its java child, so its PID is the one to keep.
  # OCTO_REALM_IMPORT_URL: Keycloak resolves ${OCTO_REALM_IMPORT_URL:default} placeholders in the realm files
  # at import, so the broker's URLs (realm octo -> realm partner-acme and back) follow KC_PORT.
  OCTO_REALM_IMPORT_URL="$KC_URL" \
  KC_BOOTSTRAP_ADMIN_USERNAME="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}" \
  KC_BOOTSTRAP_ADMIN_PASSWORD="${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}" \
  JAVA_HOME="$java_home" nohup "$KC_HOME/bin/kc.sh" start-dev \
    --http-host=127.0.0.1 --http-port="$KC_PORT" \
    --http-management-port="$KC_MGMT_PORT" --health-enabled=true \
    --import-realm </dev/null >"$LOG_FILE" 2>&1 &
  echo $! >"$PID_FILE"
  wait_ready || exit 1
  # Imported in the same start-up as octo: fail loudly if it is not there.
  realm_up "$PARTNER_REALM" || { tail -n 60 "$LOG_FILE" >&2 || true; stop_kc; die "realm $PARTNER_REALM was not imported"; }
  echo "Keycloak ready in $((SECONDS - t0))s: issuer $KC_URL/realms/$REALM (and the partner IdP $KC_URL/realms/$PARTNER_REALM)"
}

stop_kc() {
  if ! running; then
    rm -f "$PID_FILE"
    echo "Keycloak not running"
    return 0
  fi
  local pid i; pid="$(cat "$PID_FILE")"
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 20); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "Keycloak did not stop after SIGTERM; sending SIGKILL" >&2
    pkill -KILL -P "$pid" 2>/dev/null || true   # its java child
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE"
  echo "Keycloak stopped"
}

# Password grant; prints the access token. No jq needed: the token is a plain
# base64url string, so a sed match on the JSON is safe.
token() {
  local user="${1:?usage: token USER PASS [CLIENT]}" pass="${2:?usage: token USER PASS [CLIENT]}"
  local client="${3:-octo-web}" body
  body="$(curl -sS --max-time 10 -X POST "$KC_URL/realms/$REALM/protocol/openid-connect/token" \
    --data-urlencode grant_type=password --data-urlencode "client_id=$client" \
    --data-urlencode "username=$user" --data-urlencode "password=$pass" \
    --data-urlencode scope=openid)"
  local tok
  tok="$(printf '%s' "$body" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')"
  [[ -n "$tok" ]] || die "no token: $body"
  echo "$tok"
}

case "${1:-}" in
  install) install_kc; echo "Keycloak installed at $KC_HOME" ;;
  start) start_kc ;;
  stop) stop_kc ;;
  status)
    if running && ready; then echo "Keycloak ready at $KC_URL/realms/$REALM"; warn_partner_realm; else echo "Keycloak not ready"; exit 1; fi ;;
  token) shift; token "$@" ;;
  *) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
