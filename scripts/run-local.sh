#!/usr/bin/env bash
# The whole local stack in one command: Keycloak (realm "octo", test users), a Hardhat chain node on
# 127.0.0.1:8545 and the server in dev mode with an embedded PostgreSQL (it deploys the contracts on first
# start). Ctrl-C stops the server; Keycloak and the node are stopped too if this script started them.
#
#   scripts/run-local.sh            # dev mode with hot reload on http://127.0.0.1:8080/graphql
#   scripts/run-local.sh --jar      # build and run the packaged jar instead
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/jdk.sh

started_keycloak=false
started_chain=false
cleanup() {
  if $started_chain; then CHAIN_PORT=8545 scripts/chain.sh stop; fi
  if $started_keycloak; then scripts/keycloak.sh stop; fi
}
trap cleanup EXIT
if ! CHAIN_PORT=8545 scripts/chain.sh status >/dev/null 2>&1; then
  CHAIN_PORT=8545 scripts/chain.sh start
  started_chain=true
fi
if ! scripts/keycloak.sh status >/dev/null 2>&1; then
  scripts/keycloak.sh start
  started_keycloak=true
fi

cat <<EOT

  GraphQL       http://127.0.0.1:8080/graphql   (UI: http://127.0.0.1:8080/q/graphql-ui)
  Keycloak      http://127.0.0.1:8180  realm "octo", users alice carol oscar conrad ada ivy nobody (password = name)
  A token:      scripts/keycloak.sh token alice alice
  Chain         http://127.0.0.1:8545 (Hardhat, chain id 31337; dev accounts funded with ETH)

EOT
if [[ "${1:-}" == "--jar" ]]; then
  ./mvnw -B -q package -DskipTests
  java -Xmx512m -jar target/quarkus-app/quarkus-run.jar
else
  ./mvnw -B quarkus:dev -Dquarkus.console.enabled=false
fi
