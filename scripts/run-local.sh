#!/usr/bin/env bash
# The whole local stack in one command: Keycloak (realm "octo", test users) and the server in dev mode
# with an embedded PostgreSQL. Ctrl-C stops the server; Keycloak is stopped too if this script started it.
#
#   scripts/run-local.sh            # dev mode with hot reload on http://127.0.0.1:8080/graphql
#   scripts/run-local.sh --jar      # build and run the packaged jar instead
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/jdk.sh

started_keycloak=false
if ! scripts/keycloak.sh status >/dev/null 2>&1; then
  scripts/keycloak.sh start
  started_keycloak=true
fi
cleanup() { if $started_keycloak; then scripts/keycloak.sh stop; fi; }
trap cleanup EXIT

cat <<EOT

  GraphQL       http://127.0.0.1:8080/graphql   (UI: http://127.0.0.1:8080/q/graphql-ui)
  Keycloak      http://127.0.0.1:8180  realm "octo", users alice carol oscar conrad ada ivy nobody (password = name)
  A token:      scripts/keycloak.sh token alice alice

EOT
if [[ "${1:-}" == "--jar" ]]; then
  ./mvnw -B -q package -DskipTests
  java -Xmx512m -jar target/quarkus-app/quarkus-run.jar
else
  ./mvnw -B quarkus:dev -Dquarkus.console.enabled=false
fi
